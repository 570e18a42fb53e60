"""The plain CSV evaluation format: ``offering,task,metric,value,n,stderr`` (``n`` and
``stderr`` may be empty) and an optional ``date`` column; lines starting with ``#`` are comments.
For anything without a reader of its own (RAGAS, in-house suites, published tables)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from selector.errors import InputError, Problem
from selector.evaluations.rows import Row, with_stderr
from selector.io.yamlio import Document

CSV_COLUMNS = ("offering", "task", "metric", "value", "n", "stderr")


def read_csv(doc: Document) -> list[Row]:
    records = [(line, record) for line, record in enumerate(csv.reader(io.StringIO(doc.text)), 1)
               if not (record and record[0].lstrip().startswith("#"))]
    header = records[0][1] if records else None
    if header is None:
        raise InputError(Problem(doc.path, 1, 1, "", "empty CSV; expected the header "
                                 + ",".join(CSV_COLUMNS)))
    header = [h.strip().lower() for h in header]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InputError(Problem(doc.path, records[0][0], 1, "", f"missing column(s) {', '.join(missing)}; "
                                 f"the header must name {','.join(CSV_COLUMNS)} (and may add date)"))
    col = {name: header.index(name) for name in (*CSV_COLUMNS, "date") if name in header}
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    problems: list[Problem] = []
    for line, record in records[1:]:
        if not any(cell.strip() for cell in record):
            continue

        def cell(name: str, record: Sequence[str] = record) -> str:
            index = col[name]
            return record[index].strip() if index < len(record) else ""

        def bad(name: str, message: str, line: int = line) -> None:
            problems.append(Problem(doc.path, line, col[name] + 1, name, message))

        offering, task, metric = cell("offering"), cell("task"), cell("metric")
        for name, text in (("offering", offering), ("task", task), ("metric", metric)):
            if not text:
                bad(name, "empty; every row needs an offering, a task and a metric")
        value = _number(cell("value"))
        if value is None:
            bad("value", f"'{cell('value')}' is not a finite number")
        n_text, err_text = cell("n"), cell("stderr")
        n = int(n_text) if n_text.isdigit() else None
        if n_text and n is None:
            bad("n", f"'{n_text}' is not a whole number of samples (leave it empty if unknown)")
        stderr = _number(err_text) if err_text else None
        if err_text and (stderr is None or stderr < 0):
            bad("stderr", f"'{err_text}' is not a standard error (a number >= 0, or empty)")
        day = None
        if "date" in col and cell("date"):
            try:
                day = date.fromisoformat(cell("date"))
            except ValueError:
                bad("date", f"'{cell('date')}' is not a date as YYYY-MM-DD")
        if problems or value is None:
            continue
        entry = grouped.setdefault((offering, task), {"metrics": {}, "n": n, "date": day,
                                                      "line": line})
        if metric in entry["metrics"]:
            bad("metric", f"{offering} / {task} / {metric} appears twice (also row "
                f"{entry['metrics'][metric][1]})")
            continue
        entry["metrics"][metric] = (with_stderr(value, stderr, "from the file"), line)
    if problems:
        raise InputError(problems)
    return [Row(model, task, {k: v[0] for k, v in e["metrics"].items()}, e["n"], e["n"], (), None,
                None, e["date"], ("row", e["line"]))
            for (model, task), e in grouped.items()]


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


