"""Issue 16 item 6: a typed formula is built (SymPy) off the GUI thread. The call returns within
SYNC_WAIT_S however long the build takes, the previous surface stays until the new one is ready, the
newest request wins, and a hostile formula is refused with its one-line message and the old surface intact."""

from __future__ import annotations

import threading

import pytest

import app.formula_builder as formula_builder
from app.model import SceneModel


@pytest.fixture
def model(qtbot):
    m = SceneModel()
    m.start_engine_now()
    yield m
    m.shutdown()


@pytest.fixture
def held_builds(monkeypatch):
    """surface_from_formula as the builder calls it, held on the worker until ``release`` is set."""
    release, started, real = threading.Event(), threading.Event(), formula_builder.surface_from_formula

    def held(text, **where):
        started.set()
        assert release.wait(10), "the test never released the build"
        return real(text, **where)

    monkeypatch.setattr(formula_builder, "surface_from_formula", held)
    yield release, started
    release.set()


def test_a_quick_build_is_in_when_the_call_returns(model):
    formula_builder.surface_from_formula("x^2")  # SymPy loaded, as the window's warm-up does at start
    assert model.set_formula("x^2 + 3*y^2") is True
    assert model.surface.formula == "x^2 + 3*y^2"


def test_the_call_returns_before_a_slow_build_ends_and_the_old_surface_stays_meanwhile(model, qtbot, held_builds):
    release, started = held_builds
    before = model.surface
    assert model.set_formula("x^2 + 3*y^2") is True  # within SYNC_WAIT_S though the build is held
    assert started.wait(10)  # the build is under way on the worker, and the GUI thread is free
    assert model.surface is before and model.scene.surface is before
    release.set()
    qtbot.waitUntil(lambda: model.surface is not before, timeout=10_000)
    assert model.surface.formula == "x^2 + 3*y^2" and model.scene.surface_source.get("formula") == "x^2 + 3*y^2"


def test_the_newest_formula_wins(model, qtbot, held_builds):
    release, _started = held_builds
    assert model.set_formula("x^2 + y^2") and model.set_formula("x^4 + y^2")
    release.set()
    qtbot.waitUntil(lambda: model.surface.formula == "x^4 + y^2", timeout=10_000)
    assert model.wait_idle(10) and model.surface.formula == "x^4 + y^2"


def test_a_surface_chosen_while_a_formula_builds_is_not_replaced_by_it(model, qtbot, held_builds):
    release, started = held_builds
    assert model.set_formula("x^2 + y^2") and started.wait(10)
    assert model.set_surface("canyon")
    release.set()
    assert model.wait_idle(10)
    qtbot.wait(0)  # nothing is delivered late: the cancelled build's result is dropped
    assert model.surface.name == "canyon"


def test_a_typo_is_refused_at_once_with_its_position(model, qtbot):
    before = model.scene
    with qtbot.waitSignal(model.formulaRejected) as rejected:
        assert model.set_formula("x + import") is False
    assert rejected.args[1] == 4 and "\n" not in rejected.args[0]
    assert model.scene is before


@pytest.mark.parametrize("hostile", ["^".join(["x"] * 40), "abs(" * 34 + "x" + ")" * 34, "(1/2)^(10^15)*x^2"])
def test_a_hostile_formula_is_refused_off_the_gui_thread_and_the_old_surface_stays(model, qtbot, hostile):
    before = model.scene
    with qtbot.waitSignal(model.formulaRejected, timeout=10_000) as rejected, qtbot.waitSignal(model.error):
        model.set_formula(hostile)  # False if refused within SYNC_WAIT_S, else the refusal comes later
    message = rejected.args[0]
    assert message.startswith("formula") and "\n" not in message and "Traceback" not in message
    assert model.scene is before and model.last_error == message
