"""The import graph of ctlint: layers, no cycles, and function-level imports only where they are
documented lazy imports (README, "How ctlint is built").

The layers, highest first; a module may import its own package and any package of a lower
layer, never one of its own layer or above:

    cli > fides > output | scaffold > engine > law > policy > config > document > util > model

(``errors`` sits with ``model``; ``__main__`` above ``cli``.) The test reads the source with
``ast``, so it needs nothing installed and sees imports inside functions too.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ctlint"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("model", "errors"),
    ("util",),
    ("document",),
    ("config",),
    ("policy",),
    ("law",),
    ("engine",),
    ("output", "scaffold"),
    ("fides",),
    ("cli",),
    ("__main__",),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}

#: A function-level import must say why on its line: ``# lazy: <why>``.
LAZY_MARK = "# lazy:"


@dataclasses.dataclass(frozen=True)
class Edge:
    module: str  # ctlint.engine.pipeline
    imported: str  # ctlint.model.findings
    line: int
    in_function: bool
    lazy: bool
    type_only: bool


def top(module: str) -> str:
    """The first-level package of a ctlint module ("" for ctlint itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_name(path: Path, package: Path) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_blocks(tree: ast.Module) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for sub in node.body:
                for child in ast.walk(sub):
                    inside.add(id(child))
    return inside


def edges(package: Path = PACKAGE) -> Iterator[Edge]:
    """Every import of a ctlint module by a ctlint module."""
    for path in sorted(package.rglob("*.py")):
        module = module_name(path, package)
        source = path.read_text("utf-8")
        lines = source.splitlines()
        tree = ast.parse(source)
        in_function: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                in_function.update(id(child) for child in ast.walk(node))
        type_only = _type_checking_blocks(tree)
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module == "ctlint" or node.module.startswith("ctlint."):
                    base = node.module
                    # `from ctlint.output import register` imports ctlint.output.register
                    targets = [f"{base}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.split(".")[0] == "ctlint"]
            for target in targets:
                yield Edge(
                    module,
                    target,
                    node.lineno,
                    id(node) in in_function,
                    any(
                        LAZY_MARK in line
                        for line in lines[node.lineno - 1 : (node.end_lineno or node.lineno)]
                    ),
                    id(node) in type_only,
                )


def layer_violations(package: Path = PACKAGE) -> list[str]:
    problems = []
    for edge in edges(package):
        mine, theirs = top(edge.module), top(edge.imported)
        if not theirs or mine == theirs or edge.imported == "ctlint.__version__":
            continue
        if mine not in RANK or theirs not in RANK:
            problems.append(f"{edge.module}:{edge.line}: {theirs or mine} is in no layer")
        elif RANK[theirs] >= RANK[mine]:
            problems.append(
                f"{edge.module}:{edge.line} imports {edge.imported}: {mine} may not import {theirs}"
            )
    return problems


def module_cycles(package: Path = PACKAGE) -> list[list[str]]:
    """Cycles among modules through imports that run (not TYPE_CHECKING, not lazy)."""
    known = {module_name(p, package) for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in known}
    for edge in edges(package):
        if edge.type_only or edge.in_function:
            continue
        target = edge.imported
        while target not in known and "." in target:
            target = target.rsplit(".", 1)[0]  # `from m import name`: the module m
        if target in known and target != edge.module:
            graph[edge.module].add(target)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def undocumented_lazy_imports(package: Path = PACKAGE) -> list[str]:
    return [
        f"{e.module}:{e.line} imports {e.imported} inside a function without `{LAZY_MARK} <why>`"
        for e in edges(package)
        if e.in_function and not e.lazy
    ]


def test_every_package_is_in_a_layer() -> None:
    packages = {
        p.name if p.is_dir() else p.stem
        for p in PACKAGE.iterdir()
        if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py")
    }
    assert packages - {"__init__"} <= set(RANK), packages - set(RANK)


def test_layers_are_respected() -> None:
    assert layer_violations() == []


def test_no_import_cycles() -> None:
    assert module_cycles() == []


def test_function_level_imports_are_documented_lazy_imports() -> None:
    assert undocumented_lazy_imports() == []


def test_model_imports_nothing_else_of_ctlint() -> None:
    assert [e for e in edges() if top(e.module) == "model" and top(e.imported) != "model"] == []


def test_only_cli_imports_click() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path, PACKAGE)
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] == "click" for n in names) and top(module) not in (
                "cli",
                "__main__",
            ):
                found.append(f"{module}:{node.lineno}")
    assert found == []


@pytest.mark.parametrize(
    ("module", "text", "expected"),
    [
        pytest.param(
            "engine/pipeline.py",
            "from ctlint.cli import main\n",
            "engine may not import cli",
            id="engine-imports-cli",
        ),
        pytest.param(
            "model/findings.py",
            "from ctlint.util.text import visible\n",
            "model may not import util",
            id="model-imports-util",
        ),
        pytest.param(
            "law/scope.py",
            "def f() -> None:\n    from ctlint.output import register\n",
            "law may not import output",
            id="lazy-import-upward",
        ),
        pytest.param(
            "output/reporters/text.py",
            "from ctlint.scaffold import config_text\n",
            "output may not import scaffold",
            id="same-layer-sibling",
        ),
    ],
)
def test_a_deliberate_violation_fails(
    tmp_path: Path, module: str, text: str, expected: str
) -> None:
    """The contract is not vacuous: one added import upward is caught."""
    package = tmp_path / "ctlint"
    for path in PACKAGE.rglob("*.py"):
        copy = package / path.relative_to(PACKAGE)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(path.read_text("utf-8"), "utf-8")
    target = package / module
    target.write_text(target.read_text("utf-8") + "\n" + text, "utf-8")
    assert any(expected in problem for problem in layer_violations(package))


def test_a_deliberate_cycle_fails(tmp_path: Path) -> None:
    package = tmp_path / "ctlint"
    (package / "engine").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "engine" / "__init__.py").write_text("")
    (package / "engine" / "a.py").write_text("from ctlint.engine import b\n")
    (package / "engine" / "b.py").write_text("from ctlint.engine.a import x\n")
    assert module_cycles(package) == [["ctlint.engine.a", "ctlint.engine.b", "ctlint.engine.a"]]


def test_an_undocumented_function_level_import_fails(tmp_path: Path) -> None:
    package = tmp_path / "ctlint"
    (package / "engine").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "engine" / "__init__.py").write_text("")
    (package / "engine" / "a.py").write_text(
        "def f():\n    from ctlint.model import findings\n"
        "def g():\n    from ctlint.model import findings  # lazy: start-up\n"
    )
    assert undocumented_lazy_imports(package) == [
        "ctlint.engine.a:2 imports ctlint.model.findings inside a function without `# lazy: <why>`"
    ]
