"""The house rules the code is checked against (docs/architecture.md): the import-linter contracts, no import cycle
between modules, no hidden imports inside functions, no private name used across modules (issue 10)."""

import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "toegang"
# Imports inside a function are allowed only for a third-party library that is heavy or needs a system library, so a
# page that does not use it never loads it; each such line says why in a comment on the line above or on the line.
LAZY_THIRD_PARTY = {"weasyprint"}


def _modules():
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def test_the_import_linter_contracts_hold():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), str(ROOT / ".importlinter")], cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT / "src"), "PATH": str(lint.parent)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "broken" not in result.stdout.split("Contracts:")[-1].split("kept")[0]


def _cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_no_import_cycle_between_modules():
    sys.path.insert(0, str(ROOT / "src"))
    assert _cycles(grimp.build_graph("toegang")) == []


def test_no_import_inside_a_function_except_lazy_heavy_libraries():
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if path.name == "apps.py" and node.name == "ready":
                continue  # Django's one place to connect signal receivers once the apps are loaded
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    names = [inner.module or ""] if isinstance(inner, ast.ImportFrom) else [a.name for a in inner.names]
                    if not all(name.split(".")[0] in LAZY_THIRD_PARTY for name in names):
                        found.append(f"{path.relative_to(SRC)}:{inner.lineno}")
    assert found == [], "move these imports to the top of their module"


def test_no_private_name_is_imported_across_modules():
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("toegang")):
                found += [f"{path.relative_to(SRC)}:{node.lineno} {a.name}" for a in node.names if a.name.startswith("_")]
    assert found == []
