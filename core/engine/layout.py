"""What the compiled code and the Python side agree on, with numba not imported.

- ``LANES``: how many sweep rows the lockstep kernel (core.engine.kernel.run_grid) advances at once.
- ``LEFT_DOMAIN``: how the kernels write "left the domain at step t" into diverged_at.
- ``ENTRY_POINTS``: the ONE argument table of the compiled entry points — each argument's name and
  numba type. build_scripts/aot.py generates the ahead-of-time module's exported signatures and
  wrappers from it, core.engine.compiled its dispatchers, and a test checks it against the kernel's
  own parameter lists. A formula ``Program`` (a NamedTuple, which pycc signatures cannot name) crosses
  the ahead-of-time boundary as its eight fields, listed once in ``PROGRAM_FIELDS``.

Everything here shapes the compiled module's ABI, so this file is one of core.engine.compiled.SOURCES.
"""

from __future__ import annotations

LANES = 16
# The kernels' diverged_at codes: −1 ran to the end, t ≥ 0 diverged at step t, LEFT_DOMAIN − t left the
# surface's domain at step t (core.engine.run decodes it into Trajectories.left_domain).
LEFT_DOMAIN = -2

PROGRAM = "program"  # the argument that is a core.surfaces.bytecode.Program
PROGRAM_FIELDS = (("op", "i8[::1]"), ("a", "i8[::1]"), ("b", "i8[::1]"), ("out", "i8[::1]"),
                  ("initial", "f8[::1]"), ("value", "i8"), ("grad_x", "i8"), ("grad_y", "i8"))

_SURFACE = (("sid", "i8"), ("sparams", "f8[::1]"), (PROGRAM, None))
_ROWS = (("first", "i8"), ("last", "i8"))

# name → (module holding the numba function, its arguments in order)
ENTRY_POINTS: dict[str, tuple[str, tuple[tuple[str, str | None], ...]]] = {
    "run_batch": ("core.engine.kernel", (
        *_SURFACE, ("start", "f8[:, ::1]"), ("kinds", "i8[::1]"), ("hyper", "f8[:, ::1]"),
        ("noise", "f8[:, :, ::1]"), ("noise_index", "i8[::1]"), ("steps", "i8"), ("bound", "f8"),
        ("points", "f8[:, :, ::1]"), ("losses", "f8[:, ::1]"), ("final", "f8[:, ::1]"),
        ("final_loss", "f8[::1]"), ("diverged_at", "i8[::1]"), *_ROWS)),
    "run_grid": ("core.engine.kernel", (
        *_SURFACE, ("start", "f8[:, ::1]"), ("kind", "i8"), ("row", "f8[::1]"), ("lrs", "f8[::1]"),
        ("scales", "f8[::1]"), ("noise", "f8[:, ::1]"), ("steps", "i8"), ("bound", "f8"),
        ("final", "f8[:, ::1]"), ("final_loss", "f8[::1]"), ("diverged_at", "i8[::1]"), *_ROWS)),
    "replay_state": ("core.engine.kernel", (
        *_SURFACE, ("start", "f8[:, ::1]"), ("kinds", "i8[::1]"), ("hyper", "f8[:, ::1]"),
        ("noise", "f8[:, :, ::1]"), ("noise_index", "i8[::1]"), ("steps", "i8"), ("bound", "f8"),
        ("points", "f8[:, :, ::1]"), ("losses", "f8[:, ::1]"), ("grad", "f8[:, :, ::1]"), ("g", "f8[:, :, ::1]"),
        ("m", "f8[:, :, ::1]"), ("v", "f8[:, :, ::1]"), ("buf", "f8[:, :, ::1]"), ("lr_eff", "f8[:, :, ::1]"),
        ("bias1", "f8[:, ::1]"), ("bias2", "f8[:, ::1]"), ("diverged_at", "i8[::1]"), *_ROWS)),
    "evaluate_points": ("core.surfaces.native", (
        ("sid", "i8"), ("params", "f8[::1]"), (PROGRAM, None), ("xs", "f8[::1]"), ("ys", "f8[::1]"),
        ("f", "f8[::1]"), ("gx", "f8[::1]"), ("gy", "f8[::1]"))),
}


def arguments(name: str) -> tuple[str, ...]:
    """The entry point's argument names as the numba function takes them (the Program as one)."""
    return tuple(arg for arg, _ in ENTRY_POINTS[name][1])


def flat_arguments(name: str) -> tuple[tuple[str, str], ...]:
    """(name, numba type) as the ahead-of-time module takes them: the Program spread into its fields."""
    flat = []
    for arg, kind in ENTRY_POINTS[name][1]:
        flat.extend(PROGRAM_FIELDS if arg == PROGRAM else [(arg, kind)])
    return tuple(flat)


def signature(name: str) -> str:
    """The pycc export signature, e.g. ``void(i8, f8[::1], ...)``."""
    return f"void({', '.join(kind for _, kind in flat_arguments(name))})"


def wrapper_source(name: str) -> str:
    """Python source of the ahead-of-time wrapper: flat arguments in, the Program rebuilt, ``target``
    (the numba function) called. ``Program`` and ``target`` come from the namespace it is run in."""
    fields = ", ".join(field for field, _ in PROGRAM_FIELDS)
    call = ", ".join(f"Program({fields})" if arg == PROGRAM else arg for arg in arguments(name))
    params = ", ".join(arg for arg, _ in flat_arguments(name))
    return f"def {name}({params}):\n    target({call})\n"
