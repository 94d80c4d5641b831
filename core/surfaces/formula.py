"""Safe parsing of a surface typed as a formula in x and y.

The text is read by Python's *parser* (``ast.parse`` builds a syntax tree and runs nothing) and every
node is checked against a whitelist while it is translated into a SymPy expression built node by node —
the text never reaches ``eval``/``exec``/``sympify``. Anything outside the grammar below is refused with
a :class:`FormulaError` that says what was found and at which character.

Grammar: numbers, ``x``, ``y``, ``pi``, ``e``; binary ``+ - * / **`` and ``^`` (a power, as in maths);
unary ``-``/``+``; parentheses; and the one-argument functions ``exp log sqrt sin cos tan tanh abs``.

Sub-expressions without variables are folded to a float here (so ``9**9**9**9`` is refused as an
overflow instead of making SymPy build an integer with billions of digits); integer literals stay exact
so that ``x**2`` differentiates to ``2*x``.
"""

from __future__ import annotations

import ast
import math

import sympy as sp

MAX_LENGTH = 400
MAX_DEPTH = 40
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

_NODE_NAMES = {
    ast.Attribute: "attribute access",
    ast.Subscript: "indexing",
    ast.Lambda: "a lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.Compare: "a comparison",
    ast.BoolOp: "a boolean operator",
    ast.IfExp: "a conditional",
    ast.List: "a list",
    ast.Tuple: "a tuple",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.NamedExpr: "an assignment",
    ast.Starred: "unpacking",
    ast.JoinedStr: "a string",
    ast.Await: "await",
}


class FormulaError(ValueError):
    """A formula that is refused; ``position`` is the 0-based character index in the user's text."""

    def __init__(self, message: str, position: int | None = None):
        self.reason = message
        self.position = position
        where = f"at character {position + 1}: " if position is not None else ""
        super().__init__(f"formula {where}{message}")


def parse_formula(text: str) -> sp.Expr:
    """Turn ``text`` into a SymPy expression in the real symbols ``X``, ``Y`` or raise FormulaError."""
    if not isinstance(text, str):
        raise FormulaError("must be text")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"is too long ({len(text)} characters; at most {MAX_LENGTH})", MAX_LENGTH)
    if not text.strip():
        raise FormulaError("is empty")
    _check_nesting(text)
    source, offsets = _caret_to_power(text)
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        col = (exc.offset or 1) - 1 + (len(source) - len(source.lstrip()))
        raise FormulaError(f"cannot be read: {exc.msg}", _original_position(offsets, col)) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise FormulaError(f"cannot be read: {exc}") from None
    lead = len(source) - len(source.lstrip())
    expr = _Translator(offsets, lead).visit(tree.body, depth=0)
    expr = expr.value if isinstance(expr, _Constant) else expr
    if not isinstance(expr, sp.Expr):
        raise FormulaError("does not describe a number")
    if expr.has(sp.zoo, sp.oo, -sp.oo, sp.nan, sp.I):
        raise FormulaError("is undefined everywhere (a division by zero or a complex value)")
    return expr


def _check_nesting(text: str) -> None:
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
            if depth > MAX_DEPTH:
                raise FormulaError(f"is nested too deeply (more than {MAX_DEPTH} parentheses)", i)
        elif ch == ")":
            depth -= 1


def _caret_to_power(text: str) -> tuple[str, list[int]]:
    """Rewrite ``^`` as ``**`` (Python's ``^`` binds looser than ``+``) keeping a map back to ``text``."""
    out, offsets = [], []
    for i, ch in enumerate(text):
        if ch == "^":
            out.append("**")
            offsets.extend((i, i))
        else:
            out.append(ch)
            offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


def _original_position(offsets: list[int], col: int) -> int:
    return offsets[max(0, min(col, len(offsets) - 1))]


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
        return _original_position(self.offsets, getattr(node, "col_offset", 0) + self.lead)

    def fail(self, node: ast.AST, message: str):
        raise FormulaError(message, self.where(node))

    def visit(self, node: ast.AST, depth: int):
        if depth > MAX_DEPTH:
            self.fail(node, f"is nested too deeply (more than {MAX_DEPTH} levels)")
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp):
            return self.binary(node, depth)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        what = _NODE_NAMES.get(type(node), type(node).__name__)
        self.fail(node, f"{what} is not allowed; use numbers, x, y, pi, e, + - * / ^ and "
                        f"{', '.join(_FUNCTIONS)}")

    def number(self, node: ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(node, f"{type(value).__name__} literal {value!r:.20} is not allowed; only numbers")
        number = float(value)
        if not math.isfinite(number):
            self.fail(node, f"the number {value!r:.20} is too large")
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
            self.fail(node, f"'{node.id}' is a function; write {node.id}(...)")
        self.fail(node, f"unknown name '{node.id:.30}'; the variables are x and y, the constants pi and e")

    def binary(self, node: ast.BinOp, depth: int):
        if type(node.op) not in _BINARY:
            self.fail(node, f"the operator {type(node.op).__name__} is not allowed; use + - * / ^")
        apply, symbol = _BINARY[type(node.op)]
        left = self.visit(node.left, depth + 1)
        right = self.visit(node.right, depth + 1)
        if isinstance(left, _Constant) and isinstance(right, _Constant):
            return self.fold(node, lambda: apply(left.number, right.number), (left, right), apply)
        return apply(_sym(left), _sym(right))

    def unary(self, node: ast.UnaryOp, depth: int):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            self.fail(node, f"the operator {type(node.op).__name__} is not allowed; use + - * / ^")
        operand = self.visit(node.operand, depth + 1)
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(operand, _Constant):
            return _Constant(-operand.number, -operand.value)
        return -operand

    def call(self, node: ast.Call, depth: int):
        if not isinstance(node.func, ast.Name):
            self.visit(node.func, depth + 1)  # names what is wrong with the callee (attribute, lambda…)
            self.fail(node, "only the functions " + ", ".join(_FUNCTIONS) + " may be called")
        name = node.func.id
        if name not in _FUNCTIONS:
            self.fail(node, f"unknown function '{name:.30}'; allowed: " + ", ".join(_FUNCTIONS))
        if node.keywords or len(node.args) != 1:
            self.fail(node, f"{name}() takes exactly one argument")
        symbolic, numeric = _FUNCTIONS[name]
        argument = self.visit(node.args[0], depth + 1)
        if isinstance(argument, _Constant):
            return self.fold(node, lambda: numeric(argument.number), (argument,), symbolic)
        return symbolic(argument)

    def fold(self, node, compute, operands, symbolic_apply):
        """Evaluate a variable-free node in floats; keep an exact form while it stays small."""
        try:
            number = float(compute())
        except ZeroDivisionError:
            self.fail(node, "divides by zero")
        except (OverflowError, ValueError, TypeError):
            self.fail(node, "has a constant part that is undefined or overflows")
        if not math.isfinite(number):
            self.fail(node, "has a constant part that is undefined or overflows")
        if abs(number) <= _LARGEST_EXACT_INTEGER and all(_small(op.value) for op in operands):
            try:
                exact = symbolic_apply(*(op.value for op in operands))
            except (ZeroDivisionError, ValueError):  # pragma: no cover - guarded by the float result
                exact = sp.Float(number)
            if _small(exact) and exact.is_real:
                return _Constant(number, exact)
        return _Constant(number, sp.Float(number))


def _small(expr: sp.Expr) -> bool:
    """Keep exact forms only while they stay short (no giant integers or nested radicals)."""
    return sp.count_ops(expr) <= 8 and all(
        abs(int(a.p)) <= _LARGEST_EXACT_INTEGER and abs(int(a.q)) <= _LARGEST_EXACT_INTEGER
        for a in expr.atoms(sp.Rational)
    )


def _sym(value) -> sp.Expr:
    return value.value if isinstance(value, _Constant) else value
