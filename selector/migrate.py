"""Rewrite version 1 profiles as version 2, in place, keeping comments and key order.

The round trip goes through ruamel.yaml, so a reviewer's diff shows only what the format
changed. What the new evidence policy no longer accepts is not silently kept: each change that
lowers what a fact claims, and each thing that cannot be carried over, becomes a line of the
report ``selector migrate`` prints.

Version 1 to 2:

- ``schema_version: 2`` is added before ``id``.
- A fact's ``source: id`` (and its own ``as_of``) becomes ``sources: [{id, as_of}]``.
- A fact whose only source is the HKIMR report becomes ``unknown``: the report speaks of
  open-source and proprietary models in general, never of this offering. The old value is kept
  in the note, with where to obtain the real one.
- ``verified`` without a locator becomes ``unverified`` (verified now needs a primary source
  and a locator); the note says what to add to restore it.
- A source gets a ``kind`` where it is plain from the source itself (the HKIMR report, a model
  card, a paper, an index, the provider's own documentation or terms); the rest stay without
  one and are listed.
- Sources that name research or planning notes cannot be carried over: they are listed, and
  ``selector validate`` points at them until they are replaced by the documents they record.
- The HKIMR report is dropped from the sources when nothing cites it any more.
- ``liability`` is split into the weights' ``licence`` and the route's ``service_terms``
  (:func:`split_liability`).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selector.errors import InputError
from selector.evidence_policy import HKIMR, NOTES
from selector.models.profile import GROUPS, SCHEMA_VERSION

FACT_BLOCKS = ("regions", "lifecycle", *GROUPS, "liability")
WIDTH = 100
"""Line width of the rewritten file. A version 1 fact written as a flow mapping over several
lines cannot keep its line breaks (YAML flow style has none to keep), so a fact that no longer
fits on one line is written in block style, one key a line."""
TERMS = re.compile(r"\bterms\b|legal|agreement|licen[cs]e|addendum|policy|privacy|sla\b", re.I)


@dataclass
class Migration:
    """What one file's migration did and could not do."""

    path: str
    changed: bool = False
    notes: list[str] = field(default_factory=list)

    def say(self, where: str, text: str) -> None:
        self.notes.append(f"{self.path}: {where}: {text}")


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _flow_map(pairs: Iterable[tuple[str, Any]]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    out = CommentedMap()
    for key, value in pairs:
        out[key] = value
    out.fa.set_flow_style()
    return out


def _flow_seq(items: Iterable[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    out = CommentedSeq(list(items))
    out.fa.set_flow_style()
    return out


def _rename(mapping: Any, old: str, new: str, value: Any) -> None:
    keys = list(mapping.keys())
    position = keys.index(old)
    del mapping[old]
    mapping.insert(position, new, value)


def _text(*parts: Any) -> str:
    return " ".join(str(p) for p in parts if p)


def _kind(source: Any, owners: list[str]) -> str | None:
    title, url = str(source.get("title", "")), str(source.get("url", "") or "")
    publisher = str(source.get("publisher", "") or "")
    text = _text(title, url, publisher, source.get("document"))
    if HKIMR.search(text):
        return "report"
    if "huggingface.co" in url and "datasets" not in url:
        return "model-card"
    if "arxiv.org" in url or "doi.org" in url:
        return "paper"
    if re.search(r"fmti|model_openness_tool|openness tool|transparency index", text, re.I):
        return "index"
    if publisher and any(o and (o in publisher.lower() or publisher.lower() in o) for o in owners):
        return "terms" if TERMS.search(_text(title, url)) else "vendor-documentation"
    return None


def _owners(data: Any) -> list[str]:
    names = []
    for block, key in (("model", "developer"), ("provider", "name"), ("provider", "parent")):
        value = (data.get(block) or {}).get(key)
        if value:
            names.append(str(value).split("(")[0].strip().lower())
    return names


def _facts(data: Any) -> Iterator[tuple[str, Any, Any, str]]:
    """(path, the block holding the fact, the fact mapping, its key) for every fact."""
    for block_name in FACT_BLOCKS:
        block = data.get(block_name)
        if not hasattr(block, "items"):
            continue
        for key, fact in list(block.items()):
            if hasattr(fact, "keys") and "value" in fact:
                yield f"{block_name}.{key}", block, fact, key


def migrate_data(data: Any, report: Migration) -> None:
    """Rewrite one parsed profile (a ruamel CommentedMap) from version 1 to 2, in place."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(data, CommentedMap) or "id" not in data or any(
            key in data for key in ("criteria", "institution", "items", "references")):
        raise InputError(f"{report.path}:1:1: not a profile (a mapping with an 'id'); nothing "
                         "to migrate")
    if data.get("schema_version") == SCHEMA_VERSION:
        split_liability(data, report)  # an early version 2 file that still has `liability`
        return
    if "schema_version" in data:
        data["schema_version"] = SCHEMA_VERSION
    else:
        data.insert(0, "schema_version", SCHEMA_VERSION)
    report.changed = True
    sources = {str(s.get("id")): s for s in data.get("sources") or [] if hasattr(s, "get")}
    hkimr = {sid for sid, s in sources.items() if HKIMR.search(_text(*s.values()))}
    owners = _owners(data)
    for sid, source in sources.items():
        if NOTES.search(_text(source.get("title"), source.get("document"), source.get("url"))):
            report.say(f"sources.{sid}", "names a research or planning note; replace it with the "
                       "document the note records (its URL and date) - not carried over")
        elif "kind" not in source:
            kind = _kind(source, owners)
            if kind is not None:
                source.insert(list(source.keys()).index("date") if "date" in source else len(source),
                              "kind", kind)
            else:
                report.say(f"sources.{sid}", "kind not evident (vendor-documentation, terms, "
                           "contract, model-card, regulator, paper, news, aggregator, ...): add it")
    for path, _block, fact, _key in _facts(data):
        _migrate_fact(path, fact, hkimr, report)
    _drop_uncited(data, hkimr, report)
    split_liability(data, report)


LICENCE_ROUTES = ("self-hosted", "managed-hosting")
NO_PROVIDER = ("The institution runs the weights itself: there is no provider agreement for this "
               "route.")
NO_WEIGHTS = ("No weights are licensed out for this model: the route's service terms govern "
              "its use.")


def split_liability(data: Any, report: Migration) -> None:
    """Version 1's ``liability`` block held both the weights' licence and the route's service
    terms; version 2 keeps them apart, each fact where it governs:

    - weights the institution runs (self-hosted, managed hosting): the licence terms go to
      ``licence``; indemnity, liability and governing law to ``service_terms``; with no provider
      (self-hosted) the provider-only terms are ``not-applicable``;
    - a proprietary model: the terms go to ``service_terms`` (the licence text names the
      agreement) and the ``licence`` facts are ``not-applicable``;
    - open weights on a provider's route: the licence terms stay with ``licence`` (they bind the
      provider and flow down) and the provider's agreement is to be recorded.
    """
    from ruamel.yaml.comments import CommentedMap

    old = data.get("liability")
    if not isinstance(old, CommentedMap):
        return
    route = str(data.get("route", ""))
    proprietary = data.get("openness") == "proprietary"
    licence, terms = CommentedMap(), CommentedMap()
    to_terms = {"ip_indemnity": "ip_indemnity", "provider_liability": "provider_liability",
                "governing_law": "governing_law"}
    if proprietary:
        to_terms.update({"licence": "agreement", "commercial_use": "commercial_use",
                         "field_of_use_restrictions": "financial_services_clauses",
                         "territorial_restrictions": "territorial_restrictions",
                         "remote_restriction": "remote_restriction"})
        to_licence = {}
    else:
        to_licence = {"licence": "name", "licence_type": "type", "commercial_use": "commercial_use",
                      "user_cap_mau_millions": "user_cap_mau_millions",
                      "field_of_use_restrictions": "field_of_use_restrictions",
                      "territorial_restrictions": "territorial_restrictions",
                      "remote_restriction": "remote_restriction"}
    for key, fact in old.items():
        if key in to_licence:
            licence[to_licence[key]] = fact
        elif key in to_terms:
            terms[to_terms[key]] = fact
        else:
            report.say(f"liability.{key}", "has no place in version 2 for this route; dropped "
                       f"(value: {fact.get('value') if hasattr(fact, 'get') else fact})")
    if proprietary:
        for name in ("type", "commercial_use", "field_of_use_restrictions",
                     "territorial_restrictions", "remote_restriction"):
            licence[name] = _flow_map([("value", "not-applicable"), ("note", NO_WEIGHTS)])
    elif route == "self-hosted":
        for name in ("commercial_use", "financial_services_clauses", "remote_restriction"):
            terms.setdefault(name, _flow_map([("value", "not-applicable"), ("note", NO_PROVIDER)]))
    else:
        report.say("service_terms.agreement", "open weights on a provider's route: record the "
                   "provider's agreement and its commercial-use and acceptable-use terms")
    position = list(data.keys()).index("liability")
    del data["liability"]
    data.insert(position, "service_terms", terms)
    data.insert(position, "licence", licence)
    report.changed = True
    report.say("liability", f"split into licence ({', '.join(licence) or 'nothing'}) and "
               f"service_terms ({', '.join(terms) or 'nothing'})")


def _migrate_fact(path: str, fact: Any, hkimr: set[str], report: Migration) -> None:
    flow = bool(getattr(fact, "fa", None) and fact.fa.flow_style())
    _rewrite_fact(path, fact, hkimr, report)
    if flow and len(_one_line(fact)) > WIDTH - 20:
        fact.fa.set_block_style()


def _rewrite_fact(path: str, fact: Any, hkimr: set[str], report: Migration) -> None:
    source = fact.get("source")
    as_of = fact.get("as_of")
    if "as_of" in fact:
        del fact["as_of"]
    if source is not None:
        citation = _flow_map([("id", source), ("as_of", as_of)]) if as_of is not None else source
        _rename(fact, "source", "sources", _flow_seq([citation]))
    value = fact.get("value")
    if source is not None and str(source) in hkimr and value != "unknown":
        shown = value if not isinstance(value, list) else ", ".join(str(v) for v in value) or "(none)"
        old_note = fact.get("note")
        fact["value"] = "unknown"
        del fact["sources"]
        if "confidence" in fact:
            del fact["confidence"]
        fact["note"] = (
            f"Version 1 recorded '{shown}' from the HKIMR report, which describes open-source and "
            "proprietary models in general, not this offering; obtain the value from the "
            "provider's documentation or contract." + (f" Earlier note: {old_note}" if old_note else ""))
        report.say(path, f"'{shown}' rested on the HKIMR report alone; now unknown (old value in "
                   "the note)")
        return
    if fact.get("confidence") == "verified":
        fact["confidence"] = "unverified"
        suffix = ("Migrated from version 1, where it was tagged verified without a locator: add "
                  "the section, page or quote ('locator') and the source's kind, then restore "
                  "'verified'.")
        note = fact.get("note")
        fact["note"] = f"{note} {suffix}" if note else suffix
        report.say(path, "verified without a locator; now unverified until a locator is added")


def _one_line(fact: Any) -> str:
    parts = []
    for key, value in fact.items():
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        parts.append(f"{key}: {shown}")
    return "{" + ", ".join(parts) + "}"


def _drop_uncited(data: Any, hkimr: set[str], report: Migration) -> None:
    cited: set[str] = set()
    for block in ("model", "provider"):
        value = (data.get(block) or {}).get("source")
        if value:
            cited.add(str(value))
    for _path, _block, fact, _key in _facts(data):
        for citation in fact.get("sources") or []:
            cited.add(str(citation.get("id") if hasattr(citation, "get") else citation))
    listed = data.get("sources") or []
    for index in reversed(range(len(listed))):
        sid = str(listed[index].get("id"))
        if sid in hkimr and sid not in cited:
            del listed[index]
            report.say(f"sources.{sid}", "the HKIMR report is no longer cited by any fact; removed")


def migrate_file(path: str | os.PathLike[str], *, dry_run: bool = False) -> Migration:
    """Migrate one file in place (atomically); return what was done."""
    from ruamel.yaml.error import YAMLError

    shown = os.fspath(path)
    report = Migration(shown)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{shown}:1:1: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{shown}:1:1: cannot read ({exc})") from None
    yaml = _yaml()
    try:
        data = yaml.load(text)
    except (YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark is not None else "1:1"
        raise InputError(f"{shown}:{where}: not valid YAML; fix it before migrating") from None
    migrate_data(data, report)
    if report.changed and not dry_run:
        out = io.StringIO()
        yaml.dump(data, out)
        from selector.checklist.state import atomic_write_bytes

        atomic_write_bytes(Path(path), out.getvalue().encode("utf-8"))
    return report
