"""What ctlint prints, and how it prints it (security review M3, M4, M5, L1, L7, L8, L9).

- Every string from a repository, a policy pack or the configuration reaches a terminal with
  its control, bidi and invisible characters made visible, in every command and format, and
  every other format escapes them (JSON ``\\uXXXX``, XML character references) or neutralizes
  them (Markdown: no autolink, no mention, code spans that show their text exactly).
- Dates at the ends of the calendar never crash a command.
- A dead ``--jobs`` worker ends the run (exit 3, one line) instead of hanging it.
- Standard output closed, full, or unable to encode the text; a file name that is not UTF-8;
  SIGTERM and SIGHUP: one line and a documented exit code, never exit 3 or a traceback.

The oracle of "unsafe" is Unicode itself (categories Cc, Cf, Cs, Zl, Zp), not ctlint's list.
Tests that run ``python -m ctlint`` put the checkout under test first on PYTHONPATH, so they
test the same code as the rest of the file.
"""

from __future__ import annotations

import html
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import many_manifests

import ctlint

CHECKOUT = Path(ctlint.__file__).resolve().parents[1]
MANIFESTS = Path(__file__).resolve().parents[1] / "data" / "core" / "manifests"
Repo = Any  # tests/conftest.py's throw-away repository (the `repo` fixture)
FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "markdown")
REGISTER_FORMATS = ("html", "markdown", "csv", "json")
UNSAFE_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")

#: What an attacker writes into a policy pack or a manifest: an OSC 8 hyperlink, SGR colours,
#: an OSC window title, a screen clear, a C1 CSI, bidi overrides and isolates, the Arabic
#: letter mark, zero-width characters, the word joiner, a BOM, a soft hyphen, a line separator.
PAYLOAD = (
    "\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07 \x1b[31mRED\x1b[0m \x1b]0;TITLE\x07 "
    "\x1b[2J\x1b[H \x9b31m \u202eRLO \u2066LRI \u061cALM \u200bZWSP \u200dZWJ \u2060WJ "
    "\ufeffBOM \u00adSHY \u2028LS \u200eLRM"
)
#: Characters the review found printed raw (L7), and more of their kind.
INVISIBLE = "\u061c\u200b\u200c\u200d\u2060\ufeff\u00ad\u2028\u2029\u2064\u180e\U000e0041"

needs_cmark = pytest.mark.skipif(
    __import__("importlib.util").util.find_spec("cmarkgfm") is None,
    reason="cmarkgfm (GitHub's Markdown renderer) is not installed",
)


def load_data(name: str) -> dict[str, Any]:
    """A manifest of tests/data/core/manifests/ as plain data (dates as text)."""
    data = yaml.safe_load((MANIFESTS / f"{name}.yaml").read_text("utf-8"))
    return json.loads(json.dumps(data, default=str))


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def unsafe(text: str, *, sgr: bool = False) -> list[str]:
    """The unsafe characters in ``text``, as ``U+XXXX`` (line breaks, tabs, CR LF pairs and
    a leading BOM excepted; with ``sgr``, also ctlint's own colour codes)."""
    if sgr:
        text = re.sub("\x1b\\[(?:0|1|31|33|36)m", "", text)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return sorted(
        {
            f"U+{ord(c):04X}"
            for c in text
            if c not in "\n\t" and unicodedata.category(c) in UNSAFE_CATEGORIES
        }
    )


def render_gfm(text: str) -> str:
    import cmarkgfm

    rendered: str = cmarkgfm.github_flavored_markdown_to_html(text)
    return rendered


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(CHECKOUT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env.update(extra)
    return env


def ctlint_process(
    *args: str, cwd: Path, shell_redirect: str = "", **kwargs: Any
) -> subprocess.CompletedProcess[bytes]:
    """``python -m ctlint ARGS`` in a real process; ``shell_redirect`` (such as ``>&-``) is
    applied by bash."""
    command = [sys.executable, "-m", "ctlint", *args]
    if shell_redirect:
        quoted = " ".join(_sh(a) for a in command)
        command = ["bash", "-c", f"exec {quoted} {shell_redirect}"]
    kwargs.setdefault("env", subprocess_env())
    kwargs.setdefault("timeout", 120)
    return subprocess.run(command, cwd=cwd, capture_output=True, check=False, **kwargs)


def _sh(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


def one_line(err: bytes | str) -> str:
    text = err.decode("utf-8", "replace") if isinstance(err, bytes) else err
    assert "Traceback" not in text, text
    assert "Exception ignored" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


# --------------------------------------------------------------------------- fixtures


def _pack(repo: Repo, payload: str, *, url_tail: str = "") -> None:
    """A local pack whose every free-text field carries ``payload``; ACME-001 fires on any
    manifest (its ``name`` is text, the rule wants an integer). Written as JSON, which is
    YAML, so that the control characters are escapes in the file."""
    folder = repo.path / "policies" / "acme"
    folder.mkdir(parents=True, exist_ok=True)
    pack = {"name": "acme", "title": f"Acme {payload} pack", "description": f"d {payload}"}
    (folder / "pack.yaml").write_text(json.dumps(pack))
    rule = {
        "id": "ACME-001",
        "pack": "acme",
        "name": "evil-rule",
        "title": f"Evil {payload} title",
        "severity": "error",
        "effective_from": "1970-01-01",
        "source_requirement": f"SR {payload}",
        "rationale": f"Why {payload}\nsecond line of the rationale",
        "remediation": f"Fix {payload}\n\n    name: 1\n",
        "citations": [
            {
                "law": f"Law {payload}",
                "section": f"§ 1 {payload}",
                "title": f"T {payload}",
                "url": f"https://x.example/{payload}{url_tail}",
                "status": "verified",
                "note": f"N {payload}",
            }
        ],
        "assert": [{"pointer": "/name", "schema": {"type": "integer"}, "message": f"m {payload}"}],
        "examples": {
            "pass": [{"name": f"example {payload} name", "manifest": {"name": "x"}}],
            "fail": [
                {"name": f"bad {payload}", "manifest": {"name": 1}, "expect": [{"pointer": "/id"}]}
            ],
        },
    }
    (folder / "ACME-001.yaml").write_text(json.dumps(rule))


@pytest.fixture
def hostile_pack(repo: Repo) -> Repo:
    """The example manifest and a policy pack full of terminal escapes and invisible text."""
    repo.manifest()
    _pack(repo, PAYLOAD)
    repo.config(policy_paths=["policies/acme"])
    return repo


# --------------------------------------------------------------------------- sanitize itself


def test_every_control_format_and_separator_character_is_made_visible() -> None:
    """visible() escapes every code point of categories Cc, Cf, Cs, Zl and Zp (L7: U+061C,
    U+200B, U+2060, U+FEFF, U+200D came out raw), as printable ASCII."""
    from ctlint.util.text import visible

    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if unicodedata.category(chr(code)) in UNSAFE_CATEGORIES
        and not re.fullmatch(r"\\[xuU][0-9a-f]+|\\[nt]", visible(chr(code)))
    ]
    assert missed == []


_interesting = st.sampled_from(list(PAYLOAD + INVISIBLE + "\r\n\t\x00\x7f\x85\ud800\udcff`|@"))
hostile_text = st.text(alphabet=st.one_of(st.characters(), _interesting), max_size=60)


@given(hostile_text)
def test_visible_leaves_nothing_unsafe_on_one_line(text: str) -> None:
    from ctlint.util.text import visible

    shown = visible(text)
    assert unsafe(shown) == []
    assert "\n" not in shown
    assert "\t" not in shown


@given(hostile_text)
def test_visible_lines_keeps_the_line_breaks_only(text: str) -> None:
    from ctlint.util.text import visible_lines

    shown = visible_lines(text)
    assert unsafe(shown) == []
    assert shown.count("\n") == text.replace("\r\n", "\n").count("\n")


@given(hostile_text)
def test_the_terminal_guard_lets_only_ctlints_own_colours_through(text: str) -> None:
    from ctlint.util.text import terminal

    shown = terminal(text)
    assert unsafe(shown, sgr=True) == []
    assert re.sub("\x1b\\[(?:0|1|31|33|36)m", "", shown).count("\x1b") == 0


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), hostile_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner)),
    max_leaves=12,
)


@given(json_values)
def test_json_safe_keeps_the_values_and_prints_nothing_unsafe(value: Any) -> None:
    from ctlint.util.text import clean_unicode, json_safe

    text = json_safe(json.dumps(value, indent=2, ensure_ascii=False))
    assert unsafe(text) == []
    expected = json.loads(clean_unicode(json.dumps(value, ensure_ascii=False)))
    assert json.loads(text) == expected


@needs_cmark
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.one_of(st.characters(), st.sampled_from(list(":/.@w#`|<>&\\*_[]!~ "))),
        max_size=40,
    ).map(lambda t: t + " https://evil.example/x www.evil.example a@evil.example @octocat #12")
)
def test_md_text_renders_literally_and_links_nothing(text: str) -> None:
    """L8: the text shows exactly as visible() shows it, inside a table cell, and GFM makes no
    link, autolink, e-mail link, HTML or emphasis of it."""
    from ctlint.util.text import md_text, visible

    rendered = render_gfm(f"| h |\n|---|\n| {md_text(text)} |\n")
    cell = re.search(r"<td>(.*?)</td>", rendered, re.S)
    assert cell is not None, rendered
    assert "<a " not in cell.group(1)
    shown = html.unescape(re.sub(r"</?code>", "", cell.group(1)))
    assert shown == visible(text).strip(" ")


@needs_cmark
@given(hostile_text)
def test_md_code_shows_its_text_exactly_in_a_table_cell(text: str) -> None:
    """L9: a code span is fenced by more backticks than it holds, nothing inside is escaped
    twice, and a pipe does not end the cell."""
    from ctlint.util.text import md_code, visible

    rendered = render_gfm(f"| h | t |\n|---|---|\n| {md_code(text)} | end |\n")
    cells = re.findall(r"<td>(.*?)</td>", rendered, re.S)
    assert len(cells) == 2, rendered
    shown = visible(text)
    if not shown:
        assert cells[0] == "—"
        return
    inner = re.fullmatch(r"<code>(.*)</code>", cells[0], re.S)
    assert inner is not None, rendered
    assert html.unescape(inner.group(1)) == shown.replace("\\|", "\\x5c|")
    assert cells[1] == "end"


# --------------------------------------------------------------------------- M3: policy text


@pytest.mark.parametrize("fmt", FORMATS)
def test_policy_text_never_reaches_stdout_raw(hostile_pack: Repo, run_cli: Any, fmt: str) -> None:
    """M3: titles, citations and messages of a policy pack in every format on stdout."""
    code, out, err = run_cli("check", "--no-color", "--format", fmt, cwd=hostile_pack.path)
    assert code == 1, err
    assert "ACME-001" in out
    assert unsafe(out) == []
    assert unsafe(err) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_policy_text_is_escaped_in_every_file_format(
    hostile_pack: Repo, run_cli: Any, fmt: str
) -> None:
    """M3: the same to a file (``FORMAT:PATH``): no raw character, and the JSON formats keep
    the values themselves (as ``\\uXXXX`` escapes)."""
    target = hostile_pack.path / f"out.{fmt}"
    code, _out, err = run_cli("check", "--format", f"{fmt}:{target}", cwd=hostile_pack.path)
    assert code == 1, err
    text = target.read_text("utf-8")
    assert unsafe(text) == []
    if fmt == "json":
        (finding,) = [f for f in json.loads(text)["findings"] if f["rule"] == "ACME-001"]
        assert finding["message"] == f"m {PAYLOAD}"
        assert finding["citations"][0]["law"] == f"Law {PAYLOAD}"
    if fmt == "junit":
        ET.fromstring(text)  # still parses


def test_text_finding_line_shows_the_citation_label_escaped(
    hostile_pack: Repo, run_cli: Any
) -> None:
    code, out, _err = run_cli("check", "-q", "--no-color", cwd=hostile_pack.path)
    assert code == 1
    (line,) = [line for line in out.splitlines() if "ACME-001" in line]
    assert "[Law \\x1b]8;;https://evil.example/\\x07click" in line
    assert "\\u202eRLO" in line
    assert "\\u061cALM" in line


def test_statistics_titles_are_escaped(hostile_pack: Repo, run_cli: Any) -> None:
    code, out, _err = run_cli("check", "--statistics", "-q", "--no-color", cwd=hostile_pack.path)
    assert code == 1
    (row,) = [line for line in out.splitlines() if line.strip().startswith("1  ACME-001")]
    assert "Evil \\x1b]8;;" in row
    assert unsafe(out) == []


def test_explain_escapes_every_policy_field_and_keeps_its_lines(
    hostile_pack: Repo, run_cli: Any
) -> None:
    code, out, _err = run_cli("explain", "ACME-001", cwd=hostile_pack.path)
    assert code == 0
    assert unsafe(out) == []
    lines = out.splitlines()
    assert lines[0].startswith("ACME-001 (evil-rule): Evil \\x1b]8;;")
    assert any(line.startswith("Pack:      acme — Acme \\x1b]8;;") for line in lines)
    assert "  second line of the rationale" in lines  # a rationale keeps its line breaks
    assert any("\\u2028LS" in line for line in lines)  # a line separator is not a line break


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_rules_escape_policy_text(hostile_pack: Repo, run_cli: Any, fmt: str) -> None:
    code, out, _err = run_cli("rules", "--format", fmt, "--pack", "acme", cwd=hostile_pack.path)
    assert code == 0
    assert unsafe(out) == []
    if fmt == "json":
        (rule,) = json.loads(out)["rules"]
        assert rule["title"] == f"Evil {PAYLOAD} title"  # the value itself is kept
    if fmt == "markdown":
        (row,) = [line for line in out.splitlines() if line.startswith("| ACME-001 ")]
        assert len(re.split(r"(?<!\\)\|", row)) == 9


def test_policy_test_escapes_example_names(hostile_pack: Repo, run_cli: Any) -> None:
    code, out, err = run_cli("policy", "test", "policies/acme", cwd=hostile_pack.path)
    assert code == 1, err
    assert unsafe(out) == []
    assert "example `example \\x1b]8;;https://evil.example/\\x07click" in out


@pytest.mark.parametrize("fmt", REGISTER_FORMATS)
def test_register_escapes_policy_text(hostile_pack: Repo, run_cli: Any, fmt: str) -> None:
    """The register on stdout and in a file, with the pack's titles, citations and address."""
    code, out, err = run_cli("report", "--format", fmt, cwd=hostile_pack.path)
    assert code == 0, err
    assert unsafe(out) == []
    target = hostile_pack.path / f"register.{fmt}"
    code, _out, err = run_cli("report", "--format", fmt, "--output", target, cwd=hostile_pack.path)
    assert code == 0, err
    assert unsafe(target.read_text("utf-8")) == []


def test_configured_baseline_path_is_escaped_in_every_message(
    hostile_pack: Repo, run_cli: Any
) -> None:
    """M3: ``baseline:`` with an OSC title and a screen clear, in ``baseline``, ``check`` and
    ``baseline --update`` (stdout and stderr)."""
    hostile_pack.config(policy_paths=["policies/acme"], baseline="bl\x1b]0;PWN\x07\x1b[2J.json")
    for args, expected in (
        (("baseline",), 0),
        (("check", "--no-color"), 0),
        (("baseline", "--update"), 0),
    ):
        code, out, err = run_cli(*args, cwd=hostile_pack.path)
        assert code == expected, (args, err)
        assert unsafe(out) == [], (args, out)
        assert unsafe(err) == [], (args, err)
    _code, _out, err = run_cli("check", cwd=hostile_pack.path)
    assert "ctlint: baseline bl\\x1b]0;PWN\\x07\\x1b[2J.json: 1 known finding(s)" in err


def test_internal_error_message_is_escaped(
    repo: Repo, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Own attack: an exception whose text carries escapes (a path, a value) is still one
    visible line."""
    from ctlint.engine import analyze as api

    def crash(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError(f"boom {PAYLOAD}")

    repo.manifest()
    monkeypatch.setattr(api, "load_target", crash)
    code, _out, err = run_cli("check", cwd=repo.path)
    assert code == 3
    assert unsafe(one_line(err)) == []
    assert "boom \\x1b]8;;" in err


# --------------------------------------------------------------------------- L7: manifests


def test_invisible_characters_in_values_and_file_names_are_made_visible(
    repo: Repo, run_cli: Any
) -> None:
    """L7: ALM, ZWSP, WJ, BOM, ZWJ, a line separator and a tag character, in a value and in a
    file name, in text, github, junit and markdown."""
    repo.manifest(
        f"vendors/zen{INVISIBLE}desk.yaml",
        patch={"category": f"help{INVISIBLE}_desk \u202e RLO \u2066 LRI"},
    )
    for fmt in ("text", "github", "junit", "markdown"):
        code, out, err = run_cli("check", "--no-color", "--format", fmt, cwd=repo.path)
        assert code == 1, err
        assert unsafe(out) == [], fmt
        assert "\\u061c\\u200b" in out.replace("\\\\", "\\"), fmt


# --------------------------------------------------------------------------- L8, L9: Markdown

LINKS = "https://evil.example/login www.evil.example a@evil.example @octocat #12 GH-7"


def _no_evil_link(rendered: str) -> None:
    anchors = re.findall(r"<a [^>]*>", rendered)
    assert [a for a in anchors if "evil" in a or "mailto:" in a or "octocat" in a] == []


def test_check_markdown_makes_no_link_from_a_manifest(repo: Repo, run_cli: Any) -> None:
    """L8: bare URLs, www., e-mail addresses (and, of my own, @mentions and issue references)
    from a manifest value: in code spans, never links."""
    repo.manifest(
        patch={
            "category": LINKS,
            "notice": {"privacy_notice_url": None},
            "waivers": [{"rule": "CTDPA-015", "reason": LINKS}],
        }
    )
    code, out, _err = run_cli("check", "--format", "markdown", cwd=repo.path)
    assert code == 1
    outside_code = re.sub(r"`[^`]*`", "", out.replace("\\`", ""))
    for word in ("evil", "octocat", "#12", "GH-7"):
        assert word in out
        assert word not in outside_code, word
    if __import__("importlib.util").util.find_spec("cmarkgfm") is not None:
        _no_evil_link(render_gfm(out))


def test_register_markdown_makes_no_link_from_a_manifest(repo: Repo, run_cli: Any) -> None:
    repo.manifest(patch={"name": f"Zendesk {LINKS}"})
    code, out, _err = run_cli("report", "--format", "markdown", cwd=repo.path)
    assert code == 0
    assert "`https://evil.example/login`" in out
    assert "`a@evil.example`" in out
    if __import__("importlib.util").util.find_spec("cmarkgfm") is not None:
        _no_evil_link(render_gfm(out))


@needs_cmark
def test_register_matrix_header_shows_file_names_exactly(repo: Repo, run_cli: Any) -> None:
    """L9: a vendor label (here a file name, there being no id) in a code span: no entities,
    no backslashes shown, a backtick or a pipe does not end it early."""
    names = ["<script>alert(1)<\\script>.yaml", "back`tick*_[x](y)|z.yaml"]
    data = load_data("zendesk")
    data.pop("id")
    for name in names:
        repo.write(f"vendors/{name}", dump_yaml(data))
    code, out, err = run_cli("report", "--format", "markdown", cwd=repo.path)
    assert code == 0, err
    rendered = render_gfm(out)
    header = re.search(r"<th>Obligation</th>\s*(<th><code>.*?)</tr>", rendered, re.S)
    assert header is not None
    shown = [html.unescape(c) for c in re.findall(r"<th><code>(.*?)</code></th>", header.group(1))]
    assert sorted(shown) == sorted(names)


def test_markdown_citation_address_cannot_break_the_table(repo: Repo, run_cli: Any) -> None:
    """Own attack: a policy citation address with a line break and a pipe ends the table row
    of ``check --format markdown`` (and of the register)."""
    repo.manifest()
    _pack(repo, "p", url_tail="\n| injected | row |\n")
    repo.config(policy_paths=["policies/acme"])
    for command in (("check", "--format", "markdown"), ("report", "--format", "markdown")):
        _code, out, _err = run_cli(*command, cwd=repo.path)
        assert not any(line.startswith("| injected") for line in out.splitlines()), command
        assert "%0A%7C%20injected" in out, command


def test_csv_formula_after_leading_spaces_is_quoted(repo: Repo, run_cli: Any) -> None:
    """Own attack: `` =HYPERLINK(...)`` (spaces first) in a vendor name reaches a spreadsheet
    cell unquoted."""
    repo.manifest(patch={"name": '  =HYPERLINK("https://evil.example","x")'})
    code, out, _err = run_cli("report", "--format", "csv", cwd=repo.path)
    assert code == 0
    assert "'  =HYPERLINK" in out


# --------------------------------------------------------------------------- M4: dates

#: Every kind of date a manifest holds, at the ends of the calendar.
EDGE_DATES = {
    "agreement": {"expires": "9999-12-31", "effective": "9999-12-31", "signed": "0001-01-01"},
    "review": {"last_reviewed": "0001-01-01"},
    "assessment": {"completed": "0001-01-01"},
}


@pytest.mark.parametrize(
    "args",
    [
        *(["report", "--format", fmt] for fmt in REGISTER_FORMATS),
        ["report", "--as-of", "9999-12-31"],
        ["report", "--as-of", "0001-01-01"],
        *(["check", "--format", fmt] for fmt in FORMATS),
        ["baseline", "--force"],
        ["new", "edge", "--category", "help_desk"],
    ],
    ids=" ".join,
)
def test_edge_dates_never_crash(repo: Repo, run_cli: Any, args: list[str]) -> None:
    """M4: 9999-12-31 (the day after it does not exist; the review's repro is an
    ``agreement.expires`` of that day) and 0001-01-01 in a manifest, in every command and
    format. The register needs the day after each date, so it was the one that crashed; each
    command runs on the same manifest, so the test fails where any of them does."""
    data = load_data("zendesk")
    for section, dates in EDGE_DATES.items():
        data.setdefault(section, {}).update(dates)
    data["waivers"] = [{"rule": "CTDPA-015", "reason": "r", "expires": "9999-12-31"}]
    repo.write("vendors/zendesk.yaml", dump_yaml(data))
    code, _out, err = run_cli("report", "--format", "json", cwd=repo.path)
    assert code == 0, err
    code, _out, err = run_cli(*args, cwd=repo.path)
    assert code in (0, 1), err
    assert "internal error" not in err


def test_policy_in_force_until_the_last_day_does_not_crash_the_register(
    repo: Repo, run_cli: Any
) -> None:
    """Own attack (M4's class): a custom rule with ``effective_until: 9999-12-31``."""
    repo.manifest()
    _pack(repo, "p")
    rule = repo.path / "policies" / "acme" / "ACME-001.yaml"
    data = json.loads(rule.read_text())
    data["effective_until"] = "9999-12-31"
    rule.write_text(json.dumps(data))
    repo.config(policy_paths=["policies/acme"])
    for fmt in REGISTER_FORMATS:
        code, _out, err = run_cli("report", "--format", fmt, cwd=repo.path)
        assert code == 0, (fmt, err)
    code, _out, err = run_cli("report", "--as-of", "9999-12-31", cwd=repo.path)
    assert code == 0, err


# --------------------------------------------------------------------------- processes


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose ``check --jobs 2`` runs for some seconds."""
    return many_manifests(tmp_path_factory.mktemp("many") / "repo", 5000)


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == str(pid).encode():
                found.append(int(entry))
    return found


def _start(repo: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "ctlint", *args],
        cwd=repo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=subprocess_env(),
    )


def _finish(process: subprocess.Popen[bytes], timeout: float) -> tuple[int | None, str]:
    try:
        _out, err = process.communicate(timeout=timeout)
        return process.returncode, err.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _out, err = process.communicate()
        return None, err.decode("utf-8", "replace")


def _workers(process: subprocess.Popen[bytes], count: int = 2) -> list[int]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        found = _children(process.pid)
        if len(found) >= count:
            return found
        time.sleep(0.01)
    pytest.fail("the workers did not start")


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")


@needs_proc
@pytest.mark.parametrize("victim", [0, 1])
def test_a_killed_worker_ends_the_run_with_exit_3(many: Path, tmp_path: Path, victim: int) -> None:
    """M5: SIGKILL (the out-of-memory killer) of one ``--jobs 2`` worker while it works: the
    run ends within seconds, exit 3, one line, no output file."""
    target = tmp_path / "out.json"
    process = _start(many, "check", "--jobs", "2", "--format", "json", "--output", str(target))
    workers = _workers(process)
    time.sleep(1.0)  # inside the work, each worker holding a chunk
    if process.poll() is not None:
        pytest.skip("the run finished before the kill; make `many` bigger")
    os.kill(sorted(workers)[victim], signal.SIGKILL)
    killed = time.monotonic()
    code, err = _finish(process, 30)
    assert code is not None, f"still running 30 s after a worker was killed; stderr: {err}"
    assert time.monotonic() - killed < 15
    assert code == 3, err
    line = one_line(err)
    assert "worker" in line
    assert "SIGKILL" in line
    assert not target.exists()
    assert _children(process.pid) == []


@needs_proc
@pytest.mark.parametrize(
    ("signum", "expected"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["TERM", "HUP"]
)
@pytest.mark.parametrize("group", [False, True], ids=["parent", "group"])
def test_sigterm_and_sighup_end_the_run_cleanly(
    many: Path, tmp_path: Path, signum: int, expected: int, group: bool
) -> None:
    """L1/L10: SIGTERM (CI cancelling a job, ``timeout``) or SIGHUP (a closed terminal), to
    ctlint or to its whole process group, during a ``--jobs 2`` run: exit 128 + N, one line,
    no output, no temporary file, no worker left."""
    out = tmp_path / "outdir"
    out.mkdir()
    target = out / "out.sarif"
    process = _start(many, "check", "--jobs", "2", "--format", "sarif", "--output", str(target))
    _workers(process)
    time.sleep(1.0)
    if process.poll() is not None:
        pytest.skip("the run finished before the signal")
    if group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    code, err = _finish(process, 30)
    assert code == expected, err
    assert one_line(err) == "ctlint: terminated"
    assert list(out.iterdir()) == []
    assert _children(process.pid) == []


# --------------------------------------------------------------------------- L1: stdout


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example repository (findings, citations with §)."""
    import shutil

    root = tmp_path / "example"
    shutil.copytree(CHECKOUT / "examples" / "private-business", root)
    (root / ".git").mkdir()
    return root


PRINTING_COMMANDS = [
    ["check"],
    ["check", "--format", "json"],
    ["check", "--format", "markdown"],
    ["rules"],
    ["explain", "CTDPA-015"],
    ["report", "--format", "csv"],
    ["schema"],
    ["baseline", "--output", "bl.json"],
]


@pytest.mark.parametrize("args", PRINTING_COMMANDS, ids=" ".join)
def test_closed_stdout_is_exit_2_with_one_line(example: Path, args: list[str]) -> None:
    """L1: ``>&-``: exit 2 and one line (was exit 3, ``'NoneType' object has no attribute
    'write'``)."""
    result = ctlint_process(*args, cwd=example, shell_redirect=">&-")
    assert result.returncode == 2, result.stderr
    assert one_line(result.stderr) == "ctlint: error: cannot write to standard output: it is closed"


def test_closed_stdout_does_not_matter_when_nothing_goes_there(example: Path) -> None:
    result = ctlint_process("check", "--format", "json:out.json", cwd=example, shell_redirect=">&-")
    assert result.returncode == 1, result.stderr
    assert json.loads((example / "out.json").read_text())["summary"]["errors"] > 0
    result = ctlint_process("check", cwd=example, shell_redirect=">&-")
    assert result.returncode == 2


@pytest.fixture
def full_device(tmp_path: Path) -> Path:
    """A character device like /dev/full (1, 7) made in the test's own folder: every write
    fails with ENOSPC. The real /dev is never touched."""
    node = tmp_path / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")
    try:
        with open(node, "w") as handle:
            handle.write("x")
            handle.flush()
    except OSError:
        return node
    pytest.skip("the node does not behave like /dev/full (mounted nodev?)")


@pytest.mark.parametrize("args", PRINTING_COMMANDS, ids=" ".join)
def test_stdout_on_a_full_device_is_exit_2_with_one_line(
    example: Path, full_device: Path, args: list[str]
) -> None:
    """L1: stdout that fails with ENOSPC (``> /dev/full``): exit 2, one line, no
    "Exception ignored" at exit (was exit 3)."""
    result = ctlint_process(*args, cwd=example, shell_redirect=f"> {_sh(str(full_device))}")
    assert result.returncode == 2, result.stderr
    assert one_line(result.stderr) == (
        "ctlint: error: cannot write to standard output: No space left on device"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check"], 1),
        (["rules"], 0),
        (["explain", "CTDPA-015"], 0),
        (["report", "--format", "markdown"], 0),
    ],
    ids=["check", "rules", "explain", "report"],
)
def test_an_ascii_stdout_gets_backslash_escapes(
    example: Path, args: list[str], expected: int
) -> None:
    """L1: ``PYTHONIOENCODING=ascii``: the normal exit code, with ``§`` as ``\\xa7``."""
    result = ctlint_process(*args, cwd=example, env=subprocess_env(PYTHONIOENCODING="ascii"))
    assert result.returncode == expected, result.stderr
    assert b"Traceback" not in result.stderr
    result.stdout.decode("ascii")  # nothing else came through
    assert b"\\xa7" in result.stdout or b"\\u" in result.stdout


def test_a_file_name_that_is_not_utf8_in_baseline_and_every_format(
    repo: Repo, tmp_path: Path
) -> None:
    """L1: ``vendors/\\xff\\xfebad.yaml``: ``ctlint baseline`` says so in one line, exit 2 (was
    UnicodeEncodeError, exit 3); every check format on stdout and to a file, and the register,
    exit as usual."""
    repo.manifest()
    name = os.path.join(os.fsencode(repo.path / "vendors"), b"\xff\xfebad.yaml")
    with open(name, "wb") as handle:
        handle.write(b"id: [\n")
    result = ctlint_process("baseline", cwd=repo.path)
    assert result.returncode in (0, 2), result.stderr
    line = one_line(result.stderr) if result.returncode else ""
    assert result.returncode == 0 or "not valid UTF-8" in line
    for fmt in FORMATS:
        for spec in (fmt, f"{fmt}:{tmp_path / ('out.' + fmt)}"):
            result = ctlint_process("check", "--format", spec, cwd=repo.path)
            assert result.returncode == 1, (spec, result.stderr)
            assert b"Traceback" not in result.stderr
            assert unsafe(result.stdout.decode("utf-8")) == []
    for fmt in REGISTER_FORMATS:
        result = ctlint_process("report", "--format", fmt, cwd=repo.path)
        assert result.returncode == 0, (fmt, result.stderr)
