"""The training tab in Simplified Chinese: every text of the panel (controls, tabs, plot titles, the
landscape view) switches live to zh_CN and back to English."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QSpinBox, QTabWidget, QWidget

from app import i18n
from app.training.panel import TrainingPanel
from tests.app.test_i18n import ALLOWED_WORDS

# shown as they are in Chinese courses too: symbols, abbreviations, data-set and library names
TRAINING_ALLOWED = ALLOWED_WORDS | {"pca", "mlp", "xavier", "he", "cpu", "cuda", "ema", "gd", "theta",
                                     "clip", "grad", "norm"}  # torch's clip_grad_norm_


def _texts(widget) -> list[str]:
    """What tests/app/test_i18n.py's walker reads, plus spin boxes' special texts."""
    found = []
    for w in [widget, *widget.findChildren(QWidget)]:
        found += [w.toolTip(), w.statusTip(), w.whatsThis()]
        if isinstance(w, QLabel | QAbstractButton):
            found.append(w.text())
        if isinstance(w, QGroupBox):
            found.append(w.title())
        if isinstance(w, QLineEdit):
            found.append(w.placeholderText())
        if isinstance(w, QSpinBox):
            found.append(w.specialValueText())
        if isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            found += [w.tabText(i) for i in range(w.count())]
        found += [a.text() for a in w.actions()]
    return [t for t in found if t]


def untranslated_words(widget, allowed=TRAINING_ALLOWED) -> dict[str, str]:
    words = {}
    for text in _texts(widget):
        plain = re.sub(r"<[^>]*>|&[a-z]+;|&(?=\w)", " ", text)
        for word in re.findall(r"[A-Za-z][A-Za-z']+", plain):
            if word.lower() not in allowed:
                words.setdefault(word, text)
    return words


@pytest.fixture
def panel(qtbot, qapp):
    widget = TrainingPanel()  # not shown: torch is not loaded, every text is there already
    qtbot.addWidget(widget)
    yield widget
    i18n.set_language(qapp, "en")
    widget.shutdown()


def _plot_texts(widget) -> list[str]:
    plots, landscape = widget.plots, widget.landscape
    return [plots.loss_plot.titleLabel.text, plots.score_plot.titleLabel.text, plots.grad_plot.titleLabel.text,
            plots.grad_plot.getAxis("bottom").labelText, landscape.plot_item.getAxis("bottom").labelText,
            landscape.sharpness_plot.getPlotItem().titleLabel.text, landscape.colorbar.axis.labelText]


def test_the_training_panel_has_no_english_left_in_zh_cn_and_switches_back(panel, qapp):
    english = untranslated_words(panel, TRAINING_ALLOWED)
    assert {"Start", "Reset", "Task", "Curves", "Landscape"} <= set(english)  # the check sees English
    english_plots = _plot_texts(panel)

    i18n.set_language(qapp, "zh_CN")
    assert untranslated_words(panel, TRAINING_ALLOWED) == {}
    assert panel.action_controls.start_button.text() == "开始"
    assert panel.setup.data_box.title() == "任务" and panel.views.tabText(1) == "地形"
    assert panel.setup.task.currentData() == panel.config().task  # the keys stay the data
    chinese_plots = _plot_texts(panel)
    for before, after in zip(english_plots, chinese_plots, strict=True):
        assert after != before and any("\u4e00" <= ch <= "\u9fff" for ch in after), (before, after)

    i18n.set_language(qapp, "en")
    assert untranslated_words(panel, TRAINING_ALLOWED) == english
    assert _plot_texts(panel) == english_plots


def test_a_combo_choice_in_zh_cn_sets_the_english_key(panel, qapp):
    i18n.set_language(qapp, "zh_CN")
    setup, run_b = panel.setup, panel.run_b
    setup.task.setCurrentIndex(setup.task.findData("moons"))
    assert panel.config().task == "moons" and setup.task.currentText() == "双月"
    run_b.schedule.setCurrentIndex(run_b.schedule.findData("cosine"))
    assert panel.config().run("b").schedule == "cosine" and run_b.schedule.currentText() == "余弦"
    setup.init.setCurrentIndex(setup.init.findData("he"))
    assert panel.config().model.init == "he"


def test_the_parameter_tooltips_in_the_catalogue_are_core_s_current_texts():
    """RunControls translates core.optim.spec.help(name) through its table: a reworded help must be noticed."""
    from app.training.control_texts import PARAMETER_TIPS
    from core.optim.spec import help as parameter_help

    assert {name: parameter_help(name) for name in PARAMETER_TIPS} == PARAMETER_TIPS


def test_run_labels_in_plot_titles_follow_the_language(panel, qapp):
    from app.training.plots import run_label
    from core.training.optim_spec import OptimSpec

    label = OptimSpec.from_mapping({"optimizer": "adamw", "lr": 0.1, "loss_scale": 10.0, "weight_decay": 0.01,
                                    "wd_mode": "decoupled", "clip": 1.0, "schedule": "cosine"}).label()
    assert run_label(label) == label  # English: core's text
    i18n.set_language(qapp, "zh_CN")
    shown = run_label(label)
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z']+", shown)}
    assert words <= {"adamw"} and "0.1" in shown and "10" in shown and "0.01" in shown, shown
    panel.plots.set_titles({"a": label, "b": label})
    assert panel.plots.view_plots["a"].titleLabel.text == f"A: {shown}"
    i18n.set_language(qapp, "en")
    assert panel.plots.view_plots["a"].titleLabel.text == f"A: {label}"


def test_the_stability_reasons_in_the_catalogue_are_core_s_current_texts(qapp):
    """The sharpness legend translates core's stability_threshold reasons through a table: a reworded reason
    must be noticed (and every reason core gives now is in it)."""
    from app.training.landscape_view import ADAPTIVE_REASON, BOUND_REASONS, bound_reason
    from core.training.optim_spec import OptimSpec
    from core.training.sharpness import stability_threshold

    reasons = set()
    for mapping in ({"optimizer": "sgd"}, {"optimizer": "momentum"}, {"optimizer": "nesterov"},
                    {"optimizer": "sgd", "weight_decay": 0.1}, {"optimizer": "rmsprop"}):
        reasons.add(stability_threshold(OptimSpec.from_mapping({"lr": 0.1, **mapping}))[1])
    adaptive = {r for r in reasons if r.endswith(ADAPTIVE_REASON)}
    assert len(adaptive) == 1 and reasons - adaptive == set(BOUND_REASONS)
    i18n.set_language(qapp, "zh_CN")
    try:
        for reason in reasons:
            assert bound_reason(reason) != reason, reason  # Nesterov's has only its colon to translate
    finally:
        i18n.set_language(qapp, "en")
    assert all(bound_reason(r) == r for r in reasons)


def test_device_reasons_are_translated(qapp):
    """core.training.device's reasons, as this machine gives them, read in zh_CN (English stays core's)."""
    import torch

    from app.training.control_texts import device_reason
    from core.training.device import cuda_status, resolve_device

    _, reason = cuda_status()
    notes = [reason]
    if not torch.cuda.is_available():
        notes.append(resolve_device("cuda").note)
    assert [device_reason(n) for n in notes] == notes
    i18n.set_language(qapp, "zh_CN")
    try:
        for note in notes:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in device_reason(note)), note
    finally:
        i18n.set_language(qapp, "en")


def test_a_widget_walker_can_call_actions_on_the_panel(panel):
    """The i18n walker calls ``w.actions()`` on every widget: on the panel it is QWidget.actions(). The old
    attribute name ``actions`` still reaches the action controls (app/lessons/install.py writes
    ``panel.actions.setEnabled(…)``)."""
    from PySide6.QtGui import QAction

    action = QAction("Export", panel)
    panel.addAction(action)
    assert [a.text() for a in panel.actions()] == ["Export"]
    assert panel.actions.start_button is panel.action_controls.start_button
    panel.actions.setEnabled(False)
    assert not panel.action_controls.isEnabled() and panel.setup.isEnabled()
    panel.actions.setEnabled(True)
    assert panel.action_controls.isEnabled()
