#!/usr/bin/env python3
"""Every output of ctlint on a fixed corpus, written to a folder, so that two versions of ctlint
can be compared byte for byte (``diff -r``) before and after a refactoring.

    python bench/outputs.py OUT                 # the installed ctlint
    python bench/outputs.py OUT --ctlint PATH   # another one (e.g. an older checkout's venv)
    diff -r OUT-before OUT-after                # empty: behaviour unchanged

The corpus: the two bundled examples, a generated repository of ``--files`` manifests (the
benchmark's generator, fixed seed) and the same manifests with one schema error each (the
benchmark's unknown enum values, ``schema-errors``). For each it writes ``check`` in every
format, ``report`` in every format (with and without waivers), ``rules`` in every format,
``explain`` of a few rules, ``baseline`` and ``schema``, each with its exit code and standard
error. Every run uses a fixed ``--as-of`` date, and the corpus folder's path is replaced by
``<ROOT>`` in what is written.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import ctlint_command, make_error_repo, make_repo  # noqa: E402

AS_OF = "2026-12-01"
CHECK_FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "markdown")
REPORT_FORMATS = ("html", "markdown", "csv", "json")
RULES_FORMATS = ("text", "json", "markdown")
EXPLAIN = ("CTDPA-001", "CTDPA-023", "CT-PSA-001", "CTL104", "CTL201")


def commands() -> list[tuple[str, list[str]]]:
    """(output name, ctlint arguments) of every output compared."""
    out: list[tuple[str, list[str]]] = []
    for fmt in CHECK_FORMATS:
        out.append((f"check.{fmt}", ["check", "--no-color", "--as-of", AS_OF, "--format", fmt]))
    out.append(("check.statistics", ["check", "--no-color", "--as-of", AS_OF, "--statistics"]))
    for fmt in REPORT_FORMATS:
        out.append((f"report.{fmt}", ["report", "--as-of", AS_OF, "--format", fmt]))
    out.append(
        ("report-no-waivers.json", ["report", "--as-of", AS_OF, "--no-waivers", "--format", "json"])
    )
    for fmt in RULES_FORMATS:
        out.append((f"rules.{fmt}", ["rules", "--as-of", AS_OF, "--format", fmt]))
    for rule in EXPLAIN:
        out.append((f"explain.{rule}", ["explain", rule, "--as-of", AS_OF]))
    out.append(("schema.json", ["schema"]))
    return out


def run_all(ctlint: Sequence[str], repo: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    root = str(repo)
    codes = []
    for name, args in commands():
        done = subprocess.run(
            [*ctlint, *args],
            cwd=repo,
            capture_output=True,
            timeout=600,
            env={**os.environ, "NO_COLOR": "1", "COLUMNS": "100"},
        )
        (out / name).write_bytes(done.stdout.replace(root.encode(), b"<ROOT>"))
        (out / f"{name}.stderr").write_bytes(done.stderr.replace(root.encode(), b"<ROOT>"))
        codes.append(f"{name}: {done.returncode}")
    baseline = repo / "baseline.tmp.json"
    done = subprocess.run(
        [*ctlint, "baseline", "--as-of", AS_OF, "--output", str(baseline), "--force"],
        cwd=repo,
        capture_output=True,
        timeout=600,
    )
    codes.append(f"baseline: {done.returncode}")
    if baseline.exists():
        shutil.move(str(baseline), out / "baseline.json")
    (out / "codes.txt").write_text("\n".join(codes) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write the outputs to")
    parser.add_argument("--ctlint", help="the ctlint program (default: installed)")
    parser.add_argument("--files", type=int, default=200, help="generated manifests (200)")
    args = parser.parse_args(argv)
    ctlint = ctlint_command(args.ctlint)
    examples = HERE.parent / "examples"
    with tempfile.TemporaryDirectory(prefix="ctlint-outputs-") as tmp:
        corpus = Path(tmp)
        for example in sorted(p for p in examples.iterdir() if p.is_dir()):
            shutil.copytree(example, corpus / example.name)
            (corpus / example.name / ".git").mkdir()
        make_repo(corpus / "generated", args.files)
        make_error_repo(corpus / "schema-errors", args.files)
        for repo in sorted(p for p in corpus.iterdir() if p.is_dir()):
            run_all(ctlint, repo, args.out / repo.name)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
