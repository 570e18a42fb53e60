"""The XLSX report: one sheet per table, header rows frozen, filters on, widths set.

Every text cell is neutralised against formula injection (``safe_cell``: a leading = + - @ tab
or carriage return gets a quote) and loses the characters XML 1.0 cannot hold (C0 controls,
lone surrogates, U+FFFE and U+FFFF become U+FFFD, or Excel refuses to open the file). The file
is byte-reproducible: document properties carry the generation time, and the zip is rewritten
with sorted entries, fixed timestamps and one compression level.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from selector.render.text import safe_cell

SHEETS = ("Summary", "Ranking", "Scores", "Performance", "Costs", "Cost sensitivity", "Trace",
          "Exclusions", "Robustness", "Checklist", "Evidence", "Audit")
MAX_CELL = 32_767
MIN_WIDTH, MAX_WIDTH = 8, 60
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot carry (openpyxl's own pattern misses U+FFFE and U+FFFF)."""


def cell(value: Any) -> Any:
    """A value Excel, LibreOffice and openpyxl all take as inert data."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = XML_ILLEGAL.sub("\ufffd", str(value))
    if len(text) > MAX_CELL - 1:
        text = text[: MAX_CELL - 2] + "…"
    return safe_cell(text, every_line=False)


class _Sheet:
    """Rows written under a bold header, with number formats per column."""

    def __init__(self, ws: Any, headers: Sequence[str], formats: dict[int, str] | None = None) -> None:
        from openpyxl.styles import Font  # type: ignore[import-untyped]

        self.ws = ws
        self.formats = formats or {}
        self.widths = [len(h) for h in headers]
        self.columns = max(len(headers), 1)
        ws.append([cell(h) for h in headers])
        for c in ws[1]:
            c.font = Font(bold=True)
        self.table_end = 1
        self.row = 1
        """The last row written: openpyxl's ``max_row`` scans every cell, so asking it after each
        row made a big sheet quadratic."""

    def add(self, values: Sequence[Any], *, table: bool = True) -> None:
        self.ws.append([cell(v) for v in values])
        self.row += 1
        row = self.row
        for index, value in enumerate(values):
            if index < len(self.widths):
                self.widths[index] = max(self.widths[index], min(len(str(value or "")), MAX_WIDTH))
            else:
                self.widths.append(min(len(str(value or "")), MAX_WIDTH))
            fmt = self.formats.get(index) if table else None
            if fmt and isinstance(value, int | float) and not isinstance(value, bool):
                self.ws.cell(row=row, column=index + 1).number_format = fmt
        if table:
            self.table_end = row

    def heading(self, values: Sequence[Any]) -> None:
        from openpyxl.styles import Font

        self.ws.append([cell(v) for v in values])
        self.row += 1
        for c in self.ws[self.row]:
            c.font = Font(bold=True)

    def finish(self) -> None:
        from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

        ws = self.ws
        ws.freeze_panes = "A2"
        last = get_column_letter(self.columns)
        ws.auto_filter.ref = f"A1:{last}{max(self.table_end, 1)}"
        for index, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = max(MIN_WIDTH, min(width + 2, MAX_WIDTH))


SUMMARY_HEADERS = ["Section", "Item", "Value", "Detail"]


def _summary(sheet: _Sheet, v: dict[str, Any]) -> None:
    """The decision summary, one fact a row; scores, counts and shares are numbers."""
    s = v["summary"]
    sheet.add(["Report", "Title", v["title"], ""])
    sheet.add(["Report", "Institution", v["institution"] or "-", v["use_case"] or "-"])
    sheet.add(["Report", "Method", v["method"]["id"], v["method"]["title"]])
    for label, key in (("Recommended", "recommendation"), ("Runner-up", "runner_up")):
        o = s[key]
        if o is None:
            sheet.add([label, "none", "", "every option was excluded" if key == "recommendation"
                       else "only one option passed the constraints"])
            continue
        sheet.add([label, o["name"], o["score"], f"id {o['id']}; rank {o['rank']} of {s['shortlisted']}"])
        _number_format(sheet, "0.00")
        sheet.add([label, "Lifecycle", o["lifecycle"]["status"], o["lifecycle_text"]])
    sheet.add(["Robustness", "Sentence", s["sentence"], s["safety"] or ""])
    if s["tie"]:
        sheet.add(["Robustness", "Tie for first", s["tie"], ""])
    if s["performance"]["text"]:
        sheet.add(["Performance evidence", "Warning" if s["performance"]["warning"] else "Measured",
                   s["performance"]["text"], ""])
    for lead in s["evidence_to_obtain"]:
        sheet.add(["Evidence to obtain", lead["option_name"], f"{lead['fact']} ({lead['evidence']})",
                   lead["effect"]])
    sheet.add(["Evidence to obtain", "Open facts in all", s["evidence_to_obtain_total"], ""])
    sheet.add(["Gates", "Excluded options", s["excluded_total"], f"by {s['gates_total']} gates"])
    for gate in s["gates"]:
        sheet.add(["Gates", gate["label"], gate["count"], ", ".join(gate["options"])])
    checklist = s["open_high_priority"]
    sheet.add(["Open high-priority items", "All",
               checklist["total"] if s["has_checklists"] else "no checklist", ""])
    for count in checklist["by_option"]:
        sheet.add(["Open high-priority items", count["option_name"], count["count"], ""])
    for item in checklist["top"]:
        sheet.add(["Open high-priority item", item["option_name"], item["title"],
                   f"{item['item']}, {item['status']}" + (f", due {item['due']}" if item["due"] else "")])
    for text in s["analyst_changes"]:
        sheet.add(["Analyst changes", "", text, ""])
    for index, criterion in enumerate(s["criteria"]):
        for option in s["scores"]:
            sheet.add(["Points", criterion["name"], option["scores"][index], option["name"]])
            _number_format(sheet, "0.0")
    for row in s["rank_one_acceptability"]:
        sheet.add(["Ranks first in (share of samples)", row["name"], row["first"], ""])
        _number_format(sheet, "0.0%")
    sheet.add(["Report", "Generated at", v["generated_at"], f"report version {v['report_version']}"])


def _number_format(sheet: _Sheet, fmt: str) -> None:
    """The number format of the Value cell of the row just added."""
    sheet.ws.cell(row=sheet.row, column=3).number_format = fmt


def _robustness(sheet: _Sheet, v: dict[str, Any]) -> None:
    rob = v["robustness"]
    if not rob["computed"]:
        sheet.add(["not computed", "", rob["note"]])
        return
    for row in rob["rows"]:
        sheet.add([row["name"], row["id"], *row["shares"], row["confidence"],
                   *(row["central_values"] or ["never first"] * len(rob["criteria"]))])
    sheet.add([], table=False)
    sheet.heading(["Weight stability", "criterion", "weight now", "holds from", "holds to",
                   "takes over below", "takes over above", "exact"])
    for st in rob["stability"]:
        sheet.add(["", st["name"], st["weight"], st["low"], st["high"], st["below"], st["above"],
                   "yes" if st["exact"] else "to 0.001"], table=False)
    sheet.add([], table=False)
    sheet.heading(["Method agreement", "method a", "method b", "Kendall's tau"])
    for a in rob["agreement"]:
        sheet.add(["", a["a"], a["b"], a["tau"] if a["tau"] is not None else "undefined"], table=False)
    sheet.add([], table=False)
    sheet.heading(["First choice by method", "method", "option", "agrees"])
    for m in rob["method_top"]:
        sheet.add(["", m["method"], m["option"], "yes" if m["agrees"] else "NO"], table=False)
    sheet.add([], table=False)
    sheet.add(["Samples", rob["samples"], "Seed", rob["seed"]], table=False)
    sheet.add(["Weight sampling", rob["sampling"]], table=False)
    sheet.add(["Evidence model", rob["evidence_model"]], table=False)
    sheet.add(["Verdict", rob["verdict"]], table=False)


PERFORMANCE_HEADERS = ["Task", "Task id", "Counts for", "Metric", "Share of its part", "Minimum",
                       "Target",
                       "Option", "Option id", "Value", "95% low", "95% high", "n", "Completeness",
                       "Date", "Source"]


def _performance(sheet: _Sheet, v: dict[str, Any]) -> None:
    """Per task and shortlisted option: the measured value and its interval as numbers."""
    pf = v.get("performance")
    if not pf:
        sheet.add(["no evaluations block", "", "", "the assessment has no measured performance: "
                   "add an evaluations block (see the README, Performance evidence)"])
        return
    for t in pf["tasks"]:
        for r in t["rows"]:
            sheet.add([t["name"], t["id"], t["counts_for"], t["metric"], t["share_value"],
                       float(t["minimum"]), float(t["target"]), r["option"], r["id"],
                       r["number"] if r["number"] is not None else r["value"], r["low"], r["high"],
                       r["count"], _blank(r["complete"]), _blank(r["date"]), r["source"]])


def _blank(text: str) -> str | None:
    """An empty cell where the report's tables print "-" (a leading - would be neutralised)."""
    return None if text == "-" else text


def _fill(book: Any, v: dict[str, Any]) -> None:
    crit = v["criteria"]
    sheets = {name: book.create_sheet(name) for name in SHEETS}
    summary = _Sheet(sheets["Summary"], SUMMARY_HEADERS)
    _summary(summary, v)
    # Rank is a number (so Excel sorts 2 before 10); a tie shows in its own column.
    ranking = _Sheet(sheets["Ranking"], ["Rank", "Tied", "Position", "Option", "Id", "Openness", "Route",
                                         "Score", "Unknown facts", "Stale facts", "Unverified facts",
                                         "Processing"],
                     {7: "0.00"})
    for r in v["ranking"]:
        ranking.add([r["rank"], "yes" if r["tied"] else "", r["position"], r["name"], r["id"], r["openness"],
                     r["route"], r["score"], r["unknown"], r["stale"], r["unverified"],
                     ", ".join(r["processing"])])
    scores = _Sheet(sheets["Scores"], ["Option", "Id", *[f"{c['name']} ({c['weight_text']})" for c in crit],
                                       "Score"], {i: "0.0" for i in range(2, len(crit) + 3)})
    for r in v["ranking"]:
        scores.add([r["name"], r["id"], *[s["value"] for s in r["scores"]], r["score"]])
    trace = _Sheet(sheets["Trace"], ["Option", "Option id", "Criterion", "Rule", "Fact", "Value", "Points",
                                     "Max points", "Counted", "How scored", "Flags", "Source", "Source title",
                                     "URL or document", "As of", "Confidence", "Note", "Why", "Cite"])
    evidence = _Sheet(sheets["Evidence"], ["Option", "Option id", "Criterion", "Fact", "Value",
                                           "Source title", "URL or document", "As of", "Confidence", "Flags",
                                           "Note"])
    checklist = _Sheet(sheets["Checklist"], ["Option", "Option id", "Item", "Priority", "Kind", "Category",
                                             "Title", "Action", "Why it applies", "References", "Status",
                                             "Owner", "Due", "Orphaned"])
    performance = _Sheet(sheets["Performance"], PERFORMANCE_HEADERS,
                         {4: "0%", 9: "0.000", 10: "0.000", 11: "0.000"})
    _performance(performance, v)
    costs = _Sheet(sheets["Costs"], ["Option", "Id", "Item", "USD a year", "Imputed", "Working", "Inputs"],
                   {3: "#,##0"})
    sensitivity = _Sheet(sheets["Cost sensitivity"], ["Option", "Id", "Input", "Value", "Low", "High",
                                                      "Range", "Evidence", "This option (USD a year)",
                                                      "Largest change", "Effect on the ranking"])
    for o in v["options"]:
        for line in (o["tco"] or {}).get("lines", []):
            costs.add([o["name"], o["id"], line["item"], line["annual"], "yes" if line["imputed"] else "no",
                       line["working"], line["inputs"]])
        for r in (o["cost_sensitivity"] or {}).get("rows", []):
            sensitivity.add([o["name"], o["id"], r["key"], r["base"], r["low"], r["high"], r["basis"],
                             r["tag"], r["mine"], r["largest"], r["effect"]])
        for t in o["traces"]:
            for row in t["rows"]:
                trace.add([o["name"], o["id"], t["name"], row["rule"], row["fact"], row["value"],
                           row["points"], row["max_points"], "yes" if row["counted"] else "no",
                           row["outcome"],
                           ", ".join(row["flag_words"]), row["source"], row["source_title"],
                           row["source_url"], row["as_of"], row["confidence"], row["note"], row["why"],
                           row["cite"]])
        for e in o["evidence"]:
            evidence.add([o["name"], o["id"], e["criterion_name"], e["fact"], e["value"],
                          e["source_title"], e["source_url"], e["as_of"], e["confidence"],
                          ", ".join(e["flag_words"]), e["note"]])
        for i in (o["checklist"] or {}).get("items", []):
            checklist.add([o["name"], o["id"], i["id"], i["priority"], i["kind"], i["category"], i["title"],
                           i["action"], "; ".join(i["reasons"]), "; ".join(i["references"]), i["status"],
                           i["owner"], i["due"], "yes" if i["orphaned"] else "no"])
    exclusions = _Sheet(sheets["Exclusions"], ["Option", "Id", "Reason no.", "Reason",
                                               "Evidence the reasons cite"])
    for ex in v["excluded"]:
        for number, reason in enumerate(ex["reasons"], start=1):
            exclusions.add([ex["name"], ex["id"], number, reason,
                            "; ".join(ex.get("evidence", [])) if number == 1 else ""])
    rob = v["robustness"]
    robust = _Sheet(sheets["Robustness"],
                    ["Option", "Id", *[f"Rank {k}" for k in rob.get("ranks", [])], "Confidence",
                     *[f"Central weight: {c}" for c in rob.get("criteria", [])]] if rob["computed"]
                    else ["Robustness", "", "Note"],
                    {i: ("0.00" if i == 2 + len(rob.get("ranks", [])) else "0.0%")
                     for i in range(2, 3 + len(rob.get("ranks", [])) + len(rob.get("criteria", [])))})
    _robustness(robust, v)
    audit = _Sheet(sheets["Audit"], ["Section", "Key", "Value"])
    for key, value in v["audit"]["facts"]:
        audit.add(["run", key, value])
    for name, cid, weight, share in v["audit"]["weights"]:
        audit.add(["weight", f"{name} ({cid})", f"{weight} ({share})"])
    for number, step in enumerate(v["context"]["steps"], start=1):
        cite = f" [{step['cite']}]" if step.get("cite") else ""
        audit.add(["weight derivation", f"{number}. {step['label']} ({step['kind']})", step["why"] + cite])
    for key, value in v["audit"]["libraries"]:
        audit.add(["library", key, value])
    for path, digest in v["audit"]["inputs"]:
        audit.add(["input sha256", path, digest])
    for o in v["orphaned_work"]:
        for i in o["rows"]:
            work = [f"{i['status']}, {i['owner']}", *i["notes"], *i["evidence"], *i["history"]]
            audit.add(["orphaned checklist work", f"{o['id']} {i['id']}: {i['title']}", "; ".join(work)])
    for sheet in (summary, ranking, scores, performance, costs, sensitivity, trace, exclusions, robust,
                  checklist, evidence, audit):
        sheet.finish()


def deterministic_zip(data: bytes) -> bytes:
    """The same archive with sorted entries, fixed timestamps and attributes, one deflate level."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def render_xlsx(view: dict[str, Any], generated_at: datetime) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    book.remove(book.active)
    _fill(book, view)
    return workbook_bytes(book, view["title"], generated_at)


def workbook_bytes(book: Any, title: str, moment: datetime) -> bytes:
    """A workbook saved byte-reproducibly: its document properties carry ``moment`` (no clock
    is read) and the zip is rewritten by :func:`deterministic_zip`."""
    from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

    moment = moment.replace(tzinfo=None, microsecond=0)
    props = book.properties
    props.creator = "selector"
    props.lastModifiedBy = "selector"
    props.title = title[:255]
    props.created = moment
    props.modified = moment
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return deterministic_zip(buffer.getvalue())
