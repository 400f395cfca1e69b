"""The visual report: one static HTML page drawn from the analysis marts, built at publish.

``serve/report/index.html`` answers the warehouse's questions in charts (Plotly): US
fentanyl seizures vs synthetic-opioid deaths, Mexican firearm homicides and the firearm
share, a panel per US border state, the ATF source-state flows into the border states and
crossings vs seizures (people crossing, never added to vehicles). The page works offline:
plotly.js is inlined once and each chart's figure is embedded as JSON
(``<script type="application/json" id="figure-<name>">``), drawn by ``Plotly.newPlot``
when the page loads. Every chart names its units and the
releases (file and vintage, from ``dim_source_release``) its figures come from.

It is built from the build file, beside the dbt docs, before the warehouse is swapped in
(see ``orchestration.docs_sites``): a report that fails to build fails the publish.
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

from orchestration.sources import CATALOG, Source

REPORT_FILE = "index.html"
BORDER_STATES = ("US-AZ", "US-CA", "US-NM", "US-TX")
ATF_TOP_SOURCES = 10
"""Source states shown one by one in the ATF flows chart; the rest are one node."""


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


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _release_ids(rows: Iterable[dict[str, Any]], *columns: str) -> tuple[str, ...]:
    found = {
        part.strip()
        for row in rows
        for column in columns
        if row.get(column)
        for part in str(row[column]).split(";")
        if part.strip()
    }
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
        "overdose_source_releases from marts.national_flows_yearly "
        "where fentanyl_seized_lbs_fy is not null "
        "or overdose_deaths_synthetic_opioids_cy is not null order by year",
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
        "from marts.national_flows_yearly where mx_victim_months_cy = 12 order by year",
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
    # column, label, unit, complete-year condition, release column
    (
        "fentanyl_seized_lbs",
        "fentanyl seized in the state's CBP areas",
        "pounds",
        "seizure_months_in_year = 12",
        "seizures_source_releases",
    ),
    (
        "synthetic_opioid_deaths",
        "synthetic-opioid overdose deaths in the state",
        "deaths",
        "true",
        "overdose_source_releases",
    ),
    (
        "mx_firearm_homicide_victims",
        "firearm homicide victims in the Mexican states across",
        "victims",
        "mx_victim_months_in_year = 12",
        "mx_victims_source_releases",
    ),
)


def border_panel_chart(con: duckdb.DuckDBPyConnection) -> Chart:
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
        for col_index, (column, label, unit, complete, release_column) in enumerate(PANEL_MEASURES):
            rows = _rows(
                con,
                f"select calendar_year, {column}, {release_column} from marts.border_flows_yearly "
                f"where us_geography_id = '{state}' and {column} is not null and {complete} "
                "order by calendar_year",
            )
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
    (year,) = con.execute("select max(calendar_year) from marts.fct_firearm_traces").fetchone()
    states = ", ".join(f"'{s}'" for s in BORDER_STATES)
    rows = _rows(
        con,
        "select source_geography_id, recovery_geography_id, sum(firearms) as firearms, "
        "string_agg(distinct source_file || '@' || strftime(source_vintage, '%Y-%m-%d'), '; ') "
        "as releases from marts.fct_firearm_traces "
        f"where calendar_year = {int(year)} and recovery_geography_id in ({states}) "
        "and not is_same_geography and firearms > 0 group by all",
    )
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["source_geography_id"]] = totals.get(row["source_geography_id"], 0) + int(
            row["firearms"]
        )
    top = sorted(totals, key=lambda s: (-totals[s], s))[:ATF_TOP_SOURCES]
    other = "other states and territories"
    sources = [*top, other]
    targets = [f"recovered in {s[3:]}" for s in BORDER_STATES]
    links: dict[tuple[str, str], int] = {}
    for row in rows:
        source = row["source_geography_id"] if row["source_geography_id"] in top else other
        key = (source, row["recovery_geography_id"])
        links[key] = links.get(key, 0) + int(row["firearms"])
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
                    "calendar_year": int(year),
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
        releases=_release_ids(rows, "releases"),
        notes=(
            f"The {ATF_TOP_SOURCES} largest out-of-state sources are shown; the rest are "
            f"'{other}'. Firearms recovered in their state of sale are left out. ATF's state "
            "tables hold no guns recovered in Mexico.",
        ),
    )


def crossings_chart(con: duckdb.DuckDBPyConnection) -> Chart:
    data: list[dict[str, Any]] = []
    releases: set[str] = set()
    for state in BORDER_STATES:
        rows = _rows(
            con,
            "select calendar_year, inbound_people, fentanyl_seized_lbs, "
            "crossings_source_releases, seizures_source_releases "
            f"from marts.border_flows_yearly where us_geography_id = '{state}' "
            "and seizure_months_in_year = 12 and crossing_months_in_year = 12 "
            "order by calendar_year",
        )
        if not rows:  # New Mexico: no CBP area of its own
            continue
        releases.update(_release_ids(rows, "crossings_source_releases", "seizures_source_releases"))
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers+text",
                "name": state[3:],
                "x": [_plain(r["inbound_people"]) / 1e6 for r in rows],
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


def _sources_html(releases: Sequence[Release], catalog: Sequence[Source]) -> str:
    by_name = {source.name: source for source in catalog}
    items = []
    for source_name in sorted({r.source for r in releases}):
        source = by_name.get(source_name)
        files = "; ".join(
            f"{html.escape(r.file_name.rsplit('/', 1)[-1])} (vintage {r.vintage})"
            for r in sorted(releases, key=lambda r: (r.vintage, r.file_name))
            if r.source == source_name
        )
        if source is None:
            items.append(f"<li>{html.escape(source_name)}: {files}</li>")
            continue
        items.append(
            f'<li>{html.escape(source.publisher)}, <a href="{html.escape(source.landing_page)}">'
            f"{html.escape(source.title)}</a>: {files}</li>"
        )
    return "<ul class='sources'>" + "".join(items) + "</ul>"


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
        figure = with_source_note(chart.figure, drawn, catalog)
        notes = "".join(f"<p class='note'>{html.escape(n)}</p>" for n in chart.notes)
        sections.append(
            f"""<section class="chart" id="section-{chart.name}">
<h2>{html.escape(chart.title)}</h2>
<p class="question">{html.escape(chart.question)}</p>
<div class="plot" id="chart-{chart.name}"></div>
<script type="application/json" id="figure-{chart.name}">{_figure_json(figure)}</script>
<p class="units"><b>Units:</b> {html.escape(chart.units)}</p>
{notes}
<div class="provenance"><b>Sources and vintages:</b>
{_sources_html(drawn, catalog)}</div>
</section>"""
        )
    stamp = generated_at.isoformat(timespec="seconds")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>ironriver report</title>
<style>
body {{ font-family: sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }}
section.chart {{ margin-bottom: 3em; border-top: 1px solid #ddd; padding-top: 1em; }}
p.question {{ font-style: italic; }}
p.units, p.note, div.provenance {{ font-size: 0.9em; color: #444; }}
ul.sources {{ margin: 0.2em 0; }}
</style>
<script>{plotly_js}</script>
</head>
<body>
<h1>ironriver: guns south, drugs north</h1>
<p>Charts drawn from the analysis marts of the published warehouse
(<code>marts.national_flows_yearly</code>, <code>marts.border_flows_yearly</code>,
<code>marts.fct_firearm_traces</code>); built {html.escape(stamp)}. Every chart lists the
release files and vintages its figures come from (<code>marts.dim_source_release</code>).
Hover a chart for its values.</p>
{chr(10).join(sections)}
<script>
document.querySelectorAll("script[id^='figure-']").forEach(function (node) {{
  var figure = JSON.parse(node.textContent);
  var target = document.getElementById("chart-" + node.id.slice("figure-".length));
  Plotly.newPlot(target, figure.data, figure.layout, {{responsive: true, displaylogo: false}});
}});
</script>
</body></html>
"""


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
