"""How a landing table is declared: once, in Python.

A :class:`Table` names every column of a landing table with its type, its description
(with the unit) and the rules a landed row must meet. Everything else is derived from it:

* the landing parser's schema (:class:`Layout` maps a file's headers onto the columns and
  takes types, required values and non-negative counts from the table),
* the table's Great Expectations suite (:mod:`orchestration.quality.landing_suites`),
* the dbt sources YAML of its source (:mod:`orchestration.catalog.dbt_sources`).

A table may be fed by several layouts of its files (CDC VSRR: four); the layouts only map
headers onto the declared columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

ColumnType = Literal["text", "integer", "double", "month_name", "leading_year", "month_year"]
"""How a landing column is typed from the file's text (see ``orchestration.landing.parse``):
``integer``/``leading_year``/``month_name`` land as BIGINT, ``double`` as DOUBLE,
``month_year`` ('Feb 2025') as DATE, ``text`` trimmed, blank as NULL."""
Severity = Literal["error", "warn"]
"""``error`` blocks the load (the files are quarantined); ``warn`` is recorded and shown."""

META_COLUMNS = ("_source_file", "_vintage", "_source_row")
"""Columns every landing file has beside its declared ones (see ``landing.parse``)."""
META_DESCRIPTIONS: Mapping[str, str] = {
    "_source_file": "Mirror path of the release file.",
    "_vintage": "Release date of the file; the newest release wins where releases overlap.",
    "_source_row": "1-based data row in the release file.",
}


# --------------------------------------------------------------------------- sources

FileKind = Literal["csv", "json", "xlsx", "gzip"]
Cadence = Literal["monthly", "yearly", "irregular"]


@dataclass(frozen=True)
class Release:
    """One file of a source, as a publisher released it."""

    file_name: str
    """Path relative to the mirror root, e.g. ``cdc_vsrr/vsrr_....csv``."""
    table: str
    """Landing table this release feeds (``<source>__<entity>``)."""
    vintage: str
    """Release date (ISO ``YYYY-MM-DD``): the newest vintage wins where releases overlap."""
    kind: FileKind
    official_url: str | None
    """Where the publisher serves exactly these bytes; None when only a mirror holds them
    (a subset or reshape of an official file, see PROVENANCE.md)."""
    sha256: str | None = None
    """Expected checksum of a pinned historical release; None for live files."""
    layout: str = "official"
    """Which column layout the parser should expect (sources with several layouts)."""

    @property
    def base_name(self) -> str:
        return self.file_name.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Source:
    """A publisher's dataset and everything needed to fetch and land it."""

    name: str
    title: str
    publisher: str
    landing_page: str
    cadence: Cadence
    expected_lag_days: int
    """How long after a period ends the publisher usually releases it."""
    releases: tuple[Release, ...] = field(default_factory=tuple)
    refresh_cron: str | None = None
    """When the scheduled refresh runs (cron, UTC); None: the default for ``cadence``
    (see ``orchestration.automation.schedules.refresh_cron``)."""

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.table for r in self.releases))


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    """One Great Expectations expectation beyond what a column's type and flags imply.

    On a :class:`Field`, ``column`` is filled in from the field."""

    expectation: str
    kwargs: Mapping[str, Any]
    severity: Severity = "error"
    note: str | None = None


def _rule(
    expectation: str,
    kwargs: dict[str, Any],
    severity: Severity,
    note: str | None,
    when: Mapping[str, Any] | None,
) -> Rule:
    if when is not None:
        kwargs["row_condition"] = dict(when)
    return Rule(f"expect_{expectation}", kwargs, severity, note)


def in_set(
    values: list[Any] | tuple[Any, ...],
    *,
    severity: Severity = "error",
    note: str | None = None,
    when: Mapping[str, Any] | None = None,
) -> Rule:
    """Every value is one of ``values`` (NULL passes)."""
    return _rule("column_values_to_be_in_set", {"value_set": list(values)}, severity, note, when)


def contains(
    values: list[Any] | tuple[Any, ...], *, severity: Severity = "error", note: str | None = None
) -> Rule:
    """Each of ``values`` occurs at least once."""
    return _rule(
        "column_distinct_values_to_contain_set", {"value_set": list(values)}, severity, note, None
    )


def between(
    min_value: float | None = None,
    max_value: float | None = None,
    *,
    severity: Severity = "error",
    note: str | None = None,
    when: Mapping[str, Any] | None = None,
) -> Rule:
    """Every value lies in ``[min_value, max_value]`` (an open end where None)."""
    kwargs = {
        key: value
        for key, value in (("min_value", min_value), ("max_value", max_value))
        if value is not None
    }
    return _rule("column_values_to_be_between", kwargs, severity, note, when)


def matches(
    regex: str,
    *,
    severity: Severity = "error",
    note: str | None = None,
    when: Mapping[str, Any] | None = None,
) -> Rule:
    """Every value matches ``regex`` (Python ``re.search``)."""
    return _rule("column_values_to_match_regex", {"regex": regex}, severity, note, when)


def not_matches(regex: str, *, severity: Severity = "error", note: str | None = None) -> Rule:
    """No value matches ``regex``."""
    return _rule("column_values_to_not_match_regex", {"regex": regex}, severity, note, None)


def distinct_count(
    min_value: int, max_value: int, *, severity: Severity = "error", note: str | None = None
) -> Rule:
    """The number of distinct values lies in ``[min_value, max_value]``."""
    kwargs = {"min_value": min_value, "max_value": max_value}
    return _rule("column_unique_value_count_to_be_between", kwargs, severity, note, None)


def present(
    *,
    mostly: float | None = None,
    severity: Severity = "error",
    note: str | None = None,
    when: Mapping[str, Any] | None = None,
) -> Rule:
    """Not NULL: on (``mostly``) a share of the rows, or on the rows ``when`` selects."""
    kwargs: dict[str, Any] = {} if mostly is None else {"mostly": mostly}
    return _rule("column_values_to_not_be_null", kwargs, severity, note, when)


def absent(
    *, severity: Severity = "error", note: str | None = None, when: Mapping[str, Any]
) -> Rule:
    """NULL on the rows ``when`` selects."""
    return _rule("column_values_to_be_null", {}, severity, note, when)


def greater_than(
    column_a: str,
    column_b: str,
    *,
    or_equal: bool = False,
    severity: Severity = "error",
    note: str | None = None,
) -> Rule:
    """A table rule: ``column_a`` > (or >=) ``column_b`` on every row."""
    kwargs: dict[str, Any] = {"column_A": column_a, "column_B": column_b}
    if or_equal:
        kwargs["or_equal"] = True
    return _rule("column_pair_values_a_to_be_greater_than_b", kwargs, severity, note, None)


# Row conditions (Great Expectations 1.x condition objects, as JSON).


def equals(column: str, value: Any) -> dict[str, Any]:
    return {"type": "comparison", "column": {"name": column}, "operator": "==", "parameter": value}


def differs(column: str, value: Any) -> dict[str, Any]:
    return {"type": "comparison", "column": {"name": column}, "operator": "!=", "parameter": value}


def is_null(column: str) -> dict[str, Any]:
    return {"type": "nullity", "column": {"name": column}, "is_null": True}


def all_of(*conditions: dict[str, Any]) -> dict[str, Any]:
    return {"type": "and", "conditions": list(conditions)}


def any_of(*conditions: dict[str, Any]) -> dict[str, Any]:
    return {"type": "or", "conditions": list(conditions)}


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Field:
    """One declared column of a landing table."""

    name: str
    """Landing column name (snake_case)."""
    type: ColumnType
    description: str
    """What the column holds, with its unit (shown in the dbt docs)."""
    not_null: bool = False
    """Every row has a value: refused blank by the parser (where a layout maps the column
    from a header) and checked by the table's suite."""
    non_negative: bool = False
    """A count or amount: a negative value is refused by the parser and by the suite."""
    rules: tuple[Rule, ...] = ()
    """Further rules on this column (allowed values, ranges, patterns ...)."""


@dataclass(frozen=True)
class Key:
    """Columns whose values are unique together (``_source_file`` first: within a file)."""

    columns: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class Table:
    """A landing table: its columns and the rules its landed rows must meet."""

    name: str
    """``<source>__<entity>``: the folder under ``landing/`` and the dbt source table."""
    description: str
    columns: tuple[Field, ...]
    files: str
    """Regular expression every ``_source_file`` (mirror path) matches."""
    rows: tuple[int, int]
    """Bounds on the rows of the whole table (every vintage landed): far outside is a
    broken parse or a truncated download."""
    rows_note: str | None = None
    keys: tuple[Key, ...] = ()
    rules: tuple[Rule, ...] = ()
    """Rules over several columns."""
    suite_note: str | None = None
    """What the suite guards, in one sentence (shown in the Data Docs)."""
    meta_descriptions: Mapping[str, str] = field(default_factory=dict)
    """Descriptions of ``_source_file``/``_vintage``/``_source_row`` where this table's
    differ from :data:`META_DESCRIPTIONS`."""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def meta_description(self, name: str) -> str:
        return self.meta_descriptions.get(name, META_DESCRIPTIONS[name])

    def column(self, name: str) -> Field:
        for candidate in self.columns:
            if candidate.name == name:
                return candidate
        raise KeyError(f"landing table {self.name!r} declares no column {name!r}")


# --------------------------------------------------------------------------- layouts


@dataclass(frozen=True)
class Column:
    """A table column as one layout lands it (derived: see :attr:`Layout.columns`)."""

    name: str
    source: str | None
    """Header in the file; None when this layout does not carry the column (landed as null)."""
    type: ColumnType = "text"
    not_null: bool = False
    """The parser refuses a blank value."""
    non_negative: bool = False
    """The parser refuses a value below zero."""


@dataclass(frozen=True)
class Layout:
    """One layout of a table's files: which header feeds which declared column."""

    name: str
    declaration: Table
    """The table this layout lands in."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Declared column -> the header it comes from; a column not named here is not in
    this layout's files (landed as null) unless ``constants`` gives it."""
    constants: tuple[tuple[str, str], ...] = ()
    """Literal values for columns a layout implies, e.g. month = 12 for December-only files."""
    required: frozenset[str] = frozenset()
    """Columns this layout must fill although the table allows NULL (e.g. the years a
    Census vintage covers)."""
    reader: str = "csv"
    """``csv`` (DuckDB's reader) or the name of a reader in ``orchestration.landing.readers``."""
    delimiter: str = ","
    encoding: str = "utf-8"
    """Encoding of a ``csv`` file as DuckDB names it (``utf-8``, ``latin-1``, ``utf-16``)."""
    header_count: int | None = None
    """Exactly how many columns the file has, where the layout lands only some of them
    (None: not checked). Catches a column added or dropped among those not landed."""
    other_headers: str | None = None
    """Regular expression every header the layout does NOT land must fully match (None:
    not checked). With ``header_count`` it pins a wide file's header without listing it."""

    def __post_init__(self) -> None:
        declared = set(self.declaration.column_names)
        unknown = sorted((set(self.headers) | {c for c, _ in self.constants}) - declared)
        unknown += sorted(self.required - declared)
        if unknown:
            raise ValueError(
                f"layout {self.name!r} of {self.declaration.name} maps undeclared column(s) "
                f"{', '.join(map(repr, unknown))}"
            )

    @property
    def table(self) -> str:
        """The landing table's name."""
        return self.declaration.name

    @property
    def columns(self) -> tuple[Column, ...]:
        """Every declared column, typed as declared, with this layout's header."""
        constants = dict(self.constants)
        return tuple(
            Column(
                name=f.name,
                source=self.headers.get(f.name),
                type=f.type,
                not_null=(f.not_null or f.name in self.required) and f.name not in constants,
                non_negative=f.non_negative,
            )
            for f in self.declaration.columns
        )

    @property
    def required_headers(self) -> tuple[str, ...]:
        return tuple(c.source for c in self.columns if c.source is not None)


@dataclass(frozen=True)
class SourceDeclaration:
    """A source: its catalog entry (releases), its landing tables and their layouts."""

    entry: Source
    """The source's catalog entry: publisher, cadence, releases."""
    description: str
    """The dataset as landed: publisher's title, where it comes from, what a row is."""
    tables: tuple[Table, ...]
    layouts: tuple[Layout, ...]

    @property
    def name(self) -> str:
        return self.entry.name


MX_STATE_CODES = tuple(f"{code:02d}" for code in range(1, 33))
"""INEGI's 2-digit codes of Mexico's 32 states, '01'..'32'."""
MX_STATE_CODES_WITH_NATIONAL = ("00", *MX_STATE_CODES)
"""The same with '00', the national total."""
MONTH_NUMBERS = tuple(range(1, 13))
"""Calendar month numbers, 1..12."""
