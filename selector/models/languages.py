"""BCP 47 language tags, normalised, and what a tag says about Hong Kong's three languages.

A model card may say ``zh``, ``zh-Hant``, ``zh-HK``, ``yue`` or ``yue-Hant``; the rubric must see
through the spelling. Tags are normalised on load (language lower case, script title case,
region upper case: ``ZH-hant-hk`` becomes ``zh-Hant-HK``), and :func:`capabilities` maps a tag to
the capability ids the rubric scores:

- ``yue`` (Cantonese): a ``yue`` tag, or Chinese as used in Hong Kong or Macao (``zh-HK``,
  ``zh-MO``), where the spoken language is Cantonese;
- ``zh-hant`` (traditional Chinese script): a ``Hant`` script subtag, or a region that writes it
  (``HK``, ``MO``, ``TW``) on a Chinese tag;
- ``cmn`` (Putonghua / Mandarin): ``cmn``, or ``zh-CN`` / ``zh-Hans`` / ``zh-SG``;
- ``zh`` (written Chinese, unspecified): any ``zh`` tag;
- otherwise the primary language subtag itself (``en-GB`` counts as ``en``).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$")
TRADITIONAL_REGIONS = frozenset({"HK", "MO", "TW"})
CANTONESE_REGIONS = frozenset({"HK", "MO"})
SIMPLIFIED_REGIONS = frozenset({"CN", "SG"})
CHINESE = frozenset({"zh", "yue", "cmn", "lzh", "wuu", "nan", "hak"})


def normalise(tag: str) -> str:
    """Case-normalise a BCP 47 tag; raise ValueError when it is not one."""
    if not _TAG.match(tag):
        raise ValueError(
            f"'{tag}' is not a BCP 47 language tag (e.g. en, yue, zh-Hant, zh-HK, yue-Hant)"
        )
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def _split(tag: str) -> tuple[str, str | None, str | None]:
    parts = tag.split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p for p in parts[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())), None)
    return parts[0], script, region


def capabilities(tag: str) -> tuple[str, ...]:
    """The capability ids a (normalised) tag evidences, most specific first."""
    language, script, region = _split(tag)
    if language not in CHINESE:
        return (language,)
    found: list[str] = []
    if language == "yue" or (language == "zh" and region in CANTONESE_REGIONS):
        found.append("yue")
    if language == "cmn" or (language == "zh" and (script == "Hans" or region in SIMPLIFIED_REGIONS)):
        found.append("cmn")
    if script == "Hant" or (script is None and region in TRADITIONAL_REGIONS):
        found.append("zh-hant")
    if language == "zh":
        found.append("zh")
    return tuple(dict.fromkeys(found)) or (language,)


LanguageTag = Annotated[
    str,
    StringConstraints(strict=True, min_length=2, max_length=35),
    AfterValidator(normalise),
]
