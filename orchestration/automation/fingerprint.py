"""What a published warehouse is made of: raw bytes and the code that shaped them.

Two builds with the same fingerprint are the same warehouse, so a run whose
fingerprint equals the served one has nothing to do.

The code is fingerprinted per dbt node, so that a change to one model rebuilds that model
and what depends on it, not everything. A node's fingerprint covers the files dbt reads for
it (its SQL or CSV, its YAML, the project macros it calls, the tests and unit tests on it,
the source YAML it reads), by content, as they are on disk now; the dbt manifest only tells
which files belong to which node. Everything else (the Python code, the GX suites, the dbt
project and profile, a file no node owns, the set of files itself) is shared: a change
there rebuilds everything.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orchestration.ingest.raw import ManifestRow

SHARED_INPUTS = ("dbt_project.yml", "profiles.yml", "expectations/expectations", "orchestration")
"""Project files whose change may affect any table."""
DBT_INPUTS = ("models", "seeds", "macros", "tests/dbt")
"""Project files dbt reads, each owned by the nodes that use it (or shared, if none does)."""
BUILT = {"model", "seed", "snapshot"}


def raw_fingerprint(rows: Iterable[ManifestRow]) -> str:
    digest = hashlib.sha256()
    for key in sorted(f"{r.source}/{r.file_name}@{r.vintage}:{r.sha256}" for r in rows):
        digest.update(key.encode())
    return digest.hexdigest()


def _file_digests(project_dir: Path, names: Iterable[str]) -> dict[str, str]:
    """sha256 of every file under ``names``, by path relative to the project."""
    digests: dict[str, str] = {}
    for name in names:
        root = project_dir / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" not in path.parts:
                relative = str(path.relative_to(project_dir))
                digests[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _node_files(manifest: Mapping[str, Any]) -> dict[str, set[str]]:
    """The project files each built dbt node (by asset key, ``schema/name``) is made from."""
    project = manifest["metadata"]["project_name"]

    def own(entry: Mapping[str, Any]) -> bool:
        return entry.get("package_name") == project

    def patch(entry: Mapping[str, Any]) -> set[str]:
        path = entry.get("patch_path") or ""
        return {path.split("://", 1)[-1]} if path else set()

    macros = {key: m for key, m in manifest["macros"].items() if own(m)}

    def macro_files(keys: Iterable[str]) -> set[str]:
        files: set[str] = set()
        todo, seen = list(keys), set()
        while todo:
            key = todo.pop()
            if key in seen or key not in macros:
                continue
            seen.add(key)
            files.add(macros[key]["original_file_path"])
            todo.extend(macros[key]["depends_on"]["macros"])
        return files

    sources = {key: s["original_file_path"] for key, s in manifest["sources"].items() if own(s)}
    key_of = {
        key: f"{n['schema']}/{n['name']}"
        for key, n in manifest["nodes"].items()
        if n["resource_type"] in BUILT and own(n)
    }
    files: dict[str, set[str]] = {asset: set() for asset in key_of.values()}
    for key, node in manifest["nodes"].items():
        if not own(node):
            continue
        used = {node["original_file_path"], *patch(node)}
        used |= macro_files(node["depends_on"]["macros"])
        upstream = node["depends_on"].get("nodes", [])
        used |= {sources[u] for u in upstream if u in sources}
        if key in key_of:
            files[key_of[key]] |= used
        elif node["resource_type"] == "test":  # its result is part of each node it tests
            for tested in upstream:
                if tested in key_of:
                    files[key_of[tested]] |= used
    for unit in manifest.get("unit_tests", {}).values():
        for tested in unit["depends_on"].get("nodes", []):
            if tested in key_of:
                files[key_of[tested]] |= {unit["original_file_path"]}
    return files


@dataclass(frozen=True)
class CodeInputs:
    shared: str
    nodes: dict[str, str] = field(default_factory=dict)
    """Per built dbt node (asset key ``schema/name``): the digest of the files it is made of."""

    @property
    def total(self) -> str:
        return _digest([self.shared, *(f"{k}:{v}" for k, v in sorted(self.nodes.items()))])


def code_inputs(project_dir: Path, manifest_path: Path | None = None) -> CodeInputs:
    """The project code, per dbt node where the dbt manifest tells which files a node uses
    (without one, all of it is shared)."""
    shared = _file_digests(project_dir, SHARED_INPUTS)
    dbt_files = _file_digests(project_dir, DBT_INPUTS)
    if manifest_path is None or not manifest_path.exists():
        return CodeInputs(
            shared=_digest(f"{p}:{d}" for p, d in sorted({**shared, **dbt_files}.items()))
        )
    owned = _node_files(json.loads(manifest_path.read_text()))
    attributed = set().union(*owned.values()) if owned else set()
    unowned = {p: d for p, d in dbt_files.items() if p not in attributed}
    shared_parts = [
        *(f"{p}:{d}" for p, d in sorted({**shared, **unowned}.items())),
        *sorted(dbt_files),  # a file added or removed changes the whole
    ]
    nodes = {
        asset: _digest(f"{p}:{dbt_files.get(p, 'missing')}" for p in sorted(paths))
        for asset, paths in owned.items()
    }
    return CodeInputs(shared=_digest(shared_parts), nodes=nodes)


@dataclass(frozen=True)
class Changes:
    sources: list[str]
    """Sources whose raw bytes changed."""
    nodes: list[str]
    """dbt nodes (``schema/name``) whose code changed."""


@dataclass(frozen=True)
class BuildInputs:
    """The code and the raw bytes of every source a build is made from."""

    code: str
    sources: dict[str, str]
    shared: str = ""
    """The part of the code any table may depend on (see :class:`CodeInputs`)."""
    nodes: dict[str, str] = field(default_factory=dict)
    """The code per dbt node."""

    @property
    def fingerprint(self) -> str:
        parts = [self.code, *(f"{name}:{fp}" for name, fp in sorted(self.sources.items()))]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]

    def changes(
        self,
        code: str,
        sources: Mapping[str, str],
        shared: str = "",
        nodes: Mapping[str, str] | None = None,
    ) -> Changes | None:
        """What differs from an earlier build's inputs; None when everything must be
        rebuilt (shared code changed, or a node was removed, or it cannot be told)."""
        changed_sources = sorted(n for n, fp in self.sources.items() if sources.get(n) != fp)
        if code == self.code:
            return Changes(changed_sources, [])
        nodes = nodes or {}
        if not shared or shared != self.shared or not nodes or set(nodes) - set(self.nodes):
            return None
        changed_nodes = sorted(k for k, fp in self.nodes.items() if nodes.get(k) != fp)
        return Changes(changed_sources, changed_nodes)


def build_inputs(
    rows_by_source: dict[str, Iterable[ManifestRow]],
    project_dir: Path,
    manifest_path: Path | None = None,
) -> BuildInputs:
    code = code_inputs(project_dir, manifest_path)
    return BuildInputs(
        code=code.total,
        sources={name: raw_fingerprint(rows) for name, rows in rows_by_source.items()},
        shared=code.shared,
        nodes=code.nodes,
    )
