"""A lesson being taught: which step is shown, what was answered, the step's measured numbers — all the
state a window needs, without Qt, so a view only displays it.

    session = LessonSession(load(path), lang="en")
    session.step, session.position, session.progress      # the Step, 0-based index, "2 / 5"
    session.visible("optimizers")                         # is that control group shown in this step?
    session.prompt(), session.choices()                   # the question, before the run (None: no question)
    session.answer(1)                                     # an Answer: correct?, the right choice, explanation
    session.text()                                        # the step's text with its measured numbers filled in
    session.next(); session.back(); session.go(3)         # False (and nothing changes) past either end

Measurements are made on first need (``text()``, ``answer()``, ``results()``) and kept for the session,
shared between steps through one :class:`~core.lessons.evaluate.MeasureCache`.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.lessons.evaluate import MeasureCache, Progress, StepResults, evaluate_step, fill
from core.lessons.format import Lesson, text


@dataclass(frozen=True)
class Answer:
    chosen: int
    correct: bool
    right: int  # the index of the right choice
    explanation: str  # the question's explain text with its numbers filled in


class LessonSession:
    def __init__(self, lesson: Lesson, lang: str = "en"):
        self.lesson = lesson
        self.lang = lang
        self.position = 0
        self.answers: dict[int, Answer] = {}
        self._results: dict[int, StepResults] = {}
        self._cache = MeasureCache()

    # --- where we are
    @property
    def step(self):
        return self.lesson.steps[self.position]

    @property
    def count(self) -> int:
        return len(self.lesson.steps)

    @property
    def progress(self) -> str:
        return f"{self.position + 1} / {self.count}"

    def go(self, index: int) -> bool:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < self.count:
            return False
        self.position = index
        return True

    def next(self) -> bool:
        return self.go(self.position + 1)

    def back(self) -> bool:
        return self.go(self.position - 1)

    # --- what is shown
    def title(self) -> str:
        return text(self.step.title, self.lang)

    def visible(self, control: str) -> bool:
        return control in self.step.controls

    def prompt(self) -> str | None:
        question = self.step.question
        return None if question is None else text(question.prompt, self.lang)

    def choices(self) -> list[str]:
        question = self.step.question
        return [] if question is None else [text(c, self.lang) for c in question.choices]

    def results(self, index: int | None = None, progress: Progress | None = None) -> StepResults:
        """Step ``index``'s claims evaluated (this step's by default), once; ``progress`` may stop the
        measuring (see evaluate_step: Cancelled is raised and the step is evaluated again next time)."""
        index = self.position if index is None else index
        if index not in self._results:
            self._results[index] = evaluate_step(self.lesson.steps[index], self._cache, progress)
        return self._results[index]

    def text(self) -> str:
        """The step's text with its measured numbers (measured on first call)."""
        if "{" not in text(self.step.text, self.lang):
            return text(self.step.text, self.lang)
        return fill(self.step.text, self.results(), self.lang)

    def answer(self, choice: int) -> Answer:
        """Record the answer to this step's question; ValueError if there is none or the choice is not one."""
        question = self.step.question
        if question is None:
            raise ValueError("this step has no question")
        if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < len(question.choices):
            raise ValueError(f"choose an answer from 0 to {len(question.choices) - 1}")
        explain = text(question.explain, self.lang)
        explanation = fill(question.explain, self.results(), self.lang) if "{" in explain else explain
        result = Answer(choice, choice == question.answer, question.answer, explanation)
        self.answers[self.position] = result
        return result
