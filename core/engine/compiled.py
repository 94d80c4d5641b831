"""The compiled functions, ahead-of-time when available, just-in-time otherwise.

``build_scripts/aot.py`` compiles the kernels (core.engine.kernel, core.surfaces.native) ahead of time
with numba.pycc into ``core/engine/_aot_kernels.*.so``. That module loads in milliseconds, releases the
GIL like the JIT versions, and needs neither numba nor LLVM at run time — the packaged app ships it and
leaves ~170 MB of LLVM out. Without it (a development checkout) numba compiles the same source on first
use and caches it on disk. The AOT module records a hash of the sources it was built from; a stale one
(sources edited since) is ignored, so it can never run old arithmetic.
"""

from __future__ import annotations

import hashlib
import importlib
import sys
from pathlib import Path

from core.engine.layout import ENTRY_POINTS, PROGRAM, arguments

# The sources whose compiled code the AOT module holds, and its argument table (the hash covers all of
# them). A bundle carries no sources, so the list is written out; tests/core/test_compiled.py checks it
# covers every module the entry points import.
SOURCES = ("core/engine/kernel.py", "core/engine/layout.py", "core/surfaces/native.py", "core/optim/rules.py",
           "core/optim/precision.py", "core/optim/spec.py", "core/surfaces/bytecode.py", "core/i18n.py")
ROOT = Path(__file__).resolve().parent.parent.parent


def source_hash() -> str | None:
    """sha256 of the kernel sources, or None where they are not readable (a bundle ships bytecode)."""
    digest = hashlib.sha256()
    try:
        for name in SOURCES:
            digest.update((ROOT / name).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def built_from_these_sources(module) -> bool:
    """The module's stamp (written beside it by the build) holds the hash of today's sources."""
    stamp = Path(module.__file__).with_name("_aot_kernels.sha256")
    return stamp.exists() and stamp.read_text().strip() == source_hash()


def _load_ahead_of_time():
    try:  # a built extension (no Python source), so by name: it is no module of the import graph
        module = importlib.import_module("core.engine._aot_kernels")
    except ImportError:
        return None
    if getattr(sys, "frozen", False):  # a bundle: built together with the module it carries
        return module
    return module if built_from_these_sources(module) else None


AHEAD_OF_TIME = _load_ahead_of_time()


def _dispatcher(name: str):
    """The entry point ``name`` of core.engine.layout.ENTRY_POINTS, called with the numba function's
    arguments: the ahead-of-time module's export (the Program spread into its fields) when it is
    loaded, else the JIT function itself (imported, and so compiled or read from numba's cache, on
    first use)."""
    module_name, _ = ENTRY_POINTS[name]
    at = arguments(name).index(PROGRAM)

    def call(*args):
        if AHEAD_OF_TIME is not None:
            return getattr(AHEAD_OF_TIME, name)(*args[:at], *args[at], *args[at + 1:])
        return getattr(importlib.import_module(module_name), name)(*args)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{module_name}.{name}, ahead-of-time when available."
    return call


run_batch = _dispatcher("run_batch")
run_grid = _dispatcher("run_grid")
replay_state = _dispatcher("replay_state")
evaluate_points = _dispatcher("evaluate_points")
