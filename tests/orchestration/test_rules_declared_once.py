"""One quality layer per stage, and no rule declared twice.

Great Expectations gates what publishers send (the landing suites); dbt guards what the
project computes (contracts and data tests). A rule on a column lives in one place:

* not twice in dbt: a data test repeating an enforced contract constraint (``not_null``,
  ``unique``), the same rule twice on one column (two tests, or a test and the model's
  ``column_guards``);
* no per-column ``not_null``/``non_negative`` test: each model has one ``column_guards``
  test (tests/dbt/generic/column_guards.sql) listing them;
* no dbt test on a staging model (or a source) re-checking what the landing GX suite of the
  same landed column already checks;
* no mart GX suite beyond the newest-month checks (suite parameters): every other mart rule
  is dbt's.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from orchestration.transform.project import ensure_manifest, ironriver_dbt_project

REPO = Path(__file__).resolve().parents[2]
SUITES = REPO / "expectations" / "expectations"

FOLDED = {"not_null", "non_negative"}
"""Column rules only the model-level ``column_guards`` test may declare."""

CONSTRAINT_RULES = {
    "not_null": {"not_null"},
    "primary_key": {"not_null", "unique"},
    "unique": {"unique"},
}
"""What an enforced contract constraint guarantees (DuckDB enforces all of them)."""

GX_SAME_RULE = {
    "not_null": {"expect_column_values_to_not_be_null"},
    "unique": {"expect_column_values_to_be_unique"},
    "accepted_values": {"expect_column_values_to_be_in_set"},
    "non_negative": {"expect_column_values_to_be_between"},
}
"""A dbt rule and the GX expectation types that check the same on the same column."""

Rule = tuple[str, str, str]  # (node, column, rule)


def _guard_rules(kwargs: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for rule in ("not_null", "non_negative"):
        for column in kwargs.get(rule, []):
            yield column, rule
    for rule in ("accepted_values", "matches", "not_matches"):
        for column in kwargs.get(rule, {}):
            yield column, rule
    for column, (low, high) in kwargs.get("between", {}).items():
        yield (
            column,
            f"between {low} and {high}",
        )  # a lower and an upper bound may differ in severity


def declared_rules(manifest: dict[str, Any]) -> dict[Rule, list[str]]:
    """Every column rule dbt declares, with where: a constraint or a test's unique id."""
    where: dict[Rule, list[str]] = defaultdict(list)
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or not node["config"]["contract"]["enforced"]:
            continue
        for column in node["columns"].values():
            guaranteed = set().union(
                *(CONSTRAINT_RULES.get(c["type"], set()) for c in column.get("constraints", []))
            )
            for rule in sorted(guaranteed):
                where[(node["unique_id"], column["name"], rule)].append("contract constraint")
    for node in manifest["nodes"].values():
        meta = node.get("test_metadata")
        if node["resource_type"] != "test" or not meta:
            continue
        attached, kwargs = node["attached_node"], meta["kwargs"]
        if meta["name"] == "column_guards":
            for column, rule in _guard_rules(kwargs):
                where[(attached, column, rule)].append(node["unique_id"])
        elif meta["name"] == "unique_combination" and len(kwargs["column_names"]) == 1:
            where[(attached, kwargs["column_names"][0], "unique")].append(node["unique_id"])
        elif node.get("column_name"):
            where[(attached, node["column_name"], meta["name"])].append(node["unique_id"])
    return where


def landing_expectations(suites_dir: Path, table: str) -> dict[str, set[str]]:
    """column -> the expectation types of the landing suite of ``table`` on it."""
    path = suites_dir / f"landing__{table}.json"
    found: dict[str, set[str]] = defaultdict(set)
    if path.is_file():
        for e in json.loads(path.read_text())["expectations"]:
            kwargs = e["kwargs"]
            if e["type"] == "expect_column_values_to_be_between" and kwargs.get("min_value") != 0:
                continue  # only a lower bound of 0 is non_negative
            if "column" in kwargs:
                found[kwargs["column"]].add(e["type"])
    return found


def _landing_tables(manifest: dict[str, Any], node_id: str) -> list[str]:
    """The landing tables a staging model reads (its sources), or a source's own table."""
    if node_id.startswith("source."):
        sources = [node_id]
    else:
        node = manifest["nodes"][node_id]
        if "staging" not in node["fqn"]:
            return []
        sources = [d for d in node["depends_on"]["nodes"] if d.startswith("source.")]
    tables = []
    for source_id in sources:
        key = manifest["sources"][source_id]["config"]["meta"].get("dagster", {}).get("asset_key")
        if key and key[0] == "landing":
            tables.append(key[-1])
    return tables


def findings(manifest: dict[str, Any], suites_dir: Path) -> list[str]:
    """Every rule declared in two places, and every per-column test the guard should hold."""
    problems: list[str] = []
    rules = declared_rules(manifest)
    for (node, column, rule), places in sorted(rules.items()):
        if len(places) > 1:
            problems.append(f"{node}.{column}: {rule} declared {len(places)} times: {places}")
    for node in manifest["nodes"].values():
        meta = node.get("test_metadata")
        if node["resource_type"] == "test" and meta and meta["name"] in FOLDED:
            problems.append(
                f"{node['unique_id']}: a per-column {meta['name']} test outside the model's "
                "column_guards test"
            )
    for node, column, rule in sorted(rules):
        for table in _landing_tables(manifest, node):
            gx = landing_expectations(suites_dir, table)[column] & GX_SAME_RULE.get(rule, set())
            if gx:
                problems.append(
                    f"{node}.{column}: {rule} repeats the landing suite landing__{table} "
                    f"({', '.join(sorted(gx))}): GX gates what publishers send"
                )
    for path in sorted(suites_dir.glob("marts__*.json")):
        for e in json.loads(path.read_text())["expectations"]:
            parameters = [
                v for v in e["kwargs"].values() if isinstance(v, dict) and "$PARAMETER" in v
            ]
            if not parameters:
                problems.append(
                    f"{path.name}: {e['type']}({e['kwargs'].get('column', '')}) is a mart rule "
                    "for dbt, not a GX suite (only the newest-month checks stay in GX)"
                )
    return problems


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return json.loads(ensure_manifest(ironriver_dbt_project()).read_text())


def test_no_rule_is_declared_twice(manifest: dict[str, Any]) -> None:
    assert findings(manifest, SUITES) == []


def test_every_model_with_column_rules_has_one_guard(manifest: dict[str, Any]) -> None:
    guards: dict[str, list[str]] = defaultdict(list)
    for node in manifest["nodes"].values():
        meta = node.get("test_metadata")
        if node["resource_type"] == "test" and meta and meta["name"] == "column_guards":
            severity = node["config"]["severity"].lower()
            guards[f"{node['attached_node']} ({severity})"].append(node["unique_id"])
    assert guards  # the guards exist: the marts at least
    assert {name: ids for name, ids in guards.items() if len(ids) > 1} == {}


# ------------------------------------------------------------ the check itself catches each case


def _model(name: str, fqn: list[str], columns: dict[str, list[str]], sources=()) -> dict:
    return {
        "unique_id": f"model.p.{name}",
        "resource_type": "model",
        "name": name,
        "fqn": fqn,
        "config": {"contract": {"enforced": True}},
        "depends_on": {"nodes": list(sources)},
        "columns": {
            c: {"name": c, "constraints": [{"type": t} for t in types]}
            for c, types in columns.items()
        },
    }


def _test(name: str, model: str, column: str | None, **kwargs: Any) -> dict:
    return {
        "unique_id": f"test.p.{name}_{model}_{column}_{len(kwargs)}",
        "resource_type": "test",
        "attached_node": f"model.p.{model}",
        "column_name": column,
        "config": {"severity": "ERROR"},
        "test_metadata": {"name": name, "kwargs": {"column_name": column, **kwargs}},
    }


def test_each_kind_of_repeat_is_caught(tmp_path: Path) -> None:
    (tmp_path / "landing__t.json").write_text(
        json.dumps(
            {
                "expectations": [
                    {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "kind"}},
                ]
            }
        )
    )
    (tmp_path / "marts__m.json").write_text(
        json.dumps(
            {
                "expectations": [
                    {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "a"}},
                    {
                        "type": "expect_column_max_to_be_between",
                        "kwargs": {"column": "a", "min_value": {"$PARAMETER": "x"}},
                    },
                ]
            }
        )
    )
    tests = [
        _test("not_null", "m", "a"),  # repeats the contract's not_null
        _test("accepted_values", "m", "b", values=[1]),
        _test("accepted_values", "m", "b", values=[1], quote=False),  # the same rule twice
        _test("non_negative", "m", "c"),  # outside the guard
        _test("column_guards", "m", None, not_null=["d"], non_negative=["c"]),
        _test("accepted_values", "stg", "kind", values=["x"]),  # landing GX checks it
    ]
    manifest = {
        "nodes": {
            "model.p.m": _model("m", ["p", "marts", "m"], {"a": ["not_null"], "b": [], "c": []}),
            "model.p.stg": _model("stg", ["p", "staging", "stg"], {"kind": []}, ["source.p.s.t"]),
            **{t["unique_id"]: t for t in tests},
        },
        "sources": {
            "source.p.s.t": {"config": {"meta": {"dagster": {"asset_key": ["landing", "t"]}}}}
        },
    }
    found = findings(manifest, tmp_path)
    joined = "\n".join(found)
    assert (
        "model.p.m.a: not_null declared 2 times: ['contract constraint', 'test.p.not_null" in joined
    )
    assert "model.p.m.b: accepted_values declared 2 times" in joined
    assert "model.p.m.c: non_negative declared 2 times" in joined
    assert "a per-column non_negative test outside the model's column_guards" in joined
    assert "a per-column not_null test outside" in joined
    assert "model.p.stg.kind: accepted_values repeats the landing suite landing__t" in joined
    assert "marts__m.json: expect_column_values_to_not_be_null(a) is a mart rule" in joined
    assert "expect_column_max_to_be_between" not in joined  # the newest-month check may stay
    assert len(found) == 7, found
