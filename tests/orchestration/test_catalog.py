"""The landing-table declarations (orchestration/catalog/) and what is derived from them:
layouts, the generated GX suites and the committed dbt sources YAML."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from orchestration.catalog import DECLARATIONS, LAYOUTS, TABLES
from orchestration.catalog.dbt_sources import render, sources_yml, stale
from orchestration.catalog.model import META_COLUMNS, Field, Layout, Table
from orchestration.catalog.registry import CATALOG
from orchestration.landing.layouts import layout_for
from orchestration.quality.gx_suites import read_suite_json
from orchestration.quality.landing_suites import canonical, suite_digest, suite_json

PROJECT = Path(__file__).parents[2]


def test_every_source_and_landing_table_is_declared_once() -> None:
    assert [d.name for d in DECLARATIONS] == [s.name for s in CATALOG]
    for source, declaration in zip(CATALOG, DECLARATIONS, strict=True):
        assert [t.name for t in declaration.tables] == list(source.tables), source.name
    names = [t.name for d in DECLARATIONS for t in d.tables]
    assert len(names) == len(set(names)) == len(TABLES)


def test_every_release_names_a_declared_layout_of_its_table() -> None:
    for source in CATALOG:
        for release in source.releases:
            layout = layout_for(release.table, release.layout)
            assert layout.declaration is TABLES[release.table]
    with pytest.raises(KeyError, match="no layout 'nope' declared"):
        layout_for("cbp_drug_seizures__nationwide", "nope")


def test_a_layout_lands_every_declared_column_typed_as_declared() -> None:
    for (table, name), layout in LAYOUTS.items():
        declared = TABLES[table]
        assert [c.name for c in layout.columns] == list(declared.column_names), name
        for column in layout.columns:
            field = declared.column(column.name)
            assert column.type == field.type
            assert column.non_negative == field.non_negative
            if field.not_null and column.source is not None:
                assert column.not_null, (table, name, column.name)


def test_a_layout_mapping_an_undeclared_column_is_refused() -> None:
    table = Table(
        name="demo__t",
        description="demo",
        columns=(Field("n", "integer", "a count"),),
        files=r"^demo/[^/]+\.csv$",
        rows=(1, 10),
    )
    with pytest.raises(ValueError, match="maps undeclared column\\(s\\) 'm'"):
        Layout("official", table, headers={"m": "M"})


def test_generated_suite_follows_the_declaration() -> None:
    table = TABLES["cbp_drug_seizures__nationwide"]
    data = suite_json("landing__cbp_drug_seizures__nationwide")
    assert data is not None
    by_type: dict[str, list[dict]] = {}
    for item in data["expectations"]:
        by_type.setdefault(item["type"], []).append(item["kwargs"])
    [columns] = by_type["expect_table_columns_to_match_set"]
    assert columns["column_set"] == [*table.column_names, *META_COLUMNS]
    not_null = {k["column"] for k in by_type["expect_column_values_to_not_be_null"]}
    assert not_null == {c.name for c in table.columns if c.not_null} | set(META_COLUMNS)
    minimum_zero = {
        k["column"]
        for k in by_type["expect_column_values_to_be_between"]
        if k.get("min_value") == 0 and "max_value" not in k
    }
    assert minimum_zero == {"event_count", "quantity_lbs"}
    keys = [k["column_list"] for k in by_type["expect_compound_columns_to_be_unique"]]
    assert keys == [["_source_file", "_source_row"], *(list(k.columns) for k in table.keys)]
    assert suite_json("landing__no_such_table") is None
    assert suite_json("marts__fct_drug_seizures") is None


def test_the_suite_digest_is_the_generated_suites_canonical_json() -> None:
    name = "landing__cdc_vsrr__overdose_deaths"
    data = read_suite_json(PROJECT / "expectations", name)
    assert suite_digest(name) == hashlib.sha256(canonical(data).encode()).hexdigest()
    assert suite_digest(name) != suite_digest("landing__cbp_drug_seizures__nationwide")


def test_committed_dbt_sources_yaml_is_what_the_declarations_give() -> None:
    stale_files = [str(p.relative_to(PROJECT)) for p in stale(PROJECT)]
    assert not stale_files, (
        f"{', '.join(stale_files)} differ from what orchestration/catalog/ declares: "
        "run `make generate` (never edit these files by hand)"
    )


def test_dbt_sources_yaml_carries_descriptions_asset_keys_and_publisher() -> None:
    for declaration in DECLARATIONS:
        text = render(declaration)
        source = declaration.entry
        assert text.startswith(f"# Generated from orchestration/catalog/{declaration.name}.py")
        [entry] = yaml.safe_load(text)["sources"]
        assert entry["config"]["meta"] == {
            "publisher": source.publisher,
            "publisher_url": source.landing_page,
        }
        assert "landing/{name}/*.parquet" in entry["config"]["external_location"]
        for table, spec in zip(declaration.tables, entry["tables"], strict=True):
            assert spec["config"]["meta"]["dagster"]["asset_key"] == ["landing", table.name]
            assert [c["name"] for c in spec["columns"]] == [*table.column_names, *META_COLUMNS]
            assert all(c["description"].strip() for c in spec["columns"])
        assert sources_yml(PROJECT, declaration.name).is_file()


def test_the_check_mode_names_a_stale_file(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "orchestration.catalog.dbt_sources", "--check"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    # a hand edit makes the file stale
    declaration = DECLARATIONS[0]
    copy = tmp_path / "models" / "staging" / declaration.name
    copy.mkdir(parents=True)
    (copy / f"_{declaration.name}__sources.yml").write_text("version: 2\n")
    assert sources_yml(tmp_path, declaration.name) in stale(tmp_path)
