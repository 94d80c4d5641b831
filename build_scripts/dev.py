"""One entry point for a fresh clone: set up the virtual environment, then run the app or the tests.

    python3 build_scripts/dev.py app [ARGS...]    # set up, then start losslab (ARGS go to `losslab`)
    python3 build_scripts/dev.py test [ARGS...]   # set up, then ruff + the whole pytest suite, in parallel

Set-up is skipped when the environment is already in step with pyproject.toml (a stamp holds its hash),
so the second run starts at once. Set-up also compiles the engine's kernels ahead of time
(build_scripts/aot.py, once per change of the kernel sources), so neither the app nor each test worker
waits for numba's JIT; where that build fails, both still run, on the JIT. Only the standard library is
used here: this runs before anything is installed.
"""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".losslab-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
AOT_FOLDER = ROOT / "core" / "engine"  # where build_scripts/aot.py writes the module and its stamp
AOT_LOG = VENV / "aot-build.log"  # the last ahead-of-time build's output
JIT_LOG = VENV / "jit-cache.log"  # the last filling of numba's JIT cache (see JIT_CACHE_FILL)
# numba's JIT versions of the same kernels, compiled into numba's on-disk cache on the other core while the
# ahead-of-time build runs on one: the tests that compare the two (tests/core/test_compiled.py,
# test_state_aot.py) otherwise compile them in a pytest worker, ~40 s of a fresh clone's suite. The calls
# reach every kernel with the argument types the app and those tests use (a grid of 64 cells takes the
# lockstep kernel, run_grid).
JIT_CACHE_FILL = ("import numpy as np; from core.engine import compiled; compiled.AHEAD_OF_TIME = None; "
                  "from core.engine.sweep import sweep, warm_up; from core.engine.state import warm_up as state; "
                  "from core.optim.spec import OptimizerSpec; from core.surfaces import get_surface; warm_up(); "
                  "state(); grid = np.geomspace(1e-3, 1.0, 8); "
                  "sweep(get_surface('bowl'), OptimizerSpec('adam'), grid, grid, 2)")
AOT_FAILED = VENV / ".losslab-aot-failed"  # the kernel source hash an ahead-of-time build failed for


def _requirements_hash() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    if STAMP.exists() and STAMP.read_text() == _requirements_hash():
        return
    if not PYTHON.exists():
        print(f"[losslab] creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("[losslab] installing losslab and its dependencies (pinned, see pyproject.toml)", flush=True)
    subprocess.run(
        [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-e", f"{ROOT}[dev]"],
        check=True,
    )
    STAMP.write_text(_requirements_hash())


def kernel_sources(compiled_py: Path = AOT_FOLDER / "compiled.py") -> tuple[str, ...]:
    """core.engine.compiled.SOURCES, read from its source text: importing it needs numpy, which the interpreter
    running this script need not have."""
    for node in ast.parse(compiled_py.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "SOURCES" for target in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise LookupError(f"no SOURCES in {compiled_py}")


def kernel_source_hash(root: Path = ROOT) -> str:
    """The hash core.engine.compiled.source_hash() computes (tests/test_dev_script.py checks they agree): the
    ahead-of-time module's stamp must hold it, or compiled.py ignores the module."""
    digest = hashlib.sha256()
    for name in kernel_sources(root / "core" / "engine" / "compiled.py"):
        digest.update((root / name).read_bytes())
    return digest.hexdigest()


def aot_build_reason(source_hash: str, folder: Path) -> str | None:
    """Why the ahead-of-time module in ``folder`` must be built ("missing", "stale": its stamp holds another
    hash), or None when it is current. An extension built for any Python version counts: the venv's
    interpreter, which builds and loads it, need not be the one running this script."""
    if not any(folder.glob("_aot_kernels*.so")) and not any(folder.glob("_aot_kernels*.pyd")):
        return "missing"
    stamp = folder / "_aot_kernels.sha256"
    if not stamp.is_file() or stamp.read_text(encoding="utf-8").strip() != source_hash:
        return "stale"
    return None


def ensure_aot_kernels() -> None:
    """Build the ahead-of-time kernels when they are missing or stale. A failed build is reported in one line
    and not retried for the same kernel sources (it would cost a minute at every start); the app and the
    tests then use numba's JIT, which compiles the same source on first use."""
    source_hash = kernel_source_hash()
    reason = aot_build_reason(source_hash, AOT_FOLDER)
    if reason is None:
        return
    retry = f"to retry: {PYTHON.relative_to(ROOT)} build_scripts/aot.py"
    if AOT_FAILED.is_file() and AOT_FAILED.read_text(encoding="utf-8").strip() == source_hash:
        print(f"[losslab] the engine's kernels use numba's JIT (the ahead-of-time build failed, see {AOT_LOG}; "
              f"{retry})", flush=True)
        return
    print(f"[losslab] compiling the engine's kernels ahead of time ({reason}; a one-time step, about a minute)",
          end="", flush=True)
    started = time.perf_counter()
    with AOT_LOG.open("w", encoding="utf-8") as log, JIT_LOG.open("w", encoding="utf-8") as jit_log:
        filling = subprocess.Popen([str(PYTHON), "-c", JIT_CACHE_FILL], cwd=ROOT, stdout=jit_log,
                                   stderr=subprocess.STDOUT)  # a failure only leaves the compiling to the tests
        result = subprocess.run([str(PYTHON), str(ROOT / "build_scripts" / "aot.py")], cwd=ROOT,
                                stdout=log, stderr=subprocess.STDOUT)
        filling.wait()
    if result.returncode != 0:
        AOT_FAILED.write_text(source_hash, encoding="utf-8")
        print(f"\n[losslab] the ahead-of-time build failed (see {AOT_LOG}); the engine's kernels use numba's JIT "
              f"instead ({retry})", flush=True)
        return
    AOT_FAILED.unlink(missing_ok=True)
    print(f": done in {time.perf_counter() - started:.0f} s", flush=True)


# pytest-xdist: one worker per core, at most MAX_WORKERS (each worker holds its own torch, Qt and numba, about
# 1 GiB). Tests are handed out a file at a time, so a module's fixtures are built once and its tests keep their
# order, and files in the order of a one-process run (not the largest first), so each worker's run is a part of
# that order: a test never runs after a file it would not follow in `-n 0` (some Qt tests leave application-wide
# state, such as a font, behind). Not `--dist loadgroup`: pytest-xdist 3.8 marks a group by editing a node id
# that pytest 9 no longer reads.
# A crashed worker (a segfault) is not replaced: a replacement is handed the crashing file again, so one crash is
# reported once per restart, or pytest-xdist 3.8 stops with an INTERNALERROR that hides the summary (its issue
# 1362). Without one the run stops, red, naming the test that crashed.
MAX_WORKERS = 4
PARALLEL = ["-n", "auto", "--maxprocesses", str(MAX_WORKERS), "--dist", "loadfile", "--no-loadscope-reorder",
            "--max-worker-restart", "0"]


def pytest_arguments(rest: list[str]) -> list[str]:
    """``rest`` with the parallel options in front, unless the caller chose how to run (``-n 0`` runs in one
    process, for a debugger or ``-x`` on the first failure in order)."""
    chosen = any(arg in {"-n", "--numprocesses", "--dist", "no:xdist"}
                 or arg.startswith(("-n", "--numprocesses=", "--dist=")) for arg in rest)
    return rest if chosen else [*PARALLEL, *rest]


def compile_bytecode() -> None:
    """The project's modules compiled to bytecode once (then only those edited since), as pip compiles an
    installed package's: where PYTHONDONTWRITEBYTECODE is set (these machines set it) nothing is cached on
    import, and every process — each test that runs `losslab` as a subprocess — compiled app and core from
    source again (subprocess-heavy tests: 35.6 → 30.8 s)."""
    subprocess.call([str(PYTHON), "-m", "compileall", "-q", "app", "core"], cwd=ROOT)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test"}:
        print(__doc__)
        return 2
    ensure_environment()
    ensure_aot_kernels()
    compile_bytecode()
    command, rest = argv[0], argv[1:]
    if command == "app":
        return subprocess.call([str(BIN / "losslab"), *rest])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # pytest rewrites each test module's asserts when it imports it, in every worker, and caches the result
    # as bytecode only where bytecode may be written: with PYTHONDONTWRITEBYTECODE set (these machines set
    # it) every run rewrote all test modules again (~6 s of each worker's collection).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", str(ROOT)], cwd=ROOT)
    tests = subprocess.call([str(PYTHON), "-m", "pytest", *pytest_arguments(rest)], cwd=ROOT, env=env)
    return tests or lint


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
