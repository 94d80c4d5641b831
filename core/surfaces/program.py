"""Compile a SymPy surface and its exact gradient into a small register program.

The fused kernel (core.engine) cannot call SymPy, and generating Python source for numba to compile
would mean running ``exec`` on text derived from user input plus a second-long compile per formula.
Instead the value and both partial derivatives are reduced with common-subexpression elimination and
flattened into a list of three-address instructions ``out = op(a, b)`` over a register file; one
pre-compiled interpreter (core.surfaces.native) runs any such program. Registers 0 and 1 hold x and y,
then come the constants, then temporaries.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from core.surfaces import bytecode as op
from core.surfaces.bytecode import Program
from core.surfaces.formula import X, Y

_UNARY = {
    sp.exp: op.EXP, sp.log: op.LOG, sp.sin: op.SIN, sp.cos: op.COS, sp.tan: op.TAN, sp.tanh: op.TANH,
    sp.Abs: op.ABS, sp.sign: op.SIGN,
}


def gradient(expr: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    return sp.diff(expr, X), sp.diff(expr, Y)


def compile_program(expr: sp.Expr) -> Program:
    """Compile ``expr`` with its exact symbolic gradient into a :class:`Program`."""
    gx, gy = gradient(expr)
    replacements, reduced = sp.cse([expr, gx, gy], optimizations="basic")
    builder = _Builder()
    for symbol, sub in replacements:
        builder.memo[symbol] = builder.emit(sub)
    value, grad_x, grad_y = (builder.emit(e) for e in reduced)
    return Program(
        op=np.array(builder.ops, np.int64), a=np.array(builder.a, np.int64),
        b=np.array(builder.b, np.int64), out=np.array(builder.out, np.int64),
        initial=np.array(builder.registers, np.float64), value=value, grad_x=grad_x, grad_y=grad_y,
    )


class _Builder:
    def __init__(self):
        self.registers: list[float] = [0.0, 0.0]
        self.memo: dict[sp.Basic, int] = {X: 0, Y: 1}
        self.constants: dict[float, int] = {}
        self.ops: list[int] = []
        self.a: list[int] = []
        self.b: list[int] = []
        self.out: list[int] = []

    def constant(self, number: float) -> int:
        if number not in self.constants:
            self.constants[number] = len(self.registers)
            self.registers.append(number)
        return self.constants[number]

    def instruction(self, code: int, a: int, b: int = 0) -> int:
        self.registers.append(0.0)
        target = len(self.registers) - 1
        self.ops.append(code)
        self.a.append(a)
        self.b.append(b)
        self.out.append(target)
        return target

    def emit(self, expr: sp.Basic) -> int:
        if expr in self.memo:
            return self.memo[expr]
        register = self._emit(expr)
        self.memo[expr] = register
        return register

    def _emit(self, expr: sp.Basic) -> int:
        if expr.is_Number or isinstance(expr, sp.NumberSymbol):
            return self.constant(float(expr))
        if isinstance(expr, sp.Add | sp.Mul):
            code = op.ADD if isinstance(expr, sp.Add) else op.MUL
            args = list(expr.args)
            if code == op.MUL and args[0] == -1:  # -a*b: one negation instead of a multiply by -1
                return self.instruction(op.NEG, self.emit(sp.Mul(*args[1:])))
            register = self.emit(args[0])
            for arg in args[1:]:
                register = self.instruction(code, register, self.emit(arg))
            return register
        if isinstance(expr, sp.Pow):
            base, exponent = expr.args
            if exponent == 2:
                return self.instruction(op.SQUARE, self.emit(base))
            if exponent == -1:
                return self.instruction(op.INV, self.emit(base))
            if exponent == sp.S.Half:
                return self.instruction(op.SQRT, self.emit(base))
            if exponent == -sp.S.Half:
                return self.instruction(op.INV, self.instruction(op.SQRT, self.emit(base)))
            return self.instruction(op.POW, self.emit(base), self.emit(exponent))
        if expr.func in _UNARY:
            return self.instruction(_UNARY[expr.func], self.emit(expr.args[0]))
        raise ValueError(f"the formula's gradient needs '{expr.func.__name__}', which is not supported")
