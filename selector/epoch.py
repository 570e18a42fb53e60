"""``SOURCE_DATE_EPOCH``: the one reading of the reproducible-build clock.

Empty means unset (the README's own recipe gives an empty value outside a git checkout); a
malformed value is the user's to fix, in one line. The command line checks it before anything
heavy is imported, because numpy's f2py reads the variable at import time and crashes on a
value it cannot parse.
"""

from __future__ import annotations

import os
import re
from collections.abc import MutableMapping
from datetime import UTC, datetime

from selector.errors import InputError

MAX_EPOCH = 253_402_300_799
"""9999-12-31T23:59:59Z, the last second a date can hold."""
_DIGITS = re.compile(r"[0-9]+")


def source_date_epoch(environ: MutableMapping[str, str] | None = None) -> datetime | None:
    """The moment ``SOURCE_DATE_EPOCH`` names, or None when it is unset or empty."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip()
    if not _DIGITS.fullmatch(text) or int(text) > MAX_EPOCH:
        raise InputError(f"SOURCE_DATE_EPOCH={raw!r}: must be a whole number of seconds since "
                         f"1970-01-01 UTC, at most {MAX_EPOCH} (e.g. $(git log -1 --format=%ct)); "
                         "unset it or leave it empty to use the current time")
    return datetime.fromtimestamp(int(text), UTC)


def normalise_environment(environ: MutableMapping[str, str] | None = None) -> None:
    """Check ``SOURCE_DATE_EPOCH`` and leave it in a form every library reads the same way:
    removed when empty, stripped of spaces otherwise. Raises :class:`InputError` when malformed."""
    env = os.environ if environ is None else environ
    if source_date_epoch(env) is None:
        env.pop("SOURCE_DATE_EPOCH", None)
    else:
        env["SOURCE_DATE_EPOCH"] = env["SOURCE_DATE_EPOCH"].strip()
