"""What the compiled code and the Python side agree on, with neither SymPy nor numba imported: the
surface ids, and the instruction set and container of formula programs (written by
core.surfaces.program with SymPy, run by core.surfaces.native)."""

from typing import NamedTuple

import numpy as np

# Surface ids: a built-in surface is chosen by number, so one compiled kernel serves them all;
# PROGRAM means "run the surface's formula program".
PROGRAM = -1
QUADRATIC, SADDLE, ROSENBROCK, BEALE, HIMMELBLAU, BOOTH, RASTRIGIN = range(7)

ADD, MUL, NEG, INV, POW, EXP, LOG, SQRT, SIN, COS, TAN, TANH, ABS, SIGN, SQUARE = range(15)


class Program(NamedTuple):
    """Instructions ``registers[out[i]] = op[i](registers[a[i]], registers[b[i]])``, run in order."""

    op: np.ndarray  # int64 (k,)
    a: np.ndarray  # int64 (k,)
    b: np.ndarray  # int64 (k,)
    out: np.ndarray  # int64 (k,)
    initial: np.ndarray  # float64 (n_registers,): x, y slots (overwritten), constants, scratch
    value: int  # register holding f
    grad_x: int  # register holding df/dx
    grad_y: int  # register holding df/dy


# What the kernel is given for a built-in surface (same types, so the same compiled specialisation).
EMPTY_PROGRAM = Program(*(np.zeros(0, np.int64) for _ in range(4)), np.zeros(2), 0, 0, 0)
