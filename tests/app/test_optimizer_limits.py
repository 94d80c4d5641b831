"""Issue 15, item 12: one set of limits. Each hyper-parameter field of the optimizer panel accepts exactly
what a scene file (OptimizerSpec) accepts, refusing with the same one-line message; and the Add button
says what it adds."""

from __future__ import annotations

import math

import pytest
from PySide6.QtWidgets import QApplication

from app.model import SceneModel
from app.widgets.optimizer_panel import ADDED, FIELDS, OptimizerPanel
from core.optim.spec import PARAMETERS, SIGNATURES, TITLES, OptimizerSpec
from core.scene import default_scene


def _kind_with(name: str) -> str:
    """An optimizer kind that has ``name`` and no other rule on it (Nesterov also needs μ > 0)."""
    return next(kind for kind in ("sgd", "momentum", "rmsprop", "adam", "adagrad")
                if name in SIGNATURES[kind] or name in ("clip", "loss_scale", "noise", "seed"))


def _values_at_the_bounds(name: str) -> list:
    p = PARAMETERS[name]
    if p.integer:
        return [p.low - 1, p.low, p.high - 1, p.high, 2**64]
    return [p.low, math.nextafter(p.low, -math.inf), math.nextafter(p.low, math.inf), p.high,
            math.nextafter(p.high, -math.inf), math.nextafter(p.high, math.inf), 10 * p.high, -1.0]


@pytest.fixture
def panel(qtbot):
    widget = OptimizerPanel(SceneModel(default_scene()))
    qtbot.addWidget(widget)
    return widget


def test_the_panel_has_a_field_for_every_setting_of_the_table(panel):
    assert set(FIELDS) == set(PARAMETERS)


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_a_value_at_each_bound_is_taken_or_refused_as_a_scene_file_does(panel, name):
    field = panel.fields[name]
    kind = _kind_with(name)
    for value in _values_at_the_bounds(name):
        text = str(value) if isinstance(value, int) else repr(value)
        try:
            expected = getattr(OptimizerSpec(kind, **{name: value}), name)
            refusal = None
        except ValueError as exc:
            refusal = str(exc)
        try:
            taken = field.parse(text)
            said = None
        except ValueError as exc:
            said = str(exc)
        assert said == refusal, (name, text)
        if refusal is None:
            assert taken == expected and type(taken) is type(expected), (name, text)


def test_an_open_bound_is_refused_inline_with_the_cores_message(panel, qtbot):
    panel.list.setCurrentRow(1)  # the default scene's Momentum run
    field = panel.fields["momentum"]
    field.setText("1")
    field.returnPressed.emit()
    assert field.property("invalid") is True
    with pytest.raises(ValueError) as refused:
        OptimizerSpec("momentum", momentum=1.0)
    assert field.reason.text() == str(refused.value) == "momentum must be in [0, 1), not 1.0"
    assert panel.model.scene.optimizers[1].spec.momentum == 0.9  # nothing changed
    field.setText("0.999999999")  # the GUI used to stop at 0.999999; a scene file takes this
    field.returnPressed.emit()
    assert field.property("invalid") is False
    assert panel.model.scene.optimizers[1].spec.momentum == 0.999999999


def test_a_seed_is_taken_whole_up_to_the_cores_limit(panel):
    field = panel.fields["seed"]
    field.setText(str(2**63 - 1))  # a float would round this to 2**63, which is refused
    field.returnPressed.emit()
    assert panel.model.scene.optimizers[0].spec.seed == 2**63 - 1
    assert field.text() == str(2**63 - 1)


def test_untouched_text_is_not_a_new_value(panel):
    """Enter on a field showing 4 digits of a longer value keeps the value (it was rounded to the text)."""
    assert panel.model.update_optimizer(0, lr=0.0012345)
    field = panel.fields["lr"]
    assert field.text() == "0.001234"
    field.returnPressed.emit()
    assert panel.model.scene.optimizers[0].spec.lr == 0.0012345


def test_the_add_button_says_what_it_adds(panel):
    assert panel.add_button.text() == f"Add {TITLES[ADDED.kind]} (γ = 0.01)"
    assert "Adam" in panel.add_button.toolTip() and "0.01" in panel.add_button.toolTip()
    before = len(panel.model.scene.optimizers)
    panel.add_button.click()
    QApplication.processEvents()
    assert panel.model.scene.optimizers[-1].spec == ADDED and len(panel.model.scene.optimizers) == before + 1


def test_a_fields_tooltip_says_its_range_in_the_cores_words(panel):
    for name, field in panel.fields.items():
        assert PARAMETERS[name].rule_text() in field.toolTip(), name



def test_a_global_slider_move_leaves_the_list_alone_and_an_own_change_relabels_it(panel, monkeypatch):
    import app.widgets.optimizer_panel as module

    styled = []
    real = module.run_styles
    monkeypatch.setattr(module, "run_styles", lambda theme, specs: styled.append(len(specs)) or real(theme, specs))
    assert panel.model.set_lr_factor(2.0)  # a new scene, the same optimizers: nothing in the list changes
    assert styled == []
    assert panel.model.update_optimizer(0, lr=0.25)
    assert styled and panel.list.item(0).text() == "1. SGD γ=0.25"
