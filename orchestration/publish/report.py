"""The visual report: one static HTML page drawn from the report tables, built at publish.

``serve/report/index.html`` answers the warehouse's questions in charts (Plotly): US
fentanyl seizures vs synthetic-opioid deaths, Mexican firearm homicides and the firearm
share, a panel per US border state, the ATF source-state flows into the border states and
crossings vs seizures (people crossing, never added to vehicles). The page works offline:
plotly.js is inlined once and each chart's figure is embedded as JSON
(``<script type="application/json" id="figure-<name>">``), drawn by ``Plotly.newPlot``
when the page loads. Every chart names its units and the
releases (file and vintage, from ``dim_source_release``) its figures come from.

What each chart draws is a dbt model of the ``report`` schema (``models/report/rpt_*``:
the selection, the complete-year rules and the aggregation, documented and tested like
every model, and served, so a reader can query the figures behind a chart). This module
only reads those tables, shapes them as Plotly figures and renders
``templates/report.html.j2``.

It is built from the build file, beside the dbt docs, before the warehouse is swapped in
(see ``orchestration.publish.docs_sites``): a report that fails to build fails the publish.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import jinja2
import markupsafe

from orchestration.catalog.registry import CATALOG, Source

REPORT_FILE = "index.html"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "report.html.j2"
BORDER_STATES = ("US-AZ", "US-CA", "US-NM", "US-TX")


class ReportError(RuntimeError):
    """The report could not be built from the warehouse."""


@dataclass(frozen=True)
class Chart:
    name: str
    """Slug: the chart's element ids are ``chart-<name>`` and ``figure-<name>``."""
    title: str
    question: str
    units: str
    figure: dict[str, Any]
    """The Plotly figure as plain JSON (``data`` and ``layout``; numbers as lists)."""
    releases: tuple[str, ...]
    """dim_source_release keys of every figure drawn."""
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Release:
    source: str
    file_name: str
    vintage: str


# --------------------------------------------------------------------------- queries


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, parameters: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    cursor = con.execute(sql, list(parameters))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _release_ids(rows: Iterable[dict[str, Any]], *columns: str) -> tuple[str, ...]:
    """The dim_source_release keys in release-list columns (``varchar[]``; NULL skipped).

    Keys are taken whole, never split: a file name may contain any character.
    """
    found = {key for row in rows for column in columns for key in row.get(column) or () if key}
    return tuple(sorted(found))


def _plain(value: Any) -> Any:
    """DuckDB values as JSON-able plain numbers (decimals and big ints included)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return float(value)


def _column(rows: Sequence[dict[str, Any]], name: str) -> list[Any]:
    return [_plain(row[name]) for row in rows]


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": {"text": title},
        "template": "plotly_white",
        "hovermode": "x unified",
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "margin": {"t": 110, "b": 80},
        **extra,
    }


# --------------------------------------------------------------------------- charts


def fentanyl_chart(con: duckdb.DuckDBPyConnection) -> Chart:
    rows = _rows(
        con,
        "select year, fentanyl_seized_lbs_fy, is_seizure_fiscal_year_to_date, "
        "overdose_deaths_synthetic_opioids_cy, seizures_source_releases, "
        "overdose_source_releases from report.rpt_fentanyl_vs_deaths order by year",
    )
    seized = [r for r in rows if r["fentanyl_seized_lbs_fy"] is not None]
    deaths = [r for r in rows if r["overdose_deaths_synthetic_opioids_cy"] is not None]
    partial = [r["year"] for r in seized if r["is_seizure_fiscal_year_to_date"]]
    figure = {
        "data": [
            {
                "type": "bar",
                "name": "fentanyl seized by CBP, fiscal year (lb)",
                "x": _column(seized, "year"),
                "y": _column(seized, "fentanyl_seized_lbs_fy"),
                "meta": {"table": "national_flows_yearly", "column": "fentanyl_seized_lbs_fy"},
                "hovertemplate": "FY%{x}: %{y:,.0f} lb<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "synthetic-opioid overdose deaths (T40.4), calendar year",
                "x": _column(deaths, "year"),
                "y": _column(deaths, "overdose_deaths_synthetic_opioids_cy"),
                "yaxis": "y2",
                "meta": {
                    "table": "national_flows_yearly",
                    "column": "overdose_deaths_synthetic_opioids_cy",
                },
                "hovertemplate": "CY%{x}: %{y:,.0f} deaths<extra></extra>",
            },
        ],
        "layout": _layout(
            "US fentanyl seizures (CBP) and synthetic-opioid deaths (CDC)",
            xaxis={"title": {"text": "year (seizures: fiscal year Oct-Sep; deaths: calendar)"}},
            yaxis={"title": {"text": "fentanyl seized (pounds)"}, "rangemode": "tozero"},
            yaxis2={
                "title": {"text": "deaths (count)"},
                "overlaying": "y",
                "side": "right",
                "rangemode": "tozero",
                "showgrid": False,
            },
        ),
    }
    notes = ["Seizures are by US federal fiscal year (October-September); deaths by calendar year."]
    if partial:
        notes.append(f"FY{', FY'.join(map(str, partial))}: fiscal year to date (partial).")
    return Chart(
        name="fentanyl_vs_deaths",
        title="US fentanyl seizures vs synthetic-opioid deaths",
        question="Did the fentanyl CBP seized rise and fall with the deaths it causes?",
        units="pounds of fentanyl seized (left axis); deaths, 12 months ending December (right)",
        figure=figure,
        releases=_release_ids(rows, "seizures_source_releases", "overdose_source_releases"),
        notes=tuple(notes),
    )


def mx_firearm_chart(con: duckdb.DuckDBPyConnection) -> Chart:
    rows = _rows(
        con,
        "select year, mx_firearm_homicide_victims_cy, "
        "mx_firearm_share_of_intentional_homicides_cy, mx_victims_source_releases "
        "from report.rpt_mx_firearm_homicides order by year",
    )
    figure = {
        "data": [
            {
                "type": "bar",
                "name": "firearm homicide victims (persons)",
                "x": _column(rows, "year"),
                "y": _column(rows, "mx_firearm_homicide_victims_cy"),
                "meta": {
                    "table": "national_flows_yearly",
                    "column": "mx_firearm_homicide_victims_cy",
                },
                "hovertemplate": "%{x}: %{y:,.0f} victims<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "firearm share of intentional-homicide victims",
                "x": _column(rows, "year"),
                "y": _column(rows, "mx_firearm_share_of_intentional_homicides_cy"),
                "yaxis": "y2",
                "meta": {
                    "table": "national_flows_yearly",
                    "column": "mx_firearm_share_of_intentional_homicides_cy",
                },
                "hovertemplate": "%{x}: %{y:.1%}<extra></extra>",
            },
        ],
        "layout": _layout(
            "Mexico: intentional-homicide victims killed with a firearm (SESNSP)",
            xaxis={"title": {"text": "calendar year"}, "dtick": 1},
            yaxis={"title": {"text": "victims (persons)"}, "rangemode": "tozero"},
            yaxis2={
                "title": {"text": "firearm share"},
                "overlaying": "y",
                "side": "right",
                "tickformat": ".0%",
                "range": [0, 1],
                "tickmode": "linear",
                "tick0": 0,
                "dtick": 0.2,
                "showgrid": False,
            },
        ),
    }
    return Chart(
        name="mx_firearm_homicides",
        title="Mexican firearm homicides and the firearm share",
        question="How many people are killed with firearms in Mexico, and what share of "
        "all intentional homicides is that?",
        units="victims (persons, left axis); share of intentional-homicide victims (right)",
        figure=figure,
        releases=_release_ids(rows, "mx_victims_source_releases"),
        notes=(
            "Complete calendar years only. SESNSP counts victims in crime reports, "
            "not death certificates.",
        ),
    )


PANEL_MEASURES = (
    # column of rpt_border_state_panel (NULL outside complete years), label, unit, releases
    (
        "fentanyl_seized_lbs",
        "fentanyl seized in the state's CBP areas",
        "pounds",
        "seizures_source_releases",
    ),
    (
        "synthetic_opioid_deaths",
        "synthetic-opioid overdose deaths in the state",
        "deaths",
        "overdose_source_releases",
    ),
    (
        "mx_firearm_homicide_victims",
        "firearm homicide victims in the Mexican states across",
        "victims",
        "mx_victims_source_releases",
    ),
)


def border_panel_chart(con: duckdb.DuckDBPyConnection) -> Chart:
    panel = _rows(
        con,
        "select * from report.rpt_border_state_panel order by us_geography_id, calendar_year",
    )
    data: list[dict[str, Any]] = []
    releases: set[str] = set()
    layout = _layout(
        "US border states: fentanyl seized, synthetic-opioid deaths, and firearm homicides "
        "across the border (calendar years)",
        height=1100,
        showlegend=False,
        hovermode="closest",
        grid={"rows": len(BORDER_STATES), "columns": len(PANEL_MEASURES), "pattern": "independent"},
        annotations=[],
    )
    for row_index, state in enumerate(BORDER_STATES):
        for col_index, (column, label, unit, release_column) in enumerate(PANEL_MEASURES):
            rows = [r for r in panel if r["us_geography_id"] == state and r[column] is not None]
            releases.update(_release_ids(rows, release_column))
            axis = row_index * len(PANEL_MEASURES) + col_index + 1
            suffix = "" if axis == 1 else str(axis)
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines+markers",
                    "name": f"{state[3:]}: {label} ({unit})",
                    "x": _column(rows, "calendar_year"),
                    "y": _column(rows, column),
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "meta": {"table": "border_flows_yearly", "state": state, "column": column},
                    "hovertemplate": f"%{{x}}: %{{y:,.0f}} {unit}<extra>{state[3:]}</extra>",
                }
            )
            layout[f"yaxis{suffix}"] = {
                "title": {"text": f"{state[3:]} {unit}"},
                "rangemode": "tozero",
            }
            layout[f"xaxis{suffix}"] = {"dtick": 2}
            if row_index == 0:
                layout["annotations"].append(
                    {
                        "text": f"{label} ({unit})",
                        "xref": f"x{suffix} domain",
                        "yref": f"y{suffix} domain",
                        "x": 0.5,
                        "y": 1.18,
                        "showarrow": False,
                    }
                )
            if not rows:
                layout["annotations"].append(
                    {
                        "text": "no CBP area of its own (El Paso counts under TX)"
                        if column == "fentanyl_seized_lbs"
                        else "no data",
                        "xref": f"x{suffix} domain",
                        "yref": f"y{suffix} domain",
                        "x": 0.5,
                        "y": 0.5,
                        "showarrow": False,
                    }
                )
    return Chart(
        name="border_state_panel",
        title="Per border state: seizures, deaths and violence across the border",
        question="In the years a border state's seizures rose, how did its overdose deaths "
        "and the firearm homicides in the Mexican states across the border change?",
        units="pounds of fentanyl seized; deaths (12 months ending December); victims "
        "(persons, paired Mexican states added up)",
        figure={"data": data, "layout": layout},
        releases=tuple(sorted(releases)),
        notes=(
            "Complete calendar years only (CBP fiscal months re-added by calendar month). "
            "A Mexican state bordering two US states appears in both rows.",
        ),
    )


def atf_flows_chart(con: duckdb.DuckDBPyConnection) -> Chart:
    rows = _rows(
        con,
        "select calendar_year, source_node, source_rank, recovery_geography_id, firearms, "
        "source_releases from report.rpt_atf_source_flows "
        "order by source_rank nulls last, source_node, recovery_geography_id",
    )
    years = {row["calendar_year"] for row in rows}
    if len(years) > 1:
        raise ReportError(f"rpt_atf_source_flows holds several years: {sorted(years)}")
    year = next(iter(years), None)
    other = "other states and territories"
    top = list(dict.fromkeys(r["source_node"] for r in rows if r["source_rank"] is not None))
    sources = [*top, other]
    targets = [f"recovered in {s[3:]}" for s in BORDER_STATES]
    links = {
        (
            row["source_node"] if row["source_rank"] is not None else other,
            row["recovery_geography_id"],
        ): int(row["firearms"])
        for row in rows
    }
    ordered = sorted(links)
    labels = [f"sold in {s[3:]}" if s != other else s for s in sources] + targets
    figure = {
        "data": [
            {
                "type": "sankey",
                "arrangement": "snap",
                "node": {"label": labels, "pad": 12},
                "link": {
                    "source": [sources.index(s) for s, _ in ordered],
                    "target": [len(sources) + BORDER_STATES.index(t) for _, t in ordered],
                    "value": [links[k] for k in ordered],
                    "hovertemplate": "%{source.label} → %{target.label}: %{value:,} "
                    "firearms<extra></extra>",
                },
                "meta": {
                    "table": "fct_firearm_traces",
                    "calendar_year": year,
                    "pairs": [[s, t] for s, t in ordered],
                },
            }
        ],
        "layout": _layout(
            f"Firearms recovered in the border states in {year}, by state of first retail "
            "sale (out-of-state sources only)",
            height=600,
        ),
    }
    return Chart(
        name="atf_source_flows",
        title="Where the border states' crime guns were bought",
        question="Which states sourced the traced firearms recovered in Arizona, California, "
        "New Mexico and Texas?",
        units="firearms recovered and traced (count), calendar year",
        figure=figure,
        releases=_release_ids(rows, "source_releases"),
        notes=(
            f"The {len(top)} largest out-of-state sources are shown; the rest are "
            f"'{other}'. Firearms recovered in their state of sale are left out. ATF's state "
            "tables hold no guns recovered in Mexico.",
        ),
    )


def crossings_chart(con: duckdb.DuckDBPyConnection) -> Chart:
    points = _rows(
        con,
        "select us_geography_id, calendar_year, inbound_people_millions, fentanyl_seized_lbs, "
        "crossings_source_releases, seizures_source_releases "
        "from report.rpt_crossings_vs_seizures order by us_geography_id, calendar_year",
    )
    data: list[dict[str, Any]] = []
    releases: set[str] = set()
    for state in BORDER_STATES:
        rows = [r for r in points if r["us_geography_id"] == state]
        if not rows:  # New Mexico: no CBP area of its own
            continue
        releases.update(_release_ids(rows, "crossings_source_releases", "seizures_source_releases"))
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers+text",
                "name": state[3:],
                "x": _column(rows, "inbound_people_millions"),
                "y": _column(rows, "fentanyl_seized_lbs"),
                "text": [str(r["calendar_year"]) for r in rows],
                "textposition": "top center",
                "customdata": _column(rows, "calendar_year"),
                "meta": {
                    "table": "border_flows_yearly",
                    "state": state,
                    "x_column": "inbound_people",
                    "x_scale": 1e-6,
                    "column": "fentanyl_seized_lbs",
                },
                "hovertemplate": f"{state[3:]} %{{customdata}}: %{{x:.1f}} million people "
                "crossed, %{y:,.0f} lb fentanyl seized<extra></extra>",
            }
        )
    figure = {
        "data": data,
        "layout": _layout(
            "Inbound people crossing the US-Mexico border vs fentanyl seized, per state and "
            "calendar year",
            hovermode="closest",
            height=600,
            xaxis={"title": {"text": "people entering the US at the state's ports (millions)"}},
            yaxis={"title": {"text": "fentanyl seized in the state's CBP areas (pounds)"}},
        ),
    }
    return Chart(
        name="crossings_vs_seizures",
        title="Crossings vs seizures",
        question="Do the border states where more people cross see more fentanyl seized?",
        units="millions of inbound person crossings (BTS; people only, never added to "
        "vehicles); pounds of fentanyl seized (CBP), calendar years",
        figure=figure,
        releases=tuple(sorted(releases)),
        notes=(
            "Complete calendar years of both sources only. New Mexico has no CBP area of its "
            "own (El Paso counts under Texas), so it has no point. Seizures include Border "
            "Patrol seizures between the ports.",
        ),
    )


CHARTS: tuple[Callable[[duckdb.DuckDBPyConnection], Chart], ...] = (
    fentanyl_chart,
    mx_firearm_chart,
    border_panel_chart,
    atf_flows_chart,
    crossings_chart,
)


def data_points(trace: dict[str, Any]) -> list[Any]:
    """The values a trace draws: its ``y`` or, for a Sankey, its link values."""
    return list(trace.get("y") or trace.get("link", {}).get("value") or [])


def build_charts(con: duckdb.DuckDBPyConnection) -> list[Chart]:
    charts = [make(con) for make in CHARTS]
    for chart in charts:
        if not any(data_points(trace) for trace in chart.figure["data"]):
            raise ReportError(f"chart {chart.name!r} has no data point: are the marts empty?")
    return charts


# --------------------------------------------------------------------------- HTML


def _releases(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> dict[str, Release]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    found = con.execute(
        "select source_release_id, source, file_name, strftime(vintage, '%Y-%m-%d') "
        "from marts.dim_source_release where list_contains(?, source_release_id)",
        [wanted],
    ).fetchall()
    known = {key: Release(source, file_name, vintage) for key, source, file_name, vintage in found}
    missing = [key for key in wanted if key not in known]
    if missing:
        raise ReportError(f"releases not in dim_source_release: {', '.join(missing)}")
    return known


@dataclass(frozen=True)
class SourceLine:
    """One source of a chart, as its provenance list names it."""

    name: str
    publisher: str | None
    title: str | None
    landing_page: str | None
    files: str
    """``file (vintage YYYY-MM-DD)`` of every release drawn, '; '-separated."""


def source_lines(releases: Sequence[Release], catalog: Sequence[Source]) -> list[SourceLine]:
    by_name = {source.name: source for source in catalog}
    lines = []
    for source_name in sorted({r.source for r in releases}):
        source = by_name.get(source_name)
        files = "; ".join(
            f"{r.file_name.rsplit('/', 1)[-1]} (vintage {r.vintage})"
            for r in sorted(releases, key=lambda r: (r.vintage, r.file_name))
            if r.source == source_name
        )
        lines.append(
            SourceLine(
                name=source_name,
                publisher=source.publisher if source else None,
                title=source.title if source else None,
                landing_page=source.landing_page if source else None,
                files=files,
            )
        )
    return lines


def with_source_note(
    figure: dict[str, Any], releases: Sequence[Release], catalog: Sequence[Source]
) -> dict[str, Any]:
    """The figure with its sources and vintages written under the plot, so that the chart
    says where it comes from even when copied out of the page."""
    publishers = {source.name: source.publisher for source in catalog}
    lines = []
    for source_name in sorted({r.source for r in releases}):
        files = ", ".join(
            f"{r.file_name.rsplit('/', 1)[-1]} ({r.vintage})"
            for r in sorted(releases, key=lambda r: (r.vintage, r.file_name))
            if r.source == source_name
        )
        lines.append(
            f"{html.escape(publishers.get(source_name, source_name))}: {html.escape(files)}"
        )
    layout = dict(figure["layout"])
    margin = dict(layout.get("margin") or {})
    margin["b"] = 90 + 16 * len(lines)
    layout["margin"] = margin
    layout["annotations"] = [
        *(layout.get("annotations") or []),
        {
            "text": "Sources (file, vintage): " + "<br>".join(lines),
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 0,
            "xanchor": "left",
            "yanchor": "top",
            "yshift": -62,
            "align": "left",
            "showarrow": False,
            "font": {"size": 10, "color": "#555"},
        },
    ]
    return {**figure, "layout": layout}


def _figure_json(figure: dict[str, Any]) -> str:
    # inside <script>: '</' would end the element, so escape it as JSON allows
    return json.dumps(figure, ensure_ascii=False, allow_nan=False).replace("</", "<\\/")


def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template(TEMPLATE)


def render_report(
    charts: Sequence[Chart],
    releases: dict[str, Release],
    *,
    generated_at: datetime,
    plotly_js: str,
    catalog: Sequence[Source] = CATALOG,
) -> str:
    sections = []
    for chart in charts:
        drawn = [releases[r] for r in chart.releases]
        sections.append(
            {
                "chart": chart,
                "figure_json": markupsafe.Markup(
                    _figure_json(with_source_note(chart.figure, drawn, catalog))
                ),
                "sources": source_lines(drawn, catalog),
            }
        )
    return _template().render(
        sections=sections,
        generated_at=generated_at.isoformat(timespec="seconds"),
        plotly_js=markupsafe.Markup(plotly_js),
    )


def build_report(database: Path, dest: Path, *, catalog: Sequence[Source] = CATALOG) -> Path:
    """Write the report for the warehouse file ``database`` to ``dest/index.html``."""
    from plotly.offline import get_plotlyjs

    with duckdb.connect(str(database), read_only=True) as con:
        charts = build_charts(con)
        releases = _releases(con, (r for chart in charts for r in chart.releases))
    page = render_report(
        charts,
        releases,
        generated_at=datetime.now(UTC),
        plotly_js=get_plotlyjs(),
        catalog=catalog,
    )
    dest.mkdir(parents=True, exist_ok=True)
    (dest / REPORT_FILE).write_text(page, encoding="utf-8")
    return dest / REPORT_FILE
