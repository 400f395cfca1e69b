"""Reader for ATF "Number of Firearms Sourced and Recovered in the United States and
Territories" workbooks (Firearms Trace Data, one workbook per calendar year).

Each workbook is a matrix, not a table: one row per **source** state (where the firearm
was first sold at retail), one column per **recovery** state, a TOTAL(S) column at the
right and a TOTAL(S) row at the bottom; some years add footnote rows below the matrix.
The layout drifts between years (sheet name, banner position, TOTAL vs TOTALS, Guam's
label, an extra CANADA source row in 2012, a formula for the 2013 grand total), so the
matrix is located by content, never by fixed row or column numbers:

* the **header row** is the first row (of the first :data:`MAX_HEADER_SCAN`) holding a
  "Source State" cell and a TOTAL/TOTALS cell; recovery labels are the header cells
  between the first label after "Source State" and the TOTAL cell;
* the **source labels** sit in the column just left of the first recovery label;
* the **TOTAL row** is the first row below the header whose source label is TOTAL(S);
  rows below it may only hold notes (text), never numbers.

The matrix becomes one long text table — ``calendar_year, source_state, recovery_state,
firearms, source_sheet, source_cell`` — with one row per non-total cell, zeros included
(ATF prints every zero). A blank cell inside the matrix (none of the 2010-2020 files has
one) is landed as no row and counts as 0 in the reconciliation. Labels are landed as
published (trimmed); mapping them to geographies is dbt's job.

Before anything is returned the long table is **reconciled** with the file's own totals:
every row total, every column total and the grand total. A mismatch raises
:class:`LandingError` naming the file, the sheet and the cell, unless it is a pinned
erratum of that exact file (:data:`KNOWN_TOTAL_ERRATA`, keyed by sha256).

Formula cells are read through their cached values (python-calamine), e.g. the 2013
grand total ``=SUM(C57:BD57)``; a formula without a cached value reads as blank and fails
the reconciliation.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from python_calamine import CalamineError, CalamineWorkbook

from orchestration.landing.errors import LandingError

MAX_HEADER_SCAN = 30
"""The header row must be among the first rows of the sheet."""
MAX_REPORTED = 10
"""How many problems one error message lists."""

TOTAL_LABELS = frozenset({"TOTAL", "TOTALS"})
SOURCE_STATE_LABELS = frozenset({"SOURCE STATE", "SOURCE STATES"})

# Every table must carry these on both axes: a matrix without one of them has lost a row
# or a column. Territories, CANADA & co. vary by year and are checked in dbt.
REQUIRED_LABELS: tuple[str, ...] = (
    "ALABAMA",
    "ALASKA",
    "ARIZONA",
    "ARKANSAS",
    "CALIFORNIA",
    "COLORADO",
    "CONNECTICUT",
    "DELAWARE",
    "DISTRICT OF COLUMBIA",
    "FLORIDA",
    "GEORGIA",
    "HAWAII",
    "IDAHO",
    "ILLINOIS",
    "INDIANA",
    "IOWA",
    "KANSAS",
    "KENTUCKY",
    "LOUISIANA",
    "MAINE",
    "MARYLAND",
    "MASSACHUSETTS",
    "MICHIGAN",
    "MINNESOTA",
    "MISSISSIPPI",
    "MISSOURI",
    "MONTANA",
    "NEBRASKA",
    "NEVADA",
    "NEW HAMPSHIRE",
    "NEW JERSEY",
    "NEW MEXICO",
    "NEW YORK",
    "NORTH CAROLINA",
    "NORTH DAKOTA",
    "OHIO",
    "OKLAHOMA",
    "OREGON",
    "PENNSYLVANIA",
    "RHODE ISLAND",
    "SOUTH CAROLINA",
    "SOUTH DAKOTA",
    "TENNESSEE",
    "TEXAS",
    "UTAH",
    "VERMONT",
    "VIRGINIA",
    "WASHINGTON",
    "WEST VIRGINIA",
    "WISCONSIN",
    "WYOMING",
)

_YEAR_IN_NAME = re.compile(r"cy(\d{4})\.xlsx$", re.IGNORECASE)
_YEAR_IN_NOTE = re.compile(r"between\s+1/1/(\d{4})\s*-\s*12/31/(\d{4})", re.IGNORECASE)


@dataclass(frozen=True)
class TotalErratum:
    """A total cell of one exact published file that disagrees with the cells it totals."""

    cell: str
    stated: int
    computed: int
    why: str


# The CY2012 workbook (sha256 pinned in the catalog and PROVENANCE.md) states six source-
# state row totals that are smaller than their rows: 8 firearms in all. Its 57 column
# totals and its grand total (156,346) agree with the cells, so the cells are landed as
# published and these six row totals are known errata of that file. Any other file, or
# any other mismatch in this one, still fails.
_CY2012_ROW_TOTAL = "CY2012 row total smaller than its row; column totals and grand total agree"
KNOWN_TOTAL_ERRATA: dict[str, tuple[TotalErratum, ...]] = {
    "cfc79b5f962bb7670081fdb5147b6407a4fef72fae7768d82bdefaa3f8e251a3": (
        TotalErratum("BE7", 14_813, 14_814, _CY2012_ROW_TOTAL),  # CALIFORNIA
        TotalErratum("BE13", 9_338, 9_339, _CY2012_ROW_TOTAL),  # GEORGIA
        TotalErratum("BE26", 2_592, 2_595, _CY2012_ROW_TOTAL),  # MICHIGAN
        TotalErratum("BE37", 7_879, 7_880, _CY2012_ROW_TOTAL),  # NORTH CAROLINA
        TotalErratum("BE41", 2_223, 2_224, _CY2012_ROW_TOTAL),  # OREGON
        TotalErratum("BE42", 6_796, 6_797, _CY2012_ROW_TOTAL),  # PENNSYLVANIA
    ),
}

Cell = object
"""A calamine cell value: str ('' when empty), float, int, bool, date/time ..."""


def column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letters (0 -> A, 56 -> BE)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based (row, column) -> 'C3'."""
    return f"{column_letter(col)}{row + 1}"


def normalise_label(value: Cell) -> str:
    """Upper-case, single-spaced text of a label cell ('US VIRGIN  ISLANDS' -> one space)."""
    return " ".join(str(value).split()).upper()


def _is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_text(value: Cell) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _count(value: Cell) -> int | None:
    """A non-negative whole count, or None if the cell is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = float(value)
    elif isinstance(value, float):
        number = value
    else:
        return None
    if number != number or number < 0 or not number.is_integer():  # NaN, negative, fraction
        return None
    return int(number)


def _fmt(value: int) -> str:
    return f"{value:,}"


def _show(value: Cell) -> str:
    """A cell value for a message: whole floats as integers (-5.0 -> -5), text quoted."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


class _Sheet:
    """A sheet's cells as a padded grid with 0-based access."""

    def __init__(self, name: str, rows: list[list[Cell]]) -> None:
        self.name = name
        self.rows = rows
        self.width = max((len(r) for r in rows), default=0)

    def get(self, row: int, col: int) -> Cell:
        if row >= len(self.rows) or col >= len(self.rows[row]):
            return ""
        return self.rows[row][col]


@dataclass(frozen=True)
class _Matrix:
    sheet: _Sheet
    header_row: int
    label_col: int
    recovery_cols: tuple[int, ...]
    total_col: int
    data_rows: tuple[int, ...]
    total_row: int


class _Problems:
    """Collects located problems and raises them together."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.items: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)

    def raise_if_any(self) -> None:
        if self.items:
            shown = self.items[:MAX_REPORTED]
            more = len(self.items) - len(shown)
            lines = [f"{self.where}: {m}" for m in shown]
            if more:
                lines.append(f"{self.where}: ... and {more} more problem(s)")
            raise LandingError("\n".join(lines))


def _open_sheets(raw_path: Path, label: str) -> list[_Sheet]:
    try:
        workbook = CalamineWorkbook.from_path(str(raw_path))
        return [
            _Sheet(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in workbook.sheet_names
        ]
    except (CalamineError, OSError, ValueError) as exc:
        raise LandingError(f"{label}: not a readable xlsx workbook: {exc}") from exc


def _find_header(sheet: _Sheet) -> int | None:
    for row in range(min(MAX_HEADER_SCAN, len(sheet.rows))):
        labels = {normalise_label(v) for v in sheet.rows[row] if _is_text(v)}
        if labels & TOTAL_LABELS and labels & SOURCE_STATE_LABELS:
            return row
    return None


def _locate(sheet: _Sheet, header: int, where: str) -> _Matrix:
    """Find the label column, the recovery columns, the TOTAL column and row."""
    problems = _Problems(where)
    cells = [sheet.get(header, c) for c in range(sheet.width)]
    total_col = next(c for c, v in enumerate(cells) if normalise_label(v) in TOTAL_LABELS)
    marker_col = next(c for c, v in enumerate(cells) if normalise_label(v) in SOURCE_STATE_LABELS)
    labelled = [c for c in range(marker_col + 1, total_col) if not _is_blank(cells[c])]
    if not labelled:
        raise LandingError(
            f"{where}: header row {header + 1} has no recovery-state labels between "
            f"{cell_ref(header, marker_col)} and the TOTAL cell {cell_ref(header, total_col)}"
        )
    first = labelled[0]
    label_col = first - 1
    recovery_cols = tuple(range(first, total_col))
    for col in recovery_cols:
        value = cells[col]
        if not _is_text(value):
            problems.add(
                f"header cell {cell_ref(header, col)} should name a recovery state but holds "
                f"{_show(value)}"
            )
    for col in range(total_col + 1, sheet.width):
        if not _is_blank(cells[col]):
            problems.add(
                f"header cell {cell_ref(header, col)} ({cells[col]!r}) is right of the TOTAL "
                f"column {column_letter(total_col)}: unknown extra column"
            )
    problems.raise_if_any()

    total_row = None
    data_rows: list[int] = []
    for row in range(header + 1, len(sheet.rows)):
        # the TOTAL label is looked for left of the counts, not only in the label column,
        # so that a header shifted against the data is reported as such (see _check_labels)
        if any(normalise_label(sheet.get(row, c)) in TOTAL_LABELS for c in range(first)):
            total_row = row
            break
        values = [sheet.get(row, c) for c in range(sheet.width)]
        if all(_is_blank(v) for v in values):
            continue  # a spacer row
        data_rows.append(row)
    if total_row is None:
        raise LandingError(
            f"{where}: no TOTAL/TOTALS row below header row {header + 1} in columns "
            f"A-{column_letter(label_col)} (left of the first recovery state "
            f"{cell_ref(header, first)}): is the header row shifted against the data?"
        )
    return _Matrix(sheet, header, label_col, recovery_cols, total_col, tuple(data_rows), total_row)


def _check_labels(matrix: _Matrix, where: str) -> tuple[list[str], list[str]]:
    """Source and recovery labels, with blank/duplicate/missing labels reported."""
    sheet, problems = matrix.sheet, _Problems(where)
    recovery = [str(sheet.get(matrix.header_row, c)).strip() for c in matrix.recovery_cols]
    sources: list[str] = []
    not_labels: list[tuple[str, Cell]] = []
    for row in matrix.data_rows:
        value = sheet.get(row, matrix.label_col)
        ref = cell_ref(row, matrix.label_col)
        if _is_text(value):
            sources.append(str(value).strip())
        elif _is_blank(value):
            problems.add(f"row {row + 1} holds counts but its source-state label {ref} is blank")
            sources.append("")
        else:
            not_labels.append((ref, value))
            sources.append("")
    if not_labels:
        (first, value), more = not_labels[0], len(not_labels) - 1
        others = f" (and {more} more cell(s) of column {column_letter(matrix.label_col)})"
        raise LandingError(
            f"{where}: cell {first} should hold the source-state label of its row but holds "
            f"{_show(value)}{others if more else ''}: is the header row shifted against the "
            "data?"
        )
    for axis, labels, where_axis in (
        ("recovery-state column", recovery, f"header row {matrix.header_row + 1}"),
        ("source-state row", sources, f"column {column_letter(matrix.label_col)}"),
    ):
        seen: dict[str, int] = {}
        for label in labels:
            key = normalise_label(label)
            if key:
                seen[key] = seen.get(key, 0) + 1
        for key, count in seen.items():
            if count > 1:
                problems.add(f"{axis} {key!r} appears {count} times in {where_axis}")
        for required in REQUIRED_LABELS:
            if required not in seen:
                problems.add(f"{axis} {required!r} is missing from {where_axis}")
    problems.raise_if_any()
    return sources, recovery


def _read_counts(matrix: _Matrix, where: str) -> dict[tuple[int, int], int | None]:
    """Every count of the matrix, totals included: (row, col) -> count (None = blank)."""
    sheet, problems = matrix.sheet, _Problems(where)
    counts: dict[tuple[int, int], int | None] = {}
    for row in (*matrix.data_rows, matrix.total_row):
        for col in (*matrix.recovery_cols, matrix.total_col):
            value = sheet.get(row, col)
            if _is_blank(value):
                counts[(row, col)] = None
                continue
            count = _count(value)
            if count is None:
                problems.add(
                    f"cell {cell_ref(row, col)} holds {_show(value)}: expected a whole, "
                    "non-negative number of firearms"
                )
            counts[(row, col)] = count
        for col in range(matrix.total_col + 1, sheet.width):
            if not _is_blank(sheet.get(row, col)):
                problems.add(
                    f"cell {cell_ref(row, col)} holds {_show(sheet.get(row, col))} right of the "
                    f"TOTAL column {column_letter(matrix.total_col)}"
                )
    for row in range(matrix.total_row + 1, len(sheet.rows)):
        for col in range(sheet.width):
            value = sheet.get(row, col)
            if not _is_blank(value) and not _is_text(value):
                problems.add(
                    f"cell {cell_ref(row, col)} below the TOTAL row {matrix.total_row + 1} holds "
                    f"{_show(value)}: only notes may follow the matrix"
                )
    problems.raise_if_any()
    return counts


def _reconcile(
    matrix: _Matrix,
    counts: dict[tuple[int, int], int | None],
    sources: list[str],
    recovery: list[str],
    where: str,
    errata: tuple[TotalErratum, ...],
) -> None:
    """Every row total, column total and the grand total must equal the cells' sums."""
    problems = _Problems(where)
    pinned = {e.cell: e for e in errata}
    used: set[str] = set()

    def compare(what: str, row: int, col: int, computed: int) -> None:
        ref = cell_ref(row, col)
        stated = counts[(row, col)]
        if stated is None:
            problems.add(f"{what} cell {ref} is blank but the cells add up to {_fmt(computed)}")
            return
        if stated == computed:
            return
        erratum = pinned.get(ref)
        if erratum and (erratum.stated, erratum.computed) == (stated, computed):
            used.add(ref)
            return
        problems.add(
            f"{what} cell {ref} says {_fmt(stated)} but the {_adds(what)} {_fmt(computed)}"
        )

    def value(row: int, col: int) -> int:
        return counts[(row, col)] or 0

    for row, label in zip(matrix.data_rows, sources, strict=True):
        computed = sum(value(row, c) for c in matrix.recovery_cols)
        compare(f"row {label!r} total", row, matrix.total_col, computed)
    for col, label in zip(matrix.recovery_cols, recovery, strict=True):
        computed = sum(value(r, col) for r in matrix.data_rows)
        compare(f"column {label!r} total", matrix.total_row, col, computed)
    grand = sum(value(r, c) for r in matrix.data_rows for c in matrix.recovery_cols)
    compare("grand total", matrix.total_row, matrix.total_col, grand)
    for ref in sorted(set(pinned) - used):
        problems.add(
            f"pinned erratum for cell {ref} ({pinned[ref].why}) was not found: the file or the "
            "reader changed; review KNOWN_TOTAL_ERRATA"
        )
    problems.raise_if_any()


def _adds(what: str) -> str:
    if what.startswith("row"):
        return "row adds up to"
    if what.startswith("column"):
        return "column adds up to"
    return "matrix adds up to"


def _calendar_year(sheet: _Sheet, matrix: _Matrix, label: str, where: str) -> int:
    """From the release file name (``..._cy2020.xlsx``), cross-checked with ATF's footnote."""
    match = _YEAR_IN_NAME.search(label)
    if not match:
        raise LandingError(
            f"{label}: cannot tell the calendar year: the file name does not end in 'cy<year>.xlsx'"
        )
    year = int(match.group(1))
    for row in range(matrix.total_row + 1, len(sheet.rows)):
        for col in range(sheet.width):
            value = sheet.get(row, col)
            note = _YEAR_IN_NOTE.search(value) if isinstance(value, str) else None
            if note and {int(note.group(1)), int(note.group(2))} != {year}:
                raise LandingError(
                    f"{where}: footnote {cell_ref(row, col)} covers "
                    f"{note.group(1)}-{note.group(2)} but the file name says CY{year}"
                )
    return year


def _pick_sheet(sheets: list[_Sheet], label: str) -> tuple[_Sheet, int]:
    found = [(s, h) for s in sheets for h in [_find_header(s)] if h is not None]
    if not found:
        names = ", ".join(repr(s.name) for s in sheets) or "none"
        raise LandingError(
            f"{label}: no sheet has a header row (a 'Source State' cell and a TOTAL/TOTALS "
            f"cell in the first {MAX_HEADER_SCAN} rows); sheets: {names}"
        )
    if len(found) > 1:
        names = ", ".join(repr(s.name) for s, _ in found)
        raise LandingError(
            f"{label}: more than one sheet holds a source x recovery matrix: {names}"
        )
    return found[0]


def atf_source_recovery_xlsx(raw_path: Path, label: str) -> pa.Table:
    """ATF source x recovery workbook -> one text row per (source, recovery) cell."""
    sheet, header = _pick_sheet(_open_sheets(raw_path, label), label)
    where = f"{label}, sheet {sheet.name!r}"
    matrix = _locate(sheet, header, where)
    sources, recovery = _check_labels(matrix, where)
    counts = _read_counts(matrix, where)
    digest = hashlib.sha256(raw_path.read_bytes()).hexdigest()
    _reconcile(matrix, counts, sources, recovery, where, KNOWN_TOTAL_ERRATA.get(digest, ()))
    year = _calendar_year(sheet, matrix, label, where)

    columns: dict[str, list[str | None]] = {
        "calendar_year": [],
        "source_state": [],
        "recovery_state": [],
        "firearms": [],
        "source_sheet": [],
        "source_cell": [],
    }
    for row, source in zip(matrix.data_rows, sources, strict=True):
        for col, recovered in zip(matrix.recovery_cols, recovery, strict=True):
            count = counts[(row, col)]
            if count is None:
                continue  # blank = nothing published for the pair: no row
            columns["calendar_year"].append(str(year))
            columns["source_state"].append(source)
            columns["recovery_state"].append(recovered)
            columns["firearms"].append(str(count))
            columns["source_sheet"].append(sheet.name)
            columns["source_cell"].append(cell_ref(row, col))
    return pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})
