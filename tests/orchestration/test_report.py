"""The report page: self-contained, every chart's figure embedded as JSON it can be read
back from, units and release vintages shown; a release missing from dim_source_release
fails the build."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import duckdb
import pytest

from orchestration.report import Chart, Release, ReportError, _releases, render_report
from orchestration.sources import CBP_DRUG_SEIZURES

RELEASE_KEY = "cbp_drug_seizures/nationwide-drugs-fy23-fy26-apr.csv@2026-05-31"


def _chart(y: list[float], title: str = "Fentanyl") -> Chart:
    return Chart(
        name="fentanyl_vs_deaths",
        title=title,
        question="Did seizures rise?",
        units="pounds (lb)",
        figure={"data": [{"type": "bar", "x": [2024, 2025], "y": y}], "layout": {}},
        releases=(RELEASE_KEY,),
        notes=("FY2026 is partial.",),
    )


def _page(chart: Chart) -> str:
    return render_report(
        [chart],
        {RELEASE_KEY: Release("cbp_drug_seizures", RELEASE_KEY.split("@")[0], "2026-05-31")},
        generated_at=datetime(2026, 6, 1, tzinfo=UTC),
        plotly_js="/* plotly.js */",
    )


def test_page_embeds_the_figure_units_and_vintages() -> None:
    page = _page(_chart([21889.2068, 12027.28]))
    [body] = re.findall(
        r'<script type="application/json" id="figure-fentanyl_vs_deaths">(.*?)</script>', page, re.S
    )
    assert json.loads(body)["data"][0]["y"] == [21889.2068, 12027.28]
    assert "<script>/* plotly.js */</script>" in page  # inlined, not loaded from a CDN
    assert "<script src=" not in page
    assert "<b>Units:</b> pounds (lb)" in page
    assert "nationwide-drugs-fy23-fy26-apr.csv (vintage 2026-05-31)" in page
    assert CBP_DRUG_SEIZURES.publisher in page
    assert "FY2026 is partial." in page
    # and inside the chart itself, for a chart copied out of the page
    [note] = [a["text"] for a in json.loads(body)["layout"]["annotations"]]
    assert "nationwide-drugs-fy23-fy26-apr.csv (2026-05-31)" in note
    assert CBP_DRUG_SEIZURES.publisher in note


def test_text_cannot_close_the_script_or_inject_markup() -> None:
    page = _page(_chart([1.0, 2.0], title="</script><b>x</b>"))
    assert "<b>x</b>" not in page
    [body] = re.findall(r'id="figure-fentanyl_vs_deaths">(.*?)</script>', page, re.S)
    assert json.loads(body)["data"][0]["y"] == [1.0, 2.0]


def test_non_finite_values_are_refused() -> None:
    with pytest.raises(ValueError):
        _page(_chart([float("nan"), 1.0]))


def test_releases_must_be_in_dim_source_release() -> None:
    with duckdb.connect() as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.dim_source_release as select "
            f"'{RELEASE_KEY}' as source_release_id, 'cbp_drug_seizures' as source, "
            f"'{RELEASE_KEY.split('@')[0]}' as file_name, date '2026-05-31' as vintage"
        )
        assert _releases(con, [RELEASE_KEY])[RELEASE_KEY].vintage == "2026-05-31"
        with pytest.raises(ReportError, match=r"no_such\.csv@2020-01-01"):
            _releases(con, [RELEASE_KEY, "no_such.csv@2020-01-01"])
