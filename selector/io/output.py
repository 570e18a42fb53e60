"""Writing user-visible files (exports, reports): atomic, never clobbering by surprise."""

from __future__ import annotations

import os
from pathlib import Path

from selector.errors import InputError


def write_output(path: str | os.PathLike[str], data: str | bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically; create the folder; replace a file only with force."""
    from selector.io.atomic import atomic_write_bytes

    target = Path(path)
    if target.exists() and target.is_dir():
        raise InputError(f"{target}: is a directory; give a file name")
    if target.exists() and not force:
        raise InputError(f"{target}: already exists; use --force to replace it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise InputError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return target
