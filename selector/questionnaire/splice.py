"""Rewrite only the facts an import changes, leaving every other line of the profile as it was.

A whole-file round trip re-wraps every long line (the bundled profiles are not in any YAML
library's own layout), so a reviewer's diff would show hundreds of lines for four answers. Here
ruamel.yaml's round-trip loader locates each fact (its key's line and the next sibling's), the
fact's lines are replaced by the new fact dumped on its own at the same indentation (a new fact
or group is inserted where the schema orders it), and the questionnaire source is appended to
``sources``. Comments outside the rewritten facts, key order and layout are untouched. The
caller re-parses and validates the result, and :func:`changed_only` proves that nothing but the
intended facts and the new source differ.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

WIDTH = 110


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=2, offset=0)
    # a dumped block must not define anchors: the file's other anchors would clash with them
    yaml.representer.ignore_aliases = lambda data: True
    return yaml


def dump_block(key: str, value: Any, indent: int) -> list[str]:
    """``key: value`` dumped as YAML lines, each indented by ``indent`` spaces."""
    out = io.StringIO()
    _yaml().dump({key: value}, out)
    return [" " * indent + line if line else line for line in out.getvalue().splitlines()]


def dump_item(value: Any, indent: int) -> list[str]:
    """One sequence item (``- ...``) dumped as YAML lines, indented by ``indent`` spaces."""
    out = io.StringIO()
    _yaml().dump([value], out)
    return [" " * indent + line if line else line for line in out.getvalue().splitlines()]


def _trim(lines: Sequence[str], start: int, end: int) -> int:
    """``end`` moved back over blank and comment lines (they belong to what follows)."""
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def key_range(mapping: Any, key: str, lines: Sequence[str], limit: int) -> tuple[int, int]:
    """The lines [start, end) of ``key`` and its value in a ruamel mapping; ``limit`` is where
    the mapping itself ends."""
    keys = list(mapping.keys())
    start = mapping.lc.key(key)[0]
    following = keys.index(key) + 1
    end = mapping.lc.key(keys[following])[0] if following < len(keys) else limit
    return start, _trim(lines, start, end)


def child_indent(mapping: Any, lines: Sequence[str], default: int) -> int:
    keys = list(mapping.keys())
    return int(mapping.lc.key(keys[0])[1]) if keys else default


class Splicer:
    """Line edits on one profile's text, applied bottom-up so earlier line numbers hold."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines()
        self.data = _yaml().load(text)
        self.edits: list[tuple[int, int, list[str]]] = []

    def top_end(self, key: str) -> int:
        return key_range(self.data, key, self.lines, len(self.lines))[1]

    def set_fact(self, group: str, name: str, fact: Any, groups: Sequence[str],
                 fields: Sequence[str]) -> None:
        """Replace (or insert) ``group.name`` with ``fact`` (a plain mapping)."""
        from ruamel.yaml.comments import CommentedMap

        data = self.data
        block = data.get(group)
        if not isinstance(block, CommentedMap) or block.fa.flow_style():
            if group in data:
                start, end = key_range(data, group, self.lines, len(self.lines))
                merged = dict(block or {})
                merged[name] = fact
                self.edits.append((start, end, dump_block(group, merged, 0)))
                return
            at = self._insert_at(data, group, groups, len(self.lines), 0)
            self.edits.append((at, at, dump_block(group, {name: fact}, 0)))
            return
        limit = self.top_end(group)
        indent = child_indent(block, self.lines, 2)
        if name in block:
            start, end = key_range(block, name, self.lines, limit)
            self.edits.append((start, end, dump_block(name, fact, indent)))
            return
        at = self._insert_at(block, name, fields, limit, indent)
        self.edits.append((at, at, dump_block(name, fact, indent)))

    def _insert_at(self, mapping: Any, key: str, order: Sequence[str], limit: int, indent: int) -> int:
        """The line before which a new ``key`` goes: before the first existing key that comes
        after it in ``order``, else at the end of the mapping."""
        rank = order.index(key) if key in order else len(order)
        for existing in mapping:
            if existing in order and order.index(existing) > rank:
                return int(mapping.lc.key(existing)[0])
        keys = list(mapping.keys())
        if not keys:
            return limit
        return key_range(mapping, keys[-1], self.lines, limit)[1]

    def append_source(self, entry: Any) -> None:
        from ruamel.yaml.comments import CommentedSeq

        sources = self.data.get("sources")
        if not isinstance(sources, CommentedSeq) or not sources:
            self.set_fact_top("sources", [entry])
            return
        end = self.top_end("sources")
        indent = int(sources.lc.item(0)[1]) - 2 if sources.lc.item(0)[1] >= 2 else 0
        self.edits.append((end, end, dump_item(entry, indent)))

    def set_fact_top(self, key: str, value: Any) -> None:
        if key in self.data:
            start, end = key_range(self.data, key, self.lines, len(self.lines))
            self.edits.append((start, end, dump_block(key, value, 0)))
        else:
            self.edits.append((len(self.lines), len(self.lines), dump_block(key, value, 0)))

    def result(self) -> str:
        lines = list(self.lines)
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            lines[start:end] = new
        return "\n".join(lines) + "\n"


def changed_only(before: Any, after: Any, facts: Sequence[str], source_id: str) -> list[str]:
    """What differs between two parsed profiles beyond the ``facts`` (``group.name``) and the
    source ``source_id``: empty when the splice touched nothing else."""
    wrong: list[str] = []
    touched = {f.partition(".")[0] for f in facts}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if key == "sources":
            new = [s for s in new or [] if not (isinstance(s, dict) and s.get("id") == source_id)]
            old = old or []
        if key in touched and isinstance(new, dict):
            names = {f.partition(".")[2] for f in facts if f.startswith(key + ".")}
            old = {k: v for k, v in (old or {}).items() if k not in names}
            new = {k: v for k, v in new.items() if k not in names}
        if old != new:
            wrong.append(key)
    return wrong
