"""What the training panel says about the runs, in words and in the current language (no widgets here):

    run_status(progress, run)          "batch loss 0.693 · lr 0.01" (the last step's), or "diverged at step 42" (red)
    panel_status(progress, distance)   "step 120 / 2000 · 850 steps/s · ‖θA − θB‖ = 0.0123"
    stall_text(experiment, history)    the dead-network flag: "A stalled: accuracy at chance (50 %; …) for
                                       the last 300 steps", or "" when no run is stalled

The texts are the panel's (translation context TrainingPanel); numbers are formatted here, not translated.
"""

from __future__ import annotations

import numpy as np

from app.i18n import translate
from app.training.history import History
from app.training.messages import Experiment, Progress

STALL_STEPS = 100  # a run is "stalled" when its training accuracy stayed at chance for at least this many steps
STALL_EVALUATIONS = 5  # … over at least this many evaluations
STALL_TOLERANCE = 0.05  # "at chance": within 5 percentage points of 1 / classes
# A divergence or an error, in a red that reads on the window's dark grey (#1e2025): contrast 5.9 (#c00 had
# 2.8, and a reviewer found the landscape's error barely readable).
ERROR_STYLE = "<span style='color:#ff6b6b'>{}</span>"


def run_status(progress: Progress, run: str) -> str | None:
    """Run ``run``'s line under its controls (None: nothing to say yet)."""
    k = progress.diverged[run]
    if k is not None:
        return ERROR_STYLE.format(translate("TrainingPanel", "diverged at step {step}").format(step=k))
    if not len(progress.steps):
        return None
    return translate("TrainingPanel", "batch loss {loss} · lr {lr}").format(
        loss=f"{progress.loss[run][-1]:.4g}", lr=f"{progress.lr[run][-1]:.3g}")


def panel_status(progress: Progress, distance: float) -> str:
    """The status line: steps done, throughput (steps per second of training time) and ‖θA − θB‖."""
    rate = f"{progress.step / progress.run_time if progress.run_time > 0 else 0.0:.0f}"
    if distance == 0:  # the twins coincide bit for bit: say so rather than print a rounded 0
        return translate("TrainingPanel", "step {step} / {total} · {rate} steps/s · ‖θA − θB‖ = 0 (exactly 0)").format(
            step=progress.step, total=progress.total_steps, rate=rate)
    return translate("TrainingPanel", "step {step} / {total} · {rate} steps/s · ‖θA − θB‖ = {distance}").format(
        step=progress.step, total=progress.total_steps, rate=rate, distance=f"{distance:.3g}")


def stall_text(experiment: Experiment | None, history: History) -> str:
    """'A stalled: accuracy at chance (50 %) for the last N steps' for each run whose measured training
    accuracy stayed within STALL_TOLERANCE of chance (1 / classes) over its last ≥ STALL_STEPS steps and
    ≥ STALL_EVALUATIONS evaluations; '' otherwise (and for regression)."""
    if experiment is None or not experiment.is_classification or experiment.n_classes < 2:
        return ""
    chance = 1.0 / experiment.n_classes
    e = history.evaluations()
    steps = e["score_steps"]
    if not len(steps):
        return ""
    out = []
    for run in ("a", "b"):
        score = e[f"score_{run}"]
        near = np.isfinite(score) & (np.abs(score - chance) <= STALL_TOLERANCE)
        if not near[-1]:
            continue
        start = len(near) - int(np.argmin(near[::-1])) if not near.all() else 0
        count = len(near) - start
        span = int(steps[-1] - steps[start]) if start > 0 else int(steps[-1])
        if count >= STALL_EVALUATIONS and span >= STALL_STEPS:
            lo, hi = float(np.min(score[start:])), float(np.max(score[start:]))
            measured = f"{100 * lo:.0f} %" if round(100 * lo) == round(100 * hi) else \
                f"{100 * lo:.0f}–{100 * hi:.0f} %"
            out.append(translate("TrainingPanel", "{run} stalled: accuracy at chance ({chance} %; measured "
                                                  "{measured}) for the last {span} steps").format(
                run=run.upper(), chance=f"{100 * chance:.0f}", measured=measured, span=span))
    return " · ".join(out)
