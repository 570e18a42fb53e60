"""The terminal UI of selector: a Textual face over the engine's one immutable result.

It computes nothing itself: loading, ranking, re-weighting, robustness, checklists and exports
are the engine's, run in workers. ``import selector`` never imports this package (or Textual).
Start it with ``selector tui [--assessment FILE]`` or ``python -m selector_tui``. It is not
called ``tui``: a top-level name that short could clash with another distribution's.
"""
