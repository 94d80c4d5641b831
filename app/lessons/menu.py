"""The window's Lessons menu: every built-in lesson by its title (in the interface language), Open lesson
file…, the handout and slide exports (with their file dialogs and the one-line report of how they went)
and Leave lesson. It follows a language switch like every widget."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from app.resources import title_field
from core.lessons import lesson_paths, text


def lesson_title(path: Path, lang: str = "en") -> str:
    """The title a built-in lesson shows in the menu, in ``lang`` (its file name if it cannot be read)."""
    try:
        return text(title_field(path) or "", lang) or path.stem
    except (OSError, ValueError, AttributeError):
        return path.stem


class LessonsMenu(QMenu):
    """The menu of ``controller`` (a LessonController), added to its window's menu bar."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.lesson_actions = []
        for path in lesson_paths():
            action = self.addAction(path.stem)
            action.triggered.connect(lambda _checked=False, p=path: controller.open_lesson(p))
            self.lesson_actions.append((action, path))
        self.none_action = None
        if not self.lesson_actions:
            self.none_action = self.addAction("")
            self.none_action.setEnabled(False)
        self.addSeparator()
        self.open_action = self.addAction("")
        self.open_action.triggered.connect(self.open_lesson_dialog)
        self.addSeparator()
        self.pdf_action = self.addAction("")
        self.pdf_action.triggered.connect(self.export_pdf_dialog)
        self.slides_action = self.addAction("")
        self.slides_action.triggered.connect(self.export_slides_dialog)
        self.leave_action = self.addAction("")
        self.leave_action.triggered.connect(controller.leave)
        self.retranslate()
        self.update_actions()

    def retranslate(self) -> None:
        from app.i18n import current_language

        self.setTitle(self.tr("&Lessons"))
        for action, path in self.lesson_actions:
            action.setText(lesson_title(path, current_language()))
        if self.none_action is not None:
            self.none_action.setText(self.tr("(no lessons found)"))
        self.open_action.setText(self.tr("&Open lesson file…"))
        self.pdf_action.setText(self.tr("Export &handout (PDF)…"))
        self.slides_action.setText(self.tr("Export &slides (PNG folder)…"))
        self.leave_action.setText(self.tr("&Leave lesson"))

    def changeEvent(self, event):  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def update_actions(self) -> None:
        """The exports and Leave only while a lesson is open."""
        on = self.controller.session is not None
        for action in (self.pdf_action, self.slides_action, self.leave_action):
            action.setEnabled(on)

    # ---- dialogs -----------------------------------------------------------------------------------
    def open_lesson_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.controller.window, self.tr("Open lesson"), "",
                                              self.tr("losslab lessons (*.json);;All files (*)"))
        if path:
            self.controller.open_lesson(path)

    def export_pdf_dialog(self) -> None:
        session = self.controller.session
        if session is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.controller.window, self.tr("Export handout"),
                                              f"{session.lesson.id}.pdf", "PDF (*.pdf)")
        if path:
            from app.lessons.handout import export_pdf

            self._report_export(export_pdf(self.controller, path, ask_cancel=True), path)

    def export_slides_dialog(self) -> None:
        if self.controller.session is None:
            return
        folder = QFileDialog.getExistingDirectory(self.controller.window, self.tr("Export slides into folder"))
        if folder:
            from app.lessons.handout import export_slides

            self._report_export(export_slides(self.controller, folder, ask_cancel=True), folder)

    def _report_export(self, result, where) -> None:
        window = self.controller.window
        if result.ok:
            window.statusBar().showMessage(
                self.tr("Exported {pages} pages to {where}").format(pages=result.pages, where=where), 8000)
        elif result.cancelled:
            window.statusBar().showMessage(self.tr("Export cancelled; nothing was written"), 8000)
        else:
            QMessageBox.warning(window, self.tr("Export failed"), result.error)
