"""Safe YAML loading with limits, duplicate-key detection and source locations.

The fast path parses with PyYAML's C loader and does nothing else expensive. Line and column
numbers are only recovered when something is wrong: :func:`locate` re-composes the text and
walks the node tree to the field path a validator complained about.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from selector.errors import InputError, Problem

try:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
    C_LOADER = True
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader
    C_LOADER = False

MAX_BYTES = 1 << 20
"""Largest input file accepted (1 MiB); a real profile is a few kilobytes."""
MAX_DEPTH = 24
"""Deepest nesting of mappings and sequences accepted."""
MAX_NODES = 50_000
"""Most nodes a document may hold once aliases are expanded (stops "billion laughs")."""


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}
_TAB_HINT = "a tab character is used for indentation; indent with spaces"


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The C safe loader, refusing duplicate mapping keys instead of keeping the last one.

    Plain scalars are resolved (bool? int? date?) by PyYAML's regular expressions, in Python,
    even under the C loader; profiles repeat the same keys and words, so the answers are
    memoised (a third of the parse time).
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and len(value) < 64:
            key = (value, implicit)
            tag = _RESOLVED.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_RESOLVED) < 50_000:
                    _RESOLVED[key] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Keys are always the text written (YAML 1.2 style): ``on:``, ``yes:`` and ``2026:``
        stay strings instead of becoming true or 2026, and duplicates are errors."""
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, "expected a mapping here", node.start_mark
            )
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        seen: dict[str, yaml.Mark] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "keys must be plain text, not a list or mapping", key_node.start_mark
                )
            key = key_node.value
            first = seen.get(key)
            if first is not None:
                raise _DuplicateKey(
                    problem=f"duplicate key {key!r} (first defined on line {first.line + 1}); "
                    "remove one of them",
                    problem_mark=key_node.start_mark,
                )
            seen[key] = key_node.start_mark
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        """Values PyYAML cannot build (2026-02-30, a 5,000-digit integer, ``!!int abc``) stay
        the text written, so the validator reports them with their field path."""
        try:
            return super().construct_object(node, deep=deep)
        except yaml.MarkedYAMLError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            if isinstance(node, yaml.ScalarNode):
                self.constructed_objects[node] = node.value
                return node.value
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({exc})", node.start_mark
            ) from None


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed YAML file: its path as the user gave it, its text and its data."""

    path: str
    text: str
    data: Any
    sha256: str


def _fail(path: str, line: int, column: int, message: str, field: str = "") -> InputError:
    return InputError(Problem(path, line, column, field, message))


def read_text(path: str | os.PathLike[str], display: str | None = None, *,
              limit: int = MAX_BYTES) -> tuple[str, bytes]:
    """Read a file as UTF-8 text, refusing binary, oversized (over ``limit`` bytes) and
    undecodable files."""
    shown = display if display is not None else str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > limit:
            raise _fail(
                shown, 1, 1, f"file is {size:,} bytes; the limit is {limit:,} (split it up)"
            )
        raw = p.read_bytes()
    except IsADirectoryError:
        raise _fail(shown, 1, 1, "is a directory, not a YAML file") from None
    except FileNotFoundError:
        raise _fail(shown, 1, 1, "no such file") from None
    except PermissionError:
        raise _fail(shown, 1, 1, "permission denied (check the file's permissions)") from None
    except OSError as exc:
        raise _fail(shown, 1, 1, f"cannot read file: {exc.strerror or exc}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(shown, 1, 1, "file is UTF-16 (a 'Unicode' save); re-save it as UTF-8")
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line, col = _position(raw, offset)
        raise _fail(shown, line, col, "binary file (NUL byte); expected UTF-8 YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _position(raw, exc.start)
        raise _fail(
            shown,
            line,
            col,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); re-save the file as UTF-8",
        ) from None
    return text, raw


def _char_at(text: str, mark: Any) -> str:
    index = getattr(mark, "index", None)
    return text[index] if isinstance(index, int) and 0 <= index < len(text) else ""


def _text_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, offset - start + 1


def parse(text: str, path: str, *, max_nodes: int = MAX_NODES) -> Any:
    """Parse one YAML document safely; every failure becomes a located :class:`InputError`."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except _DuplicateKey as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise _fail(path, line, col, exc.problem or "duplicate key") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = exc.problem or "invalid YAML"
        if mark is not None and "cannot start any token" in what and _char_at(text, mark) == "\t":
            raise _fail(path, line, col, f"YAML syntax: {_TAB_HINT}") from None
        if exc.context and "duplicate" not in what:
            what = f"{exc.context}: {what}"
        raise _fail(path, line, col, f"YAML syntax: {what}") from None
    except yaml.reader.ReaderError as exc:
        line, col = _text_position(text, exc.position)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise _fail(
            path, line, col,
            f"control character U+{ord(char):04X} is not allowed in YAML text; remove it",
        ) from None
    except yaml.YAMLError as exc:
        raise _fail(path, 1, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise _fail(path, 1, 1, f"nesting is too deep (limit {MAX_DEPTH})") from None
    check_size(data, path, text, max_nodes=max_nodes)
    return data


def check_size(data: Any, path: str, text: str = "", *, max_nodes: int = MAX_NODES) -> None:
    """Refuse documents nested too deeply or whose aliases expand past ``max_nodes`` values
    (also run on data about to be written, so nothing is written that could not be read)."""
    memo: dict[int, tuple[int, int]] = {}
    in_progress: set[int] = set()

    def walk(obj: Any, depth: int) -> tuple[int, int]:
        if not isinstance(obj, dict | list):
            return 1, 0
        key = id(obj)
        if key in memo:
            return memo[key]
        if key in in_progress:
            raise _fail(path, 1, 1, "recursive YAML alias (a node contains itself); remove it")
        if depth > MAX_DEPTH:
            line = _deep_line(text)
            raise _fail(path, line, 1, f"nesting is deeper than {MAX_DEPTH} levels")
        in_progress.add(key)
        children = obj.values() if isinstance(obj, dict) else obj
        count, deepest = 1, 0
        for child in children:
            n, d = walk(child, depth + 1)
            count += n
            deepest = max(deepest, d + 1)
            if count > max_nodes:
                raise _fail(
                    path,
                    1,
                    1,
                    f"document has more than {max_nodes:,} values once any YAML aliases are "
                    "expanded; split it up (or remove the aliases)",
                )
        in_progress.discard(key)
        memo[key] = (count, deepest)
        return count, deepest

    walk(data, 0)


def _deep_line(text: str) -> int:
    best, best_line = -1, 1
    for number, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" "))
        if line.strip() and indent > best:
            best, best_line = indent, number
    return best_line


def load(path: str | os.PathLike[str], display: str | None = None) -> Document:
    """Read and parse one YAML file."""
    import hashlib

    shown = display if display is not None else os.fspath(path)
    text, raw = read_text(path, shown)
    data = parse(text, shown)
    return Document(shown, text, data, hashlib.sha256(raw).hexdigest())


@functools.lru_cache(maxsize=4)
def _composed(text: str) -> Any:
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None


def locate(text: str, loc: Sequence[str | int]) -> tuple[int, int, bool]:
    """Line and column (1-based) of the node at ``loc``, for error messages.

    Returns the deepest node that exists on the path, and whether the whole path was found.
    When the last element names a mapping key, the key itself is located. The node tree is
    composed once per text however many problems are located in it (it used to be composed
    per problem: 2,000 unknown keys took 45 s).
    """
    node = _composed(text)
    if node is None:
        return 1, 1, False
    mark = node.start_mark
    found = True
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = None
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    match = (key_node, value_node)
                    break
            if match is None:
                found = False
                break
            mark = match[0].start_mark
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                found = False
                break
            node = node.value[part]
            mark = node.start_mark
        else:
            found = False
            break
    return mark.line + 1, mark.column + 1, found
