"""The explanation panel shows an experiment's title, numbers summary and equations, read-only."""

import dataclasses
from pathlib import Path

from app.views.explanation import ExplanationPanel
from core.experiments import run_experiment
from core.scene import default_scene, load

PRESETS = Path(__file__).resolve().parents[2] / "resources" / "presets"


def test_panel_shows_experiment_text_with_equations_kept_as_written(qtbot):
    panel = ExplanationPanel()
    qtbot.addWidget(panel)
    result = run_experiment("clipping")
    panel.show_experiment(result)
    text = panel.toPlainText()
    assert panel.isReadOnly() and panel.title == result.title
    assert result.summary in text
    assert "g ← g·c/‖g‖" in text  # the equation line survives intact
    assert "<pre" in panel.toHtml()  # equations in a preformatted block keep their alignment


def test_panel_shows_a_presets_notes(qtbot):
    panel = ExplanationPanel()
    qtbot.addWidget(panel)
    scene = load(PRESETS / "lesson_epsilon.json")
    panel.show_scene_notes(scene)
    assert "When ε matters" in panel.toPlainText() and "γ/ε" in panel.toPlainText()


def test_a_scene_without_notes_gets_the_headline_explanation(qtbot):
    panel = ExplanationPanel()
    qtbot.addWidget(panel)
    without_notes = dataclasses.replace(default_scene(), title="", notes="", claims=(), translations=())
    panel.show_scene_notes(without_notes)
    text = panel.toPlainText()
    assert "Is dividing the loss by 10 the same as dividing the learning rate by 10?" in text
    assert "θ ← θ − γ·g = θ − γ·s·∇f" in text
    assert panel.toHtml().count("<li") == 3  # the three wrong explanations, one list item each
