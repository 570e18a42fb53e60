"""Hostile data in the TUI: shown as text, never run as markup, never sent as a control sequence.

The top option of the frozen fixture and the sources of an excluded one get a name with every
escape family and two Rich markup payloads (``[@click=app.quit]`` quit the app when clicked;
``[link=file:///etc/passwd]`` planted a hyperlink). Every screen that shows names is visited; the
rendered screen must hold the payloads as literal text and no raw control character.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import yaml

from helpers import CLICK, HOSTILE_NAME, LINK, RAW_DANGER
from selector_tui.app import SelectorApp
from selector_tui.safe_text import Text, data
from selector_tui.screens.robustness import RobustnessScreen

TODAY = date(2026, 11, 25)
Settle = Callable[..., Awaitable[None]]


def _rename(folder: Path, option: str) -> None:
    path = folder / "profiles" / f"{option}.yaml"
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    profile["name"] = HOSTILE_NAME
    for source in profile["sources"]:
        source["title"] = HOSTILE_NAME
    path.write_text(yaml.safe_dump(profile, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _assert_inert(screenshot: str) -> None:
    for char in RAW_DANGER:
        assert char not in screenshot, f"raw {char!r} reached the screen"


def test_the_safe_text_is_inert_and_never_markup() -> None:
    text = Text.assemble(("bold ", "bold"), HOSTILE_NAME)
    text.append(Text(CLICK))
    assert all(char not in text.plain for char in RAW_DANGER)
    assert CLICK in text.plain and LINK in text.plain
    assert text.spans  # styles kept: only the characters are neutralised
    assert "\\x1b[2J" in data(HOSTILE_NAME).plain
    assert "\\x1b" in (Text("a") + "\x1b[2J").plain


def test_hostile_names_render_as_text_on_every_screen(assessment: Path, settle: Settle) -> None:
    _rename(assessment.parent, "gpt-4o-azure-openai-southeast-asia")
    _rename(assessment.parent, "qwen-2-5-72b-self-hosted")

    async def scenario() -> None:
        app = SelectorApp(assessment, TODAY)
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot)
            shots = {"ranking": app.export_screenshot()}
            await pilot.press("enter")
            await settle(pilot)
            shots["detail"] = app.export_screenshot()
            await pilot.press("escape", "r")
            await settle(pilot)
            assert isinstance(app.screen, RobustnessScreen)
            shots["robustness"] = app.export_screenshot()
            await pilot.press("escape", "c")
            await settle(pilot)
            shots["checklist"] = app.export_screenshot()
            await pilot.press("escape", "w")
            await settle(pilot)
            shots["weights"] = app.export_screenshot()
            assert app.is_running
        for name, shot in shots.items():
            _assert_inert(shot)
            assert "\\x1b[2J" in shot, name
        assert "[@click=app.quit]x" in shots["robustness"]
        assert "[link=file:///etc/passwd]y" in shots["robustness"]
        assert "[@click=app.quit]x" in shots["ranking"]

    asyncio.run(scenario())
