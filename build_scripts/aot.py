"""Compile the engine's kernels ahead of time into core/engine/_aot_kernels.*.so (see core.engine.compiled).

    .venv/bin/python build_scripts/aot.py     # ~1 min; needs numba and a C compiler, only at build time

The exported signatures and wrappers are generated from ONE argument table,
core.engine.layout.ENTRY_POINTS: each wrapper takes a formula Program as its eight fields (pycc
signatures cannot name a NamedTuple) and rebuilds it before calling the very function the JIT path
runs. The GIL is released during the call, as with the JIT's nogil=True, so sweeps use every core and
the window stays live.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import warnings  # noqa: E402

from numba.core.errors import NumbaPendingDeprecationWarning  # noqa: E402

# pycc is "pending deprecation" with no replacement released yet; numba is pinned, so it is here to stay
# for this build. If a numba upgrade removes it, the app still runs (JIT), only the bundle grows.
warnings.filterwarnings("ignore", category=NumbaPendingDeprecationWarning)
import importlib  # noqa: E402

import numba.pycc.compiler as pycc_compiler  # noqa: E402
from numba.pycc import CC  # noqa: E402

from core.engine import compiled, layout  # noqa: E402
from core.surfaces.bytecode import Program  # noqa: E402

MODULE = "_aot_kernels"
OUTPUT = ROOT / "core" / "engine"


class _GilFreeFlags(pycc_compiler.Flags):
    """pycc's wrappers keep the GIL by default; ours release it, like the JIT kernels (nogil=True)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.release_gil = True


def wrapper(name: str, module_name: str):
    """The exported function for entry point ``name``, made from its generated source."""
    namespace = {"Program": Program, "target": getattr(importlib.import_module(module_name), name)}
    exec(layout.wrapper_source(name), namespace)  # noqa: S102 (our own table, not input)
    return namespace[name]


def build(output: Path = OUTPUT) -> Path:
    pycc_compiler.Flags = _GilFreeFlags
    cc = CC(MODULE)
    cc.output_dir = str(output)
    cc.verbose = False

    for name, (module_name, _) in layout.ENTRY_POINTS.items():
        cc.export(name, layout.signature(name))(wrapper(name, module_name))
    cc.compile()
    (output / f"{MODULE}.sha256").write_text(compiled.source_hash() + "\n")
    return next(output.glob(f"{MODULE}*.so"), None) or next(output.glob(f"{MODULE}*.pyd"))


if __name__ == "__main__":
    started = time.perf_counter()
    path = build()
    size_mb = path.stat().st_size / 1e6
    print(f"built {path.relative_to(ROOT)} ({size_mb:.1f} MB) in {time.perf_counter() - started:.0f} s")
