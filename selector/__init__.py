"""selector: choose a generative-AI model offering and defend the choice.

``import selector`` is cheap: heavy libraries (scikit-criteria, pandas, Textual) load only when
a function that needs them runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from selector._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from selector.result import Result

__all__ = ["__version__", "explain", "rank"]


def rank(*args: Any, **kwargs: Any) -> Result:
    """Rank offerings; see :func:`selector.engine.rank` for the arguments."""
    from selector.engine import rank as _rank

    return _rank(*args, **kwargs)


def explain(result: Result, option_id: str) -> str:
    """The readable score trace of one option in a result."""
    from selector.render.explain import explain_text

    return explain_text(result, option_id)
