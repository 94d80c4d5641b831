"""The layering rules, checked on every test run: import-linter's contracts (pyproject.toml) and the
promise that the headless core never loads Qt, and loads torch only for training."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(lint_imports), "--no-cache", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "BROKEN" not in proc.stdout and "KEPT" in proc.stdout


def test_running_the_engine_loads_neither_qt_nor_torch():
    code = ("import sys; from core.engine import run; from core.optim.spec import OptimizerSpec;"
            "from core.surfaces import get_surface, surface_from_formula;"
            "run(surface_from_formula('x^2+y^2'), [OptimizerSpec('adam')], 3);"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'torch', 'app')];"
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# Cycles another engineer's files still hold (reported to them); each entry must disappear, never grow.
PENDING_CYCLES = {
    frozenset({"core.training.landscape", "core.training.sharpness"}),  # lazy import both ways
}


def _import_cycles(graph, package: str) -> list[frozenset]:
    """Strongly connected groups (more than one module) of ``package``'s import graph, lazy imports
    included, found with Tarjan's algorithm (iteratively: no recursion limit)."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    inside = set(modules)
    edges = {m: sorted(n for n in graph.find_modules_directly_imported_by(m) if n in inside) for m in modules}
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], 0
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(frozenset(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def test_no_import_cycles_in_core_or_app():
    import grimp

    graph = grimp.build_graph("core", "app", include_external_packages=False, cache_dir=None)  # a cache can be stale
    for package in ("core", "app"):
        cycles = [c for c in _import_cycles(graph, package) if c not in PENDING_CYCLES]
        assert not cycles, f"import cycles in {package}: {[sorted(c) for c in cycles]}"


def test_the_cycle_finder_finds_a_cycle():
    class Graph:  # a → b → c → a, and d alone
        modules = {"p", "p.a", "p.b", "p.c", "p.d"}
        links = {"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": {"p.a"}, "p.d": {"p.a"}, "p": set()}

        def find_modules_directly_imported_by(self, m):
            return self.links[m]

    assert _import_cycles(Graph(), "p") == [frozenset({"p.a", "p.b", "p.c"})]


MAX_MODULE_LINES = 450  # issue 13: a module over this has more than one job
MAX_CLASS_LINES = 300


def oversized(folder: Path) -> list[str]:
    """Modules over MAX_MODULE_LINES and classes over MAX_CLASS_LINES under ``folder``."""
    import ast

    found = []
    for path in sorted(folder.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(folder.parent)
        if text.count("\n") > MAX_MODULE_LINES:
            found.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES:
                found.append(f"{name}: class {node.name}, {node.end_lineno - node.lineno + 1} lines")
    return found


def test_no_module_or_class_in_app_is_over_its_size():
    assert oversized(ROOT / "app") == []


def test_the_size_check_sees_a_big_class(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "big.py").write_text("class Big:\n" + "    x = 1\n" * 300, encoding="utf-8")
    (package / "small.py").write_text("class Small:\n    x = 1\n", encoding="utf-8")
    assert oversized(package) == ["pkg/big.py: class Big, 301 lines"]
