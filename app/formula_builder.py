"""Typed formulas become surfaces off the GUI thread (issue 16: a long formula kept SymPy busy for up to a
second, a 40-level power tower 3.8 s, and the window froze meanwhile).

:class:`FormulaBuilder` reads the text at once — a typo is refused on the spot, with the character it is
at (core.surfaces.formula_syntax needs no SymPy) — then builds the surface (SymPy: parse, differentiate,
compile) on its own app.jobs.JobRunner. The newest request wins: an older one still building is dropped,
and ``cancel()`` drops it too (another surface was chosen meanwhile). The answer comes on the GUI thread:
``built(Surface)``, or ``refused(message, position)`` with position −1 when there is none.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.jobs import JobRunner
from core.surfaces.formula_syntax import FormulaError, check_syntax
from core.surfaces.surface import surface_from_formula


class FormulaBuilder(QObject):
    built = Signal(object)  # the Surface
    refused = Signal(str, int)  # message, 0-based character position (−1: none)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._jobs = JobRunner(self, name="losslab-formula")

    def request(self, text: str, start: tuple[float, float], window: tuple[float, float, float, float]) -> bool:
        """False (after ``refused``) when ``text`` cannot be read at all; else True: the surface is being
        built and ``built`` or ``refused`` follows."""
        try:
            check_syntax(text)
        except FormulaError as exc:
            self._refuse(exc)
            return False
        self._jobs.submit(lambda _progress: surface_from_formula(text, start=start, window=window),
                          self.built.emit, on_error=self._refuse)
        return True

    def _refuse(self, exc: BaseException) -> None:
        position = getattr(exc, "position", None)
        message = str(exc) if isinstance(exc, ValueError) else f"the formula could not be built: {exc}"
        self.refused.emit(message, position if isinstance(position, int) else -1)

    @property
    def busy(self) -> bool:
        """A surface is being built."""
        return self._jobs.busy

    def cancel(self) -> None:
        self._jobs.cancel()

    def wait(self, timeout: float = 10.0) -> bool:
        """Block until the build (if any) has finished and its answer is delivered (tests, scripts)."""
        return self._jobs.wait(timeout)

    def shutdown(self) -> None:
        self._jobs.shutdown()
