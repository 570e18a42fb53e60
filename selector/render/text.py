"""Small helpers for aligned plain-text tables, inert terminal text and safe CSV cells."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029" + _BIDI + "\ud800-\udfff]"
)
_UNSAFE_KEEP_NEWLINES = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029" + _BIDI + "\ud800-\udfff]"
)


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def inert(text: str, *, newlines: bool = False) -> str:
    """``text`` made harmless for a terminal, every dangerous character shown visibly.

    C0 controls (ESC, BEL, CR, tab, ...) become ``\\x1b``-style escapes; DEL, C1 controls
    (8-bit CSI and OSC), line and paragraph separators, bidi overrides and lone surrogates become
    ``\\u202e``-style escapes. An escape sequence thus loses its introducer and prints as text.
    The ``\\uXXXX`` form is also a valid JSON escape of the same character, so JSON output
    passed through here still decodes to the original data. ``newlines`` keeps line feeds (for
    whole multi-line outputs); otherwise they are shown as ``\\x0a`` too.
    """
    pattern = _UNSAFE_KEEP_NEWLINES if newlines else _UNSAFE
    return pattern.sub(_shown, text) if pattern.search(text) else text


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    """Columns padded to their widest cell; ``right`` lists right-aligned column indexes.

    Cells are made inert before they are measured, so the columns line up as printed."""
    headers = [inert(h) for h in headers]
    rows = [[inert(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def fmt(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    lines = [fmt(headers), fmt(["-" * w for w in widths])]
    lines.extend(fmt(row) for row in rows)
    return "\n".join(lines)


def clip(text: str, width: int) -> str:
    """At most ``width`` characters, made inert first so a cut never splits an escape."""
    text = inert(text)
    return text if len(text) <= width else text[: width - 1] + "…"


_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def safe_cell(value: object, *, every_line: bool = True) -> object:
    """Neutralise spreadsheet formulas in one CSV or XLSX cell (the one guard every writer uses).

    Every kind of line break becomes a line feed, so a CSV writer always quotes a cell that
    holds one (a bare CR was left unquoted and started a new row in spreadsheets and pandas);
    then the start of the cell *and* (``every_line``, for CSV, which a reader may split) the
    start of every line inside it that begins with = + - @ or a tab gets a ``'``, so no reader
    finds a live formula. XLSX cells are never split, so there only the start is guarded.
    """
    if not isinstance(value, str):
        return value
    text = _LINE_BREAKS.sub("\n", value)
    if not every_line:
        return "'" + text if text.startswith(FORMULA_PREFIXES) else text
    if text.startswith(FORMULA_PREFIXES) or "\n" in text:
        text = "\n".join("'" + line if line.startswith(FORMULA_PREFIXES) else line
                          for line in text.split("\n"))
    return text


def csv_writer(buffer: io.StringIO) -> Any:
    """The CSV dialect of every export: line-feed rows, and any cell with a line feed, quote or
    comma quoted (``safe_cell`` has already turned every other line break into a line feed)."""
    return csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def number(value: float, digits: int = 2) -> str:
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
