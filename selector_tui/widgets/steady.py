"""A footer and a loading indicator that do no work while nothing they show changes.

Textual's Footer rebuilds all its keys whenever any widget asks for the bindings to be
refreshed (every focus move, every session broadcast), even when the keys it shows are the
same; each rebuild mounts and styles a dozen widgets and repaints the screen. ``KeyFooter``
rebuilds only when what it would show differs from what it shows (or is about to), and
gives each key its compact class as it is made rather than restyling it after.

Textual's LoadingIndicator animates at 16 frames a second from the moment it is mounted, and
its timer keeps firing while the indicator is hidden. ``Spinner.run(on)`` starts and stops
that timer; the screen that hides the indicator stops it too.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator
from textual.widgets._footer import FooterKey

FRAME = 1 / 16
"""LoadingIndicator's own frame interval."""


class KeyFooter(Footer):
    """A Footer that recomposes only when its keys (or their state) changed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keys_shown: tuple[Any, ...] | None = None

    def _shown_keys(self) -> tuple[Any, ...]:
        """Everything ``Footer.compose`` reads, in the order it reads it."""
        app = self.app
        active = self.screen.active_bindings
        keys = tuple((b.key, app.get_key_display(b), b.description, b.action, b.group, enabled, tooltip)
                     for (_, b, enabled, tooltip) in active.values() if b.show)
        palette: tuple[Any, ...] = ()
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = active.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, b, enabled, _ = found
                palette = (b.key, app.get_key_display(b), b.description, b.action, enabled, b.tooltip)
        return keys, palette, self.show_command_palette

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._keys_shown = self._shown_keys()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # Footer binds each key's ``compact`` to its own, and the key's watcher then adds
                # the class and restyles the key once more: give it the class it will get now.
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not (screen is self.screen and self.is_attached and screen.app.app_focus):
            super().bindings_changed(screen)
            return
        keys = self._shown_keys()
        if self._bindings_ready and keys == self._keys_shown:
            return  # shown already, or a recompose that will show them is pending
        super().bindings_changed(screen)  # schedules the recompose
        self._keys_shown = keys


class Spinner(LoadingIndicator):
    """A LoadingIndicator that animates only while ``run(True)`` holds (hide it as well)."""

    def __init__(self, *args: Any, running: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._spinning = running
        self._spin_ready = False

    def on_mount(self) -> None:
        # Textual runs LoadingIndicator's own mount handler after this one, and that starts the
        # timer: set it as asked once the mount is done.
        self.call_next(self._spin_start)

    def _spin_start(self) -> None:
        self._spin_ready = True
        self._spin_sync()

    def _spin_sync(self) -> None:
        if (self.auto_refresh is not None) != self._spinning:
            self.auto_refresh = FRAME if self._spinning else None

    def run(self, on: bool) -> None:
        """Start or stop the animation timer (at LoadingIndicator's own frame rate)."""
        self._spinning = on
        if self._spin_ready:
            self._spin_sync()

    def show(self, on: bool) -> None:
        """Show and animate, or hide and stop."""
        self.display = on
        self.run(on)
