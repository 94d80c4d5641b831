"""Small helpers the views share: how an optimizer is named on screen, how much of a path a step reveals,
and how a theme dresses a plot's axes."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QPen

from core.engine import Trajectories
from core.optim.spec import OptimizerSpec


def short_number(value: float) -> str:
    return f"{value:.3g}"


def optimizer_label(spec: OptimizerSpec) -> str:
    """'Adam γ=0.05' or 'SGD γ=0.001 ×s 10' for an effective spec (what the race runs)."""
    text = f"{spec.title} γ={short_number(spec.lr)}"
    if spec.loss_scale != 1.0:
        text += f" s={short_number(spec.loss_scale)}"
    return text


def path_pens(theme, i: int) -> tuple[QPen, QPen]:
    """Optimizer ``i``'s pen and its ghost's: the same colour, faint and twice as wide (at least 3 px)."""
    color = QColor(theme.color(i))
    faint = QColor(color)
    faint.setAlpha(theme.ghost_alpha)
    return pg.mkPen(color, width=theme.path_width), pg.mkPen(faint, width=max(theme.path_width * 2, 3))


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
