"""When the Training tab redraws its plots while the twins train: at a rate the GUI thread can afford.

The plots share the GIL with the worker, so every millisecond the GUI thread spends drawing is one the
training thread may wait for. :class:`RedrawPacer` keeps the drawing near ``budget`` of the wall time: it
measures what each redraw costs and waits accordingly between them (within 2 and 30 redraws a second),
and tells the worker how often to send progress (no use sending it faster than it is drawn).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

REDRAW_BUDGET = 0.04  # target share of wall time the UI thread spends redrawing plots while training
MIN_REDRAW_S = 1.0 / 30.0  # at most 30 redraws a second …
MAX_REDRAW_S = 0.5  # … and at least 2


class RedrawPacer(QObject):
    """``RedrawPacer(draw, send_interval, parent)``: ``draw()`` redraws and returns the seconds of painting it
    measured beyond its own run (None when there was nothing to draw); ``send_interval(seconds)`` tells the
    worker how often to report. ``schedule(urgent)`` asks for a redraw; ``stop()`` drops a pending one."""

    def __init__(self, draw: Callable[[], float | None], send_interval: Callable[[float], None], parent=None):
        super().__init__(parent)
        self.budget = REDRAW_BUDGET  # share of wall time for redraws while training
        self.frame_cost = 0.01  # seconds per redraw (setData + paint), measured as it runs
        self._draw, self._send_interval = draw, send_interval
        self._last = 0.0
        self._sent = MIN_REDRAW_S
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.redraw)

    def interval(self) -> float:
        return min(max(self.frame_cost / self.budget, MIN_REDRAW_S), MAX_REDRAW_S)

    def schedule(self, urgent: bool = False) -> None:
        """Redraw now (urgent) or once ``interval()`` has passed since the last redraw."""
        if self._timer.isActive() and not urgent:
            return
        wait = 0.0 if urgent else max(0.0, self._last + self.interval() - time.perf_counter())
        self._timer.start(int(wait * 1000))

    def stop(self) -> None:
        self._timer.stop()

    def redraw(self) -> None:
        start = time.perf_counter()
        painted = self._draw()
        if painted is None:
            return
        self._last = time.perf_counter()
        self.frame_cost = 0.8 * self.frame_cost + 0.2 * (self._last - start + painted)
        interval = self.interval()
        if abs(interval - self._sent) > 0.2 * self._sent:
            self._sent = interval
            self._send_interval(interval)
