"""The code fingerprint per dbt node (orchestration/automation/fingerprint.py), on a copy of
the project with the repository's dbt manifest: an edited model changes that model's fingerprint
only; an edited macro the models that call it; Python code, or a file no node owns, everything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from orchestration.automation.fingerprint import SHARED_INPUTS, BuildInputs, CodeInputs, code_inputs
from orchestration.transform.project import ensure_manifest, ironriver_dbt_project

REPO = Path(__file__).resolve().parents[2]
DBT_FILES = ("models", "seeds", "macros", "tests/dbt")


@pytest.fixture(scope="module")
def manifest() -> Path:
    return ensure_manifest(ironriver_dbt_project())


@pytest.fixture
def project(tmp_path) -> Path:
    copy = tmp_path / "project"
    for name in (*SHARED_INPUTS, *DBT_FILES):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    return copy


def _changes(before: CodeInputs, after: CodeInputs):
    def inputs(code: CodeInputs) -> BuildInputs:
        return BuildInputs(code.total, {}, code.shared, code.nodes)

    old = inputs(before)
    return inputs(after).changes(old.code, {}, old.shared, old.nodes)


def test_the_copy_fingerprints_as_the_repository(project, manifest):
    assert code_inputs(project, manifest) == code_inputs(REPO, manifest)
    assert "marts/fct_overdose_deaths" in code_inputs(project, manifest).nodes


def test_edited_model_changes_that_model_only(project, manifest):
    before = code_inputs(project, manifest)
    sql = project / "models" / "marts" / "core" / "fct_overdose_deaths.sql"
    sql.write_text(sql.read_text() + "\n-- edited\n")
    after = code_inputs(project, manifest)
    assert after.shared == before.shared
    assert after.total != before.total
    changes = _changes(before, after)
    assert changes is not None
    assert changes.nodes == ["marts/fct_overdose_deaths"]


def test_edited_macro_changes_the_models_that_call_it(project, manifest):
    before = code_inputs(project, manifest)
    macro = project / "macros" / "cbp_drug_seizure_rows.sql"
    macro.write_text(macro.read_text() + "\n{# edited #}\n")
    changes = _changes(before, code_inputs(project, manifest))
    assert changes is not None
    assert {
        "staging/stg_cbp_drug_seizures__amo",
        "staging/stg_cbp_drug_seizures__nationwide",
    } <= set(changes.nodes)
    assert "marts/fct_overdose_deaths" not in changes.nodes


@pytest.mark.parametrize(
    "edit",
    ["orchestration/automation/plan.py", "dbt_project.yml", "models/marts/core/new_model.sql"],
)
def test_python_project_settings_or_a_new_file_rebuild_everything(project, manifest, edit):
    before = code_inputs(project, manifest)
    path = project / edit
    path.write_text((path.read_text() if path.exists() else "select 1 as x") + "\n# edited\n")
    after = code_inputs(project, manifest)
    assert after.shared != before.shared
    assert _changes(before, after) is None


def test_without_a_manifest_all_code_is_shared(project, manifest):
    code = code_inputs(project, None)
    assert code.nodes == {}
    assert code.shared != code_inputs(project, manifest).shared
