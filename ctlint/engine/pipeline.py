"""The pipeline: discover -> load -> schema -> policies -> waivers -> report. No printing here."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from ctlint.config import Settings
from ctlint.document.parse import Document, load_bytes
from ctlint.document.positions import locate
from ctlint.document.read import Limits, Problem, read_file
from ctlint.engine.baseline import Outcome
from ctlint.engine.discover import Target, configured, expand
from ctlint.engine.evaluate import check_rule
from ctlint.engine.facts import ManifestFacts, is_retired
from ctlint.engine.schema import validate
from ctlint.engine.waivers import apply_waivers
from ctlint.errors import ConfigError, CtlintError
from ctlint.law.scope import Applicability, RepoFacts, decide, repo_facts
from ctlint.law.taxonomy import derive_facts, is_sensitive, vague_ancestors
from ctlint.model.findings import Finding, Severity, Span, cap_per_rule
from ctlint.policy.catalog import UNSUPPRESSIBLE, Catalog, build_catalog
from ctlint.policy.model import Rule, parse_date
from ctlint.util.globs import is_inside

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

#: Dates of things that have already happened: CTL109 when after the as-of date.
PAST_DATE_FIELDS = (
    ("agreement", "signed"),
    ("agreement", "approvals", "opm_secretary"),
    ("assessment", "completed"),
    ("records", "last_accuracy_review"),
    ("review", "last_reviewed"),
)

PATH_FIELDS = (
    ("agreement", "document"),
    ("assessment", "document"),
    ("breach", "plan"),
    ("recording", "monitoring_notice"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules that run, with their effective severity."""

    rules: Mapping[str, Rule]
    severity: Mapping[str, Severity]
    policy: tuple[Rule, ...]

    def runs(self, rule_id: str) -> bool:
        """Whether findings of this rule are reported."""
        return rule_id in self.severity


@dataclasses.dataclass(frozen=True, slots=True)
class Report:
    """The finished result every reporter gets."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    as_of: dt.date
    settings: Settings
    catalog: Catalog
    applicability: Applicability
    ruleset: RuleSet
    baseline: Outcome | None = None
    #: Per reported file, the ids of rules whose ``applies`` fails for that manifest's facts
    #: (not applicable: rules.md), decided from the data already parsed for the findings.
    not_applicable: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    #: The vendor id of each reported file that has one.
    vendors: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: With ``run(keep=True)``: the result of each reported file, in ``files`` order, with its
    #: loaded document.
    results: tuple[FileResult, ...] = ()
    #: The facts of every file that took part in the repository-wide decisions (the reported
    #: files and the other configured manifests).
    manifests: tuple[ManifestFacts, ...] = ()

    @property
    def counts(self) -> dict[str, int]:
        """The JSON ``summary`` numbers."""
        live = [f for f in self.findings if not f.waived]
        return {
            "files": len(self.files),
            "findings": len(live),
            "errors": sum(1 for f in live if f.severity is Severity.ERROR),
            "warnings": sum(1 for f in live if f.severity is Severity.WARNING),
            "info": sum(1 for f in live if f.severity is Severity.INFO),
            "waived": len(self.findings) - len(live),
        }

    @property
    def repo_root(self) -> str:
        """The enclosing git work tree (the ctlint root when there is none)."""
        prefix = _git_prefix(self.settings.root)
        root = os.path.abspath(self.settings.root)
        for _ in range(prefix.count("/")):
            root = os.path.dirname(root)
        return root

    def repo_path(self, file: str) -> str:
        """A root-relative path made relative to the enclosing git work tree, which is what CI
        annotations (GitHub, GitLab, code scanning) resolve against."""
        prefix = _git_prefix(self.settings.root)
        return f"{prefix}{file}" if prefix and not os.path.isabs(file) else file

    def failed(self) -> bool:
        """At least one non-waived finding at or above ``fail_on``."""
        return any(not f.waived and f.severity >= self.settings.fail_on for f in self.findings)


@functools.cache
def _git_prefix(root: str) -> str:
    folder = os.path.abspath(root)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            rel = os.path.relpath(os.path.abspath(root), folder).replace(os.sep, "/")
            return "" if rel == "." else rel + "/"
        parent = os.path.dirname(folder)
        if parent == folder:
            return ""
        folder = parent


def _matches(rule: Rule, selector: str) -> bool:
    return selector in (rule.id, rule.pack) or rule.id.startswith(selector)


def select_rules(settings: Settings, catalog: Catalog, applicability: Applicability) -> RuleSet:
    """Rules of the active packs in force at the as-of date, after select/ignore/severity."""
    active = {p.name for p in applicability.packs if p.active}
    for key in (*settings.select, *settings.ignore, *settings.severity):
        if not any(_matches(r, key) for r in catalog.rules.values()):
            raise_unknown(settings, key)
    chosen: dict[str, Rule] = {}
    severity: dict[str, Severity] = {}
    for rule in catalog.rules.values():
        if rule.pack not in active or not rule.in_force(settings.as_of):
            continue
        locked = rule.id in UNSUPPRESSIBLE
        if not locked and settings.select and not any(_matches(rule, s) for s in settings.select):
            continue
        if not locked and any(_matches(rule, s) for s in settings.ignore):
            continue
        level = settings.severity.get(rule.id)
        if level == "off" and not locked:
            continue
        chosen[rule.id] = rule
        severity[rule.id] = Severity.parse(level) if level and level != "off" else rule.severity
    policy = tuple(sorted((r for r in chosen.values() if not r.builtin), key=lambda r: r.id))
    return RuleSet(chosen, severity, policy)


def raise_unknown(settings: Settings, key: str) -> None:
    """An unknown rule id, prefix or pack in select/ignore/severity is a configuration error."""

    where = settings.config_display or "command line"
    raise ConfigError(f"{where}: `{key}` names no rule id, id prefix or pack (see `ctlint rules`)")


@dataclasses.dataclass(frozen=True, slots=True)
class Digest:
    """The SHA-256 and size of the bytes a manifest was read from (the register's inputs)."""

    sha256: str
    size: int


@dataclasses.dataclass(frozen=True, slots=True)
class Loaded:
    """One target after reading, parsing and schema validation: the parsed document (with
    positions), the schema-clean data, and the schema problems."""

    target: Target
    doc: Document
    clean: dict[str, Any] | None
    schema_problems: tuple[Any, ...]
    #: Of the bytes read, when asked for (``keep``); None when the file could not be read.
    digest: Digest | None = None

    @property
    def vendor(self) -> str | None:
        data = self.doc.data
        value = data.get("id") if data else None
        return value if isinstance(value, str) else None

    @property
    def retired(self) -> bool:
        return is_retired(self.clean)

    @property
    def facts(self) -> ManifestFacts:
        return ManifestFacts.of(self.target.rel, self.vendor, self.clean)


def load_target(target: Target, limits: Limits, *, digest: bool = False) -> Loaded:
    """Read, parse and schema-check one file: the only place a manifest is opened."""
    if target.problem is not None:
        doc = Document(None, None, (Problem("CTL001", target.problem, Span(1, 1, 1, 1)),))
        return Loaded(target, doc, None, ())
    # opened without following a link (the path is not one when discovery looked) and
    # refused unless it is still the file discovery checked
    raw, problem = read_file(target.path, limits, follow=False, expect=target.identity)
    if raw is None:
        assert problem is not None
        return Loaded(target, Document(None, None, (problem,)), None, ())
    digested = None
    if digest:
        import hashlib  # lazy: only the register asks for digests

        digested = Digest(hashlib.sha256(raw).hexdigest(), len(raw))
    doc = load_bytes(raw, is_json=target.path.lower().endswith(".json"), limits=limits)
    if doc.fatal or doc.data is None:
        return Loaded(target, doc, None, (), digested)
    problems, clean = validate(doc.data)
    return Loaded(target, doc, clean, tuple(problems), digested)


def _inside_root(root: str, value: str) -> tuple[bool, bool]:
    """(exists, inside) for a repository path written in a manifest."""
    if value.startswith(("/", "~")) or "\\" in value:
        return False, False
    if "\x00" in value:
        return False, True
    real = os.path.realpath(os.path.join(root, value))
    inside = is_inside(real, root)
    return inside and os.path.exists(real), inside


@dataclasses.dataclass(frozen=True, slots=True)
class FileResult:
    """What the pipeline learned about one file: its findings under every rule in force, and
    its facts for the repository-wide decisions (the parent process picks the active rules);
    with ``keep``, also the loaded document, for outputs that show the data (the register)."""

    facts: ManifestFacts
    findings: tuple[Finding, ...] = ()
    waivers: tuple[tuple[int, Mapping[str, Any]], ...] = ()
    spans: Mapping[str, Span] = dataclasses.field(default_factory=dict)
    not_applicable: tuple[str, ...] = ()  # rules whose ``applies`` fails for this manifest
    loaded: Loaded | None = None

    @property
    def rel(self) -> str:
        return self.facts.rel

    @property
    def vendor(self) -> str | None:
        return self.facts.vendor

    @property
    def parsed(self) -> bool:
        return self.facts.parsed

    @property
    def retired(self) -> bool:
        return self.facts.retired


def analyze(
    target: Target,
    *,
    settings: Settings,
    catalog: Catalog,
    rules: Sequence[Rule],
    keep: bool = False,
) -> FileResult:
    """Load one file and evaluate every rule in ``rules`` on it (findings keep default
    severity); with ``keep``, the result carries the loaded document and its digest."""
    loaded = load_target(target, settings.limits, digest=keep)
    return evaluate(loaded, settings=settings, catalog=catalog, rules=rules, keep=keep)


def evaluate(
    loaded: Loaded,
    *,
    settings: Settings,
    catalog: Catalog,
    rules: Sequence[Rule],
    keep: bool = False,
) -> FileResult:
    """Evaluate every rule in ``rules`` on an already loaded file (at ``settings.as_of``): what
    :func:`analyze` does after reading, and what the register's history does at earlier dates."""
    target = loaded.target
    rel = target.rel
    vendor = loaded.vendor
    out: list[Finding] = []

    def add(rule_id: str, pointer: str | None, message: str, item: str | None = None) -> None:
        rule = catalog.rules.get(rule_id)
        out.append(
            Finding(
                rule=rule_id,
                severity=rule.severity if rule else Severity.ERROR,
                message=message,
                file=rel,
                span=locate(loaded.doc.node, pointer, key=rule_id == "CTL104"),
                pointer=pointer,
                item=item,
                vendor=vendor,
                citations=settings.citations_for(rule) if rule else (),
            )
        )

    if loaded.doc.fatal or loaded.clean is None:
        for problem in loaded.doc.problems:
            out.append(
                Finding(
                    rule=problem.rule,
                    severity=Severity.ERROR,
                    message=problem.message,
                    file=rel,
                    span=problem.span,
                    pointer=problem.pointer,
                    vendor=vendor,
                )
            )
        return FileResult(loaded.facts, tuple(out), loaded=loaded if keep else None)
    data = loaded.clean
    for problem in loaded.schema_problems:
        add(problem.rule, problem.pointer, problem.message, problem.item)
    clean_id = data.get("id")
    if isinstance(clean_id, str):  # an id that failed its schema check counts as absent
        stem = os.path.basename(rel).rsplit(".", 1)[0]
        if stem != clean_id:
            add(
                "CTL202",
                "/id",
                f"The file name `{stem}` differs from the id `{vendor}`; name the file "
                f"{vendor}{os.path.splitext(rel)[1]}",
            )
    for section, key in PATH_FIELDS:
        block = data.get(section)
        value = block.get(key) if isinstance(block, dict) else None
        if not isinstance(value, str) or value.startswith("https://") or not value.strip():
            continue
        exists, inside = _inside_root(settings.root, value)
        if not inside:
            add(
                "CTL203",
                f"/{section}/{key}",
                f"`{section}.{key}` points outside the repository root: {value}",
            )
        elif not exists:
            add(
                "CTL203",
                f"/{section}/{key}",
                f"`{section}.{key}` names {value}, which does not exist in the repository",
            )
    for path in PAST_DATE_FIELDS:
        when = parse_date(_dig(data, path))
        if when is not None and when > settings.as_of:
            add(
                "CTL109",
                "/" + "/".join(path),
                f"`{'.'.join(path)}` is {when.isoformat()}, after the as-of date "
                f"{settings.as_of.isoformat()}: it records something that has already happened; "
                "write the real date, or remove the field until it has happened",
            )
    spans = {"/id": locate(loaded.doc.node, "/id")}
    if loaded.retired:
        return FileResult(loaded.facts, tuple(out), spans=spans, loaded=loaded if keep else None)
    categories = (
        data.get("data", {}).get("categories") if isinstance(data.get("data"), dict) else None
    )
    if isinstance(categories, list):
        vague = vague_ancestors()
        for index, entry in enumerate(categories):
            category = entry.get("key") if isinstance(entry, dict) else None
            if isinstance(category, str) and category in vague:
                add(
                    "CTL204",
                    f"/data/categories/{index}/key",
                    f"The category `{category}` is too broad: name the specific data (for example "
                    f"`{_example_child(category)}`) so the sensitive-data rules can apply",
                )
    expires = parse_date(_dig(data, ("agreement", "expires")))
    if expires is not None and 0 <= (expires - settings.as_of).days <= settings.expiry_notice_days:
        days = (expires - settings.as_of).days
        soon = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        add(
            "CTL305",
            "/agreement/expires",
            f"The agreement expires {soon} ({expires.isoformat()}): renew it and record the new "
            "dates, or plan the exit (export and delete the data, set `status: offboarding`)",
        )
    facts = derive_facts(data, settings.as_of, settings.org_type)
    not_applicable = tuple(r.id for r in rules if not r.applicable(facts))
    for rule in rules:
        for violation in check_rule(rule, data, facts, settings.as_of):
            add(rule.id, violation.pointer, violation.message, violation.item)
    entries = data.get("waivers")
    invalid = {
        p.pointer.split("/")[2]
        for p in loaded.schema_problems
        if p.pointer.startswith("/waivers/") and p.pointer.count("/") >= 2
    }
    waivers = tuple(  # a waiver entry that failed the schema is a CTL1xx finding and is ignored
        (i, w)
        for i, w in enumerate(entries if isinstance(entries, list) else [])
        if isinstance(w, dict)
        and str(i) not in invalid
        and isinstance(w.get("rule"), str)
        and isinstance(w.get("reason"), str)
    )
    for index, _waiver in waivers:
        for suffix in ("", "/rule", "/expires"):
            pointer = f"/waivers/{index}{suffix}"
            spans[pointer] = locate(loaded.doc.node, pointer)
    return FileResult(
        loaded.facts, tuple(out), waivers, spans, not_applicable, loaded if keep else None
    )


def _dig(data: Mapping[str, Any], path: Sequence[str]) -> Any:
    """The value at a path of mapping keys, or None."""
    value: Any = data
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _example_child(key: str) -> str:
    examples = {
        "user": "user.contact.email",
        "user.financial": "user.financial.credit_card",
        "user.demographic": "user.demographic.date_of_birth",
        "user.location": "user.location.imprecise",
        "user.authorization": "user.authorization.credentials",
    }
    return examples.get(key, f"{key}.…")


def finish(
    result: FileResult,
    *,
    settings: Settings,
    catalog: Catalog,
    ruleset: RuleSet,
    first_ids: Mapping[str, str],
) -> list[Finding]:
    """Keep the findings of active rules (with their configured severity), add CTL201 and waivers."""
    out: list[Finding] = []
    for finding in result.findings:
        level = ruleset.severity.get(finding.rule)
        if level is None:
            if finding.rule in UNSUPPRESSIBLE:
                out.append(finding)
            continue
        out.append(finding if level is finding.severity else finding.replace(severity=level))
    if not result.parsed:
        return out

    def make(rule_id: str, pointer: str | None, message: str) -> Finding | None:
        level = ruleset.severity.get(rule_id)
        if level is None:
            return None
        rule = catalog.rules.get(rule_id)
        return Finding(
            rule=rule_id,
            severity=level,
            message=message,
            file=result.rel,
            span=result.spans.get(pointer or ""),
            pointer=pointer,
            vendor=result.vendor,
            citations=settings.citations_for(rule) if rule else (),
        )

    if result.vendor is not None:
        first = first_ids.get(result.vendor)
        later = first is not None and first.encode("utf-8", "surrogateescape") < result.rel.encode(
            "utf-8", "surrogateescape"
        )
        if first is not None and later:
            extra = make(
                "CTL201",
                "/id",
                f"The id `{result.vendor}` is already used by {first}; ids must be unique",
            )
            if extra is not None:
                out.append(extra)
    if settings.waivers and result.waivers and not result.retired:
        out = apply_waivers(
            out,
            result.waivers,
            as_of=settings.as_of,
            known_rule=catalog.known_rule,
            active_rule=ruleset.runs,
            make=make,
        )
    return out


def catalog_for(settings: Settings) -> Catalog:
    """The catalog a check needs: built-in and organization packs, and the installed packs
    when the configuration names a pack or rule that only they can provide."""
    return build_catalog(
        root=settings.root,
        policy_paths=settings.policy_paths,
        rule_options=settings.rule_options,
        installed=None,
        references=(
            *(p for p in settings.packs if p != "auto"),
            *settings.select,
            *settings.ignore,
            *settings.severity,
        ),
    )


def context_result(target: Target, settings: Settings) -> FileResult:
    """What the repository-wide decisions need from a manifest that is not reported: loaded
    and schema-checked like any other, but no rule runs and no finding is kept."""
    return FileResult(load_target(target, settings.limits).facts)


def context(manifests: Iterable[ManifestFacts], as_of: dt.date) -> tuple[RepoFacts, dict[str, str]]:
    """The repository-wide facts at ``as_of`` (the CTDPA scope's), and the first file of each
    vendor id (CTL201), from the facts of every file that takes part."""
    per_file: dict[str, tuple[list[tuple[str, str]], bool]] = {}
    first_ids: dict[str, str] = {}
    for facts in sorted(manifests, key=lambda f: f.rel.encode("utf-8", "surrogateescape")):
        if not facts.counts:
            continue
        rel = facts.rel
        if facts.vendor is not None:
            first_ids.setdefault(facts.vendor, rel)
        per_file[rel] = ([(rel, k) for k in facts.categories if is_sensitive(k, as_of)], facts.sale)
    return repo_facts(per_file), first_ids


def _rules_in_force(settings: Settings, catalog: Catalog) -> tuple[Rule, ...]:
    """Policy rules in force of every pack that can be active: the CTDPA scope may still turn
    on `ctdpa` once every manifest is read, so the decision is made with the facts that would
    bring it into scope, and the parent drops what the real decision leaves out."""
    widest = decide(settings, catalog, RepoFacts(sensitive=(("", ""),), sale=("",)))
    packs = {p.name for p in widest.packs if p.active}
    return tuple(
        sorted(
            (
                r
                for r in catalog.rules.values()
                if not r.builtin and r.pack in packs and r.in_force(settings.as_of)
            ),
            key=lambda r: r.id,
        )
    )


_WORKER: dict[str, Any] = {}
#: What to do with one file.
Mode = Literal["light", "full", "keep"]
#: A file to analyze: ``light`` only for its repository-wide facts, ``full`` for its findings
#: too, ``keep`` also keeping the loaded document (and its digest) in the result.
Job = tuple[Target, Mode]


class WorkerError(CtlintError):
    """A ``--jobs`` worker process died (killed by a signal such as the out-of-memory
    killer's SIGKILL, or crashed): the run cannot finish, so it stops at once (exit 3)."""

    exit_code = 3


def _worker_init(settings: Settings) -> None:
    """In each worker: leave Ctrl-C to the parent (which stops the pool), let SIGTERM and
    SIGHUP end the worker at once (the parent's handlers, inherited by fork, would unwind it
    instead), and have the compiled catalog (inherited when forked; built again when spawned)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    held = {signal.SIGINT}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, signal.SIG_DFL)
            held.add(number)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
    if _WORKER.get("settings") is not settings:
        catalog = catalog_for(settings)
        _WORKER.update(settings=settings, catalog=catalog, rules=_rules_in_force(settings, catalog))


def _work(job: Job, settings: Settings, catalog: Catalog, rules: Sequence[Rule]) -> FileResult:
    target, mode = job
    if mode == "light":
        return context_result(target, settings)
    return analyze(target, settings=settings, catalog=catalog, rules=rules, keep=mode == "keep")


def _worker_chunk(jobs: Sequence[Job]) -> list[FileResult]:
    return [_work(j, _WORKER["settings"], _WORKER["catalog"], _WORKER["rules"]) for j in jobs]


def _held_signals() -> set[int]:
    import signal

    names = ("SIGINT", "SIGTERM", "SIGHUP")
    return {getattr(signal, n) for n in names if hasattr(signal, n)}


def _start_pool(
    context: Any, jobs: int, settings: Settings, chunks: Sequence[Sequence[Job]]
) -> tuple[ProcessPoolExecutor, list[Future[list[FileResult]]]]:
    """Start the workers (forked at the first submit) with SIGINT, SIGTERM and SIGHUP
    blocked from their first instant (they inherit the mask, then set their own handlers and
    unblock them in :func:`_worker_init`), so a Ctrl-C that lands while they start prints no
    worker traceback; in the parent such a signal stays pending and is raised as soon as the
    pool exists, which then stops the workers."""
    import signal
    import threading
    from concurrent.futures import ProcessPoolExecutor

    def start() -> tuple[ProcessPoolExecutor, list[Future[list[FileResult]]]]:
        executor = ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_worker_init, initargs=(settings,)
        )
        try:
            return executor, [executor.submit(_worker_chunk, chunk) for chunk in chunks]
        except BaseException:
            _stop_pool(executor)
            raise

    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "pthread_sigmask"
    ):
        return start()
    held = _held_signals()
    signal.pthread_sigmask(signal.SIG_BLOCK, held)  # held, not lost: see below
    try:
        executor, futures = start()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
        raise
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)  # a held Ctrl-C lands here
    except BaseException:
        _stop_pool(executor)
        raise
    return executor, futures


def _stop_pool(executor: ProcessPoolExecutor) -> None:
    """Stop the workers now (Ctrl-C, SIGTERM, a dead worker): cancel what has not started and
    terminate the processes, which do not wait for their current chunk."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)
    results = getattr(executor, "_result_queue", None)  # shutdown() forgets it
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(5)
    # A worker terminated in the middle of sending a result leaves the pool's own thread
    # blocked reading the rest of that message: the parent holds the pipe's other end too,
    # so no end of file ever comes. Closing the parent's copy gives it one, and the thread
    # then sees the broken pool and ends (without this, a Ctrl-C could hang at exit).
    writer = getattr(results, "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()
    # The pool's own thread notices the dead workers and closes its pipes; it must be done
    # before the interpreter's exit handler writes to them (a race in concurrent.futures).
    if manager is not None:
        manager.join(10)


def _death(processes: Sequence[Any]) -> str:
    """How a worker died, from the exit codes of the pool's processes."""
    import signal

    codes = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
    # the pool terminates the others (SIGTERM) once one has died: name the first cause
    codes.sort(key=lambda code: code == -signal.SIGTERM)
    if not codes:
        return "it stopped unexpectedly"
    code = codes[0]
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = ", as the out-of-memory killer does" if -code == signal.SIGKILL else ""
        return f"it was killed by {name}{why}"
    return f"it exited with status {code}"


def _outcome(future: Future[list[FileResult]], executor: ProcessPoolExecutor) -> list[FileResult]:
    """The chunk's results, waiting for them while watching the workers.

    ``concurrent.futures`` notices a dead worker by itself, except when the worker was killed
    in the middle of sending a result: its own thread then blocks for good reading the rest
    of that message, and the future never completes. So the wait is in slices, and a worker
    that has exited while the pool still runs counts as a broken pool."""
    from concurrent.futures import TimeoutError as Pending
    from concurrent.futures.process import BrokenProcessPool

    while True:
        try:
            return future.result(timeout=0.2)
        except Pending:
            processes = (getattr(executor, "_processes", None) or {}).values()
            if any(process.exitcode is not None for process in list(processes)):
                raise BrokenProcessPool("a worker process exited") from None


def analyze_all(
    targets: Sequence[Job], *, settings: Settings, catalog: Catalog, jobs: int
) -> list[FileResult]:
    """Analyze files (:data:`Job`), in ``jobs`` processes when there are enough of them to pay for it.

    Results come back in order, a chunk at a time. On Ctrl-C (or SIGTERM) the parent
    terminates the workers (which ignore SIGINT themselves) and re-raises, so the CLI exits
    130 (143) cleanly. A worker that dies (SIGKILL, a crash) ends the run at once with a
    :class:`WorkerError` (exit 3): ``concurrent.futures`` notices the dead process, where
    ``multiprocessing.Pool`` would wait for its lost chunk forever.
    """
    rules = _rules_in_force(settings, catalog)
    if jobs <= 1 or len(targets) < 64:
        return [_work(t, settings, catalog, rules) for t in targets]
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    size = max(16, min(500, len(targets) // (jobs * 4) or 1))
    chunks = [targets[i : i + size] for i in range(0, len(targets), size)]
    fork = sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if fork else "spawn")
    if fork:  # the workers inherit the compiled catalog instead of building it again
        _WORKER.update(settings=settings, catalog=catalog, rules=rules)
    executor, futures = _start_pool(context, jobs, settings, chunks)
    processes = list((getattr(executor, "_processes", None) or {}).values())
    results: list[FileResult] = []
    try:
        for future in futures:
            results.extend(_outcome(future, executor))
    except BrokenProcessPool:
        _stop_pool(executor)
        raise WorkerError(
            f"a --jobs worker process died ({_death(processes)}); the run was stopped: run "
            "again, with fewer --jobs if memory is short"
        ) from None
    except BaseException:
        _stop_pool(executor)
        raise
    executor.shutdown(wait=True)
    return results


def _results(
    settings: Settings,
    catalog: Catalog,
    targets: Sequence[Target],
    *,
    everything: bool,
    jobs: int,
    keep: bool = False,
) -> tuple[list[FileResult], list[ManifestFacts]]:
    """The named files' results, and the facts of every file for the repository-wide
    decisions: the named files and (unless ``targets`` already holds every configured
    manifest) the other configured manifests, from the cache when one is configured and the
    file is unchanged, otherwise from a light analysis."""
    mode: Mode = "keep" if keep else "full"
    if everything:
        manifests = list(targets)
        context: list[Target] = []
    else:
        named = {os.path.abspath(t.path) for t in targets}
        manifests = configured(settings)  # absolute, normalized paths under the root
        context = [t for t in manifests if t.path not in named]
    if settings.cache_dir is None:
        work = [(t, mode) for t in targets] + [(t, "light") for t in context]
        done = analyze_all(work, settings=settings, catalog=catalog, jobs=jobs)
        return done[: len(targets)], [r.facts for r in done]
    from ctlint.engine.cache import FactCache, stamp  # lazy: only with a cache_dir

    store = FactCache(settings.cache_dir, settings.limits)
    cacheable = {t.rel: t.path for t in manifests if t.problem is None}
    stamps = {t.rel: stamp(t.path) for t in [*targets, *context] if t.rel in cacheable}
    rows: list[ManifestFacts] = []
    missed: list[Target] = []
    for t in context:
        found = store.get(t.rel, stamps[t.rel]) if t.rel in cacheable else None
        if found is None:
            missed.append(t)
        else:
            rows.append(ManifestFacts.from_cache(t.rel, found))
    work = [(t, mode) for t in targets] + [(t, "light") for t in missed]
    done = analyze_all(work, settings=settings, catalog=catalog, jobs=jobs)
    for result in done:
        if result.rel in cacheable:
            store.put(result.rel, cacheable[result.rel], stamps[result.rel], result.facts.cached())
    store.keep_only(cacheable)
    store.save()
    return done[: len(targets)], [r.facts for r in done] + rows


def repository_facts(settings: Settings, catalog: Catalog) -> RepoFacts:
    """The repository-wide facts of the configured manifests (what ``rules`` and ``explain``
    decide the CTDPA scope with)."""
    _named, rows = _results(settings, catalog, [], everything=False, jobs=1)
    return context(rows, settings.as_of)[0]


def run(
    settings: Settings,
    paths: Sequence[str] = (),
    *,
    catalog: Catalog | None = None,
    jobs: int = 1,
    only_manifests: bool = False,
    keep: bool = False,
) -> Report:
    """Lint the named paths (or the configured manifests) and return the finished report;
    with ``keep``, the report also carries each reported file's loaded document (what the
    register shows and re-evaluates at earlier dates, so that no manifest is read twice)."""
    catalog = catalog or catalog_for(settings)
    targets = expand(settings, paths, only_manifests=only_manifests)
    reported, rows = _results(
        settings, catalog, targets, everything=not (paths or only_manifests), jobs=jobs, keep=keep
    )
    facts, first_ids = context(rows, settings.as_of)
    applicability = decide(settings, catalog, facts)
    ruleset = select_rules(settings, catalog, applicability)
    findings: list[Finding] = []
    for finding in applicability.findings:
        level = ruleset.severity.get(finding.rule)
        if level is not None:
            findings.append(finding.replace(severity=level))
    for result in reported:
        findings.extend(
            finish(result, settings=settings, catalog=catalog, ruleset=ruleset, first_ids=first_ids)
        )
    findings.sort(key=Finding.sort_key)
    outcome = None
    if settings.baseline is not None:
        from ctlint.engine import baseline  # lazy: only with a baseline

        display = os.path.relpath(settings.baseline, settings.root).replace(os.sep, "/")
        findings, outcome = baseline.apply(
            findings, baseline.load(settings.baseline), path=display, files=[t.rel for t in targets]
        )
    return Report(
        findings=tuple(cap_per_rule(findings)),
        files=tuple(t.rel for t in targets),
        as_of=settings.as_of,
        settings=settings,
        catalog=catalog,
        applicability=applicability,
        ruleset=ruleset,
        baseline=outcome,
        not_applicable={r.rel: r.not_applicable for r in reported if r.not_applicable},
        vendors={r.rel: r.vendor for r in reported if r.vendor is not None},
        results=tuple(reported) if keep else (),
        manifests=tuple(rows),
    )
