"""Captured exchanges on disk: `exchange.json` and the request/response files of its steps."""

from __future__ import annotations

import dataclasses
import json
import pathlib
from collections.abc import Iterable


class ExchangeFormatError(ValueError):
    """A folder given as exchanges holds none, or an `exchange.json` that cannot be read."""


@dataclasses.dataclass(frozen=True)
class Step:
    """One request/response pair of an exchange, as `exchange.json` lists it."""

    number: int
    request: pathlib.Path
    response: pathlib.Path
    soap: str  # "1.1" or "1.2"
    action: str
    status: int
    path: str | None = None  # posted to this path on the URL's scheme://host:port


@dataclasses.dataclass(frozen=True)
class Exchange:
    """A captured exchange: steps run in order from the seed state."""

    directory: pathlib.Path
    title: str
    steps: tuple[Step, ...]
    suite: str  # the folder the exchange was found in, as given

    @property
    def name(self) -> str:
        return self.directory.name


def load_exchange(directory: pathlib.Path, suite: str | None = None) -> Exchange:
    """Read one exchange folder."""
    try:
        meta = json.loads((directory / "exchange.json").read_text(encoding="utf-8"))
        steps = tuple(
            Step(
                number=number,
                request=directory / step["request"],
                response=directory / step["response"],
                soap=str(step["soap"]),
                action=str(step["action"]),
                status=int(step["status"]),
                path=step.get("path"),
            )
            for number, step in enumerate(meta["steps"], 1)
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ExchangeFormatError(f"{directory / 'exchange.json'}: {exc!r}") from exc
    for step in steps:
        if step.soap not in ("1.1", "1.2"):
            raise ExchangeFormatError(f"{directory}: step {step.number}: soap {step.soap!r}")
    return Exchange(directory, str(meta.get("title", directory.name)), steps, suite or "")


def find_exchanges(folders: Iterable[pathlib.Path | str]) -> list[Exchange]:
    """The exchanges of each folder (a folder of exchanges, or one exchange), sorted by name."""
    found: list[Exchange] = []
    for folder in folders:
        base = pathlib.Path(folder)
        if (base / "exchange.json").is_file():
            found.append(load_exchange(base, str(base.parent)))
            continue
        if not base.is_dir():
            raise ExchangeFormatError(f"{base}: no such folder")
        cases = sorted(p.parent for p in base.glob("*/exchange.json"))
        if not cases:
            raise ExchangeFormatError(f"{base}: no exchanges (no */exchange.json)")
        found.extend(load_exchange(case, str(folder)) for case in cases)
    return found
