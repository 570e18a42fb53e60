"""How many A4 pages each bundled example's HTML report prints to, and where the appendix starts.

    .venv/bin/python benchmarks/print_pages.py [--keep DIR] [--samples N]

For each assessment in examples/, the report is built as `selector report --format html` builds
it (the assessment ranked with its checklists, the robustness analysis attached), printed to PDF
by headless Chromium, and measured: total pages, the page the decision summary ends on (it must
be 1) and the page the appendix starts on. Needs `chromium` on PATH and poppler's `pdfinfo` and
`pdftotext`; without them it says so and exits 0. Not a test: a measurement to read, like the
other scripts here. `--keep DIR` leaves the HTML and PDF files there to look at.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 1)
GENERATED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
APPENDIX_MARK = "Appendix: the full detail"
"""The heading that opens the appendix (selector/reports/templates/report.html.j2)."""
SUMMARY_END_MARK = "End of the decision summary"
"""The last line of the one-page summary (for the page it ends on)."""


def _tools() -> str | None:
    missing = [t for t in ("chromium", "pdfinfo", "pdftotext") if shutil.which(t) is None]
    return ", ".join(missing) if missing else None


def _print(html: Path, pdf: Path, profile: Path) -> None:
    subprocess.run(
        [shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        check=True, capture_output=True, timeout=300)


def _pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=120).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))


def _first_page_with(pages: list[str], mark: str) -> int | None:
    words = " ".join(mark.split())
    for number, page in enumerate(pages, start=1):
        if words in " ".join(page.split()):
            return number
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the HTML and PDF files here")
    parser.add_argument("--samples", type=int, default=10_000, help="robustness samples (default 10000)")
    args = parser.parse_args()
    missing = _tools()
    if missing:
        print(f"skipped: {missing} not on PATH (Debian: apt-get install chromium poppler-utils)")
        return 0

    from selector.assess import run
    from selector.reports import render_report
    from selector.robustness import analyse, with_robustness

    examples = sorted(p for p in (ROOT / "examples").glob("*.yaml")
                      if not p.name.endswith(".checklist.yaml"))
    work = Path(tempfile.mkdtemp(prefix="selector-pages-"))
    out = args.keep or work
    out.mkdir(parents=True, exist_ok=True)
    print(f"{'example':<36} {'pages':>5} {'summary ends':>12} {'appendix from':>13}")
    for example in examples:
        result = run(example, today=TODAY, with_checklist=True)
        if result.ranking:
            result = with_robustness(result, analyse(result, samples=args.samples, seed=0))
        html = out / f"{example.stem}.html"
        pdf = out / f"{example.stem}.pdf"
        html.write_bytes(render_report("html", result, generated_at=GENERATED))
        _print(html, pdf, work / "profile")
        pages = _pages(pdf)
        ends = _first_page_with(pages, SUMMARY_END_MARK)
        appendix = _first_page_with(pages, APPENDIX_MARK)
        print(f"{example.stem:<36} {_page_count(pdf):>5} {ends if ends else '-':>12} "
              f"{appendix if appendix else '-':>13}")
    shutil.rmtree(work, ignore_errors=True)
    if args.keep is not None:
        print(f"files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
