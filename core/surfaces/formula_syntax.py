"""The part of reading a typed formula that needs no SymPy: length, nesting and Python syntax
(core.surfaces.formula does the rest). It imports in microseconds, so a window can refuse a typo at once,
with the character it is at, before the surface is built off its GUI thread (SymPy: up to a second)."""

from __future__ import annotations

import ast

from core.i18n import translate

MAX_LENGTH = 1000
MAX_DEPTH = 40


class FormulaError(ValueError):
    """A formula that is refused; ``position`` is the 0-based character index in the user's text."""

    def __init__(self, message: str, position: int | None = None):
        self.reason = message
        self.position = position
        if position is None:
            text = translate("core.formula", "formula {reason}").format(reason=message)
        else:
            text = translate("core.formula", "formula at character {position}: {reason}").format(
                position=position + 1, reason=message)
        super().__init__(text)


def check_syntax(text: str) -> None:
    """Raise FormulaError (with the position) if ``text`` cannot be read as a formula at all: the checks of
    :func:`parse_formula` that need no SymPy, done in well under a millisecond, so a window can refuse a
    typo at once and build the surface (SymPy: up to a second) off its GUI thread."""
    read_syntax(text)


def read_syntax(text: str) -> tuple[ast.Expression, list[int], int]:
    """(syntax tree, offsets back to ``text``, leading blanks) or FormulaError: length, nesting, syntax."""
    if not isinstance(text, str):
        raise FormulaError(translate("core.formula", "must be text"))
    if len(text) > MAX_LENGTH:
        raise FormulaError(translate("core.formula", "is too long ({length} characters; at most {limit})").format(
            length=len(text), limit=MAX_LENGTH), MAX_LENGTH)
    if not text.strip():
        raise FormulaError(translate("core.formula", "is empty"))
    _check_nesting(text)
    source, offsets = _caret_to_power(text)
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        col = (exc.offset or 1) - 1 + (len(source) - len(source.lstrip()))
        raise FormulaError(translate("core.formula", "cannot be read: {reason}").format(reason=exc.msg),
                           original_position(offsets, col)) from None
    except ValueError as exc:
        if "digits" in str(exc):  # Python's int_max_str_digits limit on a giant literal
            raise FormulaError(translate("core.formula", "has a number with too many digits (the largest is "
                                                         "about 1.8e308)")) from None
        raise FormulaError(translate("core.formula", "cannot be read: {reason}").format(reason=exc)) from None
    except (RecursionError, MemoryError):
        raise FormulaError(translate("core.formula", "is nested too deeply (more than {depth} levels)").format(
            depth=MAX_DEPTH)) from None
    return tree, offsets, len(source) - len(source.lstrip())


def _check_nesting(text: str) -> None:
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
            if depth > MAX_DEPTH:
                raise FormulaError(translate("core.formula", "is nested too deeply (more than {depth} "
                                                             "parentheses)").format(depth=MAX_DEPTH), i)
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
