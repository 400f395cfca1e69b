"""``make lock``: resolve ``.[dev]`` afresh and write ``requirements.lock``.

pip resolves the project's dependencies (with the ``dev`` extra) as if nothing were
installed (``--dry-run --ignore-installed``) and reports what it would install: every
package's exact version and the sha256 of the file it chose. ``make install`` installs
exactly these (pip's hash-checking mode), then the project itself without resolving again.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOCK = PROJECT_DIR / "requirements.lock"
HEADER = """\
# Exact versions of everything `make install` puts in .venv: the project's dependencies and
# its dev extra, for CPython {python} on Linux x86_64. Written by `make lock`
# (tools/lock.py) from pyproject.toml; do not edit by hand.
"""


def resolve() -> list[dict]:
    """What pip would install for ``.[dev]`` into an empty environment."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--dry-run",
                "--ignore-installed",
                "--report",
                str(report),
                "-e",
                ".[dev]",
            ],
            cwd=PROJECT_DIR,
            check=True,
        )
        return json.loads(report.read_text())["install"]


def lock_lines(install: list[dict]) -> list[str]:
    pinned: dict[str, str] = {}
    for item in install:
        info = item["download_info"]
        if info.get("dir_info", {}).get("editable"):
            continue  # the project itself: installed with --no-deps after the lock
        name = re.sub(r"[-_.]+", "-", item["metadata"]["name"]).lower()  # PEP 503
        sha256 = info["archive_info"]["hashes"]["sha256"]
        pinned[name] = f"{name}=={item['metadata']['version']} \\\n    --hash=sha256:{sha256}"
    return [pinned[name] for name in sorted(pinned)]


def main() -> None:
    python = ".".join(map(str, sys.version_info[:2]))
    LOCK.write_text(HEADER.format(python=python) + "\n".join(lock_lines(resolve())) + "\n")
    print(f"wrote {LOCK.relative_to(PROJECT_DIR)}")


if __name__ == "__main__":
    main()
