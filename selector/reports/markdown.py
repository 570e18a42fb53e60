"""The Markdown report: GitHub-flavoured, readable as plain text.

Every ``{{ }}`` in the template goes through :func:`md_escape` (Jinja's ``finalize``), so no
value can open a table cell, a link, an HTML tag, a heading or a list; only markup built here
(links with checked, percent-encoded http(s) targets) is marked as trusted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_SPACE = re.compile(r"\s+")
_INLINE = re.compile(r"([\\`*\[\]<>|~&])")
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_LEADING = re.compile(r"^([#+\-=>]|\d{1,9}[.)](?=\s|$))")
_URL_UNSAFE = re.compile(r"[\s<>()\"'`|\\\[\]]")


def md_escape(value: Any) -> Any:
    """One line of inert Markdown text: whitespace collapsed, markup characters escaped."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return "-"
    text = _SPACE.sub(" ", str(value)).strip()
    if text == "-":
        return text
    text = _INLINE.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    return _LEADING.sub(lambda m: "\\" + m.group(1) if not m.group(1)[0].isdigit()
                        else m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


def md_link(text: Any, url: str | None) -> Any:
    """``[text](url)`` for a checked http(s) URL (unsafe characters percent-encoded), else text."""
    from markupsafe import Markup

    label = md_escape(text)
    if not url:
        return Markup(label)
    target = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)
    return Markup(f"[{label}]({target})")


def text_bar(share: float | None, width: int = 20) -> str:
    """A bar of block characters, readable in plain text and in a rendered table."""
    if share is None:
        return "-"
    filled = round(min(max(share, 0.0), 1.0) * width)
    return "█" * filled + "·" * (width - filled)


@lru_cache(maxsize=1)
def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("selector.reports", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        finalize=md_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["link"] = md_link
    env.globals["bar"] = text_bar
    return env


def render_markdown(view: dict[str, Any]) -> bytes:
    text: str = _environment().get_template("report.md.j2").render(v=view)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.encode("utf-8")
