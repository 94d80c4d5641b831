"""Small helpers the views share: how an optimizer is named on screen (one label function for the legend,
the status table and exports), how it is drawn (colour by optimizer kind, shade and dash by its place
among runs of the same kind), how much of a path a step reveals, what a ghost is, how far apart two runs
are, how a theme dresses a plot's axes, and how a plot repaints."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsView

from app.i18n import translate
from core.engine import Trajectories
from core.experiments.equivalence import ROUNDING, Equivalence, describe_distance
from core.optim.spec import OptimizerSpec

# The one sentence the window shows for what a ghost is (legend entry, tooltips, README).
GHOST_DEFINITION = QT_TRANSLATE_NOOP("LandscapeView",
                                     "ghost: the same run with the global lr × and loss × factors at 1")


def ghost_definition() -> str:
    """GHOST_DEFINITION in the interface language (the legend's ghost row, the map's tooltip)."""
    return translate("LandscapeView", GHOST_DEFINITION)


def short_number(value: float) -> str:
    return f"{value:.3g}"


def optimizer_label(spec: OptimizerSpec) -> str:
    """'Adam γ=0.05' or 'SGD γ=0.001 s=10' for an effective spec (what the race runs)."""
    text = f"{spec.title} γ={short_number(spec.lr)}"
    if spec.loss_scale != 1.0:
        text += f" s={short_number(spec.loss_scale)}"
    return text


# How a setting that tells two runs of one kind apart is written in their labels (lr and s come first).
_LABEL_NAMES = {"momentum": "μ", "dampening": "τ", "alpha": "α", "beta1": "β₁", "beta2": "β₂", "eps": "ε",
                "weight_decay": "λ", "lr_decay": "δ", "clip": "clip", "noise": "σ", "seed": "seed",
                "grad_dtype": "grad"}


def _setting_text(name: str, value) -> str:
    if value is None:
        return "float64" if name == "grad_dtype" else "default"
    if isinstance(value, str):
        return value
    if name == "seed":
        return str(int(value))
    return short_number(value)


def optimizer_labels(specs: Sequence[OptimizerSpec]) -> list[str]:
    """One label per run, distinct wherever the runs differ: 'SGD γ=0.02 s=10' plus every setting that
    differs between runs of the same kind ('SGD γ=0.02 s=10 clip=1' beside 'SGD γ=0.02 s=10 clip=0',
    'SGD γ=0.005 seed=1' beside '… seed=2'). Runs with identical settings are numbered '(1)', '(2)'.
    The legend, the status table and every export use this."""
    labels = [optimizer_label(s) for s in specs]
    by_kind: dict[str, list[int]] = {}
    for i, spec in enumerate(specs):
        by_kind.setdefault(spec.kind, []).append(i)
    for rows in by_kind.values():
        if len(rows) < 2:
            continue
        group = [specs[i] for i in rows]
        if len({s.loss_scale for s in group}) > 1:  # s shown on every row of the group, s=1 too
            for i in rows:
                if specs[i].loss_scale == 1.0:
                    labels[i] += " s=1"
        for name in _LABEL_NAMES:
            values = [getattr(s, name) for s in group]
            if len(set(values)) > 1:
                for i, value in zip(rows, values, strict=True):
                    labels[i] += f" {_LABEL_NAMES[name]}={_setting_text(name, value)}"
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        if counts[label] > 1:
            seen[label] = seen.get(label, 0) + 1
            label = f"{label} ({seen[label]})"
        out.append(label)
    return out


def short_labels(labels: Sequence[str]) -> list[str]:
    """Each of optimizer_labels' ``labels`` with the settings it shares with every other run of its kind
    and the kind's name (its colour says it) left out ('… s=1 grad=float32' beside '… s=1.64e+04
    grad=float32'; 'γ=0.2 s=1 clip=0' where nothing is shared): what a narrow column shows, so rows of one
    kind do not look the same once elided. A kind's only run keeps its label."""
    words = [label.split(" ") for label in labels]
    by_kind: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        by_kind.setdefault(w[0], []).append(i)
    out = list(labels)
    for rows in by_kind.values():
        if len(rows) < 2:
            continue
        shared = set(words[rows[0]][1:]).intersection(*(words[i][1:] for i in rows[1:]))
        for i in rows:
            differing = [w for w in words[i][1:] if w not in shared]
            if differing:
                out[i] = " ".join(["…", *differing] if shared else differing)
    return out


# Dash patterns (in pen widths) of the 1st, 2nd, … run of one kind: a run drawn exactly on another of
# its kind leaves gaps through which the one under it shows (issue 15 item 6).
DASHES: tuple[tuple[float, ...] | None, ...] = (None, (3.0, 2.0), (1.0, 2.0), (4.0, 2.0, 1.0, 2.0))
SHADES = (0.0, 0.4, 0.25, 0.55)  # per variant: how far the kind's colour is blended away (0: its own)


@dataclass(frozen=True)
class RunStyle:
    """How run ``i`` is drawn: the kind's colour, shaded for the 2nd and later runs of that kind, a dash
    pattern (None: solid) and a stacking order (later variants on top, so their gaps show the first)."""

    color: str
    dash: tuple[float, ...] | None
    variant: int

    def pen(self, width: float, alpha: int = 255) -> QPen:
        color = QColor(self.color)
        color.setAlpha(alpha)
        pen = pg.mkPen(color, width=width)
        if self.dash is not None:
            pen.setStyle(Qt.PenStyle.CustomDashLine)
            pen.setDashPattern(list(self.dash))
        return pen


def run_styles(theme, specs: Sequence[OptimizerSpec]) -> list[RunStyle]:
    """Each run's style: colour keyed by optimizer kind (theme.kind_color), the same in every scene;
    several runs of one kind differ by shade and dash pattern."""
    return list(_kind_styles(theme, tuple(spec.kind for spec in specs)))


@functools.lru_cache(maxsize=64)
def _kind_styles(theme, kinds: tuple[str, ...]) -> tuple[RunStyle, ...]:
    # Cached: the styles depend only on the theme and the kinds in order, and several views ask for them on
    # every move of a slider.
    seen: dict[str, int] = {}
    styles = []
    for kind in kinds:
        variant = seen.get(kind, 0)
        seen[kind] = variant + 1
        color = QColor(theme.kind_color(kind))
        amount = SHADES[variant % len(SHADES)]
        if amount:
            # Towards the foreground (lighter on the dark theme, darker on a light one), so every shade
            # stays readable; a colour already at the foreground's end (black on white) goes to grey.
            target = QColor(theme.foreground)
            if max(abs(color.red() - target.red()), abs(color.green() - target.green()),
                   abs(color.blue() - target.blue())) < 60:
                target = QColor("#9a9a9a")
            color = _blend(color, target, amount)
        # The dash cycles one step further each time the shades come round, so the 5th run of a kind is
        # not the 1st again (16 runs of one kind are 16 different (shade, dash) pairs).
        dash = DASHES[(variant + variant // len(SHADES)) % len(DASHES)]
        styles.append(RunStyle(color.name(), dash, variant))
    return tuple(styles)


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(*(round(x + (y - x) * t) for x, y in ((a.red(), b.red()), (a.green(), b.green()),
                                                         (a.blue(), b.blue()))))


def path_pens(theme, i: int, specs: Sequence[OptimizerSpec] | None = None) -> tuple[QPen, QPen]:
    """Run ``i``'s pen and its ghost's: with ``specs``, the kind's colour and the run's dash (run_styles);
    without, the row's colour (older callers). The ghost is the same colour, faint, solid and twice as
    wide (at least 3 px)."""
    if specs is not None and i < len(specs):
        style = run_styles(theme, specs)[i]
    else:
        style = RunStyle(theme.color(i), None, 0)
    return (style.pen(theme.path_width),
            RunStyle(style.color, None, 0).pen(max(theme.path_width * 2, 3), theme.ghost_alpha))


def ghosts_differ(lr_factor: float, loss_scale: float) -> bool:
    """Whether the ghosts differ from the runs at all: only the global factors separate them."""
    return lr_factor != 1.0 or loss_scale != 1.0


def pair_distance(trajectories: Trajectories, i: int, j: int, label: str = "",
                  specs: Sequence[OptimizerSpec] | None = None) -> Equivalence:
    """How far apart runs ``i`` and ``j`` of a race go (max over common steps of ‖θᵢ(t) − θⱼ(t)‖), with
    the scale experiment's reading (exact, rounding only, rounding amplified by chaotic dynamics):
    ``describe_distance(pair_distance(...))`` is the sentence to print beside two runs that should
    coincide. Uses the recorded points; nothing is rerun."""
    p, q = trajectories.points[i], trajectories.points[j]
    n = min(p.shape[0], q.shape[0])
    ends = [int(d) for d in (trajectories.diverged_at[i], trajectories.diverged_at[j]) if d >= 0]
    if ends:
        n = min(n, max(min(ends), 1))
    p, q = p[:n], q[:n]
    with np.errstate(invalid="ignore", over="ignore"):
        gap = np.hypot(*(p - q).T)
        extent = float(max(np.nanmax(np.hypot(*(p - p[0]).T)), np.nanmax(np.hypot(*(q - q[0]).T))))
    gap = np.where(np.isfinite(gap), gap, np.inf)
    distance = float(gap.max()) if gap.size else 0.0
    first = _first(gap > 0)
    apart = _first(gap > ROUNDING * max(extent, 1.0))
    a = specs[i] if specs is not None else OptimizerSpec("sgd")
    b = specs[j] if specs is not None else OptimizerSpec("sgd")
    return Equivalence(label, a, b, distance, extent if math.isfinite(extent) else 0.0,
                       (int(trajectories.diverged_at[i]), int(trajectories.diverged_at[j])),
                       first, apart, float(gap[first]) if first >= 0 else 0.0)


def distance_text(trajectories: Trajectories, i: int, j: int) -> str:
    """'max distance ≈0 (exact up to float rounding, 4e-17)' — for the status view, beside two runs."""
    return "max distance " + describe_distance(pair_distance(trajectories, i, j))


# Kinds whose step uses the learning rate γ and the loss scale s only as the product γ·s (SGD: θ ← θ − γ·s·∇f;
# Momentum and Nesterov: the buffer is a sum of gradients all scaled by s). Adaptive kinds divide s out.
PRODUCT_KINDS = frozenset({"sgd", "momentum", "nesterov"})
PRODUCT_RTOL = 1e-12  # γ·s equal to this relative tolerance (0.03 × 0.1 and 0.003 × 1 differ in the last bit)


def should_coincide(a: OptimizerSpec, b: OptimizerSpec) -> bool:
    """Whether two runs are the same run in exact arithmetic: one kind among PRODUCT_KINDS, equal γ·s and
    every other setting equal; never with clipping (it clips s·∇f), weight decay (λθ is not scaled by s)
    or a low-precision gradient (it is unscaled before the step, so γ alone matters)."""
    if a.kind != b.kind or a.kind not in PRODUCT_KINDS:
        return False
    if a.clip or a.weight_decay or a.grad_dtype is not None:
        return False
    if not math.isclose(a.lr * a.loss_scale, b.lr * b.loss_scale, rel_tol=PRODUCT_RTOL, abs_tol=0.0):
        return False
    return a.replace(lr=1.0, loss_scale=1.0) == b.replace(lr=1.0, loss_scale=1.0)


def coinciding_pairs(specs: Sequence[OptimizerSpec]) -> list[tuple[int, int]]:
    """Every (i, j), i < j, of runs that should coincide (should_coincide)."""
    return [(i, j) for i in range(len(specs)) for j in range(i + 1, len(specs))
            if should_coincide(specs[i], specs[j])]


def _first(mask: np.ndarray) -> int:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else -1


def left_domain(trajectories: Trajectories, i: int) -> bool | None:
    """Whether run ``i`` stopped because its update landed where the surface is undefined (finite θ,
    NaN loss: log(x) for x < 0, sqrt of a negative, …) rather than diverging (θ or f infinite or past the
    engine's bound). None when the engine does not say (the kernel knows, at its divergence check, but
    Trajectories records only diverged_at and freezes the path at its last finite point)."""
    if int(trajectories.diverged_at[i]) < 0:
        return False
    flags = getattr(trajectories, "left_domain", None)
    if flags is None:
        return None
    return bool(flags[i])


def run_state(trajectories: Trajectories, i: int, step: int) -> str:
    """'left the domain at step 394', 'diverged at step 12' (once the step is reached) or '', in the
    interface language; where the engine does not tell the two apart: 'stopped at step 394 (diverged or
    left the domain)'."""
    d = int(trajectories.diverged_at[i])
    if d < 0 or step < d:
        return ""
    left = left_domain(trajectories, i)
    if left is None:
        return translate("StatusView", "stopped at step {step} (diverged or left the domain)").format(step=d)
    if left:
        return translate("StatusView", "left the domain at step {step}").format(step=d)
    return translate("StatusView", "diverged at step {step}").format(step=d)


def revealed_end(trajectories: Trajectories, index: int, step: int) -> int:
    """Number of recorded points shown at ``step``: the start plus ``step`` updates, never past the last
    finite point of a diverged run (Trajectories.path's end)."""
    end = min(step, trajectories.points.shape[1] - 1) + 1
    diverged = int(trajectories.diverged_at[index])
    if diverged >= 0:
        end = min(end, max(diverged, 1))
    return end


def style_axes(theme, *axes: pg.AxisItem) -> QFont:
    """The theme's colour and font on ``axes`` (ticks and label); returns the font for other labels."""
    font = QFont()
    font.setPointSize(theme.font_size)
    for axis in axes:
        axis.setPen(pg.mkPen(theme.foreground))
        axis.setTextPen(pg.mkPen(theme.foreground))
        axis.setStyle(tickFont=font)
        axis.label.setFont(font)
    return font


def repaint_in_one_rect(view: QGraphicsView) -> QGraphicsView:
    """Let ``view`` repaint the bounding rectangle of what changed, not the changed region itself; returns it.

    A new race changes seven paths across the plot, whose region is a stack of rectangles: Qt clips to such
    a region with spans and blends every view-sized image under the paths (the map, the ghosts' picture,
    the background cache) in segments on its thread pool while the GUI thread waits; clipped to one
    rectangle, the same images are blitted directly (a slider move 1.0–1.4 ms faster, one process alternating
    the two; bench_app side by side 13.1 → 10.9 ms). Playback's frames, whose heads move in small
    rectangles far apart, are no slower for it (0.6–1 ms faster, alternating, with and without the insides
    dock)."""
    view.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
    return view
