"""Issue 16 in the Scale map tab: a sweep estimated over a minute starts only after the user says yes, one
that cannot fit in memory is refused in the window, and a running sweep can be cancelled."""

from __future__ import annotations

import threading

import pytest

from app.models import scale_map as model_module
from core.engine.run import Cancelled
from core.limits import CONFIRM_SECONDS, format_seconds, surface_instructions, sweep_estimate
from core.optim.spec import OptimizerSpec
from core.scale_map import ScaleMapRequest
from core.surfaces.surface import get_surface, surface_from_formula

# A long formula (~190 instructions of its compiled program per step) mapped for six optimizers at the
# largest resolution and 1,000 steps: core.limits estimates well over a minute for it.
LONG_FORMULA = "+".join(f"sin({i}*x)*cos({i}*y)" for i in range(1, 15))
SPECS = [OptimizerSpec(kind, lr=0.01) for kind in ("sgd", "momentum", "nesterov", "rmsprop", "adam", "adagrad")]
RESOLUTION, STEPS = 128, 1000


@pytest.fixture
def view(make_scale_map_view):
    return make_scale_map_view(700, 500)


@pytest.fixture
def long_problem():
    surface = surface_from_formula(LONG_FORMULA)
    cells = len(SPECS) * RESOLUTION * RESOLUTION
    estimate = sweep_estimate(cells, STEPS, surface_instructions(surface))
    assert estimate.seconds > CONFIRM_SECONDS  # the configuration really is over a minute
    return surface, estimate


@pytest.fixture
def questions(monkeypatch):
    """The questions asked (title, text); ``questions.answer`` is what the user answers."""
    asked: list[tuple[str, str]] = []

    def ask(_parent, title, text):
        asked.append((title, text))
        return ask.answer

    ask.answer = False
    monkeypatch.setattr("app.views.scale_map_controls.ask_to_start", ask)
    return ask, asked


def _map(view, surface) -> None:
    """Map the long problem; the question (if any) is asked when the debounced sweep would start."""
    view.model.set_request(ScaleMapRequest(resolution=RESOLUTION))
    view.model.set_problem(surface, surface.start, SPECS, STEPS)
    view.model.wait(0)


def test_a_declined_long_sweep_does_not_start_and_is_not_asked_again(view, long_problem, questions, monkeypatch):
    surface, estimate = long_problem
    ask, asked = questions
    started = []
    monkeypatch.setattr(model_module, "sweep_many", lambda *args, **kwargs: started.append(args))
    _map(view, surface)
    assert len(asked) == 1
    assert f"about {format_seconds(estimate.seconds)}" in asked[0][1]
    assert f"{len(SPECS) * RESOLUTION ** 2:,} cells × {STEPS:,} steps" in asked[0][1]
    assert not started and not view.model.is_computing() and view.model.result is None
    assert view.progress_text() == "not started"
    assert view.controls.notice.isVisibleTo(view) and "Not started" in view.controls.notice.text()
    # the window asks again only when something changes
    view.model.set_problem(surface, surface.start, SPECS, STEPS)
    view.model.wait(30)
    assert len(asked) == 1 and not started
    view.model.set_lr_span(1.0)
    view.model.wait(30)
    assert len(asked) == 2 and not started


def test_an_accepted_long_sweep_runs(view, long_problem, questions, monkeypatch, qtbot):
    surface, _estimate = long_problem
    ask, asked = questions
    ask.answer = True
    real = model_module.sweep_many
    # The user said yes: the sweep that starts is the real one, shortened to 2 steps so the test stays quick.
    monkeypatch.setattr(model_module, "sweep_many",
                        lambda s, start, specs, lrs, scales, _steps, progress=None:
                        real(s, start, specs, lrs, scales, 2, progress=progress))
    with qtbot.waitSignal(view.computed, timeout=120_000):  # a fresh checkout compiles the kernel first
        _map(view, surface)
    assert len(asked) == 1
    result = view.model.result
    assert result is not None and result.final_loss.shape == (len(SPECS), RESOLUTION, RESOLUTION)
    assert view.progress_text() == "done" and not view.controls.notice.isVisibleTo(view)


def test_a_short_sweep_starts_without_a_question(view, questions, qtbot):
    _ask, asked = questions
    bowl = get_surface("bowl")
    with qtbot.waitSignal(view.computed, timeout=120_000):
        view.model.set_problem(bowl, bowl.start, [OptimizerSpec("sgd", lr=0.05)], 50)
    assert not asked and view.model.result is not None


def test_a_sweep_that_cannot_fit_in_memory_is_refused_in_the_window(view, questions, monkeypatch):
    _ask, asked = questions
    monkeypatch.setattr("core.limits.memory_budget", lambda: 1000)  # a machine with 1 kB to spare
    started = []
    monkeypatch.setattr(model_module, "sweep_many", lambda *args, **kwargs: started.append(args))
    bowl = get_surface("bowl")
    view.model.set_problem(bowl, bowl.start, [OptimizerSpec("sgd", lr=0.05)], 50)
    view.model.wait(30)
    assert not asked and not started and view.model.result is None
    notice = view.controls.notice.text()
    assert notice.startswith("Not started: this map needs about") and "memory" in notice
    assert "\n" not in notice


def test_cancel_stops_a_running_sweep(view, qtbot, monkeypatch):
    running = threading.Event()

    def endless(*_args, progress=None, **_kwargs):
        running.set()
        while progress(0.5):  # a sweep that runs until it is told to stop
            running.wait(0.01)
        raise Cancelled

    monkeypatch.setattr(model_module, "sweep_many", endless)
    bowl = get_surface("bowl")
    view.model.set_problem(bowl, bowl.start, [OptimizerSpec("sgd", lr=0.05)], 50)
    qtbot.waitUntil(lambda: running.is_set() and view.controls.cancel_button.isEnabled(), timeout=10_000)
    view.controls.cancel_button.click()
    qtbot.waitUntil(lambda: not view.model.is_computing(), timeout=10_000)
    assert view.progress_text() == "cancelled" and not view.controls.cancel_button.isEnabled()
    assert view.model.result is None
    # the same problem again (the window re-sends it on every scene change) does not restart it
    view.model.set_problem(bowl, bowl.start, [OptimizerSpec("sgd", lr=0.05)], 50)
    assert not view.model.is_computing()
