"""What the training panel says about the runs (app.training.readouts): the status lines and the
dead-network flag, from hand-made messages."""

from __future__ import annotations

import numpy as np

from app.training.history import History
from app.training.messages import Experiment, Pair, Progress
from app.training.readouts import (
    ERROR_STYLE,
    STALL_EVALUATIONS,
    STALL_STEPS,
    panel_status,
    run_status,
    stall_text,
)


def progress(steps, loss_a, loss_b=None, *, lr=0.01, diverged=(None, None), run_time=1.0, total=1000,
             score_steps=(), score_a=(), score_b=()) -> Progress:
    steps = np.asarray(steps, dtype=np.int64)
    k = len(steps)
    loss_b = loss_a if loss_b is None else loss_b
    evals = len(score_steps)
    empty = Pair(np.full(evals, np.nan), np.full(evals, np.nan))
    return Progress(
        step=int(steps[-1]) if k else 0, total_steps=total, steps=steps,
        loss=Pair(np.asarray(loss_a, dtype=np.float64), np.asarray(loss_b, dtype=np.float64)),
        lr=Pair(np.full(k, lr), np.full(k, lr)), distance=np.zeros(k),
        grad=Pair(np.zeros((k, 1)), np.zeros((k, 1))), score_name="accuracy",
        score_steps=np.asarray(score_steps, dtype=np.int64),
        score=Pair(np.asarray(score_a, dtype=np.float64), np.asarray(score_b, dtype=np.float64)),
        test_loss=empty, test_score=empty, diverged=Pair(*diverged), labels=Pair("sgd", "sgd"),
        finished=False, elapsed=run_time, run_time=run_time, view=None)


def experiment(kind="classification", n_classes=2) -> Experiment:
    return Experiment("moons", kind, np.zeros((4, 2)), np.zeros(4), n_classes, (0.0, 1.0, 0.0, 1.0), ("fc1",),
                      "cpu", None, 1000, Pair("sgd", "sgd"))


def test_a_run_s_line_gives_its_latest_loss_and_lr_or_where_it_diverged():
    message = progress([1, 2, 3], [0.9, 0.8, 0.6931472], [0.9, np.nan, np.nan], lr=0.0123456,
                       diverged=(None, 2))
    assert run_status(message, "a") == "batch loss 0.6931 · lr 0.0123"
    assert run_status(message, "b") == ERROR_STYLE.format("diverged at step 2")
    assert "#ff6b6b" in ERROR_STYLE  # red that reads on the window's dark grey
    assert run_status(progress([], []), "a") is None  # nothing trained yet: the line stays as it is


def test_the_status_line_says_when_the_twins_coincide_exactly():
    message = progress(np.arange(1, 241), np.ones(240), run_time=2.0, total=500)
    assert panel_status(message, 0.0) == "step 240 / 500 · 120 steps/s · ‖θA − θB‖ = 0 (exactly 0)"
    assert panel_status(message, 1.23456e-7) == "step 240 / 500 · 120 steps/s · ‖θA − θB‖ = 1.23e-07"
    assert "· 0 steps/s ·" in panel_status(progress([1], [1.0], run_time=0.0), 0.5)


def test_a_run_at_chance_for_long_enough_is_flagged_and_only_then():
    n = STALL_EVALUATIONS + 1
    every = STALL_STEPS // STALL_EVALUATIONS + 1  # n evaluations span more than STALL_STEPS steps
    steps = np.arange(1, every * n + 1)
    eval_steps = steps[every - 1::every]
    chance_a = np.where(np.arange(n) % 2, 0.48, 0.52)  # two classes: chance is 50 %
    history = History(1)
    history.append(progress(steps, np.ones(len(steps)), score_steps=eval_steps, score_a=chance_a,
                            score_b=np.full(n, 0.9)))
    text = stall_text(experiment(), history)
    span = int(eval_steps[-1])
    assert text == f"A stalled: accuracy at chance (50 %; measured 48–52 %) for the last {span} steps"
    assert stall_text(experiment(kind="regression"), history) == ""
    assert stall_text(None, history) == ""

    short = History(1)  # at chance, but over too few evaluations
    short.append(progress(steps[:every * 2], np.ones(every * 2), score_steps=eval_steps[:2],
                          score_a=chance_a[:2], score_b=chance_a[:2]))
    assert stall_text(experiment(), short) == ""
