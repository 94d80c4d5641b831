"""How big an export is before it starts (issue 16 item 7): the estimate core.limits makes for the command
line (``losslab render``), a one-line refusal for what cannot fit in this machine's memory, and a question
(translated) before anything estimated over a minute.

``check_export(parent, scene, plan, confirm)`` returns None to go on, or the reason not to (refused, or
the user said no). ``confirm(estimate) -> bool`` is injectable (tests); the default asks in a QMessageBox.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import translate
from core.export.plan import ANIMATION_FORMATS, DATA_FORMATS, ExportPlan
from core.limits import (
    Estimate,
    JobTooLarge,
    check_memory,
    data_export_estimate,
    format_bytes,
    format_seconds,
    render_estimate,
    surface_instructions,
)
from core.scene import Scene

CONTEXT = "ExportDialog"  # the strings here are the export dialog's


def export_estimate(scene: Scene, plan: ExportPlan, frames: int = 1) -> Estimate:
    """Time and memory of ``plan`` for ``scene``; ``frames``: an animation's frame count."""
    runs = max(1, sum(1 for entry in scene.optimizers if entry.enabled))
    instructions = surface_instructions(scene.surface)
    if plan.format in DATA_FORMATS:
        return data_export_estimate(runs, scene.steps, plan.format, instructions)
    return render_estimate(frames=frames if plan.format in ANIMATION_FORMATS else 1, width=plan.width,
                           height=plan.height, kind=plan.format, runs=runs, steps=scene.steps,
                           instructions=instructions)


def ask_to_export(parent: QWidget | None, estimate: Estimate) -> bool:
    """The default ``confirm``: Yes/No, No the default."""
    question = translate(CONTEXT, "This export will take about {time} and about {memory} of memory ({what}). "
                                  "Export anyway?").format(time=format_seconds(estimate.seconds),
                                                           memory=format_bytes(estimate.bytes), what=estimate.what)
    answer = QMessageBox.question(parent, translate(CONTEXT, "Start a long export?"), question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def check_export(parent: QWidget | None, scene: Scene, plan: ExportPlan, frames: int = 1,
                 confirm: Callable[[Estimate], bool] | None = None) -> str | None:
    """None if the export may start; else one line saying why not."""
    estimate = export_estimate(scene, plan, frames)
    try:
        check_memory(estimate)
    except JobTooLarge:
        return translate(CONTEXT, "this export needs about {memory} of memory ({what}), more than this machine "
                                  "has; make it smaller").format(memory=format_bytes(estimate.bytes),
                                                                  what=estimate.what)
    if estimate.needs_confirmation:
        asking = confirm if confirm is not None else (lambda e: ask_to_export(parent, e))
        if not asking(estimate):
            return translate(CONTEXT, "Not exported: it was estimated at {time}.").format(
                time=format_seconds(estimate.seconds))
    return None
