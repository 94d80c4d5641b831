"""The window's lesson mode: ``install_lessons(window)`` adds the Lessons menu (app.lessons.menu) and returns
the :class:`LessonController` that opens a lesson and applies each step to the window (scene, tab, the
controls shown: app.lessons.controls), holds the run until the step's question is answered, and measures
the step's numbers on a JobRunner (never on the GUI thread).

The lesson's own texts come in the interface language from the lesson file (``{"en": …, "zh_CN": …}``);
on a language switch the panel, the question and the menu are written again in the new language, and the
step stays where it was (its scene, run and answer untouched)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMessageBox

from app.i18n import current_language
from app.jobs import JobRunner
from app.lessons.controls import LessonControls
from app.lessons.hold import RunHold
from app.lessons.menu import LessonsMenu, lesson_title
from app.lessons.panel import LessonPanel
from core.lessons import LessonError, LessonSession, fill, lesson_paths, load, text

__all__ = ["LessonController", "find_lesson", "install_lessons", "lesson_title"]


def find_lesson(name: str) -> Path | None:
    """A built-in lesson by file name ("02_momentum"), name without its number ("momentum") or number ("2")."""
    wanted = name.strip().lower().removesuffix(".json")
    for path in lesson_paths():
        stem = path.stem.lower()
        number, _, rest = stem.partition("_")
        if wanted in (stem, rest) or (wanted.isdigit() and number.isdigit() and int(wanted) == int(number)):
            return path
    return None


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
        self.controls = LessonControls(window)
        self.hold = RunHold(window, self)
        self._measured: set[int] = set()
        self._errors: dict[int, str] = {}  # step → why its numbers could not be measured
        self._skipped: set[int] = set()  # steps whose question was skipped
        self._chosen: int | None = None
        self._revealing = False  # answered (or skipped): reveal once measured
        self._closing = False  # shut down: no measuring goes on
        self.last_error = ""

        self.panel = LessonPanel()
        self.dock = QDockWidget(window)
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
        self.panel.languageChanged.connect(self._follow_language)
        self.panel.question.answered.connect(self.answer)
        self.panel.question.skipped.connect(self.skip)
        notes = getattr(window, "scene_notes", None)
        if notes is not None and hasattr(notes, "notesShown"):  # it shows itself on every scene change
            notes.notesShown.connect(self._keep_notes_hidden)
        self.menu = LessonsMenu(self, window)
        window.menuBar().addMenu(self.menu)
        self._show_dock_title()

    def group_widgets(self, group: str):
        """The window's widgets of one control group (see app.lessons.controls)."""
        return self.controls.group_widgets(group)

    # ---- opening and leaving ---------------------------------------------------------------------
    def open_lesson(self, name_or_path) -> bool:
        """Open a built-in lesson by name or a lesson file by path. A malformed file is refused with its
        one-line ``FILE:LINE: reason`` (message box and status bar); the current lesson stays."""
        path = Path(name_or_path)
        if not path.is_file():
            found = find_lesson(str(name_or_path))
            if found is None:
                return self._refuse(self.tr("No lesson called {name}; choose one of: {names}").format(
                    name=repr(str(name_or_path)[:80]), names=", ".join(p.stem for p in lesson_paths())))
            path = found
        try:
            lesson = load(path)
        except LessonError as exc:
            return self._refuse(str(exc))
        except (OSError, UnicodeDecodeError) as exc:
            return self._refuse(self.tr("{file}: cannot be read ({reason})").format(
                file=path.name, reason=exc.__class__.__name__))
        self.start(lesson)
        return True

    def _refuse(self, message: str) -> bool:
        self.last_error = message
        self.window.statusBar().showMessage(message, 15000)
        QMessageBox.warning(self.window, self.tr("Lesson not opened"), message)
        return False

    def start(self, lesson, lang: str | None = None) -> None:
        """Show ``lesson`` from its first step, in ``lang`` (the interface language if None)."""
        if self.session is None:
            self.controls.save()
        self.runner.cancel()
        self.session = LessonSession(lesson, lang or current_language())
        self._measured, self._errors, self._skipped = set(), {}, set()
        self._show_lesson_title()
        self.dock.show()
        self.menu.update_actions()
        self.window.statusBar().showMessage(self.dock.windowTitle(), 5000)
        self._apply()

    def leave(self) -> None:
        if self.session is None:
            return
        self.runner.cancel()
        self.session = None
        self.hold.release()
        self.dock.hide()
        self.controls.show_views(())
        self.controls.restore()
        self.menu.update_actions()

    # ---- the interface language ------------------------------------------------------------------
    def _show_dock_title(self) -> None:
        session = self.session
        self.dock.setWindowTitle(self.tr("Lesson") if session is None else self.tr("Lesson: {title}").format(
            title=text(session.lesson.title, session.lang)))

    def _show_lesson_title(self) -> None:
        session = self.session
        self.panel.show_lesson(text(session.lesson.title, session.lang),
                               [text(step.title, session.lang) for step in session.lesson.steps])
        self._show_dock_title()

    def _follow_language(self) -> None:
        """The interface language changed: the lesson's texts again in it, the step as it was."""
        self._show_dock_title()
        if self.session is None:
            return
        self.session.lang = current_language()
        self._show_lesson_title()
        index, step = self.session.position, self.session.step
        self.panel.show_step(index, self.session.count, self.session.title(), "", measured=True)
        self._show_body()
        if step.question is not None:
            self.panel.question.set_texts(self.session.prompt(), self.session.choices())
            if not self.hold.active and not self._revealing and index in self._measured:
                self._show_answer()

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
        self.hold.release()
        window.model.set_scene(step.scene)
        self.controls.show_tab(step.tab)
        if window.training_panel is not None:
            window.training_panel.set_config(step.scene.training)
        self.controls.show_step(session.visible)  # before the views: a dock must meet the column gone
        self.controls.show_views(step.views)
        self._revealing = False
        question = self.panel.question
        answered = index in session.answers or index in self._skipped
        if step.question is not None:
            question.ask(session.prompt(), session.choices())
            question.show()
            if answered:  # back on a step already answered
                self._chosen = session.answers[index].chosen if index in session.answers else None
                if self._chosen is not None:
                    question.choose(self._chosen)
                question.lock()
                self._revealing = True
                question.show_measuring()
            else:
                self.hold.hold()
        else:
            question.hide()
        self.panel.show_step(index, session.count, session.title(), "", measured=True)
        self._show_body()
        self._measure(index)
        self.stepShown.emit(index)
        return True

    # ---- measuring (on the runner's thread) --------------------------------------------------------
    def is_measured(self, index: int | None = None) -> bool:
        if self.session is None:
            return False
        index = self.session.position if index is None else index
        return index in self._measured or self.session.lesson.steps[index].claim_count == 0

    def _measure(self, index: int) -> None:
        if self.is_measured(index):
            self._measured.add(index)
            self._on_measured(self.session, index, None)
            return
        session = self.session
        # Moving to another step leaves the measuring going (its numbers stay in the session, for when the
        # lecturer comes back; the new step's job waits for it); leaving the lesson or closing the window
        # stops it at its next training step.
        self.runner.submit(lambda _ticket: session.results(index, progress=lambda _fraction: self._wanted(session)),
                           lambda _result: self._on_measured(session, index, None),
                           on_error=lambda exc: self._on_measured(session, index, exc))

    def _wanted(self, session) -> bool:
        """Whether ``session``'s measuring should go on (asked on the runner's thread)."""
        return session is self.session and not self._closing

    def _on_measured(self, session, index: int, error) -> None:
        if session is not self.session:
            return
        if error is not None:
            self._errors[index] = str(error)
        self._measured.add(index)
        if index != session.position:
            return
        self._show_body()
        self.measured.emit(index)
        if self._revealing:
            self._reveal()

    def _show_body(self) -> None:
        """The step's text as far as it may be shown now (held back, title too, while the class predicts;
        "…" for numbers not measured yet), and why its numbers are missing or which claims did not hold."""
        session = self.session
        index, step, panel = session.position, session.step, self.panel
        panel.withhold_step_title(index, self.hold.active)
        if self.hold.active:
            panel.set_body(self.tr("Step {number}").format(number=index + 1),
                           self.tr("*Predict first:* answer the question below (or skip it). The run, this "
                                   "step's title and text and its measured numbers follow."), measured=True)
        elif index in self._errors:
            panel.set_body(session.title(), text(step.text, session.lang), measured=False)
            panel.show_notice(self.tr("The numbers of this step could not be measured: {error}").format(
                error=self._errors[index]))
        elif self.is_measured(index):
            panel.set_body(session.title(), session.text(), measured=True)
        else:
            panel.set_body(session.title(), text(step.text, session.lang), measured=False)
        if index in self._measured and index not in self._errors:
            failing = [r for r in session.results(index).results if not r.holds]
            if failing:  # the numbers are shown as measured, and said not to back the text here
                panel.show_notice(self.tr("Measured here, {failing} of this step's claims did not hold "
                                          "({first}): read its numbers with care.").format(
                    failing=len(failing), first=failing[0].message[:120]))

    # ---- the question: predict, then run, then reveal ----------------------------------------------
    def release_for_picture(self) -> None:
        """Controls enabled as after the answer, the question left unanswered (a handout's picture)."""
        self.hold.release()

    @property
    def holding(self) -> bool:
        """The step's run waits for the question to be answered (or skipped)."""
        return self.hold.active

    def answer(self, choice: int) -> None:
        if self.session is None or self.session.step.question is None or not self.hold.active:
            return
        self._chosen = choice
        self._commit()

    def skip(self) -> None:
        if self.session is None or self.session.step.question is None or not self.hold.active:
            return
        self._chosen = None
        self._commit()

    def _commit(self) -> None:
        if self._chosen is None:
            self._skipped.add(self.session.position)
        self.panel.question.lock()
        self.hold.release()
        self._run()
        self._revealing = True
        if self.session.position in self._measured:
            self._reveal()
        else:
            self._show_body()  # the step's text, with "…" until its numbers arrive
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
        self._show_body()  # the step's text, held back while the student predicted
        self._show_answer()
        self._revealing = False
        self.revealed.emit(self.session.position)

    def _show_answer(self) -> None:
        session, question = self.session, self.panel.question
        index = session.position
        if index in self._errors:
            question.show_result(self.panel.notice_text())
        elif self._chosen is None:
            question.reveal_skipped(session.step.question.answer, session.choices(),
                                    fill(session.step.question.explain, session.results(), session.lang))
        else:
            question.reveal(session.answer(self._chosen), session.choices())

    def _keep_notes_hidden(self, *_shown) -> None:
        if self.session is not None:
            self.controls.hide_notes()

    def shutdown(self) -> None:
        self._closing = True
        self.runner.shutdown()


def install_lessons(window) -> LessonController:
    """Add the Lessons menu and the lesson panel to ``window`` (a MainWindow)."""
    return LessonController(window)
