"""The report page: self-contained, every chart's figure embedded as JSON it can be read
back from, units and release vintages shown; a release missing from dim_source_release
fails the build."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import duckdb
import pytest

from orchestration.catalog.registry import CBP_DRUG_SEIZURES
from orchestration.publish.report import (
    Chart,
    Release,
    ReportError,
    _release_ids,
    _releases,
    _rows,
    atf_flows_chart,
    border_panel_chart,
    render_report,
)

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


def test_release_lists_are_read_whole_even_with_a_separator_in_a_file_name() -> None:
    """A *_source_releases column is a varchar[] of keys; a file name holding '; ' stays
    one key (text splitting would cut it in two)."""
    hostile = "cbp_drug_seizures/jun'); drop table t; --.csv@2026-07-31"
    with duckdb.connect() as con:
        con.execute("create table t (seizures_source_releases varchar[])")
        con.executemany(
            "insert into t values (?)", [[[RELEASE_KEY, hostile]], [None], [[RELEASE_KEY]]]
        )
        rows = _rows(con, "select seizures_source_releases from t")
    assert _release_ids(rows, "seizures_source_releases") == tuple(sorted([RELEASE_KEY, hostile]))


OTHER_KEY = "atf_firearms_trace/atf_sourced_recovered_by_state_cy2020.xlsx@2021-09-01"


def _atf_table(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    con.execute("create schema if not exists report")
    con.execute(
        "create or replace table report.rpt_atf_source_flows (calendar_year integer, "
        "source_node varchar, source_rank bigint, recovery_geography_id varchar, "
        "firearms bigint, source_releases varchar[])"
    )
    con.executemany("insert into report.rpt_atf_source_flows values (?, ?, ?, ?, ?, ?)", rows)


def test_the_sankey_draws_rpt_atf_source_flows_node_by_node() -> None:
    with duckdb.connect() as con:
        _atf_table(
            con,
            [
                (2020, "US-GA", 2, "US-TX", 30, [OTHER_KEY]),
                (2020, "US-AZ", 1, "US-CA", 50, [OTHER_KEY]),
                (2020, "other", None, "US-TX", 7, [OTHER_KEY]),
                (2020, "other", None, "US-NM", 3, [OTHER_KEY, RELEASE_KEY]),
            ],
        )
        chart = atf_flows_chart(con)
    [trace] = chart.figure["data"]
    other = "other states and territories"
    assert trace["node"]["label"] == [
        "sold in AZ",  # by rank, then the rest in one node
        "sold in GA",
        other,
        "recovered in AZ",
        "recovered in CA",
        "recovered in NM",
        "recovered in TX",
    ]
    assert trace["meta"]["pairs"] == [
        ["US-AZ", "US-CA"],
        ["US-GA", "US-TX"],
        [other, "US-NM"],
        [other, "US-TX"],
    ]
    assert trace["link"]["value"] == [50, 30, 3, 7]
    assert trace["link"]["source"] == [0, 1, 2, 2]
    assert trace["link"]["target"] == [4, 6, 5, 6]
    assert trace["meta"]["calendar_year"] == 2020
    assert "in 2020" in chart.figure["layout"]["title"]["text"]
    assert chart.releases == tuple(sorted([OTHER_KEY, RELEASE_KEY]))


def test_a_sankey_of_two_years_is_refused() -> None:
    with duckdb.connect() as con:
        _atf_table(
            con,
            [(2019, "US-GA", 1, "US-TX", 30, None), (2020, "US-GA", 1, "US-TX", 31, None)],
        )
        with pytest.raises(ReportError, match="several years"):
            atf_flows_chart(con)


def test_the_panel_draws_the_complete_years_rpt_border_state_panel_keeps() -> None:
    with duckdb.connect() as con:
        con.execute("create schema report")
        con.execute(
            "create table report.rpt_border_state_panel (us_geography_id varchar, "
            "calendar_year integer, fentanyl_seized_lbs double, synthetic_opioid_deaths bigint, "
            "mx_firearm_homicide_victims bigint, seizures_source_releases varchar[], "
            "overdose_source_releases varchar[], mx_victims_source_releases varchar[])"
        )
        con.executemany(
            "insert into report.rpt_border_state_panel values (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ("US-TX", 2021, 1.5, 10, 100, [RELEASE_KEY], [OTHER_KEY], None),
                ("US-TX", 2020, None, 9, None, None, [OTHER_KEY], None),
                ("US-NM", 2021, None, 4, 7, None, None, None),
            ],
        )
        chart = border_panel_chart(con)
    traces = {(t["meta"]["state"], t["meta"]["column"]): t for t in chart.figure["data"]}
    assert len(traces) == 4 * 3
    tx_deaths = traces[("US-TX", "synthetic_opioid_deaths")]
    assert (tx_deaths["x"], tx_deaths["y"]) == ([2020, 2021], [9, 10])
    tx_seized = traces[("US-TX", "fentanyl_seized_lbs")]
    assert (tx_seized["x"], tx_seized["y"]) == ([2021], [1.5])  # NULL years are not drawn
    assert traces[("US-NM", "fentanyl_seized_lbs")]["y"] == []
    notes = [a["text"] for a in chart.figure["layout"]["annotations"]]
    assert "no CBP area of its own (El Paso counts under TX)" in notes
    assert chart.releases == tuple(sorted([RELEASE_KEY, OTHER_KEY]))
