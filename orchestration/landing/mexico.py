"""Readers for Mexican files (SESNSP, INEGI): decode, repair and check Spanish text.

Each reader returns the file as text columns named like its (repaired) headers, for
:mod:`orchestration.landing.parse` to type and check like any CSV, after making sure:

* the bytes decode in the declared encoding, and text damaged by a known misreading is
  repaired and the repair verified (:mod:`orchestration.landing.spanish_text`);
* no header or value still looks mis-encoded ("MÃ©xico", "MÈxico"), and all text is NFC;
* every state name is a known variant (``seeds/mx_state_name_variants.csv``) and, where
  the file also has a state code, the name belongs to that code.

Anything else raises :class:`LandingError` naming the file, the row (or line) and the column.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.landing.errors import LandingError
from orchestration.landing.spanish_text import (
    line_and_column,
    mojibake_in,
    nfc,
    repair_mac_roman,
)

STATE_NAME_VARIANTS_SEED = (
    Path(__file__).resolve().parents[2] / "seeds" / "mx_state_name_variants.csv"
)
MAX_REPORTED_ERRORS = 5

Encoding = Literal["utf-8", "latin-1", "mac_roman_mojibake"]
"""``mac_roman_mojibake``: UTF-8 (BOM optional) holding Latin-1 text misread as Mac Roman."""


def state_name_key(name: str) -> str:
    """How state names are compared: NFC, inner blanks collapsed, lower case.

    dbt compares them the same way (``lower(nfc_normalize(...))`` on trimmed names).
    """
    return " ".join(nfc(name).split()).lower()


@functools.cache
def state_name_variants(seed: Path = STATE_NAME_VARIANTS_SEED) -> dict[str, str]:
    """Known name variant (as :func:`state_name_key`) -> INEGI 2-digit code ('00' = Mexico)."""
    variants: dict[str, str] = {}
    with seed.open(encoding="utf-8", newline="") as fin:
        for line, row in enumerate(csv.DictReader(fin), start=2):
            key, code = state_name_key(row["name_variant"]), row["inegi_code"].strip()
            if variants.get(key, code) != code:
                raise ValueError(f"{seed}:{line}: {row['name_variant']!r} maps to two codes")
            variants[key] = code
    return variants


def _state_code(value: str) -> str:
    value = value.strip()
    return value.zfill(2) if value.isdigit() else value


@dataclass(frozen=True)
class MexicanCsv:
    """A delimited Mexican file: how it is encoded and which columns name the state."""

    encoding: Encoding
    state_name_column: str | None = None
    state_code_column: str | None = None
    na_values: tuple[str, ...] = ()
    """Literal markers of a missing value (e.g. 'NA'), landed as null."""
    delimiter: str = ","

    def __call__(self, raw_path: Path, label: str) -> pa.Table:
        if self.encoding == "mac_roman_mojibake":
            table = _read_mac_roman_mojibake(raw_path, label, self.delimiter)
        else:
            table = _read_with_duckdb(raw_path, label, self.encoding, self.delimiter)
        table = _clean_text(table, label, self.encoding, self.na_values)
        _check_state_names(table, label, self.state_name_column, self.state_code_column)
        return table


def _read_with_duckdb(raw_path: Path, label: str, encoding: str, delimiter: str) -> pa.Table:
    with duckdb.connect() as con:
        try:
            # All text and the delimiter given: the sniffer only has to find the quoting,
            # so a sample is enough (sniffing a whole 130 MB file would double the read);
            # strict_mode still refuses any row with the wrong number of fields.
            return con.execute(
                "select * from read_csv(?, header = true, all_varchar = true, "
                "delim = ?, encoding = ?, compression = 'auto', "
                "strict_mode = true, null_padding = false, sample_size = 20480)",
                [str(raw_path), delimiter, encoding],
            ).to_arrow_table()
        except duckdb.Error as exc:
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            # DuckDB says where ("CSV Error on Line: 2") and, further down, why
            why = [line for line in lines[1:] if "unicode" in line.lower()][:1]
            raise LandingError(
                f"{label}: cannot be read as {encoding} CSV: {' '.join(lines[:1] + why)}"
            ) from exc


def _read_mac_roman_mojibake(raw_path: Path, label: str, delimiter: str) -> pa.Table:
    """Decode UTF-8, undo the Latin-1-read-as-Mac-Roman damage, verify, parse."""
    data = raw_path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LandingError(
            f"{label}: line {line}: byte {data[exc.start : exc.start + 1]!r} at offset "
            f"{exc.start} is not UTF-8; expected UTF-8 text holding Latin-1 misread as Mac Roman"
        ) from exc
    if any(mojibake_in(char) for char in set(text) if ord(char) > 127):
        try:
            repaired = repair_mac_roman(text)
        except UnicodeEncodeError as exc:
            line, column = line_and_column(text, exc.start)
            raise LandingError(
                f"{label}: line {line}, character {column}: {text[exc.start]!r} cannot come "
                "from Latin-1 text misread as Mac Roman; the file is damaged in another way"
            ) from exc
        # the repair must leave clean Spanish: a wrong guess leaves marks or C1 controls
        left = [char for char in set(repaired) if ord(char) > 127 and mojibake_in(char)]
        if left:
            offset = min(repaired.index(char) for char in left)
            line, column = line_and_column(repaired, offset)
            raise LandingError(
                f"{label}: line {line}, character {column}: still "
                f"{mojibake_in(repaired[offset])} after undoing the Mac Roman misreading; "
                "the file is not what its layout says"
            )
        text = repaired
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        raise LandingError(f"{label}: the file is empty")
    header, body = rows[0], rows[1:]
    columns: dict[str, list[str | None]] = {name: [] for name in header}
    for number, row in enumerate(body, start=1):
        if len(row) != len(header):
            raise LandingError(
                f"{label}: row {number} has {len(row)} fields, the header has {len(header)}"
            )
        for name, value in zip(header, row, strict=True):
            columns[name].append(value)
    return pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})


def _clean_text(table: pa.Table, label: str, encoding: str, na_values: tuple[str, ...]) -> pa.Table:
    """Refuse text that still looks mis-encoded; NFC-normalise; null the NA markers."""
    errors: list[str] = []
    for name in table.column_names:
        mark = mojibake_in(name)
        if mark:
            errors.append(f"{label}: header {name!r} looks mis-encoded ({mark})")
    columns: dict[str, pa.ChunkedArray | pa.Array] = {}
    for name in table.column_names:
        column = table.column(name).cast(pa.string())
        distinct = [v for v in pc.unique(column).to_pylist() if v is not None]
        for value in distinct:
            mark = mojibake_in(value)
            if mark and len(errors) < MAX_REPORTED_ERRORS:
                row = pc.index(column, value).as_py() + 1
                errors.append(
                    f"{label}: row {row}, column {name!r}: {value!r} looks mis-encoded "
                    f"({mark}); is the file really {encoding}?"
                )
        if any(nfc(v) != v for v in distinct):
            column = pa.array(
                [None if v is None else nfc(v) for v in column.to_pylist()], pa.string()
            )
        if na_values:
            column = pc.if_else(pc.is_in(column, pa.array(na_values, pa.string())), None, column)
        columns[nfc(name)] = column
    if errors:
        raise LandingError("\n".join(errors))
    return pa.table(columns)


def _check_state_names(
    table: pa.Table, label: str, name_column: str | None, code_column: str | None
) -> None:
    """Every state name is a known variant and agrees with the state code beside it."""
    if name_column is None or name_column not in table.column_names:
        return  # a missing column is reported by the landing header check
    with_code = code_column is not None and code_column in table.column_names
    keys = [name_column, code_column] if with_code else [name_column]
    pairs = table.select(keys).group_by(keys).aggregate([]).to_pylist()
    variants = state_name_variants()
    errors: list[str] = []
    for pair in pairs:
        name, code = pair[name_column], pair.get(code_column) if with_code else None
        if name is None or not name.strip():
            continue  # blank names are the landing not_null check's to report
        known = variants.get(state_name_key(name))
        if known is not None and (code is None or _state_code(code) == known):
            continue
        mask = pc.equal(table.column(name_column), name)
        if with_code and code is not None:
            mask = pc.and_(mask, pc.equal(table.column(code_column), code))
        row = pc.index(mask, True).as_py() + 1
        if known is None:
            errors.append(
                f"{label}: row {row}, column {name_column!r}: unknown Mexican state name "
                f"{name!r} (add it to seeds/mx_state_name_variants.csv if it is a real variant)"
            )
        else:
            errors.append(
                f"{label}: row {row}, column {name_column!r}: {name!r} is state {known}, "
                f"but column {code_column!r} says {code!r}"
            )
        if len(errors) >= MAX_REPORTED_ERRORS:
            break
    if errors:
        raise LandingError("\n".join(errors))
