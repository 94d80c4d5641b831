"""The ahead-of-time kernels (build_scripts/aot.py, shipped in the bundle) against the JIT ones."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.engine import compiled, run
from core.engine import run as run_module
from core.engine.sweep import sweep
from core.optim.spec import KINDS, OptimizerSpec
from core.surfaces import get_surface, surface_from_formula

ROOT = Path(__file__).resolve().parents[2]


def both(monkeypatch, module, fn):
    """fn() with the JIT kernels, then with the AOT module."""
    monkeypatch.setattr(compiled, "AHEAD_OF_TIME", None)
    jit = fn()
    monkeypatch.setattr(compiled, "AHEAD_OF_TIME", module)
    return jit, fn()


@pytest.mark.parametrize("surface", [get_surface("rosenbrock"), get_surface("canyon", condition=20.0),
                                     surface_from_formula("log(1 + x^2) + sin(y)*x")], ids=lambda s: s.name)
def test_paths_sweeps_and_maps_are_identical(monkeypatch, aot_module, surface):
    specs = [OptimizerSpec(k, lr=0.01, clip=1.0 if k == "adam" else 0.0, noise=0.05, seed=2) for k in KINDS]
    jit, aot = both(monkeypatch, aot_module, lambda: run(surface, specs, 300))
    np.testing.assert_array_equal(jit.points, aot.points)
    np.testing.assert_array_equal(jit.diverged_at, aot.diverged_at)

    grid = lambda: sweep(surface, OptimizerSpec("adam"), np.geomspace(1e-3, 10, 9), np.geomspace(1e-6, 1e2, 5), 200)  # noqa: E731
    jit, aot = both(monkeypatch, aot_module, grid)
    np.testing.assert_array_equal(jit.final_point, aot.final_point)
    np.testing.assert_array_equal(jit.diverged_at, aot.diverged_at)

    xs, ys = np.meshgrid(np.linspace(-2, 2, 40), np.linspace(-1, 3, 30))
    jit, aot = both(monkeypatch, aot_module, lambda: surface.value_and_gradient(xs, ys))
    np.testing.assert_array_equal(np.stack(jit), np.stack(aot))


def test_a_stale_module_is_ignored(aot_module, monkeypatch):
    assert compiled.built_from_these_sources(aot_module)
    stamp = Path(aot_module.__file__).with_name("_aot_kernels.sha256")
    good = stamp.read_text()
    try:
        stamp.write_text("0" * 64 + "\n")  # as if kernel.py had been edited after the build
        assert not compiled.built_from_these_sources(aot_module)
    finally:
        stamp.write_text(good)


def test_the_engine_runs_without_numba_when_the_module_is_there(aot_module, tmp_path):
    """What the bundle relies on: with a current AOT module importable, numba is never imported."""
    package = tmp_path / "core" / "engine"
    package.mkdir(parents=True)
    built = Path(aot_module.__file__)
    (package / built.name).write_bytes(built.read_bytes())
    (package / "_aot_kernels.sha256").write_text(built.with_name("_aot_kernels.sha256").read_text())
    code = ("import sys, core.engine; core.engine.__path__.insert(0, sys.argv[1]);"
            "from core.engine import compiled; assert compiled.AHEAD_OF_TIME is not None, 'AOT not loaded';"
            "from core.engine import run; from core.optim.spec import OptimizerSpec;"
            "from core.surfaces import get_surface;"
            "r = run(get_surface('beale'), [OptimizerSpec('adam', lr=0.01)], 100);"
            "print(r.final[0].tolist()); sys.exit(1 if 'numba' in sys.modules else 0)")
    proc = subprocess.run([sys.executable, "-c", code, str(package)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    expected = run_module(get_surface("beale"), [OptimizerSpec("adam", lr=0.01)], 100).final[0].tolist()
    assert proc.stdout.strip() == str(expected)


def test_the_argument_table_is_the_kernels_own_parameter_lists():
    """core.engine.layout.ENTRY_POINTS generates the AOT signatures and wrappers: it must name the
    numba functions' parameters in order, and the Program's fields."""
    import importlib
    import inspect

    from core.engine import layout
    from core.surfaces.bytecode import Program

    assert tuple(name for name, _ in layout.PROGRAM_FIELDS) == Program._fields
    for name, (module_name, _) in layout.ENTRY_POINTS.items():
        function = getattr(importlib.import_module(module_name), name)
        assert tuple(inspect.signature(function.py_func).parameters) == layout.arguments(name)
        assert getattr(compiled, name).__name__ == name
        flat = layout.flat_arguments(name)
        assert layout.signature(name).count(",") == len(flat) - 1 + sum(t.count(",") for _, t in flat)


def test_sources_cover_every_module_the_compiled_functions_use():
    """The AOT module's stamp hashes SOURCES; a module the compiled code imports but SOURCES leaves out
    could be edited without the stale module being noticed."""
    import grimp

    from core.engine import layout

    graph = grimp.build_graph("core", include_external_packages=False, cache_dir=None)  # its cache can be stale
    used = {"core.engine.layout"}
    for module_name, _ in layout.ENTRY_POINTS.values():
        used |= {module_name} | graph.find_upstream_modules(module_name)
    files = {module.replace(".", "/") + ".py" for module in used}
    files = {f if (ROOT / f).exists() else f.removesuffix(".py") + "/__init__.py" for f in files}
    assert files == set(compiled.SOURCES)
