"""What a published warehouse is made of: raw bytes and the code that shaped them.

Two builds with the same fingerprint are the same warehouse, so a run whose
fingerprint equals the served one has nothing to do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from orchestration.ingest.raw import ManifestRow

# Project files whose content shapes the warehouse.
CODE_INPUTS = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "seeds",
    "macros",
    "tests/dbt",
    "expectations/expectations",
    "orchestration",
)


def raw_fingerprint(rows: Iterable[ManifestRow]) -> str:
    digest = hashlib.sha256()
    for key in sorted(f"{r.source}/{r.file_name}@{r.vintage}:{r.sha256}" for r in rows):
        digest.update(key.encode())
    return digest.hexdigest()


def code_fingerprint(project_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in CODE_INPUTS:
        root = project_dir / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(project_dir)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class BuildInputs:
    """The code and the raw bytes of every source a build is made from."""

    code: str
    sources: dict[str, str]

    @property
    def fingerprint(self) -> str:
        parts = [self.code, *(f"{name}:{fp}" for name, fp in sorted(self.sources.items()))]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]

    def changed_sources(self, code: str, sources: dict[str, str]) -> list[str] | None:
        """Sources whose raw bytes differ from an earlier build's; None if the code differs
        (then everything must be rebuilt)."""
        if code != self.code:
            return None
        return sorted(name for name, fp in self.sources.items() if sources.get(name) != fp)


def build_inputs(
    rows_by_source: dict[str, Iterable[ManifestRow]], project_dir: Path
) -> BuildInputs:
    return BuildInputs(
        code=code_fingerprint(project_dir),
        sources={name: raw_fingerprint(rows) for name, rows in rows_by_source.items()},
    )
