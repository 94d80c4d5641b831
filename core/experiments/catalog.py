"""The lesson's experiments, each a function returning the runs it compares, the numbers it shows and a
student-facing explanation (update equations, what the numbers say, which folk explanations they refute).

``losslab experiment NAME`` prints the same numbers; the app's Presets menu opens the matching scene in
resources/presets (``ExperimentResult.preset``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from core.engine import run
from core.experiments.equivalence import Equivalence, compare, compare_pairs, compare_scales, path_distance
from core.optim.spec import KINDS, OptimizerSpec
from core.surfaces.surface import Surface, get_surface
from core.surfaces.weighted import weighted_surface


@dataclass(frozen=True)
class ExperimentResult:
    """What an experiment shows: the compared runs (pairs of specs on ``surface`` from ``start``), a table
    of numbers (``columns`` × ``rows``) and the explanation; ``preset`` is the matching scene file."""

    name: str
    title: str
    explanation: str
    surface: Surface
    start: tuple[float, float]
    steps: int
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    comparisons: tuple[Equivalence, ...] = ()
    preset: str = ""
    summary: str = ""
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "surface": self.surface.formula,
                "start": list(self.start), "steps": self.steps, "summary": self.summary,
                "columns": list(self.columns), "rows": [[_plain(v) for v in row] for row in self.rows],
                "explanation": self.explanation, "preset": self.preset}

    def table(self) -> str:
        """The numbers as aligned text columns."""
        cells = [list(self.columns)] + [[_text(v) for v in row] for row in self.rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(self.columns))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines)


def _plain(value):
    if isinstance(value, float | np.floating):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def _text(value) -> str:
    if isinstance(value, float | np.floating):
        return f"{value:.3g}"
    return str(value)


def _equivalence_rows(comparisons) -> tuple[tuple, ...]:
    return tuple((eq.label, eq.distance, eq.relative, eq.describe()) for eq in comparisons)


EQUIVALENCE_COLUMNS = ("comparison", "max distance", "relative to path", "read-out")

# --- 0. The headline -------------------------------------------------------------------------------

SCALE_TEXT = """\
Is dividing the loss by 10 the same as dividing the learning rate by 10?

Every optimizer here sees the gradient of the scaled loss, g = s·∇f.

SGD:       θ ← θ − γ·g = θ − γ·s·∇f
Momentum:  b ← μ·b + g,  θ ← θ − γ·b

For SGD the loss scale s and the learning rate γ only ever appear as the product γ·s, so
"loss × s" and "lr × s" are the SAME run — at every step, not just the first. For momentum the buffer b
is a sum of past gradients, all scaled by s, so b is scaled by s too and the product γ·s again is all
that matters: the whole path is identical. (The table shows ≈1e-16, not 0: γ·(s·g) and (γ·s)·g round
differently in floating point. Use s = 0.5 or 0.125 and the two runs agree bit for bit.) One caveat:
where the dynamics are chaotic — a learning rate far beyond the stability limit on a bumpy surface,
e.g. SGD with lr 0.3 and s = 0.1 on Rastrigin (preset 2) — that rounding difference is amplified step
by step until the two runs are far apart: equal in exact arithmetic, not in floating point. The read-out
says so when the distance grows out of rounding size.

Adam:  m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  θ ← θ − γ·m̂ / (√v̂ + ε)

Here m̂ grows like s and √v̂ grows like s, so the ratio m̂/√v̂ does not change: Adam (and RMSProp,
AdaGrad) IGNORE the loss scale — "loss × s vs loss × 1" is ≈0 — but lr × s changes every step, so
"loss × s vs lr × s" is a large number. Common wrong explanations:
• "They agree only on the first step; momentum remembers the old gradients" — no: the memory is
  scaled too.
• "Adam is scale-free, so its learning rate does not matter either" — no: γ IS Adam's step length.
• "Adam is exactly scale-invariant" — only while ε is tiny next to √v̂ (see "When ε matters")."""


def scale(factor: float = 0.1, steps: int = 300) -> ExperimentResult:
    surface = get_surface("bowl")
    specs = [OptimizerSpec(k, lr=0.05) for k in KINDS if k != "adamw"]
    lr_vs_loss = compare(surface, specs, factor, steps)
    invariance = compare_scales(surface, specs, factor, steps)
    comparisons = tuple(lr_vs_loss + invariance)
    return ExperimentResult(
        "scale", "Loss ÷10 vs lr ÷10", SCALE_TEXT, surface, surface.start, steps, EQUIVALENCE_COLUMNS,
        _equivalence_rows(comparisons), comparisons, "lesson_sgd_loss_vs_lr.json",
        summary=f"factor s = {factor:g}: SGD/Momentum/Nesterov loss×s ≡ lr×s; "
                "Adam/RMSProp/AdaGrad loss×s ≈ loss×1")


# --- 1. ε --------------------------------------------------------------------------------------------

EPSILON_TEXT = """\
When ε matters: Adam's scale invariance has a limit.

Adam:  θ ← θ − γ·m̂ / (√v̂ + ε),   m̂ ∝ s,  √v̂ ∝ s

Scale the loss by s and both m̂ and √v̂ scale by s — but ε does not: the update is γ·m̂₁/(√v̂₁ + ε/s),
with m̂₁ and v̂₁ those of the unscaled loss. So s and ε enter only through ε/s; what counts is s·|∇f|
against ε. While s·|∇f| ≫ ε the run barely changes, and the table's distance from the s = 1 run grows
in proportion to ε/s:
{small}.
Once s·|∇f| is ε's size, the denominator no longer cancels s: the steps shrink with s and the path
changes completely.

{sgd_like}

The crossover is where s·|∇f| ≈ ε, i.e. s ≈ ε/|∇f|; a larger ε moves every distance of the table to a
proportionally larger s (the summary line names the first s with a change above 1 %; compare
`losslab experiment epsilon --eps 1e-4`). This is why a very small loss — a sum turned into a mean over millions of
elements, say — can quietly slow Adam down, and why "Adam does not care about the loss scale" is true
only with ε negligible next to s·|∇f|.

fp16 is a different story. In half precision a gradient entry below about 3e-8 (half of fp16's smallest
number, 2⁻²⁴ ≈ 6e-8) rounds to 0 in the backward pass: no step at all, whatever the optimizer. That
underflow is what mixed-precision loss scaling prevents, and torch's GradScaler divides the scale out of
the gradients before optimizer.step() — so Adam never sees the loss scale there."""


def epsilon(eps: float = 1e-8, steps: int = 300, scales=None) -> ExperimentResult:
    surface = get_surface("bowl")
    spec = OptimizerSpec("adam", lr=0.05, eps=eps)
    scales = [10.0 ** -k for k in range(0, 13, 2)] if scales is None else list(scales)
    comparisons = tuple(compare_scales(surface, [spec], s, steps)[0] for s in scales)
    g = np.hypot(*surface.value_and_gradient(np.array(surface.start[0]), np.array(surface.start[1]))[1:])
    rows = tuple((f"{s:g}", float(s * g), eps, eq.distance, eq.relative, eq.describe())
                 for s, eq in zip(scales, comparisons, strict=True))
    breaking = [s for s, eq in zip(scales, comparisons, strict=True) if eq.relative > 0.01]
    crossover = float(eps / g)
    small = ", ".join(f"{eq.distance:.2g} at s = {s:g}" for s, eq in zip(scales, comparisons, strict=True)
                      if 0 < eq.relative < 0.01)
    # Adam far below ε against SGD with lr γ/ε on the same scaled loss (relative to Adam's path length)
    sgd_like, paragraph = [], "(With ε = 0 Adam never turns into SGD: nothing competes with √v̂.)"
    if eps > 0:
        far, near = 1e-4 * eps / g, 0.1 * eps / g  # s·|∇f(start)| = ε/10⁴ and ε/10
        sgd_like = compare_pairs(surface, [(f"s = {s:g}", spec.replace(loss_scale=s),
                                            OptimizerSpec("sgd", lr=spec.lr / eps, loss_scale=s))
                                           for s in (far, near)], steps)
        paragraph = (
            "Only when s·|∇f| ≪ ε does the update approach γ·s·m̂₁/ε ≈ γ·s·∇f/ε, plain SGD with learning\n"
            f"rate γ/ε: with s·|∇f(start)| = ε/10⁴ (s = {far:.2g}) Adam's path and that SGD's differ by\n"
            f"{100 * sgd_like[0].relative:.2g} % of the path's size, with s·|∇f(start)| = ε/10 (s = {near:.2g})\n"
            f"by {100 * sgd_like[1].relative:.2g} %.")
    text = EPSILON_TEXT.format(small=small or "no tested scale is in that range", sgd_like=paragraph)
    summary = (f"ε = {eps:g}: |∇f(start)| = {g:.3g}, so ε takes over near s ≈ ε/|∇f| = {crossover:.2g}; "
               f"first scale with a >1% change: {breaking[0]:g}" if breaking else
               f"ε = {eps:g}: no tested scale moves the path by more than 1%")
    return ExperimentResult(
        "epsilon", "When ε matters", text, surface, surface.start, steps,
        ("loss scale s", "s·|∇f(start)|", "ε", "distance vs s=1", "relative", "read-out"), rows,
        comparisons, "lesson_epsilon.json", summary,
        {"crossover_scale": crossover, "sgd_like_relative": [eq.relative for eq in sgd_like]})


# --- 2. a·L1 + b·L2 ------------------------------------------------------------------------------------

FIRST_LOSS = "(x - 1)^2 + 3*(y - 1)^2"
SECOND_LOSS = "3*(x + 1)^2 + (y + 1)^2"
WEIGHTED_START = (-2.5, 2.0)
WEIGHTED_WINDOW = (-3.0, 3.0, -3.0, 3.0)

WEIGHTED_TEXT = """\
Weighting two losses: L = a·L₁ + b·L₂.

∇L = a·∇L₁ + b·∇L₂.
SGD:   θ ← θ − γ·∇L
Adam:  θ ← θ − γ·m̂/(√v̂ + ε),  m̂ and √v̂ built from ∇L

Multiply both weights by k and ∇L is multiplied by k — that is just a loss scale, so Adam's path
does not change (m̂/√v̂ cancels k) while SGD's changes exactly as lr × k would.
Change the RATIO a:b and ∇L points in a different direction: the function itself is different, its
minimum moves (here from (−0.5, 0.5): toward L₂'s minimum (−1, −1) when b grows, toward L₁'s (1, 1)
when a grows — the end points in the table), and every optimizer — Adam included — goes somewhere else.

So "Adam ignores the loss weights" is wrong: Adam ignores a COMMON factor of all the weights, not
their balance. Reweighting the terms of a multi-task loss is a real change for every optimizer; for
SGD even a common factor matters (it is the learning rate)."""


def weighting(k: float = 10.0, steps: int = 300, first: str = FIRST_LOSS,
              second: str = SECOND_LOSS) -> ExperimentResult:
    def surface(a, b):
        return weighted_surface(first, second, a, b, start=WEIGHTED_START, window=WEIGHTED_WINDOW)

    base = surface(1.0, 1.0)
    cases = [("a, b → k·a, k·b", surface(k, k)), ("a, b → a, k·b", surface(1.0, k)),
             ("a, b → k·a, b", surface(k, 1.0))]
    specs = {"Adam": OptimizerSpec("adam", lr=0.05), "SGD": OptimizerSpec("sgd", lr=0.01)}
    rows = []
    reference = run(base, list(specs.values()), steps)
    for change, changed in cases:
        runs = run(changed, list(specs.values()), steps)
        for i, name in enumerate(specs):
            distance = path_distance(runs.points[i], reference.points[i])
            final = runs.final[i]
            rows.append((name, change, distance, f"({final[0]:.3f}, {final[1]:.3f})",
                         "diverged" if runs.diverged_at[i] >= 0 else ""))
    return ExperimentResult(
        "weighting", "Weighting two losses (a·L1 + b·L2)", WEIGHTED_TEXT, base, WEIGHTED_START, steps,
        ("optimizer", f"change (k = {k:g})", "distance vs a = b = 1", "end point", ""), tuple(rows),
        preset="lesson_weighted_losses.json",
        summary="Adam: common factor ≈ no change, ratio change = a different path; "
                "SGD: both change the path", extra={"formula": base.formula})


# --- 3. coupled L2 vs AdamW -------------------------------------------------------------------------------

WEIGHT_DECAY_TEXT = """\
Weight decay vs AdamW: the decay term is not part of the scaled loss.

torch's weight_decay adds λθ to the gradient AFTER the loss gradient is taken:
SGD:    g = s·∇f + λθ,   θ ← θ − γ·g
Scaling the loss scales only s·∇f, not λθ, while scaling the learning rate scales both — so with
λ > 0 "loss × s" and "lr × s" are different runs even for SGD (loss × s also shifts the balance
between fitting and shrinking). Without decay they are identical, as always.

Adam (coupled L2):  g = s·∇f + λθ enters m and v, so the loss scale changes how strong the decay is
relative to the loss: Adam + weight_decay is no longer scale-invariant.
AdamW (decoupled):  g = s·∇f is taken at θ, θ is shrunk to θ·(1 − γλ) directly, and Adam's step on g
alone follows — the loss scale cancels in m̂/√v̂ again, and the decay does not care about s. That, not "AdamW regularises
more", is the difference the numbers show."""


def weight_decay(factor: float = 0.1, decay: float = 0.5, steps: int = 300) -> ExperimentResult:
    surface = get_surface("bowl")
    sgd = OptimizerSpec("sgd", lr=0.05)
    pairs = compare(surface, [sgd, sgd.replace(weight_decay=decay),
                              OptimizerSpec("momentum", lr=0.02, weight_decay=decay)], factor, steps)
    adam = OptimizerSpec("adam", lr=0.05)
    invariance = compare_scales(surface, [adam, adam.replace(weight_decay=decay),
                                          OptimizerSpec("adamw", lr=0.05, weight_decay=decay)], factor, steps)
    labels = ["SGD, λ = 0", f"SGD, λ = {decay:g}", f"Momentum, λ = {decay:g}", "Adam, λ = 0",
              f"Adam (coupled L2), λ = {decay:g}", f"AdamW (decoupled), λ = {decay:g}"]
    comparisons = tuple(pairs + invariance)
    rows = tuple((label,) + row for label, row in zip(labels, _equivalence_rows(comparisons), strict=True))
    return ExperimentResult(
        "weight-decay", "Weight decay vs AdamW", WEIGHT_DECAY_TEXT, surface, surface.start, steps,
        ("setting",) + EQUIVALENCE_COLUMNS, rows, comparisons, "lesson_weight_decay.json",
        summary="weight decay breaks SGD's loss×s ≡ lr×s and Adam's scale invariance; AdamW keeps the latter")


# --- 4. clipping ---------------------------------------------------------------------------------------------

CLIPPING_TEXT = """\
Gradient clipping breaks the equivalence, even for SGD.

clip_grad_norm_ acts on the gradient of the SCALED loss:
g = s·∇f,   if ‖g‖ > c:  g ← g·c/‖g‖,   θ ← θ − γ·g
The threshold c is in gradient units and does not scale with s. With loss × 10 the gradient is ten
times longer and is clipped on steps where the lr × 10 run's gradient is not (and with loss ÷ 10 it
escapes clipping where the other run is clipped); on steps where both are clipped the loss-scaled run
moves γ·c and the lr-scaled run 10·γ·c. The two runs part ways from the first clipped step on.

When no step is clipped (c very large) the equivalence is back exactly. This is why mixed-precision
training UNSCALES the gradients before clipping them: clipping must see the true gradient."""


def clipping(factor: float = 10.0, clip: float = 1.0, steps: int = 300) -> ExperimentResult:
    surface = get_surface("bowl")
    sgd = OptimizerSpec("sgd", lr=0.02)
    specs = [sgd, sgd.replace(clip=clip), OptimizerSpec("momentum", lr=0.01, clip=clip)]
    comparisons = tuple(compare(surface, specs, factor, steps)
                        + compare(surface, specs, 1 / factor, steps)
                        + compare_scales(surface, [OptimizerSpec("adam", lr=0.05, clip=clip)], factor, steps))
    labels = ["no clipping", f"clip = {clip:g}", f"Momentum, clip = {clip:g}"] * 2 + [f"Adam, clip = {clip:g}"]
    rows = tuple((label,) + row for label, row in zip(labels, _equivalence_rows(comparisons), strict=True))
    return ExperimentResult(
        "clipping", "Gradient clipping breaks the equivalence", CLIPPING_TEXT, surface, surface.start,
        steps, ("setting",) + EQUIVALENCE_COLUMNS, rows, comparisons, "lesson_clipping.json",
        summary="with clipping on, loss×s and lr×s part ways for SGD")


# --- 5. noise ------------------------------------------------------------------------------------------------

NOISE_TEXT = """\
Noisy gradients: the same comparisons on a stochastic gradient.

Here g = s·(∇f + σξ) with ξ a seeded standard-normal draw per step — the noise is part of the loss,
so it is scaled with it (as a mini-batch loss would be). SGD: θ ← θ − γ·s·(∇f + σξ) still contains
only γ·s, so loss × s and lr × s are the same run on the same noise, step for step. Adam still
ignores a loss scale (m̂/√v̂ cancels s for noisy g as well).

Noise is not a reason for the two to differ. What does differ is a different noise draw: the
"other seed" row shows how far two equally good runs drift apart — the yardstick against which a
"0" read-out is meaningful."""


def noise(factor: float = 0.1, sigma: float = 1.0, steps: int = 300, seed: int = 7) -> ExperimentResult:
    surface = get_surface("bowl")
    sgd = OptimizerSpec("sgd", lr=0.05, noise=sigma, seed=seed)
    momentum = OptimizerSpec("momentum", lr=0.01, noise=sigma, seed=seed)
    adam = OptimizerSpec("adam", lr=0.05, noise=sigma, seed=seed)
    comparisons = tuple(
        compare(surface, [sgd, momentum, adam], factor, steps)
        + compare_scales(surface, [adam], factor, steps)
        + compare_pairs(surface, [("SGD: seed vs other seed", sgd, sgd.replace(seed=seed + 1)),
                                  ("Adam: seed vs other seed", adam, adam.replace(seed=seed + 1))], steps))
    return ExperimentResult(
        "noise", "Noisy gradients", NOISE_TEXT, surface, surface.start, steps, EQUIVALENCE_COLUMNS,
        _equivalence_rows(comparisons), comparisons, "lesson_noise.json",
        summary=f"σ = {sigma:g}: the equivalences hold on noisy gradients; another seed is the yardstick")


# name → the function that runs it (each result carries its own title)
EXPERIMENTS: dict[str, Callable[..., ExperimentResult]] = {
    "scale": scale, "epsilon": epsilon, "weighting": weighting, "weight-decay": weight_decay,
    "clipping": clipping, "noise": noise,
}


def run_experiment(name: str, **options) -> ExperimentResult:
    try:
        function = EXPERIMENTS[name]
    except KeyError:
        raise ValueError(f"unknown experiment '{name}'; choose one of: {', '.join(EXPERIMENTS)}") from None
    return function(**options)
