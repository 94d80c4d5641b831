"""How wide each column of the status table is: what a column needs to show its texts whole, the least it
may be given, and how the table's width is shared out so that it does not scroll sideways (issue 15).

The sharing (``fit_widths``) is plain arithmetic on pixel widths; ``TextWidths`` measures texts in the
table's font and remembers them, because QFontMetrics.horizontalAdvance costs ~15 µs a call and the
table's names and states come back unchanged on every refresh."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtGui import QFontMetrics

# The widest shapes a number formatted with ".4g" takes in at most SHAPE_LENGTH characters (a
# non-negative number below 1e100; a minus sign makes a shape of that length narrower, as it replaces a
# digit or an exponent sign of equal width). Interface fonts draw every digit at one width, so a number
# column at least this wide holds every such text, and only a longer text (a minus sign in front, a
# three-digit exponent) needs measuring: a slider drag that only changes digits never moves the columns.
NUMBER_SHAPES = ("0.0001234", "8.888e+88", "8.888e-88")
SHAPE_LENGTH = 9
CACHE_LIMIT = 4096  # remembered widths; past this the memory is cleared (numbers seldom repeat)


class TextWidths:
    """Pixel width of a text in one font (a new instance for a new font), remembered by text."""

    def __init__(self, metrics: QFontMetrics):
        self._metrics = metrics
        self._known: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        width = self._known.get(text)
        if width is None:
            if len(self._known) >= CACHE_LIMIT:
                self._known.clear()
            width = self._known[text] = self._metrics.horizontalAdvance(text)
        return width

    def widest(self, texts: Iterable[str]) -> int:
        return max((self(text) for text in texts), default=0)


def number_width(texts: Sequence[str], width: Callable[[str], int]) -> int:
    """The width a column of ".4g" numbers needs: the widest NUMBER_SHAPES, or a longer text's own width."""
    widest = max(width(shape) for shape in NUMBER_SHAPES)
    for text in texts:
        if len(text) > SHAPE_LENGTH:
            widest = max(widest, width(text))
    return widest


def fit_widths(needs: Sequence[int], floors: Sequence[int], least: Sequence[int], room: int, *,
               grow: Sequence[int] = (), give_way: Sequence[int] = (), optional: int | None = None) -> list[int]:
    """Column widths for ``room`` pixels. Each column gets its floor (at most its need), then the columns
    in ``grow`` get up to their need, in that order. If the floors do not fit, the ``optional`` column
    is dropped (width 0: the caller hides it), then the columns in ``give_way`` shrink down to their
    ``least``, in that order (what they cannot show whole is elided; their tooltips say it whole). If
    even that does not fit, the widths add up to more than ``room``: the table scrolls sideways rather
    than cut a number or a state."""
    widths = [min(floor, need) for floor, need in zip(floors, needs, strict=True)]
    if optional is not None and sum(widths) > room:
        widths[optional] = 0
    for column in give_way:
        over = sum(widths) - room
        if over > 0:
            widths[column] = max(widths[column] - over, min(least[column], widths[column]))
    left = room - sum(widths)
    for column in grow:
        if left > 0 and (column != optional or widths[column]):
            more = min(needs[column] - widths[column], left)
            widths[column] += more
            left -= more
    return widths
