"""What the scale map's colours and lines mean, in numbers and words: the quantity coloured (final loss or
distance to the nearest minimum, log where it spans decades), the colour bar's range, the legend under the
maps, the SGD family's stability-limit line and the hover read-out of one cell.

Functions of a finished :class:`app.models.scale_map.ScaleMapResult` and its model; nothing here draws.
The texts are shown by :class:`app.views.scale_map.ScaleMapView` and translated in its context.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF

from app.i18n import translate
from app.views.common import optimizer_labels
from core.optim.stability import eigenvalues, step_limit
from core.surfaces.hessian import hessian

PERCENTILES = (2.0, 98.0)  # colour range: these percentiles of the converged cells (outliers clip)
STABLE_KINDS = ("sgd", "momentum", "nesterov")  # maps that get the stability-limit line


@dataclass
class Colouring:
    """The quantity coloured, (K, N, M), already on the scale it is coloured in (log₁₀ when ``log``),
    which cells have a value (did not diverge, finite), its name, and the floor values at or below 0 were
    clamped to on a log scale (None: none were)."""

    values: np.ndarray
    ok: np.ndarray
    metric: str  # translated: "final loss", "distance to nearest minimum"
    log: bool
    floor: float | None

    @property
    def name(self) -> str:
        """The colour bar's label."""
        return translate("ScaleMapView", "log₁₀ {metric}").format(metric=self.metric) if self.log else self.metric

    def levels(self) -> tuple[float, float]:
        """The colour range: percentiles of the cells with a value (one run at 1e-80 does not wash out the
        rest); a range of at least 1 around a single value."""
        low, high = 0.0, 1.0
        if self.ok.any():
            low, high = (float(v) for v in np.percentile(self.values[self.ok], PERCENTILES))
        if not high > low:
            low, high = low - 0.5, high + 0.5
        return low, high


def colouring(result, model) -> Colouring:
    surface = model.surface
    if model.request.metric == "distance" and surface is not None and surface.minima:
        values = surface.nearest_minimum_distance(result.final_point[..., 0], result.final_point[..., 1])
        metric = translate("ScaleMapView", "distance to nearest minimum")
    else:
        values = result.final_loss
        metric = translate("ScaleMapView", "final loss")
    values = np.asarray(values, np.float64)
    ok = (result.diverged_at < 0) & np.isfinite(values)
    floor = None
    positive = ok & (values > 0)
    # Log colour when the values are ≥ 0 and span decades; an exact 0 (a run that landed on the minimum)
    # is clamped to a floor a decade below the smallest positive value instead of turning the whole map
    # linear (and dark).
    log = bool(positive.any() and (values[ok] >= 0).all())
    if log:
        smallest = float(values[positive].min())
        if (~positive & ok).any():
            floor = smallest / 10.0
        values = np.log10(np.maximum(values, floor if floor is not None else smallest))
    return Colouring(values, ok, metric, log, floor)


def legend(colours: Colouring, low: float, high: float, result, limit_notes: list[str]) -> str:
    """The paragraph under the maps: what the colours, red, the dashed lines and "+" mean."""
    if colours.log:
        low_text, high_text = f"{10.0 ** low:.3g}", f"{10.0 ** high:.3g}"
        template = translate("ScaleMapView",
                             "colour: {metric} from {low} (dark) to {high} (yellow), log scale; the "
                             "percentiles {p_low} to {p_high} of the cells that did not diverge (beyond "
                             "them clipped), shared by all maps; red: diverged ({diverged} of {cells} "
                             "cells); dashed: constant lr × scale; +: the optimizer's own setting (its "
                             "cell holds it exactly); {steps} steps.")
    else:
        low_text, high_text = f"{low:.3g}", f"{high:.3g}"
        template = translate("ScaleMapView",
                             "colour: {metric} from {low} (dark) to {high} (yellow); the percentiles "
                             "{p_low} to {p_high} of the cells that did not diverge (beyond them clipped), "
                             "shared by all maps; red: diverged ({diverged} of {cells} cells); dashed: "
                             "constant lr × scale; +: the optimizer's own setting (its cell holds it "
                             "exactly); {steps} steps.")
    sentences = [template.format(metric=colours.metric, low=low_text, high=high_text,
                                 p_low=f"{PERCENTILES[0]:g}", p_high=f"{PERCENTILES[1]:g}",
                                 diverged=int((result.diverged_at >= 0).sum()), cells=result.diverged_at.size,
                                 steps=result.steps)]
    if colours.floor is not None:
        sentences.append(translate("ScaleMapView", "Cells at exactly 0: values of 0 shown at {floor}.")
                         .format(floor=f"{colours.floor:.2g}"))
    sentences += limit_notes
    sentences.append(translate("ScaleMapView", "Click a cell to open that run."))
    return join_sentences(sentences)


def join_sentences(sentences: list[str]) -> str:
    """Sentences one after another: a space after a Latin full stop, none after a Chinese one (。)."""
    joined = ""
    for sentence in sentences:
        joined += sentence if not joined or joined.endswith("。") else f" {sentence}"
    return joined


def limit_line(spec, rect: QRectF, surface, start) -> tuple[tuple[np.ndarray, np.ndarray], str]:
    """Issue 14: the SGD family's stability limit γ·(s·λmax + λ_wd) = L (L = 2 for SGD, 2(1 + μ) for
    heavy ball, core.optim.stability.step_limit) as a line on the map, where λmax is the surface's
    largest Hessian eigenvalue: constant on a quadratic, else taken at the start point. Returns the
    line's (x, y) inside ``rect`` and the legend's sentence about it (empty where no line is drawn)."""
    empty = (np.zeros(0), np.zeros(0))
    if spec.kind not in STABLE_KINDS or surface is None or spec.noise or spec.clip:
        return empty, ""
    lam, constant = lambda_max(surface, start)
    if not (lam is not None and math.isfinite(lam) and lam > 0):
        return empty, ""
    limit, formula = step_limit(spec)
    if not math.isfinite(limit):
        return empty, ""
    xs = np.linspace(rect.left(), rect.right(), 64)
    wd = spec.weight_decay or 0.0
    ys = np.log10(limit / (10.0 ** xs * lam + wd))
    inside = (ys >= rect.top()) & (ys <= rect.bottom())
    if not inside.any():
        return empty, ""
    if constant:
        note = translate("ScaleMapView", "Vermillion line ({optimizer}): the stability limit γ·s·λmax = "
                                         "{formula}, λmax = {lam} constant on this surface; above it the "
                                         "linearised step grows.")
    else:
        note = translate("ScaleMapView", "Vermillion line ({optimizer}): the stability limit γ·s·λmax = "
                                         "{formula}, λmax = {lam} at the start point (the curvature varies: "
                                         "a guide); above it the linearised step grows.")
    return (xs[inside], ys[inside]), note.format(optimizer=spec.title, formula=formula, lam=f"{lam:.4g}")


def lambda_max(surface, start) -> tuple[float | None, bool]:
    """(λmax of ∇²f at the start, whether it is the same everywhere in the window: a quadratic)."""
    try:
        x0, y0 = float(start[0]), float(start[1])
        xmin, xmax, ymin, ymax = surface.window
        xs = np.array([x0, xmin, xmax, 0.5 * (xmin + xmax), xmin, xmax])
        ys = np.array([y0, ymin, ymax, 0.5 * (ymin + ymax), ymax, ymin])
        with np.errstate(all="ignore"):
            _low, high = eigenvalues(*hessian(surface, xs, ys))
    except Exception:  # noqa: BLE001 — a surface without a Hessian gets no line, not an error
        return None, False
    lam = float(high[0])
    constant = bool(np.all(np.isfinite(high)) and np.allclose(high, lam, rtol=1e-9, atol=0.0))
    return lam, constant


def cell_text(result, model, k: int, row: int, col: int) -> str:
    """'SGD γ=0.01: lr = 0.0316, s = 10, final loss = 1.2e-5, did not diverge in 300 steps'."""
    values = {"optimizer": optimizer_labels(result.specs)[k], "lr": f"{result.lr[k, row]:.4g}",
              "s": f"{result.loss_scale[col]:.4g}", "steps": result.steps}
    diverged = int(result.diverged_at[k, row, col])
    if diverged >= 0:
        return translate("ScaleMapView", "{optimizer}: lr = {lr}, s = {s}, diverged at step {step}").format(
            step=diverged, **values)
    values["loss"] = f"{result.final_loss[k, row, col]:.4g}"
    surface = model.surface
    if model.request.metric == "distance" and surface is not None and surface.minima:
        d = surface.nearest_minimum_distance(result.final_point[k, row, col, 0:1],
                                             result.final_point[k, row, col, 1:2])
        return translate("ScaleMapView", "{optimizer}: lr = {lr}, s = {s}, final loss = {loss}, distance to "
                                         "nearest minimum = {distance}, did not diverge in {steps} steps").format(
            distance=f"{float(np.asarray(d).reshape(-1)[0]):.4g}", **values)
    return translate("ScaleMapView", "{optimizer}: lr = {lr}, s = {s}, final loss = {loss}, did not diverge "
                                     "in {steps} steps").format(**values)


def equivalence_text(eq) -> str:
    """core.experiments.equivalence.describe_distance in the interface language: '0 (exact)', '≈0 (exact up
    to float rounding, 4e-16)', the amplified-rounding sentence, or the number."""
    if not eq.same_divergence:
        first, second = (translate("ScaleMapView", "step {step}").format(step=d) if d >= 0
                         else translate("ScaleMapView", "never") for d in eq.diverged_at)
        return translate("ScaleMapView", "different runs (diverged: {first} vs {second})").format(
            first=first, second=second)
    if eq.exact:
        return translate("ScaleMapView", "0 (exact)")
    if eq.within_rounding:
        return translate("ScaleMapView", "≈0 (exact up to float rounding, {distance})").format(
            distance=f"{eq.distance:.0e}")
    if eq.amplified:
        return translate("ScaleMapView", "{distance}: rounding amplified by chaotic dynamics (equal to rounding "
                                         "until step {step}, then apart; the same run in exact arithmetic)").format(
            distance=f"{eq.distance:.3g}", step=eq.apart_from - 1)
    return f"{eq.distance:.3g}"
