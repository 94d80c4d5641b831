"""Typed formulas become surfaces off the GUI thread (issue 16: a long formula kept SymPy busy for up to a
second, a 40-level power tower 3.8 s, and the window froze meanwhile).

:class:`FormulaBuilder` reads the text at once — a typo is refused on the spot, with the character it is
at (core.surfaces.formula_syntax needs no SymPy) — then builds the surface (SymPy: parse, differentiate,
compile) on its own app.jobs.JobRunner. The newest request wins: an older one still building is dropped,
and ``cancel()`` drops it too (another surface was chosen meanwhile). The answer comes on the GUI thread:
``built(Surface)``, or ``refused(message, position)`` with position −1 when there is none.

Most formulas build in 40–200 ms, so ``request`` waits up to SYNC_WAIT_S for the answer: the surface a
teacher typed is there when Enter returns, as before, and only a longer build finishes in the background
(the GUI thread is never held longer than that).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.jobs import JobRunner
from core.surfaces.formula_syntax import FormulaError, check_syntax
from core.surfaces.surface import surface_from_formula

SYNC_WAIT_S = 0.3  # what a key press may take; a build still running then is answered later


class FormulaBuilder(QObject):
    built = Signal(object)  # the Surface
    refused = Signal(str, int)  # message, 0-based character position (−1: none)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        # Not niced like the background jobs: the teacher is waiting for this one.
        self._jobs = JobRunner(self, name="losslab-formula", background=False)
        self._refused = False  # a refusal was delivered since the last request

    def request(self, text: str, start: tuple[float, float], window: tuple[float, float, float, float]) -> bool:
        """False when the formula was refused (``refused`` said why) by the time this returns; True when it
        was built (``built`` came) or is still being built (``built`` or ``refused`` follows)."""
        self._refused = False
        try:
            check_syntax(text)
        except FormulaError as exc:
            self._refuse(exc)
            return False
        self._jobs.submit(lambda _progress: surface_from_formula(text, start=start, window=window),
                          self.built.emit, on_error=self._refuse)
        self._jobs.wait(SYNC_WAIT_S)  # delivers the answer here if it is ready by then
        return not self._refused

    def _refuse(self, exc: BaseException) -> None:
        self._refused = True
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
