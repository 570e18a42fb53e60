"""From an option's detail, `x` writes its vendor questionnaire beside the assessment; a second
press keeps the first file and numbers the new one."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from selector_tui.app import SelectorApp
from selector_tui.screens.detail import DetailScreen

TODAY = date(2026, 11, 25)
Settle = Callable[..., Awaitable[None]]


def test_x_on_the_detail_writes_the_options_questionnaire(assessment: Path, settle: Settle,
                                                          until: Callable[..., Awaitable[None]]) -> None:
    folder = assessment.parent / "assessment.questionnaires"

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DetailScreen)
            option = app.screen.option_id
            await pilot.press("x")
            await until(pilot, lambda: (folder / f"{option}.xlsx").exists(), "the questionnaire")
            await settle(pilot)
            await pilot.press("x")
            await until(pilot, lambda: (folder / f"{option}-2.xlsx").exists(), "a second questionnaire")
            await settle(pilot)
            book = load_workbook(folder / f"{option}.xlsx")
            questions = book["Questions"]
            ids = [c.value for c in questions["B"][1:] if c.value]
            assert ids and all(str(i).startswith(f"{option}:") for i in ids)

    asyncio.run(scenario())
    assert len(list(folder.iterdir())) == 2  # the first file kept, the second numbered
