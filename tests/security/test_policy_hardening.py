"""Issue 12, policy class: what a policy pack, a rule option or a policy example can make ctlint do.

Findings of the attack review (../shared/research/reviews/security.md) covered here:

- H1: no network and no read outside the repository, whichever way a reference is smuggled in
  (configuration ``rule_options``, a policy file, a policy example's ``options``, an installed
  pack). A real HTTP server on 127.0.0.1 records every request; an audit hook records every
  open of /etc/passwd.
- M2(a): custom-policy patterns run on RE2 (linear time), in every fragment position and on
  both the compiled path and the jsonschema fallback; a pattern RE2 cannot run is a policy
  error at load.
- M7: messages are checked at load (plain ``{name}`` placeholders only) and the rendered
  message is capped.
- L1 (policy cases): malformed fragments, messages and rule options are exit 2 with one line,
  never exit 3.
- L4: policy files that lead outside the root are refused; files are opened only when regular.

Every test drives the real command line (``run_cli`` from conftest.py, or a subprocess where a
hang must be cut off by a timeout), except the property tests at the end, which call the
loader directly. Each regression test fails on the code before the fix.
"""

from __future__ import annotations

import contextlib
import copy
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import deadline

with warnings.catch_warnings():  # see tests/test_fuzz.py
    warnings.simplefilter("ignore")
    with contextlib.suppress(ImportError):
        import hypothesis.extra._patching  # noqa: F401

settings.register_profile(
    "policy-ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "policy-dev",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FUZZ = settings(
    settings.get_profile(
        "policy-dev" if os.environ.get("HYPOTHESIS_PROFILE") == "dev" else "policy-ci"
    )
)

DATA = Path(__file__).parents[1] / "data" / "policy-hardening"
CORE = Path(__file__).parents[1] / "data" / "core" / "manifests"
#: conftest.py's default configuration (the `repo` fixture writes it; tests/reporters has its
#: own conftest.py, so conftest is not importable by name in a full run).
DEFAULT_CONFIG: dict[str, Any] = {
    "organization": {"type": "private_business", "ct_consumers_per_year": 52000},
    "as_of": "2026-11-28",
}
Repo = Any  # conftest.Repo: the `repo` fixture's throw-away repository


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


def load_data(name: str) -> dict[str, Any]:
    """A manifest of tests/data/core/manifests as plain data (dates as text)."""
    import datetime as dt

    def plain(value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    data = plain(yaml.safe_load((CORE / f"{name}.yaml").read_text("utf-8")))
    assert isinstance(data, dict)
    return data


RULE_FILE = DATA / "acme" / "ACME-001.yaml"
#: Attacks that used to hang are run in a child process and cut off after this many seconds.
HANG = 30


def base_rule() -> dict[str, Any]:
    data = yaml.safe_load(RULE_FILE.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


# --------------------------------------------------------------------------- fixtures


class Pack:
    """The ``acme`` pack inside a throw-away repository, with ACME-001 rewritten per test."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.folder = repo.path / "policies" / "acme"
        shutil.copytree(DATA / "acme", self.folder)
        repo.manifest()
        self.config()

    def config(self, **changes: Any) -> None:
        """``.ctlint.yaml``: the default plus ``changes`` (written as given: a null stays)."""
        self.repo.config({**DEFAULT_CONFIG, "policy_paths": ["policies/acme"], **changes})

    def rule(self, change: Callable[[dict[str, Any]], None] | None = None, **top: Any) -> Path:
        data = base_rule()
        data.update(top)
        if change is not None:
            change(data)
        return self.repo.write("policies/acme/ACME-001.yaml", dump_yaml(data))

    def assertion(self, **fields: Any) -> Path:
        """ACME-001 with its one assertion replaced by ``fields`` (pointer /name by default)."""

        def change(data: dict[str, Any]) -> None:
            data["assert"] = [{"pointer": "/name", "message": "msg", **fields}]

        return self.rule(change)


@pytest.fixture
def pack(repo: Repo) -> Pack:
    return Pack(repo)


class Server:
    """An HTTP server on 127.0.0.1 that answers every GET with ``{"type": "integer"}`` and
    remembers the paths asked for."""

    def __init__(self) -> None:
        hits: list[str] = []
        self.hits = hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                body = b'{"type": "integer"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, name: str) -> str:
        return f"{self.base}/evil.json?via={name}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    made = Server()
    try:
        yield made
    finally:
        made.close()


#: Opens of /etc/passwd seen by the audit hook while a test watches (sys.addaudithook cannot
#: be removed, so the hook is installed once and only records while WATCHING is set).
PASSWD_OPENS: list[str] = []
WATCHING: list[bool] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if WATCHING and event in ("open", "os.open") and args:
        name = args[0]
        if isinstance(name, (str, bytes)) and os.fsdecode(name).endswith("/etc/passwd"):
            PASSWD_OPENS.append(os.fsdecode(name))


sys.addaudithook(_audit)


@pytest.fixture
def passwd_watch() -> Iterator[list[str]]:
    PASSWD_OPENS.clear()
    WATCHING.append(True)
    try:
        yield PASSWD_OPENS
    finally:
        WATCHING.clear()


def one_line_error(result: tuple[int, str, str]) -> str:
    """Exit 2 with exactly one line on stderr (a user's mistake, never an internal error)."""
    code, _out, err = result
    assert code == 2, f"exit {code}: {err[-2000:]}"
    assert err.count("\n") == 1, err
    assert "internal error" not in err
    return err


def ctlint_process(
    cwd: Path, *args: str, timeout: float = HANG
) -> subprocess.CompletedProcess[str]:
    """``python -m ctlint ARGS`` in ``cwd``; a run that hangs fails the test after ``timeout``."""
    try:
        return subprocess.run(
            [sys.executable, "-m", "ctlint", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`ctlint {' '.join(args)}` still running after {timeout} s (killed)")


# --------------------------------------------------------------------------- H1


def test_h1_reference_in_configuration_rule_options_is_refused(pack, server, run_cli):
    """The review's second H1 repro: `{"$ref": URL}` as the value of a rule option."""
    pack.config(rule_options={"ACME-001": {"s": {"$ref": server.url("check")}}})
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert err.startswith("ctlint: ")
    assert ".ctlint.yaml: rule_options" in err
    assert "ACME-001" in err
    assert "`s`" in err
    assert "true or false" in err
    assert server.hits == []


@pytest.mark.parametrize(
    "value",
    [
        pytest.param({"$ref": "URL"}, id="mapping"),
        pytest.param(["URL"], id="list"),
        pytest.param({"$param": "s"}, id="param-mapping"),
        pytest.param("URL", id="text-for-a-boolean"),
        pytest.param(None, id="null"),
    ],
)
def test_h1_rule_option_values_are_scalars_of_their_type(pack, server, run_cli, value):
    value = json.loads(json.dumps(value).replace("URL", server.url("type")))
    pack.config(rule_options={"ACME-001": {"s": value}})
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert ".ctlint.yaml: rule_options: ACME-001 option `s` must be true or false" in err
    assert server.hits == []


def test_h1_file_reference_through_rule_options_never_opens_etc_passwd(pack, run_cli, passwd_watch):
    pack.config(rule_options={"ACME-001": {"s": {"$ref": "file:///etc/passwd"}}})
    one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert passwd_watch == []


def _reference_refused(pack: Pack, server: Server, run_cli: Any, fragment: Any) -> None:
    fragment = json.loads(json.dumps(fragment).replace("URL", server.url("policy")))
    pack.assertion(schema=fragment)
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert "policies/acme/ACME-001.yaml:" in err
    assert "is not allowed in a policy fragment" in err
    assert server.hits == []


@pytest.mark.parametrize(
    "fragment",
    [
        pytest.param({"$defs": {"a": {"type": "string"}}}, id="defs"),
        pytest.param({"$recursiveRef": "URL"}, id="recursiveRef"),
        pytest.param({"$vocabulary": {"URL": True}}, id="vocabulary"),
        pytest.param({"not": {"$recursiveAnchor": True}}, id="recursiveAnchor"),
    ],
)
def test_h1_every_reference_style_keyword_in_a_policy_file_is_refused(
    pack, server, run_cli, fragment
):
    """Own attacks: the `$`-keywords the old list missed. Every `$` keyword but `$comment` is
    refused now, so a keyword a later draft adds cannot slip through either."""
    _reference_refused(pack, server, run_cli, fragment)


@pytest.mark.parametrize(
    "fragment",
    [
        pytest.param({"$ref": "URL"}, id="ref"),
        pytest.param({"allOf": [{"properties": {"x": {"$ref": "URL"}}}]}, id="nested-ref"),
        pytest.param({"$dynamicRef": "URL"}, id="dynamicRef"),
        pytest.param({"$schema": "URL", "type": "string"}, id="schema"),
        pytest.param({"$id": "URL", "allOf": [{"$ref": "evil.json"}]}, id="id-relative-ref"),
        pytest.param({"$anchor": "a"}, id="anchor"),
        pytest.param({"dependentSchemas": {"name": {"$ref": "URL"}}}, id="fallback-path"),
    ],
)
def test_held_reference_keywords_written_in_a_policy_file(pack, server, run_cli, fragment):
    """Held before the fix too (review attack 63); a guard that the keyword check, now run
    after substitution, still refuses them."""
    _reference_refused(pack, server, run_cli, fragment)


def test_h1_reference_in_a_policy_example_is_refused(pack, server, run_cli, passwd_watch):
    """The review's first H1 repro: `ctlint policy test` on an example whose options carry a
    `$ref`; and the same through `check`, which validates examples too."""

    def change(data: dict[str, Any]) -> None:
        data["examples"]["pass"][0]["options"] = {"s": {"$ref": server.url("example")}}
        data["examples"]["fail"][0]["options"] = {"s": {"$ref": "file:///etc/passwd"}}

    pack.rule(change)
    err = one_line_error(run_cli("policy", "test", "policies/acme", cwd=pack.repo.path))
    assert "ACME-001.yaml:" in err
    assert "/options/s`" in err
    assert "invalid policy at `examples/" in err
    one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert server.hits == []
    assert passwd_watch == []


def test_h1_example_option_of_the_wrong_type_is_a_policy_error(pack, run_cli):
    def change(data: dict[str, Any]) -> None:
        data["examples"]["pass"][0]["options"] = {"s": "not a boolean"}

    pack.rule(change)
    err = one_line_error(run_cli("policy", "test", "policies/acme", cwd=pack.repo.path))
    assert "pass example `ok`: ACME-001 option `s` must be true or false" in err


def test_h1_parameter_cannot_reach_a_reference_after_substitution(pack, server, run_cli):
    """A text option filled into a fragment is checked after substitution: a `$ref` written
    around a `$param` is refused, and a `$param` beside other keys is refused."""
    pack.rule(
        options={"u": "x"},
        **{"assert": [{"pointer": "/name", "message": "m", "schema": {"$ref": {"$param": "u"}}}]},
    )
    pack.config(rule_options={"ACME-001": {"u": server.url("param")}})
    one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    pack.assertion(schema={"$param": "s", "type": "string"})
    pack.config()
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert "`$param` must be the only key" in err
    assert server.hits == []


def _install_pack(
    tmp: Path, monkeypatch: pytest.MonkeyPatch, module: str, rule: dict[str, Any]
) -> Path:
    """An installed pack, found through the real `ctlint.packs` entry-point machinery: a
    distribution's metadata and its package on sys.path (what pip would leave behind)."""
    from ctlint.policy import catalog

    site = tmp / "site"
    package = site / module
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "pack.yaml").write_text(
        "name: evil-pack\ntitle: Evil\ndescription: An installed pack\n", encoding="utf-8"
    )
    (package / f"{rule['id']}.yaml").write_text(dump_yaml(rule), encoding="utf-8")
    info = site / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[ctlint.packs]\nevil-pack = {module}\n")
    monkeypatch.syspath_prepend(str(site))
    catalog.installed_rule_ids.cache_clear()
    return package


@pytest.fixture
def clean_installed() -> Iterator[None]:
    from ctlint.policy import catalog

    yield
    catalog.installed_rule_ids.cache_clear()
    for name in [m for m in sys.modules if m.startswith("evil_pack_")]:
        del sys.modules[name]


def test_h1_installed_pack_cannot_reach_the_network(
    tmp_path, monkeypatch, repo, server, run_cli, clean_installed
):
    rule = base_rule()
    rule.update(id="EVIL-001", pack="evil-pack")
    rule["examples"]["pass"][0]["options"] = {"s": {"$ref": server.url("installed-example")}}
    package = _install_pack(tmp_path, monkeypatch, "evil_pack_a", rule)
    repo.manifest()
    repo.config(packs=["auto", "evil-pack"])
    one_line_error(run_cli("check", "-q", cwd=repo.path))
    one_line_error(run_cli("policy", "test", str(package), cwd=repo.path))
    assert server.hits == []


def test_h1_installed_rule_options_cannot_reach_the_network(
    tmp_path, monkeypatch, repo, server, run_cli, clean_installed
):
    rule = base_rule()
    rule.update(id="EVIL-001", pack="evil-pack")
    _install_pack(tmp_path, monkeypatch, "evil_pack_b", rule)
    repo.manifest()
    repo.config(
        packs=["auto", "evil-pack"],
        rule_options={"EVIL-001": {"s": {"$ref": server.url("installed-option")}}},
    )
    err = one_line_error(run_cli("check", "-q", cwd=repo.path))
    assert "EVIL-001 option `s`" in err
    assert server.hits == []


def test_h1_every_jsonschema_validator_refuses_retrieval(server, passwd_watch):
    """Defence in depth: even a schema with a remote or file `$ref` that reached a validator
    built by ctlint (fallback, bundled schemas, metaschema check) retrieves nothing."""
    from ctlint.util import fastschema

    for ref in (server.url("direct"), "file:///etc/passwd"):
        for safe in (False, True):
            check = fastschema.reference_predicate({"$ref": ref}, safe_regex=safe)
            with pytest.raises(Exception, match="Unresolvable"):
                check(1)
        validator = fastschema.make_validator({"$ref": ref})
        with pytest.raises(Exception, match="Unresolvable"):
            list(validator.iter_errors(1))
    assert server.hits == []
    assert passwd_watch == []


# --------------------------------------------------------------------------- M2(a)

EVIL = "^(a+)+$"
ATTACK = "a" * 48 + "b"


def _timed_check(repo: Repo) -> subprocess.CompletedProcess[str]:
    start = time.monotonic()
    result = ctlint_process(repo.path, "check", "--format", "json", "--no-color")
    assert result.returncode in (0, 1), result.stderr
    assert time.monotonic() - start < HANG
    return result


@pytest.mark.parametrize(
    "position",
    ["schema", "when", "where", "patternProperties", "rule-when", "fallback", "propertyNames"],
)
def test_m2a_catastrophic_pattern_finishes_in_every_position(pack, position):
    """The review's M2(a) repro (`^(a+)+$` against `aaaa…b`) in each place a pattern can sit,
    on the compiled path and on the jsonschema fallback (`dependentRequired` forces it)."""
    pack.repo.manifest(patch={"x-note": ATTACK})
    simple = {"pattern": EVIL}
    if position == "schema":
        pack.assertion(pointer="/x-note", schema=simple)
    elif position == "when":
        pack.assertion(pointer="/nothing-here", when={"properties": {"x-note": simple}})
    elif position == "where":
        pack.repo.manifest(patch={"x-notes": [{"text": ATTACK}]})
        pack.assertion(pointer="/x-notes/*/missing", where={"properties": {"text": simple}})
    elif position == "patternProperties":
        pack.repo.manifest(patch={ATTACK.replace("b", "").join(["x-", "b"]): 1})
        pack.assertion(pointer="/id", schema=True, when={"patternProperties": {"^x-(a+)+$": False}})
    elif position == "rule-when":
        pack.rule(when={"properties": {"x-note": simple}})
    elif position == "fallback":
        pack.assertion(pointer="/x-note", schema={**simple, "dependentRequired": {}})
    else:
        pack.repo.manifest(patch={"x-" + "a" * 48 + "!": 1})
        pack.assertion(pointer="/id", when={"propertyNames": {"pattern": "^([a-z_]|x|-|a+)+$"}})
    _timed_check(pack.repo)


def test_m2a_polynomial_pattern_on_a_long_line_finishes(pack):
    """Own attack: `.*.*.*=` has no nested quantifier (a refusal rule would let it through)
    but backtracks in cubic time on a 20 KB value; on RE2 it is linear."""
    pack.repo.manifest(patch={"x-note": "a" * 20_000})
    pack.assertion(pointer="/x-note", schema={"pattern": ".*.*.*="})
    result = _timed_check(pack.repo)
    assert "ACME-001" in result.stdout


def test_m2a_pattern_from_a_rule_option_finishes(pack):
    """Own attack: the configuration fills a text option into a pattern."""
    pack.repo.manifest(patch={"x-note": ATTACK})
    pack.rule(
        options={"re": "^x"},
        **{
            "assert": [
                {"pointer": "/x-note", "message": "m", "schema": {"pattern": {"$param": "re"}}}
            ]
        },
    )
    pack.config(rule_options={"ACME-001": {"re": EVIL}})
    _timed_check(pack.repo)


def test_m2a_quadratic_unique_items_finishes(pack):
    """Own attack: `uniqueItems` on a list of 30,000 numbers compared every pair (4.5e8
    comparisons); it now hashes each item once."""
    pack.repo.manifest(patch={"x-list": list(range(30_000))})
    pack.assertion(pointer="/x-list", schema={"uniqueItems": True, "items": {"type": "integer"}})
    _timed_check(pack.repo)


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        pytest.param("(", "missing )", id="unbalanced"),
        pytest.param("(a)\\1", "backreferences are not supported", id="backreference"),
        pytest.param("(?=a)b", "lookaround is not supported", id="lookahead"),
        pytest.param("(?<!a)b", "lookaround is not supported", id="lookbehind"),
        pytest.param("((a{100}){100}){100}", "the pattern does not compile", id="too-large"),
    ],
)
def test_m2a_pattern_that_cannot_run_is_a_policy_error(pack, run_cli, pattern, words):
    pack.assertion(schema={"pattern": pattern})
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert "policies/acme/ACME-001.yaml:" in err
    assert "assert/0/schema/pattern" in err
    assert words in err


def test_m2a_bad_pattern_property_is_located(pack, run_cli):
    pack.assertion(when={"properties": {"data": {"patternProperties": {"[z-a]": True}}}})
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert "assert/0/when/properties/data/patternProperties/[z-a]" in err


def test_held_pattern_like_data_is_not_compiled(pack, run_cli):
    """Held before the fix too (a guard): `pattern` under `const`, or a property named
    `pattern`, is data, not a pattern, so the new RE2 check does not refuse it."""
    pack.assertion(
        pointer="/name",
        schema={"not": {"const": {"pattern": "("}}, "properties": {"pattern": {"type": "string"}}},
    )
    code, _out, err = run_cli("check", "-q", cwd=pack.repo.path)
    assert code in (0, 1), err


# --------------------------------------------------------------------------- M7


def test_m7_format_spec_memory_bomb_is_refused_at_load(pack):
    """The review's repro, `{field:>999999999}`: a policy error at load. Run in a child with
    1.5 GB of address space, so the old behaviour (a 1 GB message) cannot take the machine."""
    import resource

    pack.assertion(pointer="/nothing-here", message="{field:>999999999}")

    def limit() -> None:  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))

    try:
        result = subprocess.run(
            [sys.executable, "-m", "ctlint", "check", "-q", "--no-color"],
            cwd=pack.repo.path,
            capture_output=True,
            text=True,
            timeout=HANG,
            preexec_fn=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("still running after the timeout")
    assert result.returncode == 2, result.stderr[-500:]
    assert result.stderr.count("\n") == 1
    assert "ACME-001.yaml:" in result.stderr
    assert "assert/0/message" in result.stderr
    assert "no conversion or format spec" in result.stderr


@pytest.mark.parametrize(
    ("message", "words"),
    [
        pytest.param("{field:>99999}", "no conversion or format spec", id="width"),
        pytest.param("unbalanced {", "unbalanced braces", id="unbalanced-open"),
        pytest.param("closing } alone", "unbalanced braces", id="unbalanced-close"),
        pytest.param("{0}", "a placeholder is a plain name", id="positional"),
        pytest.param("{}", "a placeholder is a plain name", id="auto-number"),
        pytest.param("{missing.attr}", "a placeholder is a plain name", id="attribute"),
        pytest.param("{value.__class__.__mro__}", "a placeholder is a plain name", id="dunder"),
        pytest.param("{value[0]}", "a placeholder is a plain name", id="index"),
        pytest.param("{value!z}", "no conversion or format spec", id="bad-conversion"),
        pytest.param("{value!r}", "no conversion or format spec", id="conversion"),
        pytest.param("{field:{value}}", "no conversion or format spec", id="nested"),
        pytest.param("{nobody}", "unknown placeholder `{nobody}`", id="unknown-name"),
    ],
)
def test_m7_l1_bad_message_is_a_policy_error_at_load(pack, run_cli, message, words):
    """Every bad message is found when the policy loads, with its file:line:col, even when no
    manifest violates the rule (`/nothing-here` is missing: every manifest does, before)."""
    path = pack.assertion(pointer="/nothing-here", message=message)
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    line = next(
        n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if "message:" in text
    )
    assert f"policies/acme/ACME-001.yaml:{line}:" in err
    assert "invalid policy at `assert/0/message`" in err
    assert words in err


def test_m7_rendered_message_is_capped(pack, run_cli):
    """Own attacks: a 5,000-character option value and a 4,000-character template. The
    message stays within policy.MESSAGE_MAX; each placeholder within PLACEHOLDER_MAX."""
    pack.rule(
        options={"label": "short"},
        **{
            "assert": [
                {"pointer": "/nothing-here", "message": "{label} " + "m" * 4000},
                {"pointer": "/nothing-either", "message": "[{label}]"},
            ]
        },
    )
    pack.config(rule_options={"ACME-001": {"label": "L" * 5000}})
    code, out, err = run_cli("check", "--format", "json", cwd=pack.repo.path)
    assert code == 1, err
    messages = [f["message"] for f in json.loads(out)["findings"] if f["rule"] == "ACME-001"]
    assert len(messages) == 2
    assert all(len(m) <= 1000 for m in messages)
    assert max(len(m) for m in messages) == 1000
    assert min(len(m) for m in messages) <= 202


def test_m7_huge_integer_option_renders(pack, run_cli):
    """Own attack: a 5,000-digit option default; str() of it raises in Python 3.11+."""
    text = RULE_FILE.read_text("utf-8").replace(
        "options: {s: true}", "options: {s: true, n: 1" + "0" * 5000 + "}"
    )
    text = text.replace('message: "msg"', 'message: "at most {n}"').replace(
        "pointer: /name", "pointer: /nothing-here"
    )
    (pack.folder / "ACME-001.yaml").write_text(text, encoding="utf-8")
    code, out, err = run_cli("check", "--format", "json", cwd=pack.repo.path)
    assert code == 1, err
    (message,) = [f["message"] for f in json.loads(out)["findings"] if f["rule"] == "ACME-001"]
    assert message.startswith("at most a number of about 5,001 digits")


def test_held_plain_messages_render_as_before(pack, run_cli):
    """Held before the fix too (a guard): the new renderer gives what str.format gave."""
    pack.rule(
        options={"max_days": 30},
        **{
            "assert": [
                {
                    "pointer": "/name",
                    "schema": {"maxLength": 3},
                    "message": "{field} is {value} ({{braces}}), at most {max_days}",
                }
            ]
        },
    )
    code, out, err = run_cli("check", "--format", "json", cwd=pack.repo.path)
    assert code == 1, err
    (message,) = [f["message"] for f in json.loads(out)["findings"] if f["rule"] == "ACME-001"]
    assert message == "name is Zendesk Suite ({braces}), at most 30"


# --------------------------------------------------------------------------- L1 (policy cases)


@pytest.mark.parametrize(
    ("fragment", "at"),
    [
        pytest.param({"type": "bogus"}, "assert/0/schema/type", id="type-bogus"),
        pytest.param({"enum": 5}, "assert/0/schema/enum", id="enum-5"),
        pytest.param({"required": 5}, "assert/0/schema/required", id="required-5"),
        pytest.param({"properties": []}, "assert/0/schema/properties", id="properties-list"),
        pytest.param({"pattern": "("}, "assert/0/schema/pattern", id="pattern-paren"),
        pytest.param({"minLength": -1}, "assert/0/schema/minLength", id="negative-length"),
        pytest.param({"items": [{"type": "string"}]}, "assert/0/schema/items", id="items-list"),
        pytest.param({"allOf": []}, "assert/0/schema/allOf", id="empty-allOf"),
        pytest.param({"type": ["string", "string"]}, "assert/0/schema/type", id="type-twice"),
        pytest.param({"$param": ["s"]}, "assert/0/schema/$param", id="param-name-list"),
        pytest.param({"$param": "nope"}, "assert/0/schema/$param", id="param-unknown"),
    ],
)
def test_l1_malformed_fragment_is_exit_2_at_load(pack, run_cli, fragment, at):
    pack.assertion(schema=fragment)
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert "policies/acme/ACME-001.yaml:" in err
    assert f"invalid policy at `{at}" in err


def test_l1_option_default_that_is_not_a_schema(pack, run_cli):
    """The review's repro: `schema: {"$param": s}` with `s: "placeholder"`."""
    pack.rule(options={"s": "placeholder"})
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert "ACME-001.yaml:" in err
    assert "assert/0/schema" in err
    assert "not a valid JSON Schema" in err


def test_l1_option_value_that_is_not_a_schema_is_found_for_the_configuration(pack, run_cli):
    """A text option of the right type whose value still makes the fragment invalid."""
    pack.rule(
        options={"t": "string"},
        **{"assert": [{"pointer": "/name", "message": "m", "schema": {"type": {"$param": "t"}}}]},
    )
    pack.config(rule_options={"ACME-001": {"t": "bogus"}})
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert "assert/0/schema/type" in err


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("abc", id="text"),
        pytest.param(None, id="null"),
        pytest.param([1], id="list"),
        pytest.param({"a": 1}, id="mapping"),
        pytest.param(True, id="boolean"),
        pytest.param(1.5, id="fraction"),
    ],
)
def test_l1_builtin_rule_option_of_the_wrong_type(repo, run_cli, value):
    """The review's repro: `rule_options: {CT-BREACH-002: {max_hours: "abc"}}`, null, [1], a
    mapping; also true and 1.5 for a whole number."""
    repo.manifest()
    repo.config({**DEFAULT_CONFIG, "rule_options": {"CT-BREACH-002": {"max_hours": value}}})
    err = one_line_error(run_cli("check", "-q", cwd=repo.path))
    assert (
        ".ctlint.yaml: rule_options: CT-BREACH-002 option `max_hours` must be a whole number" in err
    )


def test_held_builtin_rule_option_of_the_right_type_still_works(repo, run_cli):
    """Held before the fix too (a guard): a well-typed option still changes the rule."""
    card = {
        "key": "user.financial.credit_card",
        "purpose": "Billing disputes.",
        "necessity": "x",
        "retention_days": 365,
    }
    categories = [*load_data("zendesk")["data"]["categories"], card]
    repo.manifest(patch={"breach": {"vendor_notice_hours": 48}, "data": {"categories": categories}})
    repo.config(rule_options={"CT-BREACH-002": {"max_hours": 24}})
    code, out, err = run_cli("check", "--format", "json", cwd=repo.path)
    assert code == 1, err
    assert "CT-BREACH-002" in [f["rule"] for f in json.loads(out)["findings"]]


def test_l1_example_with_an_impossible_date(pack, run_cli):
    """Own attack: `as_of: 2026-02-30` in an example passes the pattern, then crashed."""

    def change(data: dict[str, Any]) -> None:
        data["examples"]["pass"][0]["as_of"] = "2026-02-30"

    pack.rule(change)
    err = one_line_error(run_cli("policy", "test", "policies/acme", cwd=pack.repo.path))
    assert "as_of is not a calendar date" in err


def test_l1_oversized_fragment_is_refused(pack, run_cli):
    """Own attack: a fragment of 20,000 schemas (work per manifest is fragment x manifest)."""
    pack.assertion(schema={"anyOf": [{"const": i} for i in range(20_000)]})
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert "too large" in err


# --------------------------------------------------------------------------- L4


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        "name: acme\ntitle: SECRET-OUTSIDE-TITLE\ndescription: x\n", encoding="utf-8"
    )
    (folder / "ACME-001.yaml").write_text(RULE_FILE.read_text("utf-8"), encoding="utf-8")
    return folder


def test_l4_pack_file_linked_outside_the_root_is_refused(pack, outside, run_cli):
    """The review's repro: `policies/acme/pack.yaml -> /outside/pack.yaml`."""
    (pack.folder / "pack.yaml").unlink()
    (pack.folder / "pack.yaml").symlink_to(outside / "pack.yaml")
    for args in (("check", "-q"), ("report", "--format", "json"), ("rules",)):
        result = run_cli(*args, cwd=pack.repo.path)
        err = one_line_error(result)
        assert "policies/acme/pack.yaml: leads outside the repository" in err
        assert "SECRET-OUTSIDE-TITLE" not in result[1] + err


def test_l4_rule_file_linked_outside_the_root_is_refused(pack, outside, run_cli):
    (pack.folder / "ACME-001.yaml").unlink()
    (pack.folder / "ACME-001.yaml").symlink_to(outside / "ACME-001.yaml")
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert "policies/acme/ACME-001.yaml: leads outside the repository" in err


def test_l4_link_chain_that_ends_outside_is_refused(pack, outside, run_cli):
    """Own attack: an inside link to an inside link to an outside file."""
    (pack.folder / "ACME-001.yaml").unlink()
    hop = pack.repo.path / "hop.yaml"
    hop.symlink_to(outside / "ACME-001.yaml")
    (pack.folder / "ACME-001.yaml").symlink_to(Path("..") / ".." / "hop.yaml")
    err = one_line_error(run_cli("check", "-q", cwd=pack.repo.path))
    assert "leads outside the repository" in err


def test_l4_policy_test_refuses_links_out_of_the_folder_named(pack, outside, run_cli):
    (pack.folder / "ACME-001.yaml").unlink()
    (pack.folder / "ACME-001.yaml").symlink_to(outside / "ACME-001.yaml")
    err = one_line_error(run_cli("policy", "test", "policies/acme", cwd=pack.repo.path))
    assert "leads outside the repository" in err


def test_held_link_inside_the_root_is_still_read(pack, run_cli):
    """Held before and after (a guard): a policy file may link to another file of the root."""
    shared = pack.repo.path / "shared"
    shared.mkdir()
    (pack.folder / "ACME-001.yaml").rename(shared / "ACME-001.yaml")
    (pack.folder / "ACME-001.yaml").symlink_to(Path("..") / ".." / "shared" / "ACME-001.yaml")
    code, _out, err = run_cli("check", "-q", cwd=pack.repo.path)
    assert code in (0, 1), err


def test_held_fifo_rule_file_never_hangs(pack):
    """Held before and after (a guard for the new reader): a FIFO is skipped, not opened."""
    os.mkfifo(pack.folder / "ACME-002.yaml")
    result = ctlint_process(pack.repo.path, "check", "-q", "--no-color", timeout=20)
    assert result.returncode in (0, 1), result.stderr


def test_l4_reader_opens_only_regular_files(tmp_path):
    """The policy reader itself (pack.yaml or a rule file swapped for a FIFO after the
    folder was listed): refused without blocking, and the size bound holds."""
    from ctlint.policy import load as policy

    fifo = tmp_path / "pack.yaml"
    os.mkfifo(fifo)
    with pytest.raises(policy.PolicyError, match="Not a regular file"):
        policy.read_policy_file(str(fifo), "policies/acme/pack.yaml")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 1_048_577)
    with pytest.raises(policy.PolicyError, match="more than 1,048,576"):
        policy.read_policy_file(str(big), "policies/acme/big.yaml")


# --------------------------------------------------------------------------- the metaschema


def _merged_metaschema() -> dict[str, Any]:
    """#/$defs/jsonSchema and its helpers, rebuilt from jsonschema's own copy of the Draft
    2020-12 metaschema: vocabularies merged, `$dynamicRef: #meta` made a local `$ref`, the
    `$` keywords but `$comment` left out (refused before the metaschema check)."""
    from jsonschema_specifications import REGISTRY

    base = "https://json-schema.org/draft/2020-12/"
    names = ["core", "applicator", "unevaluated", "validation", "meta-data"]
    names += ["format-annotation", "content"]
    vocabularies = [REGISTRY.contents(f"{base}meta/{name}") for name in names]
    rename = {
        "schemaArray": "jsonSchemaArray",
        "nonNegativeInteger": "jsonSchemaNonNegativeInteger",
        "nonNegativeIntegerDefault0": "jsonSchemaNonNegativeInteger",
        "simpleTypes": "jsonSchemaSimpleTypes",
        "stringArray": "jsonSchemaStringArray",
    }

    def local(node: Any) -> Any:
        if isinstance(node, list):
            return [local(v) for v in node]
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$dynamicRef":
                out["$ref"] = "#/$defs/jsonSchema"
            elif key == "$ref":
                out["$ref"] = "#/$defs/" + rename[value.rsplit("/", 1)[1]]
            else:
                out[key] = local(value)
        return out

    properties: dict[str, Any] = {}
    for vocabulary in [*vocabularies, REGISTRY.contents(f"{base}schema")]:
        for key, value in vocabulary["properties"].items():
            assert key not in properties
            if not key.startswith("$") or key == "$comment":
                properties[key] = local(value)
    return {
        "jsonSchema": {"type": ["object", "boolean"], "properties": properties},
        "jsonSchemaArray": local(vocabularies[1]["$defs"]["schemaArray"]),
        "jsonSchemaNonNegativeInteger": vocabularies[3]["$defs"]["nonNegativeInteger"],
        "jsonSchemaSimpleTypes": vocabularies[3]["$defs"]["simpleTypes"],
        "jsonSchemaStringArray": vocabularies[3]["$defs"]["stringArray"],
    }


def test_policy_schema_holds_the_draft_2020_12_metaschema():
    from importlib import resources

    text = resources.files("ctlint.schemas").joinpath("policy.schema.json").read_text("utf-8")
    schema = json.loads(text)
    stored = {k: v for k, v in schema["$defs"].items() if k.startswith("jsonSchema")}
    stored["jsonSchema"] = {k: v for k, v in stored["jsonSchema"].items() if k != "description"}
    assert stored == _merged_metaschema()


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "a", "string", "("]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2)
    ),
    max_leaves=6,
)
_KEYWORDS = [
    "type",
    "enum",
    "const",
    "required",
    "properties",
    "patternProperties",
    "items",
    "prefixItems",
    "allOf",
    "anyOf",
    "not",
    "minLength",
    "maxItems",
    "uniqueItems",
    "multipleOf",
    "dependentRequired",
    "contains",
    "minContains",
    "$comment",
    "format",
    "default",
    "propertyNames",
    "unevaluatedProperties",
    "contentSchema",
]
_FRAGMENTS = st.recursive(
    st.booleans() | st.dictionaries(st.sampled_from(_KEYWORDS), _JSON, max_size=3),
    lambda inner: st.dictionaries(
        st.sampled_from(_KEYWORDS),
        inner
        | st.lists(inner, max_size=2)
        | st.dictionaries(st.sampled_from(["a", "^b"]), inner, max_size=2),
        max_size=3,
    ),
    max_leaves=8,
)


@FUZZ
@given(fragment=_FRAGMENTS)
def test_merged_metaschema_agrees_with_jsonschema(fragment):
    """The compiled check at load says what jsonschema's Draft 2020-12 metaschema says."""
    import jsonschema

    from ctlint.policy import fragments as policy

    meta = jsonschema.Draft202012Validator(
        jsonschema.Draft202012Validator.META_SCHEMA, format_checker=None
    )
    check = getattr(policy, "_is_schema", None)
    assert check is not None, "no metaschema check at policy load"
    assert check()(fragment) == meta.is_valid(fragment)


# --------------------------------------------------------------------------- properties

_RULE = base_rule()
_REGEX_PIECES = [
    "a",
    "b",
    ".",
    "(",
    ")",
    "(?:",
    "*",
    "+",
    "?",
    "|",
    "{2}",
    "{1,3}",
    "[ab]",
    "[",
    "]",
    "\\1",
    "(?=",
    "(?!",
    "(?<=",
    "^",
    "$",
    "\\d",
    "\\w",
    "\\",
    "{",
    "}",
    "(?P<n>",
    "\\b",
]


def _outcome(load: Callable[[], Any]) -> tuple[str | None, Any]:
    """(the PolicyError's text, None) or (None, the loaded rule); any other exception fails."""
    from ctlint.policy import load as policy

    try:
        return None, load()
    except policy.PolicyError as exc:
        return str(exc), None


def _compile_pattern(pattern: str) -> Any:
    from ctlint.policy import compile as policy

    raw = copy.deepcopy(_RULE)
    raw["assert"] = [{"pointer": "/name", "message": "m", "schema": {"pattern": pattern}}]
    return policy.compile_rule(raw, path="policies/acme/ACME-001.yaml")


@FUZZ
@given(
    pattern=st.lists(st.sampled_from(_REGEX_PIECES), max_size=12).map("".join),
    text=st.sampled_from(["a" * 3000 + "!", "ab" * 1500 + "c", "", "b" * 2000]),
)
def test_any_pattern_loads_or_is_a_policy_error_and_runs_in_linear_time(pattern, text):
    from ctlint.util import fastschema

    error, rule = _outcome(lambda: _compile_pattern(pattern))
    if error is not None:
        assert "\n" not in error
        assert "assert/0/schema/pattern" in error
        return
    check = rule.asserts[0].schema
    assert check is not None
    with deadline(0.5):
        verdict = check(text)
    slow = fastschema.compile_schema({"pattern": pattern, "dependentRequired": {}}, safe_regex=True)
    with deadline(0.5):
        assert slow(text) == verdict


_MESSAGE_PIECES = [
    "x",
    " ",
    "{",
    "}",
    "{{",
    "}}",
    "value",
    "field",
    "index",
    "key",
    "item",
    "max_days",
    "nobody",
    "0",
    ".",
    "[0]",
    "!r",
    "!z",
    ":",
    ">9",
    "__class__",
]


@FUZZ
@given(
    message=st.lists(st.sampled_from(_MESSAGE_PIECES), min_size=1, max_size=10).map("".join),
    value=st.text(max_size=50) | st.integers() | st.booleans(),
)
def test_any_message_loads_or_is_a_policy_error_and_renders_bounded(message, value):
    from ctlint.policy import compile as policy
    from ctlint.policy import messages

    raw = copy.deepcopy(_RULE)
    raw["options"] = {"max_days": 30}
    raw["assert"] = [{"pointer": "/name", "message": message}]
    error, _rule = _outcome(lambda: policy.compile_rule(raw, path="policies/acme/ACME-001.yaml"))
    if error is not None:
        assert "\n" not in error
        assert "invalid policy at `assert/0/message`" in error
        return
    values = {"value": value, "field": "name", "index": 3, "max_days": 30, "key": "k" * 9999}
    text = messages.render_message(message, values)
    assert len(text) <= messages.MESSAGE_MAX
    short = {**values, "key": "k"}
    if all(len(str(v)) < 200 for v in short.values()):
        expected = message.format_map({**short, "item": "?"})
        if len(expected) <= messages.MESSAGE_MAX:
            assert messages.render_message(message, short) == expected


def test_held_builtin_catalog_needs_neither_jsonschema_nor_re2():
    """Held before the fix too (a guard for speed): the built-in packs come from
    policies/bundle.json as they are; only an organization's or installed pack pays for the
    metaschema check (compiled, no jsonschema import) and for RE2."""
    code = (
        "import sys\n"
        "from ctlint.policy.catalog import build_catalog\n"
        "build_catalog(installed=False)\n"
        "print(sorted(m for m in ('jsonschema', 're2') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="/"
    )
    assert result.stdout.strip() == "[]"
