"""The note over the map while the optimizer engine loads, or compiles on a fresh checkout: a plain word
instead of a silent wait. It says "loading" at once and "compiling" once the wait is longer than a cached
load takes; it goes away when the model's engine is ready."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel

from app.i18n import is_language_change, translate

# The engine's first compile on a fresh checkout (numba JIT, no cache yet): measured 30.0 s for the race
# kernel on the 2-core development machine under load (NUMBA_CACHE_DIR emptied); the issue saw 15–27 s.
# Loading the cached kernel took 0.9–1.6 s (import included: +0.4 s), well under LOADING_GRACE_MS, so a
# longer wait means a compile.
COMPILING_TEXT = QT_TRANSLATE_NOOP("EngineNote", "Compiling the optimizer engine (first start only, up to ~30 s)…")
LOADING_TEXT = QT_TRANSLATE_NOOP("EngineNote", "Loading the optimizer engine…")
READY_TEXT = QT_TRANSLATE_NOOP("EngineNote", "Ready")
LOADING_GRACE_MS = 4000


class EngineNote(QLabel):
    """A centred note over ``view`` (the landscape) that also speaks through ``show_message`` (the status
    bar's showMessage)."""

    def __init__(self, view, model, show_message):
        super().__init__(view)
        self._wording = LOADING_TEXT  # the English source of what the note says now
        self.setObjectName("engineNote")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet("#engineNote { background: rgba(20, 22, 26, 215); color: #ffffff;"
                           " font-size: 15pt; padding: 18px; border-radius: 6px; }")
        self._view, self._model, self._say = view, model, show_message
        view.installEventFilter(self)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.engine_slow)
        self._timer.start(LOADING_GRACE_MS)
        self.retranslate()
        show_message(self.text())
        model.engineReady.connect(self.engine_ready)
        if model.ready:
            self.engine_ready()

    def engine_slow(self) -> None:
        """What the grace timer does when loading takes longer than a cached load: say it compiles."""
        if self._model.ready:
            return
        self._wording = COMPILING_TEXT
        self.retranslate()
        self._place()
        self._say(self.text())

    def engine_ready(self) -> None:
        self._timer.stop()
        self.hide()
        self._say(translate("EngineNote", READY_TEXT), 2000)

    def retranslate(self) -> None:
        self.setText(translate("EngineNote", self._wording))

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if is_language_change(event):
            self.retranslate()
            if self.isVisible():
                self._place()
        super().changeEvent(event)

    def _place(self) -> None:
        view = self._view
        width = min(520, max(view.width() - 40, 100))
        self.setFixedWidth(width)
        self.adjustSize()
        self.move((view.width() - width) // 2, max((view.height() - self.height()) // 2, 0))
        self.raise_()

    def eventFilter(self, watched: QObject, event) -> bool:  # noqa: N802 — Qt's name
        if watched is self._view and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return super().eventFilter(watched, event)
