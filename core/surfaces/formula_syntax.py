"""The part of reading a typed formula that needs no SymPy: length, nesting and Python syntax
(core.surfaces.formula does the rest). It imports in microseconds, so a window can refuse a typo at once,
with the character it is at, before the surface is built off its GUI thread (SymPy: up to a second)."""

from __future__ import annotations

import ast

MAX_LENGTH = 1000
MAX_DEPTH = 40


class FormulaError(ValueError):
    """A formula that is refused; ``position`` is the 0-based character index in the user's text."""

    def __init__(self, message: str, position: int | None = None):
        self.reason = message
        self.position = position
        where = f"at character {position + 1}: " if position is not None else ""
        super().__init__(f"formula {where}{message}")


def check_syntax(text: str) -> None:
    """Raise FormulaError (with the position) if ``text`` cannot be read as a formula at all: the checks of
    :func:`parse_formula` that need no SymPy, done in well under a millisecond, so a window can refuse a
    typo at once and build the surface (SymPy: up to a second) off its GUI thread."""
    read_syntax(text)


def read_syntax(text: str) -> tuple[ast.Expression, list[int], int]:
    """(syntax tree, offsets back to ``text``, leading blanks) or FormulaError: length, nesting, syntax."""
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
        raise FormulaError(f"cannot be read: {exc.msg}", original_position(offsets, col)) from None
    except ValueError as exc:
        if "digits" in str(exc):  # Python's int_max_str_digits limit on a giant literal
            raise FormulaError("has a number with too many digits (the largest is about 1.8e308)") from None
        raise FormulaError(f"cannot be read: {exc}") from None
    except (RecursionError, MemoryError):
        raise FormulaError(f"is nested too deeply (more than {MAX_DEPTH} levels)") from None
    return tree, offsets, len(source) - len(source.lstrip())


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


def original_position(offsets: list[int], col: int) -> int:
    return offsets[max(0, min(col, len(offsets) - 1))]
