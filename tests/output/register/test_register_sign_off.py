"""The printed register identifies itself and can be signed: a running header on every page
(organization and as-of date, in the stylesheet's ``@page`` margin box, next to the page
numbers) and a sign-off block at the end, with the as-of date and the digests it refers to.

The page is parsed with :mod:`html.parser`; printing goes through headless Chromium where it is
installed (and the PDF's text through ``pdftotext`` where that is installed too).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import chromium, headless

from ctlint.output.register.as_html import css_string

ROOT = Path(__file__).resolve().parents[3]
AGENCY = ROOT / "examples" / "state-agency"
HOSTILE = 'Dept. "of" </style><script>x</script> \\ Labor\n· 😀'


class Page(HTMLParser):
    """The parts of the page these tests read: style text, sections, and table cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.styles: list[str] = []
        self.sections: list[str] = []  # ids, in order
        self.tables: dict[str, list[list[tuple[str, str, str]]]] = {}  # id -> rows of cells
        self.section_text: dict[str, str] = {}
        self._stack: list[str] = []
        self._style: list[str] | None = None
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._cell_tag = ""
        self._cell_class = ""
        self._section: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "style":
            self._style = []
        elif tag == "section":
            self._section = attributes.get("id") or ""
            self.sections.append(self._section)
            self.section_text[self._section] = ""
        elif tag == "table" and attributes.get("id"):
            self._table = attributes["id"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell, self._cell_tag = [], tag
            self._cell_class = attributes.get("class") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style is not None:
            self.styles.append("".join(self._style))
            self._style = None
        elif tag == "section":
            self._section = None
        elif tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None and self._table is not None:
            cell = (self._cell_tag, self._cell_class, "".join(self._cell).strip())
            self.tables[self._table][-1].append(cell)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._style is not None:
            self._style.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._section is not None:
            self.section_text[self._section] += data


def parse(page: Path) -> Page:
    parser = Page()
    parser.feed(page.read_text("utf-8"))
    parser.close()
    return parser


def css_unescape(string: str) -> str:
    """A quoted CSS string's value (CSS Syntax 4.3.7: hex escapes and one whitespace after)."""
    assert string[0] == string[-1] == '"'
    body = string[1:-1]
    return re.sub(
        r"\\([0-9a-fA-F]{1,6})[ \t\n]?|\\(.)", lambda m: chr(int(m[1], 16)) if m[1] else m[2], body
    )


def running_header(parsed: Page) -> str:
    rules = [s for s in parsed.styles if "@top-left" in s]
    assert len(rules) == 1, parsed.styles
    found = re.fullmatch(
        r'@page \{ @top-left \{ content: ("(?:[^"\\]|\\.)*"); [^{}]*\} \}', rules[0].strip()
    )
    assert found, rules[0]
    return css_unescape(found.group(1))


def report(run_cli, repo: Path, tmp_path: Path, name: str = "register.html") -> Path:
    page = tmp_path / name
    code, _out, err = run_cli("report", "--output", page, cwd=repo)
    assert code == 0, err
    return page


@pytest.fixture
def agency(tmp_path: Path) -> Path:
    repo = tmp_path / "agency"
    shutil.copytree(AGENCY, repo)
    (repo / ".git").mkdir()
    return repo


def hostile_repo(agency: Path) -> Path:
    config = agency / ".ctlint.yaml"
    text = config.read_text("utf-8")
    quoted = HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    config.write_text(text.replace("name: Connecticut Department of Labor", f'name: "{quoted}"'))
    return agency


def test_printed_pages_carry_the_organization_and_the_as_of_date(run_cli, agency, tmp_path):
    parsed = parse(report(run_cli, agency, tmp_path))
    assert running_header(parsed) == (
        "Vendor compliance register: Connecticut Department of Labor · as of 2026-12-01"
    )
    # next to the page numbers of the package's stylesheet, in the same page box
    [main] = [s for s in parsed.styles if "@bottom-right" in s]
    assert re.search(
        r'@bottom-right\s*\{\s*content:\s*counter\(page\) " / " counter\(pages\)', main
    )


def test_without_an_organization_name_the_header_names_the_register(run_cli, agency, tmp_path):
    config = agency / ".ctlint.yaml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("  name: Connecticut Department of Labor\n", ""), "utf-8")
    parsed = parse(report(run_cli, agency, tmp_path))
    assert running_header(parsed) == "Vendor compliance register · as of 2026-12-01"


def test_the_running_header_is_escaped_for_css_and_html(run_cli, agency, tmp_path):
    page = report(run_cli, hostile_repo(agency), tmp_path)
    parsed = parse(page)
    # the name is the organization's, on one line (the newline shown as a space)
    assert running_header(parsed) == (
        'Vendor compliance register: Dept. "of" </style><script>x</script> \\ Labor · 😀'
        " · as of 2026-12-01"
    )
    assert len(parsed.styles) == 2  # the name closed no <style> and opened nothing
    assert "<script" not in page.read_text("utf-8")
    assert css_string("a\u202eb") != css_string("ab")
    assert "\u202e" not in css_unescape(str(css_string("a\u202eb")))  # made visible


def test_the_sign_off_block_ends_the_register(run_cli, agency, tmp_path):
    parsed = parse(report(run_cli, agency, tmp_path))
    assert parsed.sections[-1] == "sign-off"
    rows = parsed.tables["sign"]
    assert [row[0] for row in rows] == [
        ("th", "", "Reviewed by"),
        ("th", "", "Role"),
        ("th", "", "Date"),
        ("th", "", "Signature"),
    ]
    # empty fields to fill in on paper (not the "—" of an empty value)
    assert [row[1] for row in rows] == [
        ("td", "blank", ""),
        ("td", "blank", ""),
        ("td", "blank", ""),
        ("td", "blank signature", ""),
    ]
    text = " ".join(parsed.section_text["sign-off"].split())
    assert "reviewed as of 2026-12-01" in text
    facts = {row[0][2]: row[1][2] for row in parsed.tables["header"]}
    ruleset = re.search(r"sha256 ([0-9a-f]{64})", facts["Rule set"])
    assert ruleset is not None
    assert f"rule set sha256 {ruleset.group(1)}" in text
    # the inputs digest, recomputed from the page's own Inputs table as its note says
    lines = []
    for path, _role, _size, digest in (r for r in parsed.tables["inputs"] if r[0][0] == "td"):
        lines.append(f"{digest[2] if digest[1] == 'hash' else '-'}  {path[2]}\n")
    assert len(lines) >= 4
    expected = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
    assert f"inputs sha256 {expected}" in text
    assert "two spaces, its path" in text


def test_the_inputs_digest_follows_the_inputs(run_cli, agency, tmp_path):
    def digest(page: Path) -> str:
        found = re.search(r"inputs sha256 ([0-9a-f]{64})", parse(page).section_text["sign-off"])
        assert found is not None
        return found.group(1)

    before = digest(report(run_cli, agency, tmp_path, "before.html"))
    assert digest(report(run_cli, agency, tmp_path, "again.html")) == before
    manifest = agency / "vendors" / "zendesk.yaml"
    manifest.write_text(manifest.read_text("utf-8") + "# reviewed\n", "utf-8")
    assert digest(report(run_cli, agency, tmp_path, "after.html")) != before


def test_chromium_prints_the_header_on_every_page_and_the_sign_off(run_cli, agency, tmp_path):
    browser = chromium("the register was not printed")
    page = report(run_cli, hostile_repo(agency), tmp_path)
    pdf = tmp_path / "register.pdf"
    run = headless(
        browser, tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()
    )
    assert pdf.is_file(), run.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert pages >= 2
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext not installed: the printed PDF was made, its text not read")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split("\f")
    printed = [p for p in text if p.strip()]
    assert len(printed) == pages
    # (the emoji's glyph depends on the fonts installed, so the check stops before it)
    header = 'Vendor compliance register: Dept. "of" </style><script>x</script> \\ Labor ·'
    for number, sheet in enumerate(printed, start=1):
        first = sheet.lstrip().splitlines()[0]
        assert first.startswith(header), (number, first)
        assert first.rstrip().endswith("· as of 2026-12-01"), (number, first)
        assert f"{number} / {pages}" in sheet
    last = " ".join(printed[-1].split())
    for label in ("Sign-off", "Reviewed by", "Role", "Date", "Signature"):
        assert label in last
