"""The window's lesson mode: ``install_lessons(window)`` adds the Lessons menu and returns the
:class:`LessonController` that opens a lesson and applies each step to the window (scene, tab, the controls
shown), holds the run until the step's question is answered, and measures the step's numbers on a
JobRunner (never on the GUI thread)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMessageBox, QWidget

from app.jobs import JobRunner
from app.lessons.panel import LessonPanel
from core.lessons import LessonError, LessonSession, fill, lesson_paths, load, text

TAB_TITLES = {"race": "Race", "scale_map": "Scale map", "training": "Training"}
SCALE_MAP_BOXES = ("metric_box", "resolution_box", "steps_box", "span_box", "scale_box")
SCALE_MAP_LABELS = ("colour", "cells", "steps", "lr ±", "loss scale")
LESSON_FILTER = "losslab lessons (*.json);;All files (*)"


def lesson_title(path: Path) -> str:
    """The title a built-in lesson shows in the menu (its file name if it cannot be read)."""
    try:
        return text(json.loads(path.read_text(encoding="utf-8")).get("title", "")) or path.stem
    except (OSError, ValueError, AttributeError):
        return path.stem


def find_lesson(name: str) -> Path | None:
    """A built-in lesson by file name ("02_momentum"), name without its number ("momentum") or number ("2")."""
    wanted = name.strip().lower().removesuffix(".json")
    for path in lesson_paths():
        stem = path.stem.lower()
        number, _, rest = stem.partition("_")
        if wanted in (stem, rest) or (wanted.isdigit() and number.isdigit() and int(wanted) == int(number)):
            return path
    return None


PREDICT_FIRST = ("*Predict first:* answer the question below (or skip it). The run, this step's text and "
                 "its measured numbers follow.")


class LessonController(QObject):
    """The lesson shown in a window (``session`` is None when none is)."""

    stepShown = Signal(int)  # the step's index, once applied to the window
    measured = Signal(int)  # that step's claims were evaluated and its numbers are shown
    revealed = Signal(int)  # the question's answer is shown

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session: LessonSession | None = None
        self.runner = JobRunner(self)
        self._measured: set[int] = set()
        self._errors: dict[int, str] = {}
        self._skipped: set[int] = set()  # steps whose question was skipped
        self._chosen: int | None = None
        self._saved: dict[int, tuple[QWidget, bool]] = {}  # id → (widget, was hidden) before the lesson
        self._holding = False
        self._revealing = False  # answered (or skipped): reveal once measured
        self.last_error = ""

        self.panel = LessonPanel()
        self.dock = QDockWidget("Lesson", window)
        self.dock.setObjectName("lessonDock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        self.dock.hide()
        self.panel.backRequested.connect(self.back)
        self.panel.nextRequested.connect(self.next)
        self.panel.jumpRequested.connect(self.go)
        self.panel.leaveRequested.connect(self.leave)
        self.panel.question.answered.connect(self.answer)
        self.panel.question.skipped.connect(self.skip)
        window.player.playingChanged.connect(self._hold_player)
        notes = getattr(window, "scene_notes", None)
        if notes is not None and hasattr(notes, "notesShown"):  # it shows itself on every scene change
            notes.notesShown.connect(self._keep_notes_hidden)
        self._build_menu()

    # ---- menu ------------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        menu = self.window.menuBar().addMenu("&Lessons")
        self.menu = menu
        for path in lesson_paths():
            action = menu.addAction(lesson_title(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_lesson(p))
        if not lesson_paths():
            menu.addAction("(no lessons found)").setEnabled(False)
        menu.addSeparator()
        menu.addAction("&Open lesson file…").triggered.connect(self.open_lesson_dialog)
        menu.addSeparator()
        self.pdf_action = menu.addAction("Export &handout (PDF)…")
        self.pdf_action.triggered.connect(self.export_pdf_dialog)
        self.slides_action = menu.addAction("Export &slides (PNG folder)…")
        self.slides_action.triggered.connect(self.export_slides_dialog)
        self.leave_action = menu.addAction("&Leave lesson")
        self.leave_action.triggered.connect(self.leave)
        self._update_actions()

    def _update_actions(self) -> None:
        on = self.session is not None
        for action in (self.pdf_action, self.slides_action, self.leave_action):
            action.setEnabled(on)

    def open_lesson_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open lesson", "", LESSON_FILTER)
        if path:
            self.open_lesson(path)

    def export_pdf_dialog(self) -> None:
        if self.session is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.window, "Export handout", f"{self.session.lesson.id}.pdf",
                                              "PDF (*.pdf)")
        if path:
            from app.lessons.handout import export_pdf

            self._report_export(export_pdf(self, path, ask_cancel=True), path)

    def export_slides_dialog(self) -> None:
        if self.session is None:
            return
        folder = QFileDialog.getExistingDirectory(self.window, "Export slides into folder")
        if folder:
            from app.lessons.handout import export_slides

            self._report_export(export_slides(self, folder, ask_cancel=True), folder)

    def _report_export(self, result, where) -> None:
        if result.ok:
            self.window.statusBar().showMessage(f"Exported {result.pages} pages to {where}", 8000)
        elif result.cancelled:
            self.window.statusBar().showMessage("Export cancelled; nothing was written", 8000)
        else:
            QMessageBox.warning(self.window, "Export failed", result.error)

    # ---- opening and leaving ---------------------------------------------------------------------
    def open_lesson(self, name_or_path) -> bool:
        """Open a built-in lesson by name or a lesson file by path. A malformed file is refused with its
        one-line ``FILE:LINE: reason`` (message box and status bar); the current lesson stays."""
        path = Path(name_or_path)
        if not path.is_file():
            found = find_lesson(str(name_or_path))
            if found is None:
                names = ", ".join(p.stem for p in lesson_paths())
                return self._refuse(f"No lesson called {str(name_or_path)[:80]!r}; choose one of: {names}")
            path = found
        try:
            lesson = load(path)
        except LessonError as exc:
            return self._refuse(str(exc))
        except (OSError, UnicodeDecodeError) as exc:
            return self._refuse(f"{path.name}: cannot be read ({exc.__class__.__name__})")
        self.start(lesson)
        return True

    def _refuse(self, message: str) -> bool:
        self.last_error = message
        self.window.statusBar().showMessage(message, 15000)
        QMessageBox.warning(self.window, "Lesson not opened", message)
        return False

    def start(self, lesson, lang: str | None = None) -> None:
        if lang is None:
            from app.i18n import current_language

            lang = current_language()
        if self.session is None:
            self._save_controls()
        self.runner.cancel()
        self.session = LessonSession(lesson, lang)
        self._measured = set()
        self._errors = {}
        self._skipped: set[int] = set()
        self.panel.show_lesson(text(lesson.title, lang), [text(s.title, lang) for s in lesson.steps])
        self.dock.setWindowTitle(f"Lesson: {text(lesson.title, lang)}")
        self.dock.show()
        self._update_actions()
        self.window.statusBar().showMessage(f"Lesson: {text(lesson.title, lang)}", 5000)
        self._apply()

    def leave(self) -> None:
        if self.session is None:
            return
        self.runner.cancel()
        self.session = None
        self._release()
        self.dock.hide()
        self._show_views(())
        self._restore_controls()
        self._update_actions()

    def _show_views(self, views) -> None:
        """Open the views a step names beside its tab (core.lessons.VIEWS), close the ones it does not."""
        window = self.window
        if "inside" in views or window.inside_dock is not None:
            window.show_inside("inside" in views)
        panel = window.training_panel
        if panel is not None:
            panel.views.setCurrentWidget(panel.landscape if "landscape" in views else panel.views.widget(0))

    # ---- moving ----------------------------------------------------------------------------------
    def next(self) -> bool:
        return self.session is not None and self.session.next() and self._apply()

    def back(self) -> bool:
        return self.session is not None and self.session.back() and self._apply()

    def go(self, index: int) -> bool:
        return self.session is not None and self.session.go(index) and self._apply()

    def _apply(self) -> bool:
        session, window = self.session, self.window
        step, index = session.step, session.position
        window.player.pause()
        self._release()
        window.model.set_scene(step.scene)
        self._show_tab(TAB_TITLES.get(step.tab, "Race"))
        if window.training_panel is not None:
            window.training_panel.set_config(step.scene.training)
        self._show_views(step.views)
        self._show_controls()
        self._revealing = False
        # A question is asked before the step's text is shown: the text states what the run does, and
        # would give the answer away (predict, then run, then see).
        predicting = step.question is not None and index not in session.answers and index not in self._skipped
        self.panel.show_step(index, session.count, session.title(),
                             PREDICT_FIRST if predicting else text(step.text, session.lang),
                             measured=predicting or index in self._measured or not self._needs_measuring(step))
        question = self.panel.question
        if step.question is not None:
            question.ask(session.prompt(), session.choices())
            question.show()
            if index in session.answers or index in self._skipped:  # back on a step already answered
                self._chosen = session.answers[index].chosen if index in session.answers else None
                if self._chosen is not None:
                    question.choose(self._chosen)
                question.lock()
                self._revealing = True
                question.show_measuring()
            else:
                self._hold()
        else:
            question.hide()
        self._measure(index)
        self.stepShown.emit(index)
        return True

    def _show_tab(self, title: str) -> None:
        tabs = self.window.tabs
        for i in range(tabs.count()):
            if tabs.tabText(i) == title:
                tabs.setCurrentIndex(i)
                return

    # ---- measuring (on the runner's thread) --------------------------------------------------------
    @staticmethod
    def _needs_measuring(step) -> bool:
        return step.claim_count > 0

    def is_measured(self, index: int | None = None) -> bool:
        if self.session is None:
            return False
        index = self.session.position if index is None else index
        return index in self._measured or not self._needs_measuring(self.session.lesson.steps[index])

    def _measure(self, index: int) -> None:
        if self.is_measured(index):
            self._measured.add(index)
            self._on_measured(self.session, index, None)
            return
        session = self.session
        self.runner.submit(lambda _ticket: session.results(index),
                           lambda _result: self._on_measured(session, index, None),
                           on_error=lambda exc: self._on_measured(session, index, exc))

    def _on_measured(self, session, index: int, error) -> None:
        if session is not self.session:
            return
        if error is not None:
            self._errors[index] = f"The numbers of this step could not be measured: {error}"
        self._measured.add(index)
        if index != session.position:
            return
        if error is None:
            if not self._holding:  # while the student predicts, the text waits (_reveal shows it)
                self.panel.set_body(session.title(), session.text(), measured=True)
            failing = [r for r in session.results(index).results if not r.holds]
            if failing:  # the numbers are shown as measured, and said not to back the text here
                self.panel.measuring.setText(
                    f"Measured here, {len(failing)} of this step's claims did not hold "
                    f"({failing[0].message[:120]}): read its numbers with care.")
                self.panel.measuring.show()
        else:
            self.panel.set_body(session.title(), text(session.step.text, session.lang), measured=False)
            self.panel.measuring.setText(self._errors[index])
        self.measured.emit(index)
        if self._revealing:
            self._reveal()

    # ---- the question: predict, then run, then reveal ----------------------------------------------
    def _hold(self) -> None:
        self._holding = True
        self.window.playback.play_button.setEnabled(False)
        self.window.playback.play_button.setToolTip("Answer the question (or skip it) to run")
        if self.window.training_panel is not None:
            self.window.training_panel.actions.setEnabled(False)

    def _release(self) -> None:
        self._holding = False
        self.window.playback.play_button.setEnabled(True)
        self.window.playback.play_button.setToolTip("Play / pause (Space)")
        if self.window.training_panel is not None:
            self.window.training_panel.actions.setEnabled(True)

    def release_for_picture(self) -> None:
        """Controls enabled as after the answer, the question left unanswered (a handout's picture)."""
        self._release()

    def _hold_player(self, playing: bool) -> None:
        if playing and self._holding:
            self.window.player.pause()

    @property
    def holding(self) -> bool:
        """The step's run waits for the question to be answered (or skipped)."""
        return self._holding

    def answer(self, choice: int) -> None:
        if self.session is None or self.session.step.question is None or not self._holding:
            return
        self._chosen = choice
        self._commit()

    def skip(self) -> None:
        if self.session is None or self.session.step.question is None or not self._holding:
            return
        self._chosen = None
        self._commit()

    def _commit(self) -> None:
        if self._chosen is None:
            self._skipped.add(self.session.position)
        self.panel.question.lock()
        self._release()
        self._run()
        self._revealing = True
        if self.session.position in self._measured:
            self._reveal()
        else:
            self.panel.question.show_measuring()

    def _run(self) -> None:
        """The step's run plays: the race from its start, or the training run."""
        step = self.session.step
        if step.tab == "race":
            self.window.player.reset()
            self.window.player.play()
        elif step.tab == "training" and self.window.training_panel is not None:
            self.window.training_panel.start()

    def _reveal(self) -> None:
        session = self.session
        index = session.position
        question = self.panel.question
        if index not in self._errors:  # the step's text, held back while the student predicted
            self.panel.set_body(session.title(), session.text(), measured=True)
        if index in self._errors:
            question.result_label.setText(self._errors[index])
            question.result_label.show()
        elif self._chosen is None:
            results = session.results()  # measured: only read here
            question.reveal_skipped(session.step.question.answer, session.choices(),
                                    fill(session.step.question.explain, results, session.lang))
        else:
            question.reveal(session.answer(self._chosen), session.choices())
        self._revealing = False
        self.revealed.emit(index)

    # ---- controls shown ----------------------------------------------------------------------------
    def group_widgets(self, group: str) -> list[QWidget]:
        """The window's widgets of one control group of core.lessons.CONTROLS (those that exist now)."""
        w = self.window
        found: list[QWidget] = {
            "surface": [w.surface_panel], "optimizers": [w.optimizer_panel], "scale": [w.scale_panel],
            "playback": [w.playback],
        }.get(group, [])
        view = getattr(w, "scale_map", None)
        if group == "scale_map" and view is not None:  # its settings rows: each box and its label
            boxes = [getattr(view, name, None) for name in SCALE_MAP_BOXES]
            labels = [label for label in view.findChildren(QLabel) if label.text() in SCALE_MAP_LABELS]
            found = boxes + labels
        panel = w.training_panel
        if panel is not None and group.startswith("training."):
            found = {"training.data": [panel.setup.data_box], "training.model": [panel.setup.model_box],
                     "training.runs": [panel.run_a, panel.run_b], "training.playback": [panel.actions]}.get(group, [])
        return [widget for widget in found if widget is not None]

    def _all_groups(self):
        from core.lessons import CONTROLS

        return CONTROLS

    def _lesson_hidden(self) -> list[QWidget]:
        """Widgets a lesson always hides: the scene's own notes (the lesson's text stands in for them, and
        a preset's notes quote claims that a lesson step does not carry)."""
        notes = getattr(self.window, "scene_notes", None)
        return [notes] if notes is not None else []

    def _keep_notes_hidden(self, *_shown) -> None:
        if self.session is not None:
            for widget in self._lesson_hidden():
                widget.setVisible(False)

    def _save_controls(self) -> None:
        for group in self._all_groups():
            for widget in self.group_widgets(group):
                self._saved.setdefault(id(widget), (widget, widget.isHidden()))

    def _show_controls(self) -> None:
        self._save_controls()  # the training panel may have appeared since
        for widget in self._lesson_hidden():
            widget.setVisible(False)
        for group in self._all_groups():
            for widget in self.group_widgets(group):
                widget.setVisible(self.session.visible(group))

    def _restore_controls(self) -> None:
        for widget, hidden in self._saved.values():
            widget.setHidden(hidden)
        self._saved = {}
        for widget in self._lesson_hidden():  # shown when it has something to say, as it does itself
            widget.setVisible(bool(widget.text()))

    def shutdown(self) -> None:
        self.runner.shutdown()


def install_lessons(window) -> LessonController:
    """Add the Lessons menu and the lesson panel to ``window`` (a MainWindow)."""
    return LessonController(window)
