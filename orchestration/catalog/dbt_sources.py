"""The dbt sources YAML of every source, derived from its landing-table declarations.

dbt needs the YAML on disk, so it is generated into the committed
``models/staging/<source>/_<source>__sources.yml`` files: ``make generate`` (or
``python -m orchestration.catalog.dbt_sources``) writes them, ``--check`` lists the files
that differ from what the declarations give (a test runs it). Never edit those files.

Per source: its description (:class:`~orchestration.catalog.model.SourceDeclaration`),
the publisher and landing page of its catalog entry and
where dbt-duckdb reads the landed Parquet files; per table: its description, its Dagster
asset key and every column with its description.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from orchestration.catalog import DECLARATIONS
from orchestration.catalog.model import META_COLUMNS, SourceDeclaration, Table

PROJECT_DIR = Path(__file__).resolve().parents[2]
EXTERNAL_LOCATION = (
    "read_parquet('{{ env_var('IRONRIVER_DATA_DIR', 'data') }}/landing/{name}/*.parquet', "
    "union_by_name = true)"
)
WIDTH = 88


def sources_yml(project_dir: Path, source: str) -> Path:
    """Where dbt finds the sources YAML of ``source``."""
    return project_dir / "models" / "staging" / source / f"_{source}__sources.yml"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _folded(text: str, indent: int) -> list[str]:
    """A folded block scalar (``>``), wrapped at :data:`WIDTH`."""
    pad = " " * indent
    lines = textwrap.wrap(
        " ".join(text.split()), WIDTH - indent, break_long_words=False, break_on_hyphens=False
    )
    return [">", *(pad + line for line in lines)]


def _table(table: Table) -> list[str]:
    head, *rest = _folded(table.description, 10)
    lines = [f"      - name: {table.name}", f"        description: {head}", *rest]
    lines += [
        "        config:",
        "          meta:",
        "            dagster:",
        f'              asset_key: ["landing", "{table.name}"]',
        "        columns:",
    ]
    described = [(c.name, c.description) for c in table.columns]
    described += [(name, table.meta_description(name)) for name in META_COLUMNS]
    for name, description in described:
        lines += [f"          - name: {name}", f"            description: {_quoted(description)}"]
    return lines


def render(declaration: SourceDeclaration) -> str:
    """The sources YAML of one source."""
    source = declaration.entry
    module = f"orchestration/catalog/{declaration.name}.py"
    head, *rest = _folded(declaration.description, 6)
    lines = [
        f"# Generated from {module} by `make generate`: do not edit.",
        "version: 2",
        "",
        "sources:",
        f"  - name: {declaration.name}",
        f"    description: {head}",
        *rest,
        "    config:",
        "      # dbt-duckdb reads each table straight from its landed Parquet files; dbt renders",
        "      # env_var() when it parses this file, dbt-duckdb then fills {name} with the table.",
        f"      external_location: {_quoted(EXTERNAL_LOCATION)}",
        "      meta:",
        f"        publisher: {_quoted(source.publisher)}",
        f"        publisher_url: {_quoted(source.landing_page)}",
        "    tables:",
    ]
    for table in declaration.tables:
        lines += _table(table)
    return "\n".join(lines) + "\n"


def rendered(project_dir: Path) -> dict[Path, str]:
    """Every generated file and its text."""
    return {sources_yml(project_dir, d.name): render(d) for d in DECLARATIONS}


def stale(project_dir: Path) -> list[Path]:
    """The generated files whose committed text differs from the declarations'."""
    return [
        path
        for path, text in rendered(project_dir).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list the stale files")
    args = parser.parse_args(argv)
    if args.check:
        paths = stale(PROJECT_DIR)
        for path in paths:
            print(f"{path.relative_to(PROJECT_DIR)} is stale: run `make generate`")
        return 1 if paths else 0
    for path, text in rendered(PROJECT_DIR).items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
