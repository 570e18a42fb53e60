"""Read a returned questionnaire (XLSX or CSV) into typed answers, every problem located.

A problem is one line ``file: sheet S, row R, column C (header): what to do`` (CSV: ``file:
row R, column C (header): ...``). Columns are found by their header, so a respondent who
widened or hid a column does not break the import; rows are found by their question id, never
by position. A formula where an answer belongs is refused (its result is not an answer anyone
wrote). Files are read only up to :data:`MAX_BYTES` and :data:`MAX_ROWS`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from selector.errors import InputError
from selector.questionnaire.build import FORMAT, FORMAT_VERSION, split_id
from selector.questionnaire.write import (
    ANSWER_COLUMNS,
    ASSESSMENT_LABEL,
    COVER_SHEET,
    FORMAT_LABEL,
    OPTION_LABEL,
    QUESTIONS_SHEET,
    RESPONDENT,
    RESPONSE_DATE,
)

MAX_BYTES = 16 * 2**20
MAX_ROWS = 5_000
EVIDENCE_LIMIT, REMARKS_LIMIT, RESPONDENT_LIMIT = 250, 1_500, 200
QID, ANSWER, EVIDENCE, REMARKS = "Question id", *ANSWER_COLUMNS


@dataclass(frozen=True, slots=True)
class Answer:
    qid: str
    option: str
    target: str
    checklist: bool
    raw: Any
    """What the Answer cell holds (text, number, boolean, date); None when only evidence or
    remarks were given."""
    evidence: str | None
    remarks: str | None
    where: str
    """``file: sheet S, row R, column C (Answer)``: where a problem with the answer is."""


@dataclass(frozen=True, slots=True)
class Returned:
    path: str
    name: str
    sha256: str
    data: bytes
    respondent: str | None
    response_date: date | None
    option: str | None
    assessment: str | None
    answers: tuple[Answer, ...]
    problems: tuple[str, ...] = ()
    """Rows that cannot be read (a formula, an edited question id), reported with the answers'
    own problems so that one run lists everything to fix."""


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    return str(get_column_letter(col))


class _Where:
    def __init__(self, path: str, sheet: str | None, headers: dict[str, int]) -> None:
        self.path, self.sheet = path, sheet
        self.names = {col: name for name, col in headers.items()}

    def __call__(self, row: int, col: int) -> str:
        sheet = f"sheet {self.sheet}, " if self.sheet else ""
        name = self.names.get(col)
        return f"{self.path}: {sheet}row {row}, column {_letter(col)}" + (f" ({name})" if name else "")


def read_returned(path: str | os.PathLike[str]) -> Returned:
    shown = os.fspath(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise InputError(f"{shown}: {size:,} bytes; a returned questionnaire may be at most "
                             f"{MAX_BYTES:,}")
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{shown}: is a directory; give the returned questionnaire's file") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror or exc})") from None
    suffix = Path(shown).suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(shown, data)
    if suffix == ".csv":
        return _read_csv(shown, data)
    raise InputError(f"{shown}: import reads the .xlsx or .csv questionnaire "
                     "(the .md export is for reading)")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = (value.isoformat()[:10] if isinstance(value, datetime | date) else str(value)).strip()
    return text or None


def _rows(shown: str, table: list[list[Any]], where: _Where, headers: dict[str, int],
          formulas: set[tuple[int, int]]) -> tuple[tuple[Answer, ...], list[str]]:
    problems: list[str] = []
    answers: list[Answer] = []
    seen: dict[str, int] = {}
    for index, values in enumerate(table[1:], start=2):
        def get(name: str, row: list[Any] = values) -> Any:
            col = headers[name]
            return row[col - 1] if col - 1 < len(row) else None
        qid = _text(get(QID))
        given = {name: get(name) for name in ANSWER_COLUMNS}
        formula = [name for name in ANSWER_COLUMNS if (index, headers[name]) in formulas]
        for name in formula:
            problems.append(f"{where(index, headers[name])}: a formula is not an answer; "
                            "type the value itself")
        if isinstance(given[ANSWER], str) and not given[ANSWER].strip():
            given[ANSWER] = None
        if qid is None:
            if any(_text(v) for v in given.values()):
                problems.append(f"{where(index, headers[QID])}: an answer without a question id; "
                                "answer in the rows of the questions as exported")
            continue
        option, target, checklist = split_id(qid)
        if not option or not target:
            problems.append(f"{where(index, headers[QID])}: '{qid}' is not a question id of this "
                            "questionnaire; do not edit the question ids")
            continue
        if qid in seen:
            problems.append(f"{where(index, headers[QID])}: question '{qid}' also in row "
                            f"{seen[qid]}; answer each question once")
            continue
        seen[qid] = index
        evidence, remarks = _text(given[EVIDENCE]), _text(given[REMARKS])
        for name, text, limit in ((EVIDENCE, evidence, EVIDENCE_LIMIT),
                                  (REMARKS, remarks, REMARKS_LIMIT)):
            if text is not None and len(text) > limit:
                problems.append(f"{where(index, headers[name])}: {len(text):,} characters; at most "
                                f"{limit:,} (put the rest in the evidence document)")
        raw = given[ANSWER]
        if formula or (raw is None and evidence is None and remarks is None):
            continue
        answers.append(Answer(qid, option, target, checklist, raw, evidence, remarks,
                              where(index, headers[ANSWER])))
    if len(table) > MAX_ROWS:
        problems.append(f"{shown}: {len(table):,} rows; a questionnaire has at most {MAX_ROWS:,}")
    return tuple(answers), problems


def _headers(shown: str, header: list[Any], sheet: str | None) -> dict[str, int]:
    headers = {str(v).strip(): i for i, v in enumerate(header, start=1) if v is not None}
    missing = [name for name in (QID, *ANSWER_COLUMNS) if name not in headers]
    if missing:
        where = f"sheet {sheet}, " if sheet else ""
        raise InputError(f"{shown}: {where}row 1: no column '{missing[0]}'; keep the header row "
                         "as exported")
    return headers


def _read_csv(shown: str, data: bytes) -> Returned:
    import csv
    import io

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{shown}: byte {exc.start}: not UTF-8 text; save the CSV as UTF-8") from None
    table = [row for row in csv.reader(io.StringIO(text))]
    if not table:
        raise InputError(f"{shown}: empty; return the questionnaire with its header row")
    headers = _headers(shown, table[0], None)
    answers, problems = _rows(shown, [list(r) for r in table], _Where(shown, None, headers),
                              headers, set())
    option = answers[0].option if answers else None
    return Returned(shown, Path(shown).name, hashlib.sha256(data).hexdigest(), data, None, None,
                    option, None, answers, tuple(problems))


def _read_xlsx(shown: str, data: bytes) -> Returned:
    import io
    import zipfile

    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        book = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise InputError(f"{shown}: not an XLSX workbook that can be read ({type(exc).__name__}); "
                         "return the questionnaire as exported") from None
    if COVER_SHEET not in book.sheetnames or QUESTIONS_SHEET not in book.sheetnames:
        raise InputError(f"{shown}: no '{COVER_SHEET}' and '{QUESTIONS_SHEET}' sheets; this is not "
                         "a questionnaire exported by selector")
    cover = {str(r[0].value).strip(): r[1] for r in book[COVER_SHEET].iter_rows(min_col=1, max_col=2)
             if r[0].value is not None and len(r) > 1}
    marker = f"{FORMAT} {FORMAT_VERSION}"
    if cover.get(FORMAT_LABEL) is None or cover[FORMAT_LABEL].value != marker:
        raise InputError(f"{shown}: sheet {COVER_SHEET}: no '{FORMAT_LABEL}: {marker}' row; this is "
                         "not a questionnaire exported by selector (or a newer format)")
    problems: list[str] = []
    respondent = _text(cover[RESPONDENT].value) if RESPONDENT in cover else None
    if respondent is not None and len(respondent) > RESPONDENT_LIMIT:
        problems.append(f"{shown}: sheet {COVER_SHEET}, row {cover[RESPONDENT].row}, column B: "
                        f"at most {RESPONDENT_LIMIT} characters")
    response = _response_date(cover.get(RESPONSE_DATE))
    if isinstance(response, str):
        problems.append(f"{shown}: sheet {COVER_SHEET}, row {cover[RESPONSE_DATE].row}, column B "
                        f"({RESPONSE_DATE}): {response}")
    ws = book[QUESTIONS_SHEET]
    if ws.max_row > MAX_ROWS:
        raise InputError(f"{shown}: sheet {QUESTIONS_SHEET}: {ws.max_row:,} rows; a questionnaire "
                         f"has at most {MAX_ROWS:,}")
    table: list[list[Any]] = []
    formulas: set[tuple[int, int]] = set()
    for cells in ws.iter_rows():
        table.append([c.value for c in cells])
        formulas.update((c.row, c.column) for c in cells if c.data_type == "f")
    if not table:
        raise InputError(f"{shown}: sheet {QUESTIONS_SHEET} is empty")
    headers = _headers(shown, table[0], QUESTIONS_SHEET)
    answers, row_problems = _rows(shown, table, _Where(shown, QUESTIONS_SHEET, headers), headers,
                                  formulas)
    problems.extend(row_problems)
    option = _text(cover[OPTION_LABEL].value) if OPTION_LABEL in cover else None
    assessment = _text(cover[ASSESSMENT_LABEL].value) if ASSESSMENT_LABEL in cover else None
    return Returned(shown, Path(shown).name, hashlib.sha256(data).hexdigest(), data, respondent,
                    response if isinstance(response, date) else None, option, assessment, answers,
                    tuple(problems))


def _response_date(cell: Any) -> date | str | None:
    """The cover's date of response: a date, None when blank, or what is wrong with it."""
    if cell is None or cell.value is None or str(cell.value).strip() == "":
        return None
    value = cell.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return f"{str(value)[:40]!r} is not a date; write YYYY-MM-DD"
