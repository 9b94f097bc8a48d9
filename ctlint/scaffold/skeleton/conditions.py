"""Whether a rule applies to a skeleton, from what is known before anything is filled in.

:class:`Kind` is that knowledge: the kind of tool (category, channels, role), the
organization type (the organization facts follow from it) and the procurement basis. It
answers a rule's ``facts``, ``applies`` and ``when`` with a three-valued :class:`Cond`: the
condition holds, cannot hold, or depends on data not known yet, and then says in words what
it depends on (a trigger fragment in words: ``agreement.cost_usd > 50000 or …``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ctlint.law.taxonomy import PERSONAL_SERVICE_BASES, organization_facts
from ctlint.policy.model import FactTest
from ctlint.scaffold import PRESUMED_CHANNELS

_FACT_TEXT: Mapping[str, str] = {
    "processor": "the vendor is a processor",
    "third_party": "vendor.role is third_party",
    "personal_data": "the tool holds personal data (a `user` category)",
    "sensitive": "the tool holds sensitive data (docs/taxonomy.md: health, biometric, precise location, government id, account numbers …)",
    "consumer_health": "the tool holds consumer health data",
    "ssn": "the tool holds Social Security numbers",
    "breach_pi": "the tool holds breach-law personal information (government ids, financial, health or biometric data, credentials)",
    "high_risk": "the tool holds high-risk identifiers (government ids, account numbers, passwords, biometrics)",
    "free_text": "people write free text into the tool (a user.content.private category)",
    "precise_location": "the tool holds precise location data",
    "sale": "data.sale is true",
    "targeted_advertising": "the data is used for targeted advertising",
    "model_training": "models are trained on the data",
    "chatbot": "the tool has a chatbot (ai.chatbot, channel chatbot or category chatbot)",
    "minors": "data.minors is true",
    "profiling_decisions": "data.profiling_decisions is true",
    "records_calls": "recording.records_calls is true",
    "voiceprint": "recording.voiceprint is true",
    "agents_monitored": "recording.agents_monitored is true",
    "companion": "ai.companion is true",
    "personal_service_basis": "agreement.procurement_basis is personal_service_agreement",
    "org_private_business": "the organization is a private_business",
    "org_state_agency": "the organization is a ct_state_agency",
    "org_municipal_agency": "the organization is a ct_municipal_agency",
    "org_agency": "the organization is a state or municipal agency",
}


@dataclasses.dataclass(frozen=True, slots=True)
class Cond:
    """Three-valued: True (holds), None (depends on data not known yet), False (cannot hold).
    ``texts`` say what it depends on (unknown or presumed parts only)."""

    value: bool | None
    texts: tuple[str, ...] = ()
    #: fields that must be present for a True condition to hold (``when: {required: [..]}``);
    #: it holds for the skeleton when each of them is a placeholder the rules need anyway
    after: frozenset[tuple[str, ...]] = frozenset()

    def __and__(self, other: Cond) -> Cond:
        if self.value is False or other.value is False:
            return Cond(False)
        value = None if self.value is None or other.value is None else True
        texts = tuple(dict.fromkeys((*self.texts, *other.texts)))
        return Cond(value, texts, self.after | other.after)


_TRUE = Cond(True)


@dataclasses.dataclass(frozen=True, slots=True)
class Kind:
    """What is known about the tool before anything is filled in."""

    category: str | None
    channels: tuple[str, ...] | None
    role: str | None
    #: ``organization.type`` of the configuration (None: undeclared, every organization fact
    #: is false, as the engine reads it)
    org_type: str | None = None
    #: ``agreement.procurement_basis`` as given (None: not given)
    basis: str | None = None
    #: whether a basis not given is asked for by a placeholder (then the facts that rest on it
    #: are open), or stays missing (then it counts as missing: the ct-psa rules apply)
    basis_open: bool = False

    def fact(self, name: str) -> Cond:
        text = _FACT_TEXT.get(name, f"the fact `{name}` holds")
        org = organization_facts(self.org_type)
        if name in org:  # known from the configuration
            return Cond(org[name])
        if name == "personal_service_basis":
            if self.basis is not None:
                return Cond(self.basis in PERSONAL_SERVICE_BASES)
            return Cond(None, (text,)) if self.basis_open else _TRUE
        if name in ("processor", "third_party"):
            if self.role is None:  # most customer-service vendors are processors
                return Cond(True, (text,)) if name == "processor" else Cond(None, (text,))
            holds = (
                self.role in ("processor", "personal_service_contractor")
                if name == "processor"
                else self.role == "third_party"
            )
            return Cond(holds)
        if name in ("personal_data", "free_text"):  # what customer-service tools hold
            return Cond(True, (text,))
        if name == "chatbot" and (self.category == "chatbot" or "chatbot" in (self.channels or ())):
            return _TRUE
        return Cond(None, (text,))

    def facts(self, test: FactTest | None) -> Cond:
        if test is None:
            return _TRUE
        results = [self.fact(n) for n in test.names]
        if test.none:  # none of them may hold
            if any(r.value is True and not r.texts for r in results):
                return Cond(False)
            open_ = [r for r in results if r.value is not False]
            if not open_:
                return _TRUE
            return Cond(None, tuple(f"not ({t})" for r in open_ for t in r.texts))
        if not test.any:
            out = _TRUE
            for result in results:
                out = out & result
            return out
        if any(r.value is True and not r.texts for r in results):
            return _TRUE
        for result in results:
            if result.value is True:
                return result
        open_ = [r for r in results if r.value is None]
        if not open_:
            return Cond(False)
        return Cond(None, (" or ".join(t for r in open_ for t in r.texts),))

    def when(self, fragment: Any, predicate: Any, rule_id: str) -> Cond:
        if fragment is None or predicate is None:
            return _TRUE
        paths = _schema_paths(fragment, ())
        known: list[tuple[str, ...]] = []
        probe: dict[str, Any] = {}
        presumed = False
        if self.category is not None:
            known.append(("category",))
            probe["category"] = self.category
        channels = self.channels
        if channels is None and self.category is not None and self.category in PRESUMED_CHANNELS:
            channels, presumed = PRESUMED_CHANNELS[self.category], True
        if channels is not None:
            known.append(("channels",))
            probe["channels"] = list(channels)
        if self.role is not None:
            known.append(("vendor", "role"))
            probe["vendor"] = {"role": self.role}
        text = _describe(fragment) or f"it applies (see `ctlint explain {rule_id}`)"
        if paths and all(_covered(p, known) for p in paths):
            holds = bool(predicate(probe))
            if holds and presumed and predicate({**probe, "channels": []}):
                presumed = False  # it holds whatever the channels are (e.g. by category)
            if holds:
                return Cond(True, (text,)) if presumed else _TRUE
            return Cond(None, (text,)) if presumed else Cond(False)
        presence = _presence_paths(fragment, ())
        if presence:
            return Cond(True, (text,), frozenset(presence))
        return Cond(None, (text,))


def _presence_paths(fragment: Any, path: tuple[str, ...]) -> set[tuple[str, ...]] | None:
    """The fields a fragment requires when it asks for nothing but their presence (and type);
    None when it asks for more."""
    if not isinstance(fragment, dict) or set(fragment) - {"required", "properties", "type"}:
        return None
    if path and set(fragment) == {"type"}:
        return set()
    out = {(*path, str(key)) for key in fragment.get("required", ())}
    for key, sub in (fragment.get("properties") or {}).items():
        inner = _presence_paths(sub, (*path, key))
        if inner is None or (*path, key) not in out:
            return None
        out |= inner
    return out


def _covered(path: tuple[str, ...], known: Sequence[tuple[str, ...]]) -> bool:
    return any(path[: len(k)] == k or k[: len(path)] == path for k in known)


def _schema_paths(fragment: Any, path: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The manifest paths a trigger fragment looks at."""
    out: set[tuple[str, ...]] = set()
    if not isinstance(fragment, dict):
        return out
    for key in fragment.get("required", ()):
        out.add((*path, str(key)))
    for key, sub in (fragment.get("properties") or {}).items():
        out.add((*path, key))
        out |= _schema_paths(sub, (*path, key))
    for word in ("anyOf", "allOf", "oneOf"):
        for sub in fragment.get(word, ()):
            out |= _schema_paths(sub, path)
    for word in ("not", "if", "then", "else"):
        if word in fragment:
            out |= _schema_paths(fragment[word], path)
    if path and any(w in fragment for w in ("patternProperties", "additionalProperties")):
        out.add(path)
    if not path and any(
        w in fragment for w in ("patternProperties", "additionalProperties", "minProperties")
    ):
        out.add(("*",))
    return out


def _describe(fragment: Any, path: tuple[str, ...] = ()) -> str | None:
    """A trigger fragment in words (``agreement.cost_usd > 50000 or …``); None when the
    fragment uses a keyword this does not translate."""
    if not isinstance(fragment, dict):
        return None
    name = ".".join(path)
    clauses: list[str] = []
    props = fragment.get("properties") or {}
    handled = {"required", "properties", "anyOf", "allOf", "not", "type", "description"}
    for key in fragment.get("required", ()):
        if key not in props:
            clauses.append(f"{'.'.join((*path, key))} is set")
    for key, sub in props.items():
        inner = _describe(sub, (*path, key))
        if inner is None:
            return None
        clauses.append(inner or f"{'.'.join((*path, key))} is set")
    for word in ("anyOf", "allOf"):
        if word in fragment:
            parts = [_describe(sub, path) for sub in fragment[word]]
            if any(p is None for p in parts):
                return None
            joiner = " or " if word == "anyOf" else " and "
            clauses.append(joiner.join(p for p in parts if p))
    if "not" in fragment:
        inner = _describe(fragment["not"], path)
        if not inner:
            return None
        clauses.append(f"not ({inner})")
    leaf: dict[str, Callable[[Any], str]] = {
        "const": lambda v: f"{name} is {json.dumps(v)}",
        "enum": lambda v: f"{name} is one of {', '.join(map(str, v))}",
        "minimum": lambda v: f"{name} ≥ {v}",
        "maximum": lambda v: f"{name} ≤ {v}",
        "exclusiveMinimum": lambda v: f"{name} > {v}",
        "exclusiveMaximum": lambda v: f"{name} < {v}",
    }
    for word, render in leaf.items():
        if word in fragment:
            if not path:
                return None
            clauses.append(render(fragment[word]))
            handled.add(word)
    if fragment.get("pattern") in ("\\S", "[^\\s]"):  # a text that is not blank: "is set"
        handled.add("pattern")
    if "contains" in fragment:
        sub = fragment["contains"]
        if not path or not isinstance(sub, dict) or set(sub) - {"const", "enum"}:
            return None
        values = [sub["const"]] if "const" in sub else list(sub.get("enum", ()))
        clauses.append(f"{name} has {' or '.join(map(str, values))}")
        handled.add("contains")
    if set(fragment) - handled:
        return None
    return " and ".join(c for c in clauses if c)
