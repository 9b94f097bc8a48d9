#!/usr/bin/env python3
"""ctlint benchmark: ctlint against check-jsonschema and the bare C-loader floor.

    python bench/run.py            # the issue's sizes: 2,000 / 10,000 / 100,000 manifests
    python bench/run.py --quick    # a small run (about a minute)
    python bench/run.py --profile  # also: import times and a cProfile of a check

It generates realistic manifests (40-80 lines, varied vendors, categories and sizes, about a
quarter of them failing) into a temporary folder and measures, side by side on the same files,
the median wall time of several whole-process runs:

- ``ctlint check --jobs 1`` (schema + every active rule + positions) on N manifests;
- ``check-jsonschema --schemafile <ctlint schema>`` on the same files (schema only);
- the floor: one Python process that loads the same files with PyYAML's C loader and does
  nothing else;
- the same N manifests with one schema error each (an unknown enum value, as after a spec
  upgrade) against their own floor: detailed schema errors must not cost a second validator;
- the pre-commit case: one file, whole process, ctlint against check-jsonschema: in a
  repository holding only that manifest; in one of 50; and in the repository of N manifests,
  where ctlint also reads every configured manifest for the repository-wide facts, once
  without and once with the facts cache (``--cache-dir``, filled by the untimed warm-up);
- ``--version`` of both tools;
- ``report --format html`` (the register) against ``check`` on the same 1,000 manifests;
- ``--jobs 1`` against ``--jobs 2`` on 10,000 manifests;
- peak memory (the child's ``ru_maxrss``) and time on 100,000 manifests, and whether time grows
  linearly (time per file at 100,000 against 10,000).

check-jsonschema is a benchmark-only dependency, not one of ctlint's:
``pip install check-jsonschema`` (or ``pipx install check-jsonschema``). Without it, its rows
are skipped. The results are printed as a Markdown table, followed by which targets were met;
``--markdown FILE`` also writes them to a file. The test suite never times anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

AS_OF = "2026-11-28"
#: The realistic repository of the pre-commit rows: a large organization's vendor folder.
SMALL_REPO = 50
CONFIG = (
    f"organization:\n  type: private_business\n  ct_consumers_per_year: 52000\nas_of: {AS_OF}\n"
)

# --------------------------------------------------------------------------- manifests

VENDORS = [
    ("Zendesk Suite", "Zendesk, Inc.", "help_desk"),
    ("Freshdesk", "Freshworks Inc.", "help_desk"),
    ("Help Scout", "Help Scout PBC", "help_desk"),
    ("Zoho Desk", "Zoho Corporation", "help_desk"),
    ("Intercom Messenger", "Intercom, Inc.", "live_chat"),
    ("Drift", "Drift.com, Inc.", "live_chat"),
    ("LiveChat", "Text S.A.", "live_chat"),
    ("Tidio", "Tidio LLC", "live_chat"),
    ("Talkdesk", "Talkdesk, Inc.", "contact_center"),
    ("Five9", "Five9, Inc.", "contact_center"),
    ("Genesys Cloud", "Genesys Cloud Services, Inc.", "contact_center"),
    ("Aircall", "Aircall SAS", "contact_center"),
    ("Ada", "Ada Support Inc.", "chatbot"),
    ("Forethought", "Forethought Technologies, Inc.", "chatbot"),
    ("Salesforce Service Cloud", "Salesforce, Inc.", "crm"),
    ("HubSpot Service Hub", "HubSpot, Inc.", "crm"),
    ("SurveyMonkey", "SurveyMonkey Inc.", "survey"),
    ("Qualtrics CX", "Qualtrics, LLC", "survey"),
    ("Gorgias", "Gorgias, Inc.", "omnichannel"),
    ("Kustomer", "Kustomer, Inc.", "omnichannel"),
    ("Front", "FrontApp, Inc.", "other"),
]

CHANNELS = {
    "help_desk": ["email", "web_form", "chat"],
    "live_chat": ["chat", "chatbot", "mobile_sdk"],
    "contact_center": ["voice", "sms", "chat"],
    "chatbot": ["chatbot", "chat"],
    "crm": ["email", "web_form", "api"],
    "survey": ["email", "web_form"],
    "omnichannel": ["email", "chat", "sms", "social"],
    "other": ["email", "api"],
}

CATEGORIES = [
    ("user.name", "Address the requester and find earlier tickets."),
    ("user.contact.email", "Reply to the requester."),
    ("user.contact.phone_number", "Call the customer back."),
    ("user.content.private.support_ticket", "The text of the support request."),
    ("user.content.private.chat_transcript", "The conversation itself."),
    ("user.account.username", "Find the customer's account."),
    ("user.behavior.purchase_history", "Answer questions about orders."),
    ("user.device.ip_address", "Detect abuse of the contact form."),
    ("user.location.imprecise", "Route the request to the right team."),
    ("user.behavior.satisfaction_score", "Measure the quality of answers."),
]

CLAUSES = [
    "processing_instructions",
    "nature_and_purpose",
    "data_types",
    "duration",
    "rights_and_obligations",
    "confidentiality",
    "delete_or_return",
    "compliance_information",
    "subcontractor_flowdown",
    "subcontractor_objection",
    "assessment_cooperation",
    "breach_notification",
    "consumer_request_assistance",
]

NOTICE = [
    "categories",
    "purposes",
    "rights_and_appeal",
    "categories_shared",
    "third_party_categories",
    "contact",
    "llm_training",
    "last_updated",
]


def _wrap(key: str, items: Sequence[str], indent: int = 2) -> list[str]:
    """A YAML flow list, wrapped at about 90 columns like a person would."""
    head = f"{' ' * indent}{key}: ["
    lines, current = [], head
    for i, item in enumerate(items):
        piece = item + (", " if i < len(items) - 1 else "]")
        if len(current) + len(piece) > 90 and current != head:
            lines.append(current.rstrip())
            current = " " * len(head) + piece
        else:
            current += piece
    lines.append(current if items else head + "]")
    return lines


def manifest(index: int, rng: random.Random) -> tuple[str, str, str]:
    """(folder, id, YAML text) of one realistic manifest, 40-80 lines, about a quarter failing."""
    name, legal, category = VENDORS[index % len(VENDORS)]
    ident = f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}-{index:06d}"
    failing = rng.random() < 0.25
    cats = rng.sample(CATEGORIES, rng.choice([1, 2, 2, 3, 3, 4]))
    clauses = list(CLAUSES)
    notice = list(NOTICE)
    lines = [f"# {name}: {category.replace('_', ' ')} for the support team"] * (index % 2)
    lines += [
        "manifest: ctlint/v1",
        f"id: {ident}",
        f"name: {name}",
        f"category: {category}",
        "owner: cx-ops@example.com",
        "status: active",
        f"description: {name} as used by the customer-support team (region {index % 7}).",
    ]
    if rng.random() < 0.7:
        lines += [
            "review:",
            f"  last_reviewed: 2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
            "  reviewed_by: privacy-office",
        ]
    lines += [
        "vendor:",
        f"  legal_name: {legal}",
        "  role: processor",
        *_wrap("channels", CHANNELS[category], indent=0),
        "data:",
        "  subjects: [customer, prospect]",
        "  uses: [essential.service.operations.support]",
        "  categories:",
    ]
    for key, purpose in cats:
        lines += [f"    - key: {key}", f"      purpose: {purpose}"]
        lines.append("      necessity: Without it the request cannot be answered.")
        if not (failing and rng.random() < 0.3):
            lines.append(f"      retention_days: {rng.choice([90, 180, 365, 730])}")
    lines.append(f"  free_text_redaction: {rng.choice(['automatic', 'manual'])}")
    # a private business declares these three (CTDPA-032, spec revision 2); minors is optional
    lines += ["  sale: false", "  targeted_advertising: false", "  profiling_decisions: false"]
    if rng.random() < 0.5:
        lines.append("  minors: false")
    if failing and rng.random() < 0.5:
        clauses.remove(rng.choice(clauses))
    if failing and rng.random() < 0.4:
        notice.remove(rng.choice(notice))
    year = rng.randint(2023, 2025)
    lines += [
        "agreement:",
        "  type: data_processing_agreement",
        *([f"  reference: DPA-{year}-{index:06d}"] if rng.random() < 0.5 else []),
        f"  document: https://contracts.example.com/{ident}.pdf",
        f"  signed: {year}-02-20",
        *([f"  effective: {year}-03-01"] if rng.random() < 0.5 else []),
        f"  expires: {year + 4}-02-19",
        *_wrap("clauses", clauses),
        "notice:",
        "  privacy_notice_url: https://example.com/privacy",
        *_wrap("privacy_notice_includes", notice),
        "requests:",
        "  identity_verification: email_match",
        *(["  channels: [web_form, email]"] if rng.random() < 0.4 else []),
        f"  response_days: {60 if failing and rng.random() < 0.3 else 45}",
        *(["  extension_days: 45"] if rng.random() < 0.5 else []),
        "  appeal:",
        "    url: https://example.com/privacy/appeal",
        "    decision_days: 60",
        "  vendor_supports: [access, export, correct, delete]",
        "security:",
        "  encryption_at_rest: true",
        f"  encryption_in_transit: {'false' if failing and rng.random() < 0.3 else 'true'}",
        "  controls: [sso, mfa, rbac, audit_log, backup]",
        "  certifications: [soc2_type2, iso27001]",
        "  disposal: Deleted 90 days after termination; backups purged on rotation.",
    ]
    if rng.random() < 0.6:
        lines += [
            "breach:",
            "  vendor_notice_hours: 48",
            "  plan: docs/incident-response.md",
            "  resident_notice_days: 60",
            "  notify_attorney_general: true",
        ]
    if rng.random() < 0.35 and len(lines) < 70:
        lines += [
            "subprocessors:",
            "  notice_days: 30",
            "  entries:",
            "    - {name: Amazon Web Services, purpose: hosting, location: US}",
        ]
        if rng.random() < 0.5:
            lines.append("    - {name: Twilio, purpose: SMS and phone, location: US}")
    if "voice" in CHANNELS[category]:
        lines += ["recording:", "  records_calls: true", "  method: recorded_verbal_notice"]
        lines.append("  agents_monitored: false")  # declared for a voice channel (CT-EMP-002)
    if category in ("chatbot", "live_chat"):
        lines += ["ai:", "  chatbot: true", "  discloses_ai: true", "  companion: false"]
        lines.append("  trains_on_customer_data: false")  # declared for a chatbot (CT-AI-004)
    assert 40 <= len(lines) <= 80, (ident, len(lines))
    return category, ident, "\n".join(lines) + "\n"


#: Generated files get an old modification time, like a checked-out repository: ctlint's facts
#: cache does not store files modified in the last two seconds.
OLD = time.time() - 3600


def make_repo(root: Path, count: int, seed: int = 6) -> list[str]:
    """A repository with ``count`` manifests under vendors/<category>/; the sorted paths."""
    rng = random.Random(seed)
    (root / ".git").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "incident-response.md").write_text("# Incident response\n")
    (root / ".ctlint.yaml").write_text(CONFIG)
    paths = []
    for index in range(count):
        folder, ident, text = manifest(index, rng)
        (root / "vendors" / folder).mkdir(parents=True, exist_ok=True)
        rel = f"vendors/{folder}/{ident}.yaml"
        (root / rel).write_text(text)
        os.utime(root / rel, (OLD, OLD))
        paths.append(rel)
    return sorted(paths)


#: One unknown enum value per manifest, as after a spec upgrade that the installed ctlint does
#: not know yet: (a line every generated manifest has, the line with an unknown value), taken in
#: turn. One is a data use, whose message searches the taxonomy for a "did you mean".
UNKNOWN_ENUMS = (
    ("status: active", "status: suspended"),
    ("  role: processor", "  role: subprocessor"),
    ("  identity_verification: email_match", "  identity_verification: passkey"),
    ("  type: data_processing_agreement", "  type: data_protection_addendum"),
    (
        "  uses: [essential.service.operations.support]",
        "  uses: [essential.service.operations.triage]",
    ),
    (
        "  controls: [sso, mfa, rbac, audit_log, backup]",
        "  controls: [sso, mfa, rbac, audit_log, backup, siem]",
    ),
)


def make_error_repo(root: Path, count: int, seed: int = 6) -> list[str]:
    """:func:`make_repo` (the same manifests for the same seed), then one schema error in each
    manifest: the unknown enum value of :data:`UNKNOWN_ENUMS` its index picks; the sorted
    paths."""
    paths = make_repo(root, count, seed)
    for index, rel in enumerate(paths):
        old, new = UNKNOWN_ENUMS[index % len(UNKNOWN_ENUMS)]
        lines = (root / rel).read_text().split("\n")
        assert lines.count(old) == 1, (rel, old)
        lines[lines.index(old)] = new
        (root / rel).write_text("\n".join(lines))
        os.utime(root / rel, (OLD, OLD))
    return paths


# --------------------------------------------------------------------------- measuring

FLOOR = """
import os, sys, yaml
loader = yaml.CSafeLoader
for folder, _dirs, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith((".yaml", ".yml", ".json")):
            with open(os.path.join(folder, name), "rb") as handle:
                yaml.load(handle, Loader=loader)
"""


@dataclass
class Run:
    seconds: float
    max_rss_kb: int
    code: int


def run_once(cmd: Sequence[str], cwd: Path, ok: Sequence[int] = (0, 1)) -> Run:
    """One whole-process run: wall time and the child's peak resident memory."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err.seek(0)
            message = err.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"{' '.join(cmd[:4])} ... exited {code}:\n{message}")
    return Run(elapsed, usage.ru_maxrss, code)


@dataclass
class Series:
    label: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mb(self) -> float:
        return max(r.max_rss_kb for r in self.runs) / 1024


def measure(
    commands: dict[str, tuple[Sequence[str], Path]], runs: int, warmup: bool = True
) -> dict[str, Series]:
    """Run every command ``runs`` times, interleaved so that drift hits them alike."""
    series = {name: Series(name) for name in commands}
    if warmup:
        for cmd, cwd in commands.values():
            run_once(cmd, cwd)
    for _ in range(runs):
        for name, (cmd, cwd) in commands.items():
            series[name].runs.append(run_once(cmd, cwd))
    return series


# --------------------------------------------------------------------------- the tools


def _program(name: str) -> str | None:
    """The installed script of ``name``: beside this Python first, else on PATH. A wrapper
    such as a pyenv shim (a shell script that starts another program) is skipped, so that its
    own start-up time is not charged to the tool."""
    beside = Path(sys.executable).parent / name
    for candidate in (str(beside) if beside.exists() else None, shutil.which(name)):
        if candidate:
            with open(candidate, "rb") as handle:
                first = handle.readline()
            if not (first.startswith(b"#!") and (b"bash" in first or b"/sh" in first)):
                return candidate
    return None


def ctlint_command(given: str | None = None) -> list[str]:
    found = given or _program("ctlint")
    return [found] if found else [sys.executable, "-m", "ctlint"]


def byte_compile(ctlint: Sequence[str]) -> None:
    """Compile ctlint's modules to bytecode first, as installing a wheel does: an editable
    install under PYTHONDONTWRITEBYTECODE=1 would otherwise compile them on every run (about
    35 ms), which no installed tool pays."""
    python = sys.executable
    if Path(ctlint[0]).is_file() and ctlint[0] != sys.executable:
        with open(ctlint[0], "rb") as handle:
            first = handle.readline().decode("utf-8", "replace").strip()
        parts = first[2:].split() if first.startswith("#!") else []
        if parts and os.path.basename(parts[0]) == "env" and len(parts) > 1:
            python = parts[1]  # "#!/usr/bin/env python3"
        elif parts:
            python = parts[0]
    found = subprocess.run(  # -I: the installed ctlint, not one in the current folder
        [python, "-I", "-c", "import ctlint, os; print(os.path.dirname(ctlint.__file__))"],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode == 0 and found.stdout.strip():
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run(
            [python, "-m", "compileall", "-q", found.stdout.strip()],
            check=False,
            env=env,
            stdout=subprocess.DEVNULL,
        )


def find_check_jsonschema(given: str | None) -> list[str] | None:
    candidate = given or os.environ.get("CHECK_JSONSCHEMA") or _program("check-jsonschema")
    return [candidate] if candidate else None


def version_of(cmd: Sequence[str]) -> str:
    result = subprocess.run([*cmd, "--version"], capture_output=True, text=True, check=False)
    return (
        (result.stdout or result.stderr).strip().splitlines()[0] if result.returncode == 0 else "?"
    )


# --------------------------------------------------------------------------- the report


@dataclass
class Row:
    measurement: str
    ctlint: str
    other: str
    ratio: str
    target: str
    met: bool | None  # None: not measured


def _s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def table(rows: Sequence[Row]) -> str:
    out = [
        "| measurement | ctlint | compared with | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        met = "n/a" if row.met is None else ("yes" if row.met else "**no**")
        out.append(
            f"| {row.measurement} | {row.ctlint} | {row.other} | {row.ratio} | {row.target} | {met} |"
        )
    return "\n".join(out)


def machine() -> str:
    import yaml

    return "\n".join(
        [
            f"- date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
            f"- machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
            f"{platform.release()}",
            f"- Python {platform.python_version()} ({platform.python_implementation()}), "
            f"PyYAML {yaml.__version__} (libyaml: {getattr(yaml, '__with_libyaml__', False)})",
        ]
    )


# --------------------------------------------------------------------------- the benchmark


def benchmark(args: argparse.Namespace) -> str:
    ctlint = ctlint_command(args.ctlint)
    byte_compile(ctlint)
    cj = find_check_jsonschema(args.check_jsonschema)
    lines = [
        "# ctlint benchmark",
        "",
        machine(),
        f"- ctlint: {version_of(ctlint)} (`{' '.join(ctlint)}`)",
    ]
    if cj:
        lines.append(f"- check-jsonschema: {version_of(cj)} (`{cj[0]}`)")
    else:
        print(
            "check-jsonschema not found: its rows are skipped. Install it for the benchmark "
            "only with `pip install check-jsonschema` (or `pipx install check-jsonschema`), or "
            "name it with --check-jsonschema PATH.",
            file=sys.stderr,
        )
    lines.append(f"- runs per measurement: {args.runs} (median)")
    lines.append("")
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="ctlint-bench-", dir=args.tmp))
    try:
        schema = work / "vendor-manifest.schema.json"
        schema.write_text(
            subprocess.run([*ctlint, "schema"], capture_output=True, text=True, check=True).stdout
        )

        # 1. N manifests, one job: ctlint, check-jsonschema, the C-loader floor
        n = args.files
        say(f"generating {n:,} manifests")
        main = work / "main"
        paths = make_repo(main, n)
        commands: dict[str, tuple[Sequence[str], Path]] = {
            "ctlint": ([*ctlint, "check", "--jobs", "1", "-q"], main),
            "floor": ([sys.executable, "-c", FLOOR, "vendors"], main),
        }
        if cj:
            commands["cj"] = ([*cj, "--schemafile", str(schema), *paths], main)
        say(f"timing {n:,} manifests")
        result = measure(commands, args.runs)
        ct, floor = result["ctlint"].median, result["floor"].median
        if cj:
            other = result["cj"].median
            rows.append(
                Row(
                    f"check {n:,} manifests, 1 job",
                    _s(ct),
                    f"check-jsonschema {_s(other)}",
                    f"{other / ct:.1f}x faster",
                    ">= 5x faster",
                    other / ct >= 5,
                )
            )
        rows.append(
            Row(
                f"check {n:,} manifests, 1 job",
                _s(ct),
                f"C-loader floor {_s(floor)}",
                f"{ct / floor:.2f}x the floor",
                "<= 1.5x the floor",
                ct / floor <= 1.5,
            )
        )

        # 1b. the same manifests with one schema error each, against their own floor
        say(f"generating {n:,} manifests with one schema error each")
        errors = work / "errors"
        make_error_repo(errors, n)
        commands = {
            "ctlint": ([*ctlint, "check", "--jobs", "1", "-q"], errors),
            "floor": ([sys.executable, "-c", FLOOR, "vendors"], errors),
        }
        say(f"timing {n:,} manifests with one schema error each")
        result = measure(commands, args.runs)
        ct, floor = result["ctlint"].median, result["floor"].median
        rows.append(
            Row(
                f"check {n:,} manifests, one schema error each, 1 job",
                _s(ct),
                f"C-loader floor {_s(floor)}",
                f"{ct / floor:.2f}x the floor",
                "<= 1.5x the floor",
                ct / floor <= 1.5,
            )
        )
        shutil.rmtree(errors)

        # 2. the pre-commit case: one file, whole process
        # (alone; in a repository of 50, a large organization's vendor folder; in the
        # repository of N without and with the facts cache, which the untimed warm-up fills)
        single = work / "single"
        make_repo(single, 1, seed=7)
        one = sorted(str(p.relative_to(single)) for p in (single / "vendors").rglob("*.yaml"))[0]
        small = work / "small"
        small_paths = make_repo(small, SMALL_REPO, seed=10)
        in_main = paths[len(paths) // 2]
        cache_dir = str(work / "facts-cache")
        commands = {
            "ct-alone": ([*ctlint, "check", one], single),
            "ct-in-small": ([*ctlint, "check", small_paths[len(small_paths) // 2]], small),
            "ct-in-main": ([*ctlint, "check", in_main], main),
            "ct-in-main-cached": ([*ctlint, "check", "--cache-dir", cache_dir, in_main], main),
        }
        if cj:
            commands["cj-alone"] = ([*cj, "--schemafile", str(schema), one], single)
        say("timing one-file runs")
        result = measure(commands, args.runs * 2)
        cases = (
            ("ct-alone", "alone", True),
            ("ct-in-small", f"in a repository of {SMALL_REPO}", True),
            ("ct-in-main", f"in a repository of {n:,}, no cache", False),
            ("ct-in-main-cached", f"in a repository of {n:,}, `cache_dir`", True),
        )
        for key, where, targeted in cases:
            ct1 = result[key].median
            target = "<= 0.5x" if targeted else "-"
            if cj:
                other = result["cj-alone"].median
                rows.append(
                    Row(
                        f"pre-commit: one file ({where})",
                        _s(ct1),
                        f"check-jsonschema {_s(other)}",
                        f"{ct1 / other:.2f}x",
                        target,
                        ct1 / other <= 0.5 if targeted else None,
                    )
                )
            else:
                rows.append(Row(f"pre-commit: one file ({where})", _s(ct1), "-", "-", target, None))
        shutil.rmtree(small)

        # 3. --version
        commands = {"ct": ([*ctlint, "--version"], main)}
        if cj:
            commands["cj"] = ([*cj, "--version"], main)
        say("timing --version")
        result = measure(commands, args.runs * 2)
        ctv = result["ct"].median
        if cj:
            other = result["cj"].median
            rows.append(
                Row(
                    "`--version`",
                    _s(ctv),
                    f"check-jsonschema {_s(other)}",
                    f"{ctv / other:.2f}x",
                    "<= 0.5x",
                    ctv / other <= 0.5,
                )
            )
        else:
            rows.append(Row("`--version`", _s(ctv), "-", "-", "<= 0.5x", None))

        # 3b. the register (`report --format html`) against `check` on the same files
        r = args.report_files
        say(f"generating {r:,} manifests")
        registered = work / "report"
        make_repo(registered, r, seed=11)
        commands = {
            "report": ([*ctlint, "report", "--format", "html"], registered),
            "check": ([*ctlint, "check", "--jobs", "1", "-q"], registered),
        }
        say(f"timing report --format html and check on {r:,} manifests")
        result = measure(commands, args.big_runs, warmup=False)
        html, chk = result["report"].median, result["check"].median
        rows.append(
            Row(
                f"`report --format html` on {r:,} manifests",
                _s(html),
                f"`check` {_s(chk)}",
                f"{html / chk:.2f}x check",
                "<= 2x check",
                html / chk <= 2,
            )
        )
        shutil.rmtree(registered)

        # 4. --jobs 1 against --jobs 2
        m = args.jobs_files
        say(f"generating {m:,} manifests")
        mid = work / "jobs"
        make_repo(mid, m, seed=8)
        commands = {
            "j1": ([*ctlint, "check", "--jobs", "1", "-q"], mid),
            "j2": ([*ctlint, "check", "--jobs", "2", "-q"], mid),
        }
        say(f"timing --jobs 1 and 2 on {m:,} manifests")
        result = measure(commands, args.big_runs, warmup=False)
        j1, j2 = result["j1"].median, result["j2"].median
        rows.append(
            Row(
                f"{m:,} manifests, 2 jobs against 1",
                f"{_s(j2)} (1 job: {_s(j1)})",
                "ctlint --jobs 1",
                f"{j1 / j2:.2f}x faster",
                ">= 1.6x faster",
                j1 / j2 >= 1.6,
            )
        )
        shutil.rmtree(mid)

        # 5. peak memory and linear time on the biggest repository
        big = args.memory_files
        say(f"generating {big:,} manifests")
        huge = work / "huge"
        make_repo(huge, big, seed=9)
        say(f"timing {big:,} manifests (1 job)")
        result = measure({"big": ([*ctlint, "check", "--jobs", "1", "-q"], huge)}, 1, warmup=False)
        peak = result["big"].peak_mb
        tb = result["big"].median
        rows.append(
            Row(
                f"{big:,} manifests, 1 job: peak memory",
                f"{peak:.0f} MB",
                "-",
                "-",
                "< 300 MB",
                peak < 300,
            )
        )
        per_small, per_big = j1 / m, tb / big
        rows.append(
            Row(
                f"{big:,} manifests, 1 job: time",
                _s(tb),
                f"{m:,} manifests: {_s(j1)}",
                f"{per_big / per_small:.2f}x the time per file",
                "linear (<= 1.25x per file)",
                per_big / per_small <= 1.25,
            )
        )
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    lines += [table(rows), ""]
    met = [r for r in rows if r.met]
    missed = [r for r in rows if r.met is False]
    if args.quick:
        lines.append(
            "Quick run: the sizes are smaller than those the targets are set for, so fixed "
            "start-up costs weigh more; judge the targets on a full run."
        )
    lines.append(f"Targets met: {len(met)} of {len(met) + len(missed)}.")
    for row in missed:
        lines.append(f"- missed: {row.measurement}: {row.ratio} (target {row.target})")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- where time goes


def profile(args: argparse.Namespace) -> str:
    """Import times of `--version` and a one-file check, and a cProfile of a check."""
    out = ["## Where the time goes", ""]
    work = Path(tempfile.mkdtemp(prefix="ctlint-profile-", dir=args.tmp))
    try:
        repo = work / "repo"
        paths = make_repo(repo, args.files)
        for title, argv in (
            ("`ctlint --version`", ["--version"]),
            ("`ctlint check ONE-FILE`", ["check", paths[0]]),
        ):
            result = subprocess.run(
                [sys.executable, "-X", "importtime", "-m", "ctlint", *argv],
                cwd=repo,
                capture_output=True,
                text=True,
                check=False,
            )
            rows = []
            for line in result.stderr.splitlines():
                match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
                if match:
                    rows.append((int(match.group(2)), len(match.group(3)), match.group(4)))
            total = sum(c for c, depth, _n in rows if depth == 1)
            top = sorted((r for r in rows if r[1] <= 3), reverse=True)[:12]
            out += [
                f"Import time of {title}: {total / 1000:.0f} ms in total; the biggest "
                "(cumulative, ms):",
                "",
                "```",
                *(f"{c / 1000:8.1f}  {'  ' * (d - 1)}{n}" for c, d, n in top),
                "```",
                "",
            ]
        import io
        import pstats

        alone = work / "alone"
        one = make_repo(alone, 1, seed=7)[0]
        for title, argv, where in (
            (f"`ctlint check --jobs 1` on {args.files:,} manifests", ["--jobs", "1", "-q"], repo),
            ("`ctlint check ONE-FILE` (a repository of one manifest)", [one], alone),
        ):
            prof = work / "check.prof"
            subprocess.run(
                [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "ctlint", "check", *argv],
                cwd=where,
                stdout=subprocess.DEVNULL,
                check=False,
            )
            views = [
                ("tottime", "own time", None, 15),
                ("cumulative", "cumulative time", "/ctlint/", 22),
            ]
            for key, what, only, count in views:
                buffer = io.StringIO()
                stats = pstats.Stats(str(prof), stream=buffer)
                if only:
                    stats.sort_stats(key).print_stats(only, count)
                else:
                    stats.strip_dirs().sort_stats(key).print_stats(count)
                body = buffer.getvalue()
                body = body[body.find("ncalls") :] if "ncalls" in body else body
                body = re.sub(r"\S*/ctlint/", "", body)
                out += [f"cProfile of {title}, by {what}:", "", "```", body.rstrip(), "```", ""]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join(out)


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="small sizes (200 / 2,000 / 10,000; 1,000 reported)"
    )
    parser.add_argument("--files", type=int, help="manifests of the main comparison (2,000)")
    parser.add_argument("--jobs-files", type=int, help="manifests of the jobs test (10,000)")
    parser.add_argument("--memory-files", type=int, help="manifests of the memory test (100,000)")
    parser.add_argument("--report-files", type=int, help="manifests of the report test (1,000)")
    parser.add_argument("--runs", type=int, help="runs per measurement; the median is shown")
    parser.add_argument("--big-runs", type=int, help="runs of the jobs measurement")
    parser.add_argument("--check-jsonschema", metavar="PATH", help="the check-jsonschema program")
    parser.add_argument("--ctlint", metavar="PATH", help="the ctlint program (default: installed)")
    parser.add_argument("--profile", action="store_true", help="also show where ctlint's time goes")
    parser.add_argument("--profile-only", action="store_true", help="only the profile")
    parser.add_argument("--markdown", metavar="FILE", help="also write the results to FILE")
    parser.add_argument("--tmp", metavar="DIR", help="where to generate the manifests")
    parser.add_argument("--keep", action="store_true", help="keep the generated manifests")
    args = parser.parse_args(argv)
    quick = args.quick
    args.files = args.files or (200 if quick else 2_000)
    args.jobs_files = args.jobs_files or (2_000 if quick else 10_000)
    args.memory_files = args.memory_files or (10_000 if quick else 100_000)
    args.report_files = args.report_files or 1_000
    args.runs = args.runs or (3 if quick else 5)
    args.big_runs = args.big_runs or (1 if quick else 3)
    text = "" if args.profile_only else benchmark(args)
    if args.profile or args.profile_only:
        text += "\n" + profile(args)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
