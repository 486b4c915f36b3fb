"""Axis 1.4 for the client tests: its jars from Debian's packages, unpacked into a cache folder.

Maven Central is not reachable from these machines; Debian's `libaxis-java` is Axis 1.4 (with
Debian's security patches) and the packages beside it carry what Axis 1.4 needs (wsdl4j, commons
discovery and logging, JavaMail, activation). `apt-get download` fetches them without installing
anything (as root it first refreshes the package lists when they do not know the packages yet);
`dpkg-deb -x` unpacks them under AXIS_CACHE (default `.cache/axis-1.4` in the repository)."""

from __future__ import annotations

import fcntl
import os
import pathlib
import shutil
import subprocess

from tests.system import ROOT

CACHE = pathlib.Path(os.environ.get("AXIS_CACHE", ROOT / ".cache" / "axis-1.4"))
PACKAGES = (
    "libaxis-java",
    "libwsdl4j-java",
    "libcommons-discovery-java",
    "libcommons-logging-java",
    "libmail-java",
    "libactivation-java",
)
JARS = (
    "axis-1.4.jar",
    "axis-jaxrpc-1.4.jar",
    "axis-saaj-1.4.jar",
    "wsdl4j-[0-9]*.jar",
    "commons-discovery-[0-9]*.jar",
    "commons-logging-[0-9]*.jar",
    "javax.mail.jar",
    "javax.activation.jar",
)


def _jars() -> list[pathlib.Path] | None:
    java = CACHE / "root" / "usr" / "share" / "java"
    found = [sorted(java.glob(pattern)) for pattern in JARS]
    return [matches[-1] for matches in found] if all(found) else None


def _download() -> None:
    debs = CACHE / "debs"
    shutil.rmtree(debs, ignore_errors=True)
    debs.mkdir(parents=True)
    command = ["apt-get", "download", *PACKAGES]
    done = subprocess.run(command, cwd=debs, capture_output=True, text=True, timeout=600)
    if done.returncode != 0 and os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, timeout=600, check=False)
        done = subprocess.run(command, cwd=debs, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(
            f"could not fetch Axis 1.4 from Debian's packages ({' '.join(command)}):\n"
            f"{done.stderr[-2000:]}\n(as root, `apt-get update` first; AXIS_CACHE names the folder)"
        )
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(CACHE / "root")], check=True, timeout=120)


def classpath() -> str:
    """The jars of Axis 1.4 and its dependencies, fetched into the cache the first time."""
    for tool in ("java", "javac"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"the Axis client test needs a JDK: `{tool}` is not on PATH")
    CACHE.mkdir(parents=True, exist_ok=True)
    # CI runs the suite on two interpreters at once: one of them fetches, the other waits for it.
    with (CACHE / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        jars = _jars()
        if jars is None:
            _download()
            jars = _jars()
    if jars is None:
        raise RuntimeError(f"Axis 1.4 jars missing under {CACHE} after the download: {JARS}")
    return os.pathsep.join(str(jar) for jar in jars)
