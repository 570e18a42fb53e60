"""The one way data text reaches the screen: an inert ``rich.text.Text``.

Textual parses a plain ``str`` handed to a widget (``Static.update``, a ``DataTable`` or Rich
``Table`` cell, a ``Select`` prompt, a notification) as markup, so a profile named
``[@click=app.quit]x`` would become an action and ``[link=file:///etc/passwd]x`` a hyperlink.
Every screen therefore builds what it shows from this :class:`Text`, which is a Rich ``Text``
whose content is passed through :func:`selector.render.text.inert` on the way in: control
characters, escape sequences and bidi overrides from the data are shown as visible escapes
(``\\x1b``), never sent to the terminal, and markup is never interpreted.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text as RichText

from selector.render.text import inert


class Text(RichText):
    """A Rich ``Text`` that makes every string it is given inert (line feeds are kept)."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(inert(str(text), newlines=True), *args, **kwargs)

    def append(self, text: str | RichText, style: Any = None) -> Text:
        if isinstance(text, str):
            text = inert(text, newlines=True)
        elif not isinstance(text, Text) and inert(text.plain, newlines=True) != text.plain:
            text = Text(text.plain, style=text.style)
        super().append(text, style)
        return self

    def append_text(self, text: RichText) -> Text:
        if not isinstance(text, Text) and inert(text.plain, newlines=True) != text.plain:
            text = Text(text.plain, style=text.style)
        super().append_text(text)
        return self

    def copy(self) -> Text:
        copied = Text(self.plain, style=self.style, justify=self.justify, overflow=self.overflow,
                      no_wrap=self.no_wrap, end=self.end, tab_size=self.tab_size)
        copied._spans[:] = self._spans
        return copied


def data(value: object, style: str = "") -> Text:
    """A cell or label from data: never markup, never a control sequence."""
    return Text("" if value is None else str(value), style=style)
