"""Starting the optimizer engine without holding up the window: the compiled race kernel is loaded off
the GUI thread, then SymPy (typed formulas) and the scale map's sweep kernel, on a job runner of its own
(so a big race is not queued behind it). ``ready`` follows the race kernel; ``failed(str)`` says why it
could not start."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.jobs import JobRunner
from core.surfaces.surface import surface_from_formula


def _warm_race(_progress) -> None:
    from core.engine import warm_up

    warm_up(sweeps=False)  # what the race needs first


def _warm_rest(_progress) -> None:
    from core.engine import warm_up

    try:  # typed formulas need SymPy (~1 s to import): load it before the teacher types one
        surface_from_formula("x^2 + y^2")
    except Exception:  # noqa: BLE001 — only a warm-up; a real parse reports its own errors
        pass
    warm_up()  # then the scale map's sweep kernel, before anyone opens that tab


class EngineStarter(QObject):
    ready = Signal()
    failed = Signal(str)  # the exception's text

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._jobs = JobRunner(self, name="losslab-warm-up")
        self._timer: QTimer | None = None

    def start(self, delay_ms: int) -> None:
        """Load everything off the GUI thread, starting ``delay_ms`` after the event loop runs again (the
        window's first paint does not share the CPU and the GIL with importing numba)."""
        def warmed(_result) -> None:
            self.ready.emit()
            self._jobs.submit(_warm_rest)

        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(lambda: self._jobs.submit(
            _warm_race, warmed, on_error=lambda exc: self.failed.emit(str(exc))))
        self._timer.start(max(int(delay_ms), 0))

    def start_now(self) -> None:
        """Blocking variant for scripts and screenshots (no window waits on it)."""
        from core.engine import warm_up

        warm_up(sweeps=False)
        self.ready.emit()

    def shutdown(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._jobs.shutdown(0.0)  # a warm-up cannot be interrupted; its daemon thread ends with it
