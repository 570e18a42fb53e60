"""The footer rebuilds its keys only when they change; the spinner's timer runs only while shown."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets._footer import FooterKey

from selector_tui.widgets.steady import FRAME, KeyFooter, Spinner


class Host(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("x", "go", "Go"), Binding("y", "other", "Other")]

    def __init__(self) -> None:
        super().__init__()
        self.go_allowed = True

    def compose(self) -> ComposeResult:
        yield Spinner(id="spin")
        yield KeyFooter(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go":
            return True if self.go_allowed else None  # None: shown, greyed out
        return True

    def action_go(self) -> None:
        pass

    def action_other(self) -> None:
        pass


def keys(app: Host) -> dict[str, FooterKey]:
    return {k.key: k for k in app.query_one(KeyFooter).query(FooterKey)}


def test_the_footer_keeps_its_keys_when_nothing_changed_and_rebuilds_them_when_a_key_changes() -> None:
    async def scenario() -> None:
        app = Host()
        async with app.run_test(size=(60, 5)) as pilot:
            await pilot.pause()
            before = keys(app)
            assert set(before) >= {"x", "y"}
            assert not before["x"].has_class("-disabled")
            for _ in range(3):  # a broadcast or a focus move that changes no key
                app.refresh_bindings()
                await pilot.pause()
            assert all(keys(app)[k] is key for k, key in before.items())  # the same widgets
            app.go_allowed = False
            app.refresh_bindings()
            await pilot.pause()
            await pilot.pause()
            after = keys(app)
            assert after["x"] is not before["x"] and after["x"].has_class("-disabled")
            assert not after["y"].has_class("-disabled")
            app.go_allowed = True
            app.refresh_bindings()
            await pilot.pause()
            await pilot.pause()
            assert not keys(app)["x"].has_class("-disabled")  # and back, after a rebuild pending

    asyncio.run(scenario())


def test_the_spinner_animates_only_while_it_runs() -> None:
    async def scenario() -> None:
        app = Host()
        async with app.run_test(size=(60, 5)) as pilot:
            await pilot.pause()
            spinner: Any = app.query_one(Spinner)
            assert spinner.auto_refresh is None  # mounted stopped: running=False
            spinner.show(True)
            assert spinner.display and spinner.auto_refresh == FRAME
            spinner.run(True)
            assert spinner.auto_refresh == FRAME
            spinner.show(False)
            assert not spinner.display and spinner.auto_refresh is None

    asyncio.run(scenario())
