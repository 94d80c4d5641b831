"""Issue 20 in lesson mode, the Race sidebar and the Scale map: a live switch to zh_CN rewrites the lesson
panel, its question and the Lessons menu in Chinese (the lesson's own texts from the lesson file's zh_CN,
the interface's from the catalogue) without moving the lesson off its step, and leaves no English word in
the sidebar, the lesson dock or the scale map; switching back gives the English again."""

from __future__ import annotations

import pytest

from app import i18n
from app.lessons.install import find_lesson
from core.lessons import load, text
from tests.app.test_i18n import ALLOWED_WORDS, untranslated_words

# Lesson titles keep a name and a value in Latin script: "He 初始化" (Kaiming He), "变为 NaN".
LESSON_TITLE_WORDS = ALLOWED_WORDS | {"he", "nan"}
SURFACE_NAMES = ALLOWED_WORDS | {"booth"}  # "Booth 函数": a surface named after a person, as Rosenbrock


@pytest.fixture
def chinese(qapp):
    """Switch to zh_CN inside the test; always back to English after it."""
    yield lambda: i18n.set_language(qapp, "zh_CN")
    i18n.set_language(qapp, "en")


def test_a_lesson_follows_a_live_switch_and_stays_on_its_step(window, qtbot, chinese, qapp):
    lessons = window.lessons
    lesson = load(find_lesson("momentum"))
    lessons.start(lesson)
    step = lesson.steps[0]
    assert step.question is not None and lessons.holding
    scene, count = window.model.scene, len(lesson.steps)
    assert lessons.panel.progress.text() == f"Step 1 of {count}"

    chinese()
    panel, question = lessons.panel, lessons.panel.question
    assert panel.lesson_title.text() == text(lesson.title, "zh_CN") != text(lesson.title, "en")
    assert text(step.question.prompt, "zh_CN") in question.prompt_label.text()
    assert [b.text() for b in question.buttons] == [text(c, "zh_CN") for c in step.question.choices]
    assert panel.jump.itemText(0) == "1. …"  # its title waits with its question
    assert panel.jump.itemText(1) == f"2. {text(lesson.steps[1].title, 'zh_CN')}"
    assert panel.progress.text() == f"第 1 步，共 {count} 步"
    assert i18n.translate("LessonController", "Lesson: {title}").format(
        title=text(lesson.title, "zh_CN")) == lessons.dock.windowTitle()
    menu_titles = [action.text() for action, _path in lessons.menu.lesson_actions]
    assert text(lesson.title, "zh_CN") in menu_titles
    # the lesson stayed where it was: same scene, still waiting for the prediction
    assert window.model.scene is scene and lessons.session.position == 0 and lessons.holding
    assert untranslated_words(lessons.dock) == {}
    assert untranslated_words(lessons.menu, LESSON_TITLE_WORDS) == {}
    assert untranslated_words(window.playback) == {}  # its held play button says why, in Chinese
    assert not window.playback.play_button.isEnabled()

    # answered in Chinese, the answer and the step's text are Chinese too
    question.choose(step.question.answer)
    with qtbot.waitSignal(lessons.revealed, timeout=60_000):
        question.check_button.click()
    assert "答对了" in question.result_text()
    assert panel.jump.itemText(0) == f"1. {text(step.title, 'zh_CN')}"
    assert untranslated_words(lessons.dock) == {}

    i18n.set_language(qapp, "en")
    assert panel.progress.text() == f"Step 1 of {count}"
    assert panel.lesson_title.text() == text(lesson.title, "en")
    explained = text(step.question.explain, "en").split("{")[0]  # its words up to the first measured number
    assert "Right." in question.result_text() and explained in question.result_text()


def test_the_race_sidebar_shows_no_english_in_zh_cn(window, chinese):
    chinese()
    for widget in (window.surface_panel, window.optimizer_panel, window.scale_panel, window.playback):
        assert untranslated_words(widget, SURFACE_NAMES) == {}, type(widget).__name__
    assert window.scale_panel.product.text().startswith("学习率 × 缩放 = ")


def test_the_scale_map_shows_no_english_in_zh_cn_and_back(make_scale_map_view, chinese, qapp, qtbot):
    from core.optim.spec import OptimizerSpec
    from core.surfaces.surface import get_surface

    view = make_scale_map_view(900, 600)
    bowl = get_surface("bowl")
    with qtbot.waitSignal(view.computed, timeout=120_000):
        view.model.set_problem(bowl, bowl.start, [OptimizerSpec("sgd", lr=0.05), OptimizerSpec("adam", lr=0.05)], 60)
    english = view.legend_text()
    assert english.startswith("colour:")

    chinese()
    assert untranslated_words(view) == {}
    assert view.legend_text().startswith("颜色：") and view.progress_text() == "完成"
    assert "。 " not in view.legend_text()  # Chinese sentences follow each other without a space
    assert view.plot_item(0).getAxis("bottom").labelText == "log₁₀ 损失缩放"

    i18n.set_language(qapp, "en")
    assert view.legend_text() == english and view.progress_text() == "done"
