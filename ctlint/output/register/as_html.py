"""The register as one self-contained HTML page (inline CSS, no scripts, nothing fetched).

The page is the Jinja2 template ``templates/register.html.j2``, rendered with autoescape on
and a ``finalize`` hook, so escaping does not depend on remembering it: every ``{{ value }}``
is escaped (:func:`html.escape`, quotes included) and put on one line with control and bidi
characters made visible, and None or an empty text shows as "—". Only macro output, which
the template builds from values escaped the same way, passes unchanged. Jinja2 is imported
only here, so only ``ctlint report --format html`` loads it.
"""

from __future__ import annotations

import functools
import html
import os
import re
from collections.abc import Iterable, Sequence

import jinja2
from markupsafe import Markup

from ctlint.model.findings import Citation, Finding, Severity
from ctlint.output.catalog_views import citation_kind
from ctlint.output.register import template_code
from ctlint.output.register.model import (
    INPUTS_METHOD,
    LAW_NOTE,
    NOT_APPLICABLE,
    OUTCOME_CLASS,
    OUTCOME_SYMBOLS,
    RESULTS,
    RETIRED,
    RULESET_METHOD,
    SHORT,
    SINCE_METHOD,
    SYMBOLS,
    Header,
    Register,
    Requirement,
    Vendor,
)
from ctlint.output.register.phrases import (
    applicability_text,
    expiry_flag,
    iso,
    location,
    one_line,
    outcome_text,
    plural,
    scope_text,
    summary_text,
)
from ctlint.output.rendering import RenderOptions, Reporter
from ctlint.util.resources import fingerprint

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
SEVERITY_CLASS = {Severity.ERROR: "fail", Severity.WARNING: "warn", Severity.INFO: "na"}


def escaped(value: object) -> Markup:
    """What every ``{{ value }}`` of the template becomes (the ``finalize`` hook)."""
    if isinstance(value, Markup):
        return value
    if value is None or value == "":
        return Markup("—")
    text = str(value)
    if not (text.isascii() and text.isprintable()):  # printable ASCII is one line already
        text = one_line(text)
    return Markup(html.escape(text, quote=True))


#: What a CSS string may hold as it is; everything else (quotes, backslashes, ``<``, spaces,
#: non-ASCII) becomes a six-digit escape, so a value can neither end the string nor the
#: ``<style>`` element, and no escape swallows the character after it.
_CSS_PLAIN = re.compile(r"[A-Za-z0-9.,:;()_/-]")


def css_string(text: str) -> Markup:
    """``text`` on one line (control and bidi characters made visible, as every value of the
    page) as a quoted CSS string."""
    escaped_text = "".join(
        ch if _CSS_PLAIN.fullmatch(ch) else f"\\{ord(ch):06x}" for ch in one_line(text)
    )
    return Markup('"{}"').format(Markup(escaped_text))


def running_header(header: Header) -> str:
    """The line at the top of every printed page: the register, the organization, the date."""
    name = f": {header.organization}" if header.organization else ""
    return f"Vendor compliance register{name} · as of {header.as_of.isoformat()}"


@functools.lru_cache(maxsize=1024)
def result_cell(result: str, title: str | None = None) -> Markup:
    """One cell of the compliance matrix (vendors × obligations: the page's most repeated
    element, so a cached function rather than a template macro), built from values escaped
    by :func:`escaped` like every other ``{{ value }}``."""
    css = "na" if result == NOT_APPLICABLE else result
    hover = Markup(' title="{}"').format(escaped(title)) if title else ""
    return Markup('<td class="cell {}" data-result="{}"{}>{} {}</td>').format(
        escaped(css), escaped(result), hover, escaped(SYMBOLS[result]), escaped(SHORT[result])
    )


# The page's small repeated pieces, as functions rather than template macros (a macro call
# costs Jinja2 more than the whole of one of these). Each builds its HTML with f-strings
# (Markup.format goes through string.Formatter, several times slower) whose every
# interpolated value is escaped by :func:`escaped` (or is Markup one of these built), as
# ``{{ value }}`` would be, and returns it as Markup.

EMPTY = Markup("—")


def safe_join(separator: str, parts: Sequence[Markup]) -> Markup:
    """``parts`` joined by the literal ``separator``: :meth:`Markup.join` without its escape
    call per part, which is a no-op for parts that are :class:`Markup` already (the type
    says they are; the matrix joins 48,000 of them for 1,000 vendors)."""
    return Markup(separator.join(parts))


def link(url: str | None, label: object) -> Markup:
    """``label``, as a link when ``url`` is an https:// address."""
    if url is not None and url.startswith("https://"):
        return Markup(f'<a href="{escaped(url)}" rel="noopener noreferrer">{escaped(label)}</a>')
    return escaped(label)


def law(citations: Sequence[Citation]) -> Markup:
    """The citations of a rule, a line each, with their verification status and kind."""
    parts = []
    for c in citations:
        status = escaped(c.status)
        shown = f"<strong>{status}</strong>" if c.status != "verified" else status
        kind = f' <span class="small">{escaped(citation_kind(c))}</span>' if c.kind else ""
        parts.append(Markup(f"{link(c.url, c.label)} ({shown}){kind}"))
    return safe_join("<br>", parts) if parts else EMPTY


def codes(values: Iterable[object]) -> Markup:
    """Rule ids (or other codes), each in ``<code>``."""
    return Markup(" ".join(f"<code>{escaped(v)}</code>" for v in values))


def tags(values: Iterable[object]) -> Markup:
    """Values as tags; "—" for none."""
    shown = [f'<span class="tag">{escaped(v)}</span>' for v in values]
    return Markup(" ".join(shown)) if shown else EMPTY


def categories(vendor: Vendor) -> Markup:
    """A vendor's data categories, the sensitive ones marked; "—" for none."""
    parts = []
    for c in vendor.categories:
        key = escaped(c.key)
        part = (
            f'<span class="sensitive">⚠ {key} (sensitive)</span>'
            if c.sensitive
            else f'<span class="tag">{key}</span>'
        )
        if c.note:
            part += f' <span class="small">({escaped(c.note)})</span>'
        parts.append(part)
    return Markup(" ".join(parts)) if parts else EMPTY


_FINDINGS_HEAD = (
    '<table class="findings"><thead><tr><th>Rule</th><th>Severity</th><th>Message</th>'
    "<th>Location</th><th>Citation</th><th>Status</th></tr></thead><tbody>\n"
)
_OPEN = '<td class="fail">✗ open</td>'


def findings_table(findings: Sequence[Finding]) -> Markup:
    """A table of findings, a row each, with the citations and whether each is waived."""
    rows = [_FINDINGS_HEAD]
    for f in findings:
        status = (
            f'<td class="waived">~ waived: {escaped(f.waiver_reason)}</td>' if f.waived else _OPEN
        )
        rows.append(
            f'<tr><td class="nowrap"><code>{escaped(f.rule)}</code></td>'
            f'<td class="{escaped(SEVERITY_CLASS[f.severity])}">{escaped(f.severity.label)}</td>'
            f'<td>{escaped(f.message)}</td><td class="mono small">{escaped(location(f))}</td>'
            f"<td>{law(f.citations)}</td>{status}</tr>\n"
        )
    rows.append("</tbody></table>")
    return Markup("".join(rows))


def vendor_row(v: Vendor) -> Markup:
    """One row of the vendor register (and the line break after it)."""
    a = v.agreement
    flag = expiry_flag(a, v.outcome == RETIRED)
    if v.id:
        who = (
            f"<strong>{escaped(v.display_name)}</strong><br>"
            f'<span class="small mono">{escaped(v.id)} · {escaped(v.file)}</span>'
        )
    else:
        who = f'<strong class="mono">{escaped(v.file)}</strong>'
    status = escaped(outcome_text(v))
    if v.failing:
        status += Markup(f"<br>{codes(v.failing)}")
    if v.problems:
        status += Markup(f'<br><span class="warn">! manifest problems: {codes(v.problems)}</span>')
    css = f' class="{escaped("fail" if a.state == "expired" else "warn")}"' if flag else ""
    terms = f"<strong>{escaped(a.type or ('no agreement type' if v.id else None))}</strong>"
    if a.reference:
        terms += f'<br><span class="small">{escaped(a.reference)}</span>'
    for label, value in (("signed", a.signed), ("effective", a.effective), ("expires", a.expires)):
        if value:
            terms += f"<br>{escaped(label)} {escaped(value)}"
    if flag:
        terms += f'<br><span class="badge">{escaped(flag)}</span>'
    return Markup(
        f'<tr data-vendor="{escaped(v.file)}"><td>{who}</td>'
        f'<td class="{escaped(OUTCOME_CLASS[v.outcome])}">{status}</td>'
        f"<td>{escaped(v.category)}</td><td>{escaped(v.role)}</td>"
        f"<td>{escaped(_joined(', ', v.channels))}</td><td>{categories(v)}</td>"
        f"<td>{tags(v.uses)}</td><td{css}>{terms}</td><td>{escaped(v.status)}</td></tr>\n"
    )


def rule_cells(register: Register, rule: str) -> Markup:
    """One obligation's row of the matrix: a cell per vendor, a line each."""
    cells = (register.cell(v.file, rule) for v in register.vendors)
    return safe_join("\n", [result_cell(c.result, c.reason) for c in cells])


def requirement_cells(requirement: Requirement, vendors: Sequence[Vendor]) -> Markup:
    """One source requirement's row of the matrix: a cell per vendor, a line each."""
    return safe_join("\n", [result_cell(requirement.results[v.file]) for v in vendors])


def _joined(separator: str, values: Iterable[str]) -> str:
    return separator.join(values)


def _total(vendors: Sequence[Vendor], result: str) -> int:
    return sum(v.counts[result] for v in vendors)


TEMPLATE_NAME = "register.html.j2"


def environment() -> jinja2.Environment:
    """The page's Jinja2 environment: autoescape, :func:`escaped` on every value, the
    helpers and constants the template uses."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=escaped,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    with open(os.path.join(TEMPLATES, "register.css"), encoding="utf-8") as handle:
        css = Markup("\n" + handle.read())  # a file of the package, not of the repository
    environment.globals.update(
        css=css,
        css_string=css_string,
        INPUTS_METHOD=INPUTS_METHOD,
        LAW_NOTE=LAW_NOTE,
        NOT_APPLICABLE=NOT_APPLICABLE,
        OUTCOME_CLASS=OUTCOME_CLASS,
        OUTCOME_SYMBOLS=OUTCOME_SYMBOLS,
        RESULTS=RESULTS,
        RETIRED=RETIRED,
        RULESET_METHOD=RULESET_METHOD,
        SEVERITY_CLASS=SEVERITY_CLASS,
        SHORT=SHORT,
        SINCE_METHOD=SINCE_METHOD,
        SYMBOLS=SYMBOLS,
        applicability_text=applicability_text,
        categories=categories,
        citation_kind=citation_kind,
        codes=codes,
        expiry_flag=expiry_flag,
        findings_table=findings_table,
        iso=iso,
        joined=_joined,
        law=law,
        link=link,
        location=location,
        outcome_text=outcome_text,
        plural=plural,
        requirement_cells=requirement_cells,
        rule_cells=rule_cells,
        running_header=running_header,
        scope_text=scope_text,
        summary_text=summary_text,
        tags=tags,
        total=_total,
        vendor_row=vendor_row,
    )
    return environment


def template_source() -> str:
    """The page template's text (a file of the package, not of the repository)."""
    with open(os.path.join(TEMPLATES, TEMPLATE_NAME), encoding="utf-8") as handle:
        return handle.read()


def precompiled_is_current(source: str) -> bool:
    """Whether :mod:`.template_code` was compiled from ``source`` by this Jinja2."""
    return getattr(template_code, "JINJA2", None) == jinja2.__version__ and getattr(
        template_code, "SOURCE", None
    ) == fingerprint(source)


@functools.cache
def template() -> jinja2.Template:
    """The page template, once per process: the precompiled module
    (:mod:`.template_code`, made by :mod:`.precompile`) while it was compiled from this
    template by this Jinja2, which saves compiling the template at every run (about 40 ms
    of a 1,000-vendor register); otherwise compiled from the template file."""
    env = environment()
    if precompiled_is_current(template_source()):
        namespace = vars(template_code)
        return env.template_class.from_module_dict(env, namespace, env.make_globals(None))
    return env.get_template(TEMPLATE_NAME)


def render_html(register: Register) -> str:
    """The whole page."""
    return template().render(register=register)


class HtmlRegister:
    """``ctlint report --format html`` (:class:`ctlint.output.rendering.Reporter`)."""

    name = "html"
    extension = ".html"
    media_type = "text/html"

    def render(self, register: Register, options: RenderOptions) -> str:
        return render_html(register)


REPORTER: Reporter[Register] = HtmlRegister()
