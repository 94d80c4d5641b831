"""One entry point for a fresh clone: set up the virtual environment, then run the app or the tests.

    python3 build_scripts/dev.py app [ARGS...]    # set up, then start losslab (ARGS go to `losslab`)
    python3 build_scripts/dev.py test [ARGS...]   # set up, then ruff + the whole pytest suite, in parallel

Set-up is skipped when the environment is already in step with pyproject.toml (a stamp holds its hash),
so the second run starts at once. Only the standard library is used here: this runs before anything
is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".losslab-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


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


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test"}:
        print(__doc__)
        return 2
    ensure_environment()
    command, rest = argv[0], argv[1:]
    if command == "app":
        return subprocess.call([str(BIN / "losslab"), *rest])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", str(ROOT)], cwd=ROOT)
    tests = subprocess.call([str(PYTHON), "-m", "pytest", *pytest_arguments(rest)], cwd=ROOT, env=env)
    return tests or lint


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
