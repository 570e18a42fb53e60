"""The questionnaire as the vendor receives it: XLSX (to fill in and return), CSV (to fill in
and return), Markdown (to read).

XLSX: a cover sheet (institution, use case, vendor, offering, dates, instructions, and two cells
for the respondent), a Questions sheet with one row per question, data validation from each
answer type (a list of the allowed values, whole or decimal numbers within their bounds, dates),
and every sheet protected except the Answer, Evidence reference and Remarks cells and the
respondent's cells. Every text cell is neutralised against formulas (``reports.xlsx.cell``), and
the same inputs give the same bytes (``reports.xlsx.workbook_bytes``, the issue date as the
document time). The cover's last rows identify the questionnaire for ``import``.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from selector.questionnaire.build import FORMAT, FORMAT_VERSION, Questionnaire, Row
from selector.render.text import csv_writer, safe_cell

COLUMNS = ("No.", "Question id", "Topic", "Question", "Answer type", "Allowed values",
           "Current value", "Current confidence", "Current source", "Answer",
           "Evidence reference (document, section, page)", "Remarks")
ANSWER_COLUMNS = ("Answer", "Evidence reference (document, section, page)", "Remarks")
WIDTHS = (5, 28, 16, 60, 22, 40, 28, 12, 40, 30, 40, 30)
QUESTIONS_SHEET, COVER_SHEET, LISTS_SHEET = "Questions", "Cover", "Lists"
RESPONDENT, RESPONSE_DATE, FORMAT_LABEL = "Respondent (name, role)", "Date of response", "Format"
OPTION_LABEL, ASSESSMENT_LABEL, SHA_LABEL = "Offering id", "Assessment", "Profile sha256"


def row_values(row: Row) -> list[Any]:
    return [row.number, row.qid, row.topic, row.question, row.type_label, row.allowed,
            row.current or None, row.confidence or None, row.source or None, None, None, None]


def cover_rows(q: Questionnaire) -> list[tuple[str, Any]]:
    return [
        ("Questionnaire", "Vendor due-diligence questionnaire"),
        ("Institution", q.institution), ("Use case", q.use_case), ("Vendor", q.vendor),
        ("Offering", q.offering), ("Issued", q.issued.isoformat()),
        ("Response deadline", q.deadline.isoformat()), ("Questions", len(q.rows)),
        ("Instructions", q.instructions),
        (RESPONDENT, None), (RESPONSE_DATE, None),
        (FORMAT_LABEL, f"{FORMAT} {FORMAT_VERSION}"), (OPTION_LABEL, q.option),
        (ASSESSMENT_LABEL, q.assessment), (SHA_LABEL, q.profile_sha256),
    ]


def render_csv(q: Questionnaire) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(COLUMNS)
    for row in q.rows:
        writer.writerow([safe_cell("" if v is None else v) for v in row_values(row)])
    return buffer.getvalue().encode("utf-8")


def render_md(q: Questionnaire) -> bytes:
    from selector.reports.markdown import md_escape

    lines = [f"# Vendor due-diligence questionnaire: {md_escape(q.offering)}", ""]
    lines += [f"- **{md_escape(k)}**: {md_escape(v)}" for k, v in cover_rows(q)[1:8]]
    lines += ["", md_escape(q.instructions), "",
              "| No. | Question id | Question | Answer type | Allowed values | Current value | "
              "Current source | Answer |", "|---|---|---|---|---|---|---|---|"]
    for row in q.rows:
        cells = [row.number, row.qid, row.question, row.type_label, row.allowed,
                 f"{row.current or '-'} ({row.confidence or '-'})", row.source or "-", " "]
        lines.append("| " + " | ".join(str(md_escape(c)) for c in cells) + " |")
    lines += ["", f"Return the XLSX or CSV version of this questionnaire with your answers "
              f"({md_escape(FORMAT)} {FORMAT_VERSION}, offering id {md_escape(q.option)}).", ""]
    return "\n".join(lines).encode("utf-8")


def render_xlsx(q: Questionnaire) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    from selector.reports.xlsx import workbook_bytes

    book = Workbook()
    book.remove(book.active)
    lists = book.create_sheet(LISTS_SHEET)
    _cover(book.create_sheet(COVER_SHEET, 0), q)
    _questions(book.create_sheet(QUESTIONS_SHEET, 1), q, lists)
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    book.active = 0
    moment = datetime(q.issued.year, q.issued.month, q.issued.day)
    return workbook_bytes(book, f"Vendor due-diligence questionnaire: {q.offering}", moment)


def _cover(ws: Any, q: Questionnaire) -> None:
    from openpyxl.styles import Alignment, Font, Protection  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    from selector.reports.xlsx import cell

    for label, value in cover_rows(q):
        ws.append([cell(label), cell(value)])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        ws.cell(row=ws.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        if label in (RESPONDENT, RESPONSE_DATE):
            ws.cell(row=ws.max_row, column=2).protection = Protection(locked=False)
            if label == RESPONSE_DATE:
                dv = DataValidation(type="date", operator="greaterThan", formula1="36526",
                                    allow_blank=True, showErrorMessage=True,
                                    error="Enter a date (YYYY-MM-DD).",
                                    prompt="The date of your answers, YYYY-MM-DD.")
                ws.add_data_validation(dv)
                dv.add(f"B{ws.max_row}")
                ws.cell(row=ws.max_row, column=2).number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 100
    ws.protection.sheet = True


def _questions(ws: Any, q: Questionnaire, lists: Any) -> None:
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    from selector.reports.xlsx import cell

    ws.append([cell(c) for c in COLUMNS])
    for c in ws[1]:
        c.font = Font(bold=True)
    answer_cols = [COLUMNS.index(c) + 1 for c in ANSWER_COLUMNS]
    validations: dict[tuple[Any, ...], Any] = {}
    for row in q.rows:
        ws.append([cell(v) for v in row_values(row)])
        r = ws.max_row
        for col in range(1, len(COLUMNS) + 1):
            ws.cell(row=r, column=col).alignment = Alignment(wrap_text=True, vertical="top")
        for col in answer_cols:
            ws.cell(row=r, column=col).protection = Protection(locked=False)
        _validate(ws, row, f"{get_column_letter(answer_cols[0])}{r}", validations, lists)
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.protection.sort = True


def _validate(ws: Any, row: Row, ref: str, seen: dict[tuple[Any, ...], Any], lists: Any) -> None:
    """Add the answer cell to the data validation of its answer type (one per distinct type)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = row.answer
    if kind is None:
        return
    na = "not-applicable"
    if kind.kind in ("choice", "yes-no"):
        words = (*kind.choices, na) if kind.kind == "choice" else ("yes", "no", na)
        key: tuple[Any, ...] = ("list", words)
        if key not in seen and kind.hint is None:
            column = get_column_letter(len(seen) + 1)
            for i, word in enumerate(words, start=1):
                lists.cell(row=i, column=len(seen) + 1, value=word)
            seen[key] = DataValidation(
                type="list", formula1=f"{LISTS_SHEET}!${column}$1:${column}${len(words)}",
                allow_blank=True, showErrorMessage=True, error="Choose one of the listed values.",
                prompt="Choose one of the listed values.")
            ws.add_data_validation(seen[key])
        elif key not in seen:  # a list that also takes values of your own (x- certifications)
            return
    elif kind.kind == "number":
        key = ("number", kind.minimum, kind.maximum)
        if key not in seen:
            low = kind.minimum if kind.minimum is not None else -1e15
            high = kind.maximum if kind.maximum is not None else 1e15
            seen[key] = DataValidation(
                type="decimal", operator="between", formula1=f"{low:g}", formula2=f"{high:g}",
                allow_blank=True, showErrorMessage=True, errorStyle="warning",
                error=f"Enter {kind.allowed}.", prompt=f"Enter {kind.allowed}.")
            ws.add_data_validation(seen[key])
    elif kind.kind == "date":
        key = ("date",)
        if key not in seen:
            seen[key] = DataValidation(
                type="date", operator="greaterThan", formula1="1", allow_blank=True,
                showErrorMessage=True, errorStyle="warning", error="Enter a date (YYYY-MM-DD).",
                prompt="Enter a date (YYYY-MM-DD), or not-applicable.")
            ws.add_data_validation(seen[key])
    else:
        return
    seen[key].add(ref)
