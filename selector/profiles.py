"""Load and validate offering profiles, one YAML file each."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from selector.errors import InputError, Problem
from selector.io.validation import located, validate_model
from selector.io.yamlio import Document, parse, read_text
from selector.models.common import CONFIDENCE_TAGS, Fact
from selector.models.profile import (
    GROUPS,
    LIFECYCLE_FACTS,
    REGION_FACTS,
    REQUIRED_FOR_OFFERING,
    SCHEMA_VERSION,
    Profile,
    Source,
)

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class LoadedProfile:
    """A validated profile with the file it came from."""

    profile: Profile
    path: str
    sha256: str


def validate_document(doc: Document) -> Profile:
    """Validate one parsed profile document; raise :class:`InputError` with every problem."""
    refuse_old_schema(doc)
    profile = validate_model(doc, Profile, "a profile")
    problems = check_profile(profile, doc)
    from selector.evidence_policy import check_evidence

    problems.extend(check_evidence(profile, doc, iter_facts(profile)))
    if problems:
        raise InputError(problems)
    return profile


def refuse_old_schema(doc: Document) -> None:
    """A version 1 profile gets one line that says how to migrate, not a page of field errors."""
    data = doc.data
    if not isinstance(data, dict) or data.get("schema_version") not in (None, 1):
        return
    loc: tuple[str, ...] = ("schema_version",) if "schema_version" in data else ()
    raise InputError([located(doc, loc, (
        f"this is a version 1 profile; the format is now version {SCHEMA_VERSION}: run "
        f"`selector migrate {doc.path}` to rewrite it in place (README: Migrating profiles)"))])


def check_profile(profile: Profile, doc: Document) -> list[Problem]:
    """Rules that span fields: file name, source references, dates, required identity."""
    problems: list[Problem] = []
    stem = Path(doc.path).stem
    if profile.id != stem:
        problems.append(
            located(
                doc,
                ("id",),
                f"id '{profile.id}' must equal the file name '{stem}' (rename one of them)",
            )
        )
    if profile.kind == "offering":
        for name in REQUIRED_FOR_OFFERING:
            if getattr(profile, name) is None:
                problems.append(
                    located(
                        doc,
                        (name,),
                        "required field is missing; add it (or set 'kind: alternative' for a "
                        "bare MCDA alternative with direct scores)",
                    )
                )
    if (
        profile.as_of is not None
        and profile.review_by is not None
        and profile.review_by < profile.as_of
    ):
        problems.append(
            located(doc, ("review_by",), f"review_by {profile.review_by} is before as_of "
                    f"{profile.as_of}; set a review date after the assessment date")
        )
    ids: dict[str, int] = {}
    for index, source in enumerate(profile.sources):
        if source.id in ids:
            problems.append(
                located(
                    doc,
                    ("sources", index, "id"),
                    f"duplicate source id '{source.id}' (also sources[{ids[source.id]}])",
                )
            )
        ids.setdefault(source.id, index)
        if source.url is None and source.document is None:
            problems.append(
                located(doc, ("sources", index), "give the source a 'url' or a 'document' name")
            )
    for loc, ref in _source_refs(profile):
        if ref not in ids:
            from selector.io.validation import suggestion

            hint = suggestion(ref, list(ids)) if ids else "add it to the profile's sources list"
            if ids and not hint.startswith("did you mean"):
                hint = "add it to the profile's sources list"
            problems.append(
                located(doc, loc, f"source '{ref}' is not in the profile's sources list; {hint}")
            )
    return problems


def _source_refs(profile: Profile) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for part in ("model", "provider"):
        block = getattr(profile, part)
        if block is not None and block.source is not None:
            yield (part, "source"), block.source
    for path, fact in iter_facts(profile):
        for index, citation in enumerate(fact.sources):
            yield (*path.split("."), "sources", index, "id"), citation.id


def iter_facts(profile: Profile) -> Iterator[tuple[str, Fact[Any]]]:
    """Every stated fact as (``group.name``, fact), in schema order."""
    if profile.regions is not None:
        for name in REGION_FACTS:
            fact = getattr(profile.regions, name)
            if fact is not None:
                yield f"regions.{name}", fact
    for name in LIFECYCLE_FACTS:
        fact = getattr(profile.lifecycle, name)
        if fact is not None:
            yield f"lifecycle.{name}", fact
    for group in GROUPS:
        block = getattr(profile, group)
        for name in type(block).model_fields:
            fact = getattr(block, name)
            if fact is not None:
                yield f"{group}.{name}", fact


FACT_PATHS: tuple[str, ...] = (
    *(f"regions.{name}" for name in REGION_FACTS),
    *(f"lifecycle.{name}" for name in LIFECYCLE_FACTS),
    *(f"{group}.{name}" for group, cls in GROUPS.items() for name in cls.model_fields),
)
"""Every fact path the profile format defines; rubric rules must name one of these."""


def get_fact(profile: Profile, path: str) -> Fact[Any] | None:
    group, _, name = path.partition(".")
    block = getattr(profile, group, None)
    if isinstance(block, Fact):
        return None
    if block is None:
        return None
    fact = getattr(block, name, None)
    return fact if isinstance(fact, Fact) else None


def source_of(profile: Profile, source_id: str | None) -> Source | None:
    if source_id is None:
        return None
    for source in profile.sources:
        if source.id == source_id:
            return source
    return None


def fact_as_of(profile: Profile, fact: Fact[Any]) -> date | str | None:
    """The date the fact's main source bears (a partial date stays partial), else the
    profile's as-of date."""
    if fact.sources and fact.sources[0].as_of is not None:
        return fact.sources[0].as_of
    source = source_of(profile, fact.source)
    return source.date if source is not None else profile.as_of


def is_stale(profile: Profile, fact: Fact[Any] | None, today: date) -> bool:
    review = fact.review_by if fact is not None and fact.review_by is not None else None
    review = review or profile.review_by
    return review is not None and today > review


def confidence_tag(fact: Fact[Any]) -> str:
    return CONFIDENCE_TAGS.get(fact.confidence or "", "?")


def discover(paths: Iterable[str | os.PathLike[str]], *, recursive: bool = True) -> list[Path]:
    """Expand files and directories into YAML files, sorted for stable output.

    ``validate`` looks into subfolders (a repository of YAML); a profiles folder is read only
    at its top level (``recursive=False``), so an ``archive/`` of old profiles is not ranked."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in (path.rglob("*") if recursive else path.glob("*"))
                    if p.suffix in YAML_SUFFIXES and p.is_file() and not _hidden(p, path)
                )
            )
        else:
            found.append(path)
    return found


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


_LOADED: dict[tuple[str, str, int], LoadedProfile] = {}
"""Profiles already validated in this process, by (path, sha256 of the bytes, mtime of the
folder). The same bytes in the same place validate the same way, so a re-read (a re-rank, the
TUI's reload, a test) skips YAML parsing and validation; the folder's mtime is in the key
because the evidence policy checks documents shipped beside a profile. Profiles are frozen."""
_LOADED_MAX = 2048


def load_profile(path: str | os.PathLike[str]) -> LoadedProfile:
    import hashlib

    shown = os.fspath(path)
    text, raw = read_text(path, shown)
    try:
        folder = os.stat(Path(path).parent).st_mtime_ns
    except OSError:
        folder = 0
    key = (shown, hashlib.sha256(raw).hexdigest(), folder)
    hit = _LOADED.get(key)
    if hit is not None:
        return hit
    doc = Document(shown, text, parse(text, shown), key[1])
    loaded = LoadedProfile(validate_document(doc), doc.path, doc.sha256)
    if len(_LOADED) >= _LOADED_MAX:
        _LOADED.clear()
    _LOADED[key] = loaded
    return loaded


def _id_position(path: str) -> tuple[int, int]:
    """Line and column of a profile's ``id:`` (for a duplicate id; 1:1 if it cannot be read)."""
    from selector.io.yamlio import locate

    try:
        text, _ = read_text(path, path)
    except InputError:
        return 1, 1
    line, column, _ = locate(text, ("id",))
    return line, column


def load_profiles(paths: Iterable[str | os.PathLike[str]]) -> list[LoadedProfile]:
    """Load every profile under ``paths``; raise one :class:`InputError` listing all problems."""
    files = discover(paths, recursive=False)
    loaded: list[LoadedProfile] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for file in files:
        try:
            item = load_profile(file)
        except InputError as exc:
            problems.extend(exc.problems or [Problem(str(file), 1, 1, "", str(exc))])
            continue
        other = seen.get(item.profile.id)
        if other is not None:
            line, column = _id_position(item.path)
            other_line, other_column = _id_position(other)
            problems.append(Problem(
                item.path, line, column, "id",
                f"id '{item.profile.id}' is also used by {other}:{other_line}:{other_column}; ids must be "
                "unique across every profiles folder read: rename one, or leave one folder out"))
            continue
        seen[item.profile.id] = item.path
        loaded.append(item)
    from selector.evidence_policy import successor_problems

    problems.extend(successor_problems([(p.profile, None, p.path) for p in loaded]))
    if problems:
        raise InputError(problems)
    if not files:
        shown = ", ".join(os.fspath(p) for p in paths) or "(none)"
        raise InputError(Problem(shown, 1, 1, "", "no profile files (*.yaml) found here"))
    return loaded
