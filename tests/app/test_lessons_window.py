"""Lesson mode driven through the real window: open, Next/Back change the step and the scene, a question
holds the run until answered and reveals the measured numbers, the controls of other groups are really
hidden (and restored on leaving), a teacher's own file opens, a malformed one is refused."""

from __future__ import annotations

import json
import threading

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from app.lessons.install import find_lesson, install_lessons
from core.engine import run
from core.lessons import lesson_paths, load, text
from tests.app.lesson_samples import TEACHER_LESSON


@pytest.fixture
def lessons(window):
    controller = install_lessons(window)
    yield controller
    controller.leave()
    controller.shutdown()


@pytest.fixture
def teacher_file(tmp_path):
    path = tmp_path / "my_lesson.json"
    path.write_text(json.dumps(TEACHER_LESSON, indent=2), encoding="utf-8")
    return path


def first_below(scene, run_index: int, level: float) -> int:
    result = run(scene.surface, scene.effective_specs(), scene.steps, start=scene.start)
    below = np.nonzero(result.path_loss(run_index) <= level)[0]
    return int(below[0])


def test_the_menu_lists_every_lesson_in_file_order(window, lessons):
    titles = [a.text() for a in lessons.menu.actions() if a.text()]
    paths = lesson_paths()
    assert len(paths) >= 12
    assert titles[:len(paths)] == [text(load(path).title) for path in paths]
    assert {"&Open lesson file…", "Export &handout (PDF)…", "Export &slides (PNG folder)…",
            "&Leave lesson"} <= set(titles)
    assert find_lesson("momentum") == find_lesson("2") == find_lesson("02_momentum")


def test_next_and_back_change_the_step_and_the_scene(window, lessons, qtbot):
    assert lessons.open_lesson("momentum")
    lesson = lessons.session.lesson
    assert lessons.panel.progress.text() == f"Step 1 of {len(lesson.steps)}"
    first_title = window.model.scene.title
    assert first_title == lesson.steps[0].scene.title
    assert lessons.next()
    assert lessons.panel.progress.text() == f"Step 2 of {len(lesson.steps)}"
    assert window.model.scene == lesson.steps[1].scene
    assert lessons.panel.jump.currentIndex() == 1
    lessons.panel.back_button.click()
    assert lessons.session.position == 0 and window.model.scene.title == first_title
    assert not lessons.panel.back_button.isEnabled()
    assert not lessons.back()  # nothing before the first step
    lessons.panel.jump.activated.emit(1)
    assert lessons.session.position == 1
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Race"


def test_a_step_with_no_sidebar_group_hides_the_column_and_its_insides_fit_the_window(window, qtbot):
    """Lesson 4's first step shows the race with the optimizer's insides and only the playback and view
    controls: the controls column goes (its 320 px to the pictures) and the dock opens inside the window's
    1,280 px (Qt widened the window to 1,534 px, past a 1280×720 screen); leaving brings the column back."""
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280)
    lessons = window.lessons
    assert lessons.open_lesson("adam")
    try:
        assert window.inside_dock is not None and window.inside_dock.isVisible()
        assert window.controls.isHidden()
        assert window.width() == 1280 and window.minimumSizeHint().width() <= 1280
        assert lessons.next()  # a step with the optimizer table: the column is back, the dock closed
        assert window.controls.isVisible() and not window.inside_dock.isVisible()
    finally:
        lessons.leave()
    assert window.controls.isVisible()


def test_a_held_question_withholds_the_optimizers_insides_until_answered(window, qtbot):
    """Lesson 4 asks how far RMSProp's first step goes against Adam's, with the insides open: their
    tables, charts and arrows show those steps, so they wait for the answer, as the loss plot does."""
    lessons = window.lessons
    assert lessons.open_lesson("adam")
    try:
        dock = window.inside_dock
        assert lessons.holding and dock.isVisible()
        assert dock.tabs.isHidden() and dock.withheld_note.isVisible() and not dock.overlay.shown
        assert "Predict first" in dock.withheld_note.text()
        lessons.skip()
        assert not lessons.holding
        assert dock.tabs.isVisible() and dock.withheld_note.isHidden() and dock.overlay.shown
    finally:
        lessons.leave()


def test_a_question_holds_the_run_then_reveals_the_measured_numbers(window, lessons, teacher_file, qtbot):
    assert lessons.open_lesson(teacher_file)
    scene = lessons.session.step.scene
    sgd, mom = first_below(scene, 0, 1e-4), first_below(scene, 1, 1e-4)
    question = lessons.panel.question
    assert lessons.holding and not question.check_button.isEnabled()
    assert not window.playback.play_button.isEnabled()
    window.player.play()  # Space while the question waits: the run stays put
    assert not window.player.playing
    # nor do the loss plot's whole curves give it away
    window.model.wait_idle()
    QApplication.processEvents()
    curves = window.loss_plot.curves[:len(scene.optimizers)]
    assert len(curves) >= 2 and not any(c.isVisible() for c in curves)
    assert all(len(c.getData()[0]) > 100 for c in curves)  # drawn, only not shown

    qtbot.waitUntil(lessons.is_measured, timeout=60_000)
    # the step's text would give the answer away: it waits for the prediction
    assert "Predict first" in lessons.panel.text.text() and f"at step {sgd}" not in lessons.panel.text.text()
    question.choose(0)  # SGD: the wrong prediction
    with qtbot.waitSignal(lessons.revealed, timeout=60_000):
        question.check_button.click()
    assert f"at step {sgd}" in lessons.panel.text.text() and f"at step {mom}" in lessons.panel.text.text()
    assert not lessons.holding and window.playback.play_button.isEnabled()
    assert window.player.playing  # the run plays once the prediction is in
    assert all(c.isVisible() for c in curves)
    shown = question.result_text()
    assert "Not quite" in shown and "Momentum" in shown
    assert f"Momentum at step {mom}, SGD at step {sgd}." in shown
    assert lessons.session.answers[0].correct is False


def test_a_right_prediction_is_revealed_as_right_once_measured(window, lessons, teacher_file, qtbot):
    assert lessons.open_lesson(teacher_file)
    question = lessons.panel.question
    question.choose(1)
    question.check_button.click()  # perhaps before the numbers are in: "measuring…" until they are
    qtbot.waitUntil(lambda: "Right." in question.result_text(), timeout=60_000)
    assert "measuring" not in question.result_text()


def test_hidden_controls_are_really_hidden_and_restored_on_leaving(window, lessons, teacher_file, qtbot):
    assert lessons.open_lesson(teacher_file)  # step 1 shows optimizers and playback only
    shown = {"optimizers": window.optimizer_panel, "playback": window.playback}
    hidden = {"surface": window.surface_panel, "scale": window.scale_panel,
              "the scene's notes (the lesson text stands in)": window.scene_notes}
    assert all(w.isVisible() for w in shown.values())
    assert not any(w.isVisible() for w in hidden.values())
    lessons.next()  # step 2: surface, scale and playback
    assert window.surface_panel.isVisible() and window.scale_panel.isVisible() and window.playback.isVisible()
    assert not window.optimizer_panel.isVisible()
    lessons.leave()
    assert not lessons.dock.isVisible()
    for widget in (*shown.values(), *hidden.values()):
        assert widget.isVisible()


def test_a_training_step_hides_the_training_groups_it_does_not_name(window, lessons, tmp_path, qtbot):
    data = {**TEACHER_LESSON, "steps": [{
        "title": "Training", "text": "Only the model settings and start/pause.",
        "scene": {"preset": "lesson_canyon", "training": {"task": "spirals", "steps": 50}},
        "tab": "training", "controls": ["training.model", "training.playback"]}]}
    path = tmp_path / "training.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert lessons.open_lesson(path)
    panel = window.training_panel
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Training" and panel is not None
    assert panel.config().steps == 50
    assert all(w.isVisible() for w in lessons.group_widgets("training.model"))
    assert all(w.isVisible() for w in lessons.group_widgets("training.playback"))
    assert lessons.group_widgets("training.data") and lessons.group_widgets("training.runs")
    assert not any(w.isVisible() for w in lessons.group_widgets("training.data"))
    assert not any(w.isVisible() for w in lessons.group_widgets("training.runs"))
    lessons.leave()
    assert all(w.isVisible() for w in lessons.group_widgets("training.data") + lessons.group_widgets("training.runs"))
    panel.shutdown()


def test_a_malformed_lesson_is_refused_with_file_line_and_reason(window, lessons, teacher_file, tmp_path,
                                                                 warnings_shown):
    assert lessons.open_lesson(teacher_file)
    lessons.next()
    before = (lessons.session.lesson, lessons.session.position, window.model.scene)
    bad = tmp_path / "broken.json"
    source = json.dumps(TEACHER_LESSON, indent=2).replace('"tab": "race"', '"tab": "nowhere"', 1)
    bad.write_text(source, encoding="utf-8")
    line = source[:source.index('"nowhere"')].count("\n") + 1

    assert not lessons.open_lesson(bad)
    title, message = warnings_shown[-1]
    assert message.startswith(f"{bad}:{line}: ") and "nowhere" in message and "\n" not in message
    assert window.statusBar().currentMessage() == message
    assert (lessons.session.lesson, lessons.session.position, window.model.scene) == before
    assert lessons.dock.isVisible()

    assert not lessons.open_lesson("no_such_lesson")
    assert "no_such_lesson" in warnings_shown[-1][1]
    assert lessons.session.lesson is before[0]


def test_a_waiting_question_withholds_its_steps_title(window, lessons, teacher_file, qtbot):
    """A step's title often states the answer ("L2 shrinks, but never to zero" above "does x reach exactly
    0?"): while the question waits, the text shows "Step 1" and the step list "1. …"."""
    assert lessons.open_lesson(teacher_file)
    panel = lessons.panel
    assert lessons.holding
    assert "Canyon race" not in panel.text.text() and "Step 1" in panel.text.text()
    assert panel.jump.itemText(0) == "1. …" and panel.jump.itemText(1) == "2. Another surface"
    with qtbot.waitSignal(lessons.revealed, timeout=60_000):
        lessons.skip()
    assert "Canyon race" in panel.text.text() and panel.jump.itemText(0) == "1. Canyon race"


def test_back_on_an_answered_step_shows_the_answer_without_holding_the_run(window, lessons, teacher_file, qtbot):
    assert lessons.open_lesson(teacher_file)
    question = lessons.panel.question
    question.choose(1)
    with qtbot.waitSignal(lessons.revealed, timeout=60_000):
        question.check_button.click()
    revealed = question.result_text()
    lessons.next()
    assert lessons.panel.question.isHidden()  # step 2 has no question
    lessons.back()
    assert not lessons.holding and window.playback.play_button.isEnabled()
    assert question.result_text() == revealed and "Right." in revealed
    assert question.buttons[1].isChecked() and not question.check_button.isVisible()


def test_a_skipped_question_reveals_the_answer_too(window, lessons, teacher_file, qtbot):
    assert lessons.open_lesson(teacher_file)
    question = lessons.panel.question
    with qtbot.waitSignal(lessons.revealed, timeout=60_000):
        question.skip_button.click()
    assert not lessons.holding and window.player.playing
    assert "The answer: <b>Momentum</b>" in question.result_text() and 0 not in lessons.session.answers


def test_a_claim_that_does_not_hold_is_said_so_beside_the_text(window, lessons, tmp_path, qtbot):
    data = json.loads(json.dumps(TEACHER_LESSON))
    data["steps"][0]["claims"][0]["loss"] = -1.0  # a loss below zero is never reached
    path = tmp_path / "wrong.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert lessons.open_lesson(path)
    qtbot.waitUntil(lessons.is_measured, timeout=60_000)
    assert lessons.panel.measuring.isVisible()
    assert "1 of this step's claims did not hold" in lessons.panel.measuring.text()


def test_a_scale_map_step_hides_the_map_settings_unless_named(window, lessons, tmp_path, qtbot):
    steps = [{"title": t, "text": "The map.", "scene": {"preset": "lesson_canyon"}, "tab": "scale_map",
              "controls": controls} for t, controls in (("Map only", ["optimizers"]), ("Map and settings",
                                                                                      ["scale_map"]))]
    path = tmp_path / "map.json"
    path.write_text(json.dumps({**TEACHER_LESSON, "steps": steps}), encoding="utf-8")
    assert lessons.open_lesson(path)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Scale map"
    settings = lessons.group_widgets("scale_map")
    assert window.scale_map.steps_box in settings and len(settings) == 10
    assert not any(w.isVisible() for w in settings)
    lessons.next()
    assert all(w.isVisible() for w in settings)
    lessons.back()
    lessons.leave()
    assert all(w.isVisible() for w in settings)


def test_a_step_opens_the_views_it_names_beside_its_tab_and_closes_them_after(window, lessons, tmp_path, qtbot):
    steps = [
        {"title": "Inside Adam", "text": "Its state.", "scene": {"preset": "lesson_canyon"}, "views": ["inside"]},
        {"title": "The race alone", "text": "No dock.", "scene": {"preset": "lesson_canyon"}},
        {"title": "A network's landscape", "text": "The slice.", "tab": "training", "views": ["landscape"],
         "scene": {"preset": "lesson_canyon", "training": {"task": "spirals", "steps": 20}}},
    ]
    path = tmp_path / "views.json"
    path.write_text(json.dumps({**TEACHER_LESSON, "steps": steps}), encoding="utf-8")
    window.show()
    assert lessons.open_lesson(path)
    qtbot.waitUntil(lambda: window.inside_dock is not None and window.inside_dock.isVisible())
    assert window.inside_action.isChecked()
    lessons.next()
    qtbot.waitUntil(lambda: not window.inside_dock.isVisible())
    lessons.next()
    panel = window.training_panel
    assert panel is not None and panel.views.currentWidget() is panel.landscape
    lessons.leave()
    assert panel.views.currentWidget() is not panel.landscape and not window.inside_dock.isVisible()
    panel.shutdown()


def test_a_view_on_the_wrong_tab_or_unknown_is_refused_with_its_line(tmp_path):
    from core.lessons import LessonError

    for views, says in ((["landscape"], "opens on the training tab"), (["radar"], "unknown view")):
        data = {**TEACHER_LESSON, "steps": [{"title": "x", "text": "y", "scene": {"preset": "lesson_canyon"},
                                             "views": views}]}
        path = tmp_path / "bad_view.json"
        source = json.dumps(data, indent=2)
        path.write_text(source, encoding="utf-8")
        with pytest.raises(LessonError) as caught:
            load(path)
        line = source[:source.index('"views"')].count("\n") + 1
        assert str(caught.value).startswith(f"{path}:") and says in str(caught.value)
        assert int(str(caught.value).split(":")[1]) >= line


def test_a_measurement_goes_on_across_steps_and_stops_when_the_lesson_is_left_or_the_window_closes(
        window, lessons, tmp_path, qtbot, monkeypatch):
    """A step's measurement still runs after Next (its numbers are kept for when the lecturer comes back);
    once nobody can want it (the lesson left, the window closing) it stops at its next training step instead
    of training on in the background: this one would train for many minutes."""
    from core.training import measures

    started = threading.Event()
    ended: list[str] = []
    real = measures.measure

    def watched(name, config, progress=None):
        started.set()
        try:
            return real(name, config, progress)
        finally:
            ended.append(name)

    monkeypatch.setattr(measures, "measure", watched)
    long_twin = {"task": "digits", "steps": 3000, "batch_size": 0, "model": {"depth": 4, "width": 512},
                 "a": {"optimizer": "sgd", "lr": 0.01}, "b": {"optimizer": "adam", "lr": 0.001}}
    data = {**TEACHER_LESSON, "steps": [
        {"title": "Long", "text": "Final loss {final}.", "scene": {"preset": "lesson_canyon"},
         "claims": [{"kind": "measure", "id": "final", "measure": "twin", "config": long_twin,
                     "value": "final_loss_a", "max": 100}]},
        {"title": "Next", "text": "Nothing measured here.", "scene": {"preset": "lesson_canyon"}}]}
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert lessons.open_lesson(path)
    qtbot.waitUntil(started.is_set, timeout=30_000)
    assert lessons.next() and lessons.is_measured(1)
    assert ended == []  # step 1 is still being measured
    lessons.leave()
    assert lessons.runner.wait(timeout=30)  # idle again: the twin run was stopped
    assert ended == ["twin"]
    started.clear()
    assert lessons.open_lesson(path)
    qtbot.waitUntil(started.is_set, timeout=30_000)
    lessons.shutdown()  # what closing the window does
    assert lessons.runner.wait(timeout=30) and ended == ["twin", "twin"] and not lessons.is_measured(0)
