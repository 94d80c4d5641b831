"""Safe parsing of a surface typed as a formula in x and y.

The text is read by Python's *parser* (``ast.parse`` builds a syntax tree and runs nothing) and every
node is checked against a whitelist while it is translated into a SymPy expression built node by node —
the text never reaches ``eval``/``exec``/``sympify``. Anything outside the grammar below is refused with
a :class:`FormulaError` that says what was found and at which character.

Grammar: numbers, ``x``, ``y``, ``pi``, ``e``; binary ``+ - * / **`` and ``^`` (a power, as in maths);
unary ``-``/``+``; parentheses; and the one-argument functions ``exp log sqrt sin cos tan tanh abs``.

Sub-expressions without variables are folded to a float here (so ``9**9**9**9`` is refused as an
overflow instead of making SymPy build an integer with billions of digits); integer literals stay exact
so that ``x**2`` differentiates to ``2*x``. No exact number is ever allowed to grow big: an exact power is
built only when its result is known to stay below ``_LARGEST_EXACT_INTEGER`` (else it is folded in
floats, and refused if that overflows or underflows), a symbolic power's exponent stays exact only up to
``_LARGEST_EXACT_EXPONENT``, and any exact number SymPy's own simplification makes larger (``(2*x)^2``
squared 40 times) is turned into a float as soon as it appears.

Compile work is bounded by size, not by guessing: at most ``MAX_LENGTH`` characters, ``MAX_DEPTH`` levels
of nesting (a flat chain ``a + b - c + …`` or ``a*b/c*…`` is one level however long) and
``MAX_NONLINEAR`` functions or powers inside one another (the chain rule makes each of those multiply
the gradient's size) — every formula within them parses and compiles in well under a second.
"""

from __future__ import annotations

import ast
import math

import sympy as sp

from core.i18n import QT_TRANSLATE_NOOP, translate
from core.surfaces.formula_syntax import (
    MAX_DEPTH,
    MAX_LENGTH,  # noqa: F401 — part of this module's API (the limits)
    FormulaError,
    original_position,
    read_syntax,
)

MAX_NONLINEAR = 12
X, Y = sp.symbols("x y", real=True)

_FUNCTIONS = {
    "exp": (sp.exp, math.exp),
    "log": (sp.log, math.log),
    "sqrt": (sp.sqrt, math.sqrt),
    "sin": (sp.sin, math.sin),
    "cos": (sp.cos, math.cos),
    "tan": (sp.tan, math.tan),
    "tanh": (sp.tanh, math.tanh),
    "abs": (sp.Abs, abs),
}
_CONSTANTS = {"pi": (sp.pi, math.pi), "e": (sp.E, math.e)}
_VARIABLES = {"x": X, "y": Y}
_BINARY = {
    ast.Add: (lambda a, b: a + b, "+"),
    ast.Sub: (lambda a, b: a - b, "-"),
    ast.Mult: (lambda a, b: a * b, "*"),
    ast.Div: (lambda a, b: a / b, "/"),
    ast.Pow: (lambda a, b: a**b, "**"),
}
_LARGEST_EXACT_INTEGER = 10**15
_LARGEST_EXACT_EXPONENT = 64
_LARGEST_DIGITS = 309  # 1.8e308, the largest float, has 309 digits
_FAMILY = {ast.Add: "sum", ast.Sub: "sum", ast.Mult: "product", ast.Div: "product"}

_NODE_NAMES = {
    ast.Attribute: QT_TRANSLATE_NOOP("core.formula", "attribute access"),
    ast.Subscript: QT_TRANSLATE_NOOP("core.formula", "indexing"),
    ast.Lambda: QT_TRANSLATE_NOOP("core.formula", "a lambda"),
    ast.ListComp: QT_TRANSLATE_NOOP("core.formula", "a comprehension"),
    ast.SetComp: QT_TRANSLATE_NOOP("core.formula", "a comprehension"),
    ast.DictComp: QT_TRANSLATE_NOOP("core.formula", "a comprehension"),
    ast.GeneratorExp: QT_TRANSLATE_NOOP("core.formula", "a comprehension"),
    ast.Compare: QT_TRANSLATE_NOOP("core.formula", "a comparison"),
    ast.BoolOp: QT_TRANSLATE_NOOP("core.formula", "a boolean operator"),
    ast.IfExp: QT_TRANSLATE_NOOP("core.formula", "a conditional"),
    ast.List: QT_TRANSLATE_NOOP("core.formula", "a list"),
    ast.Tuple: QT_TRANSLATE_NOOP("core.formula", "a tuple"),
    ast.Dict: QT_TRANSLATE_NOOP("core.formula", "a dict"),
    ast.Set: QT_TRANSLATE_NOOP("core.formula", "a set"),
    ast.NamedExpr: QT_TRANSLATE_NOOP("core.formula", "an assignment"),
    ast.Starred: QT_TRANSLATE_NOOP("core.formula", "unpacking"),
    ast.JoinedStr: QT_TRANSLATE_NOOP("core.formula", "a string"),
    ast.Await: QT_TRANSLATE_NOOP("core.formula", "await"),
}


def parse_formula(text: str) -> sp.Expr:
    """Turn ``text`` into a SymPy expression in the real symbols ``X``, ``Y`` or raise FormulaError."""
    tree, offsets, lead = read_syntax(text)
    expr = _Translator(offsets, lead).visit(tree.body, depth=0, nonlinear=0)
    expr = _bounded(expr.value if isinstance(expr, _Constant) else expr)
    if not isinstance(expr, sp.Expr):
        raise FormulaError(translate("core.formula", "does not describe a number"))
    if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan, sp.I):
        raise FormulaError(translate("core.formula", "is undefined everywhere (a division by zero or a complex value)"))
    return expr


class _Constant:
    """A folded variable-free sub-expression: its float value and an exact SymPy form when small."""

    __slots__ = ("number", "value")

    def __init__(self, number: float, value: sp.Expr):
        self.number = number
        self.value = value


class _Translator:
    def __init__(self, offsets: list[int], lead: int):
        self.offsets = offsets
        self.lead = lead

    def where(self, node: ast.AST) -> int:
        return original_position(self.offsets, getattr(node, "col_offset", 0) + self.lead)

    def fail(self, node: ast.AST, message: str):
        raise FormulaError(message, self.where(node))

    def visit(self, node: ast.AST, depth: int, nonlinear: int):
        if depth > MAX_DEPTH:
            self.fail(node, translate("core.formula", "is nested too deeply (more than {depth} levels)").format(
                depth=MAX_DEPTH))
        if nonlinear > MAX_NONLINEAR:
            self.fail(node, translate("core.formula", "nests too many functions and powers inside one another "
                                                      "(more than {count})").format(count=MAX_NONLINEAR))
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp):
            return self.binary(node, depth, nonlinear)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth, nonlinear)
        if isinstance(node, ast.Call):
            return self.call(node, depth, nonlinear)
        what = _NODE_NAMES.get(type(node), type(node).__name__)
        self.fail(node, translate("core.formula", "{what} is not allowed; use numbers, x, y, pi, e, + - * / ^ and "
                                                  "{functions}").format(what=translate("core.formula", what),
                                                                        functions=", ".join(_FUNCTIONS)))

    def number(self, node: ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(node, translate("core.formula", "{type} literal {value} is not allowed; only numbers").format(
                type=type(value).__name__, value=f"{value!r:.20}"))
        try:
            number = float(value)
        except OverflowError:  # an integer literal above 1.8e308
            number = math.inf
        if not math.isfinite(number):
            self.fail(node, translate("core.formula", "the number {number} is too large (the largest is about "
                                                      "1.8e308)").format(number=_short(value)))
        if isinstance(value, int) and abs(value) <= _LARGEST_EXACT_INTEGER:
            return _Constant(number, sp.Integer(value))
        return _Constant(number, sp.Float(number))

    def name(self, node: ast.Name):
        if node.id in _VARIABLES:
            return _VARIABLES[node.id]
        if node.id in _CONSTANTS:
            symbolic, number = _CONSTANTS[node.id]
            return _Constant(number, symbolic)
        if node.id in _FUNCTIONS:
            self.fail(node, translate("core.formula", "'{name}' is a function; write {name}(...)").format(name=node.id))
        self.fail(node, translate("core.formula", "unknown name '{name}'; the variables are x and y, the constants pi "
                                                  "and e").format(name=f"{node.id:.30}"))

    def binary(self, node: ast.BinOp, depth: int, nonlinear: int):
        if type(node.op) not in _BINARY:
            self.fail(node, translate("core.formula", "the operator {operator} is not allowed; use + - * / ^").format(
                operator=type(node.op).__name__))
        family = _FAMILY.get(type(node.op))
        if family is None:  # a power: base and exponent one level down, and one more non-linear level
            left = self.visit(node.left, depth + 1, nonlinear + 1)
            right = self.visit(node.right, depth + 1, nonlinear + 1)
            return self.power(node, left, right)
        # a + b - c + … (or a * b / c * …) is one level however long: walk the chain without recursing.
        chain = []
        while isinstance(node, ast.BinOp) and _FAMILY.get(type(node.op)) == family:
            chain.append(node)
            node = node.left
        result = self.visit(node, depth + 1, nonlinear)
        for link in reversed(chain):
            apply, _ = _BINARY[type(link.op)]
            # a divisor is non-linear (1/(x + 1/(x + …)) grows the gradient like a function does)
            right = self.visit(link.right, depth + 1, nonlinear + isinstance(link.op, ast.Div))
            if isinstance(result, _Constant) and isinstance(right, _Constant):
                left = result
                result = self.fold(link, lambda a=left, b=right, f=apply: f(a.number, b.number), (left, right),
                                   apply)
            else:
                result = apply(_sym(result), _sym(right))  # coefficients grow at most additively here
        return result

    def power(self, node: ast.BinOp, base, exponent):
        if isinstance(base, _Constant) and isinstance(exponent, _Constant):
            try:
                number = float(base.number ** exponent.number)
            except ZeroDivisionError:
                self.fail(node, translate("core.formula", "divides by zero (0 to a negative power)"))
            except OverflowError:
                self.fail(node, translate("core.formula", "has a constant power that overflows (the largest "
                                                          "float is about 1.8e308)"))
            except (TypeError, ValueError):  # TypeError: a complex result, e.g. (-8)^(1/3)
                self.fail(node, translate("core.formula", "has a constant power that is undefined (a negative "
                                                          "number to a fractional power is not real)"))
            if not math.isfinite(number):
                self.fail(node, translate("core.formula", "has a constant power that overflows (the largest "
                                                          "float is about 1.8e308)"))
            if number == 0.0 and base.number != 0.0:
                self.fail(node, translate("core.formula", "has a constant power too close to zero for a float (it "
                                                          "underflows to 0; the smallest is about 5e-324)"))
            if _exact_power_is_small(base.value, exponent.value):
                return self.fold(node, lambda: number, (base, exponent), lambda a, b: a**b)
            return _Constant(number, sp.Float(number))
        if isinstance(exponent, _Constant) and not _exact_exponent(exponent.value):
            exponent = _Constant(exponent.number, sp.Float(exponent.number))
        return _bounded(_sym(base) ** _sym(exponent))

    def unary(self, node: ast.UnaryOp, depth: int, nonlinear: int):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            self.fail(node, translate("core.formula", "the operator {operator} is not allowed; use + - * / ^").format(
                operator=type(node.op).__name__))
        operand = self.visit(node.operand, depth + 1, nonlinear)
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(operand, _Constant):
            return _Constant(-operand.number, -operand.value)
        return -operand

    def call(self, node: ast.Call, depth: int, nonlinear: int):
        if not isinstance(node.func, ast.Name):
            self.visit(node.func, depth + 1, nonlinear)  # names what is wrong with the callee (attribute…)
            self.fail(node, translate("core.formula", "only the functions {functions} may be called").format(
                functions=", ".join(_FUNCTIONS)))
        name = node.func.id
        if name not in _FUNCTIONS:
            self.fail(node, translate("core.formula", "unknown function '{name}'; allowed: {functions}").format(
                name=f"{name:.30}", functions=", ".join(_FUNCTIONS)))
        if node.keywords or len(node.args) != 1:
            self.fail(node, translate("core.formula", "{name}() takes exactly one argument").format(name=name))
        symbolic, numeric = _FUNCTIONS[name]
        argument = self.visit(node.args[0], depth + 1, nonlinear + 1)
        if isinstance(argument, _Constant):
            return self.fold(node, lambda: numeric(argument.number), (argument,), symbolic)
        return _bounded(symbolic(argument))

    def fold(self, node, compute, operands, symbolic_apply):
        """Evaluate a variable-free node in floats; keep an exact form while it stays small."""
        try:
            number = float(compute())
        except ZeroDivisionError:
            self.fail(node, translate("core.formula", "divides by zero"))
        except (OverflowError, ValueError, TypeError):
            self.fail(node, translate("core.formula", "has a constant part that is undefined or overflows"))
        if not math.isfinite(number):
            self.fail(node, translate("core.formula", "has a constant part that is undefined or overflows"))
        if abs(number) <= _LARGEST_EXACT_INTEGER and all(_small(op.value) for op in operands):
            try:
                exact = symbolic_apply(*(op.value for op in operands))
            except (ZeroDivisionError, ValueError):  # pragma: no cover - guarded by the float result
                exact = sp.Float(number)
            if _small(exact) and exact.is_real:
                return _Constant(number, exact)
        return _Constant(number, sp.Float(number))


def _exact_exponent(value: sp.Expr) -> bool:
    """An exponent kept exact: a rational p/q with |p|, q ≤ _LARGEST_EXACT_EXPONENT (x^2 → 2x)."""
    return (isinstance(value, sp.Rational) and abs(int(value.p)) <= _LARGEST_EXACT_EXPONENT
            and int(value.q) <= _LARGEST_EXACT_EXPONENT)


def _exact_power_is_small(base: sp.Expr, exponent: sp.Expr) -> bool:
    """Whether SymPy may build base**exponent exactly: decided from the operands' sizes *before* it is
    built, since building (1/2)**(10**15) exactly is what never returns."""
    if not _exact_exponent(exponent) or not _small(base):
        return False
    n = abs(int(exponent.p))
    if isinstance(base, sp.Rational):
        largest = max(abs(int(base.p)), int(base.q), 1)
        return n * math.log10(largest) <= math.log10(_LARGEST_EXACT_INTEGER)
    return n <= 16  # pi**16, sqrt(2)**16: short exact forms


def _bounded(expr: sp.Expr) -> sp.Expr:
    """SymPy's own simplification can square exact coefficients ((2*x)^2)^2… doubles their digits at
    each level); any exact number beyond _LARGEST_EXACT_INTEGER becomes a float as soon as it appears."""
    if not isinstance(expr, sp.Basic):
        return expr
    big = {a: sp.Float(a) for a in expr.atoms(sp.Rational)
           if abs(int(a.p)) > _LARGEST_EXACT_INTEGER or int(a.q) > _LARGEST_EXACT_INTEGER}
    return expr.xreplace(big) if big else expr


def _short(value) -> str:
    """A number as the user wrote it, shortened when it is long (giant literals)."""
    text = str(value) if not isinstance(value, int) or abs(value).bit_length() < 4000 else ""
    if not text or len(text) > 24:
        digits = len(str(abs(value))) if isinstance(value, int) and abs(value).bit_length() < 14000 else None
        head = text[:12] if text else ""
        if not digits:
            return translate("core.formula", "with thousands of digits")
        return translate("core.formula", "{head}… ({digits} digits)").format(head=head, digits=digits)
    return text


def _small(expr: sp.Expr) -> bool:
    """Keep exact forms only while they stay short (no giant integers or nested radicals)."""
    return sp.count_ops(expr) <= 8 and all(
        abs(int(a.p)) <= _LARGEST_EXACT_INTEGER and abs(int(a.q)) <= _LARGEST_EXACT_INTEGER
        for a in expr.atoms(sp.Rational)
    )


def _sym(value) -> sp.Expr:
    return value.value if isinstance(value, _Constant) else value
