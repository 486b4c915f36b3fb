"""CPU time of `soap_adapter.contract.load` per contract, beside two baselines in the same run.

Baselines: parsing every file the contract reads with lxml and nothing else (the floor any reader
pays), and zeep's `Document` (the WSDL reader the contract tests' clients use), given the same
local copies of the well-known schemas so that it never goes to the network. Each number is the
best of `--rounds` back-to-back loads, in CPU milliseconds (`time.process_time`).

    .venv/bin/python bench/contract_load.py [--rounds 15] [--write BENCHMARKS.md]

`--write` puts the table between the markers `<!-- bench/contract_load.py -->` and
`<!-- /bench/contract_load.py -->` of the file.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time
from collections.abc import Callable

from lxml import etree

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from soap_adapter.contract import load  # noqa: E402
from soap_adapter.contract._documents import WELL_KNOWN  # noqa: E402

CORPUS = ROOT / "tests" / "contract_model" / "corpus"
CONTRACTS = [
    ROOT / "wsdl" / "2011-03" / "OrderService.wsdl",
    ROOT / "wsdl" / "2026-12" / "OrderService.wsdl",
    CORPUS / "02-noaa-ndfdxml" / "ndfdXML.wsdl",
    CORPUS / "03-dneonline-calculator" / "calculator.wsdl",
    CORPUS / "04-oorsprong-countryinfo" / "CountryInfoService.wsdl",
    CORPUS / "10-salesforce-partner" / "partner.wsdl",
    CORPUS / "14-atlassian-jira-axis1" / "jirasoapservice-v2.wsdl",
    CORPUS / "16-wcf-svcutil-wsdlimport" / "Service1.wsdl",
    CORPUS / "17-jaxws-chrome-description" / "chromedata.wsdl",
    CORPUS / "21-cybersource-transaction" / "CyberSourceTransaction_1.26.wsdl",
    CORPUS / "23-ihe-xdsb-nhin-docretrieve" / "wsdl" / "NhinDocRetrieve.wsdl",
    CORPUS / "24-aeat-sii-factemitidas" / "SuministroFactEmitidas.wsdl",
]
BEGIN, END = "<!-- bench/contract_load.py -->", "<!-- /bench/contract_load.py -->"


def _best(action: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best * 1000


def _zeep(wsdl: pathlib.Path) -> Callable[[], object] | None:
    try:
        import zeep
        import zeep.transports
    except ImportError:
        return None

    known = {
        "http://schemas.xmlsoap.org/soap/encoding/": WELL_KNOWN[
            "http://schemas.xmlsoap.org/soap/encoding/"
        ],
        "https://www.w3.org/2001/xml.xsd": WELL_KNOWN["http://www.w3.org/XML/1998/namespace"],
        "http://www.w3.org/2001/xml.xsd": WELL_KNOWN["http://www.w3.org/XML/1998/namespace"],
    }

    class LocalCopies(zeep.transports.Transport):
        def load(self, url: str) -> bytes:
            if url in known:
                return known[url].read_bytes()
            return bytes(super().load(url))

    def run() -> object:
        return zeep.wsdl.Document(str(wsdl), LocalCopies(cache=None))  # type: ignore[arg-type]

    try:
        run()
    except Exception:  # zeep cannot read it: reported as such
        return None
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--write", type=pathlib.Path)
    args = parser.parse_args()

    rows = [
        "| contract | files | ops | load() ms | lxml parse only ms | ratio | zeep Document ms | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for wsdl in CONTRACTS:
        contract = load(wsdl)
        files = [pathlib.Path(d.url) for d in contract.documents.values()]
        ours = _best(lambda wsdl=wsdl: load(wsdl), args.rounds)  # type: ignore[misc]
        floor = _best(lambda files=files: [etree.parse(str(f)) for f in files], args.rounds)  # type: ignore[misc]
        zeep_run = _zeep(wsdl)
        zeep_ms = _best(zeep_run, max(3, args.rounds // 3)) if zeep_run else None
        operations = sum(len(p.operations) for p in contract.port_types.values())
        name = wsdl.relative_to(ROOT).as_posix().replace("tests/contract_model/corpus/", "")
        rows.append(
            f"| {name} | {len(files)} | {operations} | {ours:.1f} | {floor:.1f} | "
            f"{ours / floor:.1f}x | "
            + (f"{zeep_ms:.1f} | {ours / zeep_ms:.2f}x |" if zeep_ms else "fails | - |")
        )
    table = "\n".join(rows)
    print(table)
    if args.write:
        text = args.write.read_text() if args.write.exists() else ""
        section = f"{BEGIN}\n{table}\n{END}"
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            text = head + section + rest.split(END, 1)[1]
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        args.write.write_text(text)


if __name__ == "__main__":
    main()
