"""What the training controls show for core's keys and messages, in the current language: the combo
boxes' labels for task, init, schedule and decay-mode keys (the keys stay the items' data), the run fields'
tooltips (core.optim.spec.help's texts as the catalogue knows them) and core.training.device's one-line
reasons about CUDA. Module-level tables are marked with QT_TRANSLATE_NOOP and looked up with
``translate`` when shown, so a language switch only has to look them up again."""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QFormLayout

from app.i18n import translate

WD_LABELS = {"coupled": QT_TRANSLATE_NOOP("SetupControls", "coupled (L2)"),
             "decoupled": QT_TRANSLATE_NOOP("SetupControls", "decoupled (AdamW)")}
# core.optim.spec.help(name) for the run's fields, as the catalogue knows them (tests check they still match)
PARAMETER_TIPS = {
    "lr": QT_TRANSLATE_NOOP("RunControls", "learning rate γ: the step size: θ moves by γ times the optimizer's "
                                           "direction (a positive number up to 1e10)"),
    "loss_scale": QT_TRANSLATE_NOOP("RunControls", "loss scale s: the loss is multiplied by s, so the gradient the "
                                                   "optimizer sees is s·∇f (a positive number from 1e-60 to 1e60)"),
    "weight_decay": QT_TRANSLATE_NOOP("RunControls", "weight decay λ: pulls θ towards 0: g ← g + λθ (coupled L2); "
                                                     "AdamW shrinks θ ← θ(1 − γλ) instead (zero or positive, up to "
                                                     "1e6)"),
    "clip": QT_TRANSLATE_NOOP("RunControls", "clip ‖g‖ at c: gradient-norm clipping of the scaled gradient (torch's "
                                             "clip_grad_norm_); 0 = off (zero (off) or positive, up to 1e12)"),
}
# What the combo boxes show for core's keys (the keys stay the data; English shows the key itself)
CHOICE_LABELS = {
    "spirals": QT_TRANSLATE_NOOP("SetupControls", "spirals"),
    "moons": QT_TRANSLATE_NOOP("SetupControls", "moons"),
    "circles": QT_TRANSLATE_NOOP("SetupControls", "circles"),
    "xor": QT_TRANSLATE_NOOP("SetupControls", "xor"),
    "blobs": QT_TRANSLATE_NOOP("SetupControls", "blobs"),
    "digits": QT_TRANSLATE_NOOP("SetupControls", "digits"),
    "regression-1d": QT_TRANSLATE_NOOP("SetupControls", "regression-1d"),
    "default": QT_TRANSLATE_NOOP("SetupControls", "default"),
    "xavier": QT_TRANSLATE_NOOP("SetupControls", "xavier"),
    "he": QT_TRANSLATE_NOOP("SetupControls", "he"),
    "normal": QT_TRANSLATE_NOOP("SetupControls", "normal N(0, σ²)"),
    "constant": QT_TRANSLATE_NOOP("SetupControls", "constant"),
    "step": QT_TRANSLATE_NOOP("SetupControls", "step"),
    "cosine": QT_TRANSLATE_NOOP("SetupControls", "cosine"),
    "cross_entropy": QT_TRANSLATE_NOOP("SetupControls", "cross-entropy"),
    "mse": QT_TRANSLATE_NOOP("SetupControls", "square (one-hot)"),
}


def choice_label(key: str) -> str:
    """The label a combo box shows for one of core's keys, in the current language."""
    return translate("SetupControls", CHOICE_LABELS[key]) if key in CHOICE_LABELS else key


def fill_choices(combo: QComboBox, keys) -> None:
    """Items labelled in the current language, the key as each item's data."""
    for key in keys:
        combo.addItem(choice_label(key), key)


def relabel_choices(combo: QComboBox) -> None:
    for i in range(combo.count()):
        combo.setItemText(i, choice_label(combo.itemData(i)))


def set_labels(form: QFormLayout, labels) -> None:
    """(field widget, text) → the form row's label text."""
    for widget, text in labels:
        label = form.labelForField(widget)
        if label is not None:
            label.setText(text)


# core.training.device's one-line reasons (cuda_status, resolve_device): pattern → template in the catalogue
DEVICE_REASONS = (
    (r"this torch build \((?P<version>.*)\) has no CUDA support",
     QT_TRANSLATE_NOOP("SetupControls", "this torch build ({version}) has no CUDA support")),
    (r"CUDA initialisation failed: (?P<error>.*)",
     QT_TRANSLATE_NOOP("SetupControls", "CUDA initialisation failed: {error}")),
    (r"torch sees no CUDA device \(no GPU, or its driver is missing\)",
     QT_TRANSLATE_NOOP("SetupControls", "torch sees no CUDA device (no GPU, or its driver is missing)")),
    (r"(?P<count>\d+) CUDA device\(s\): (?P<name>.*)",
     QT_TRANSLATE_NOOP("SetupControls", "{count} CUDA device(s): {name}")),
    (r"CUDA requested but unavailable \((?P<reason>.*)\); running on CPU",
     QT_TRANSLATE_NOOP("SetupControls", "CUDA requested but unavailable ({reason}); running on CPU")),
    (r"CUDA device (?P<number>\d+) requested but only (?P<count>\d+) present; running on CPU",
     QT_TRANSLATE_NOOP("SetupControls", "CUDA device {number} requested but only {count} present; running on CPU")),
)


def device_reason(text: str) -> str:
    """One of core.training.device's reasons in the current language (an unknown one as core wrote it)."""
    for pattern, template in DEVICE_REASONS:
        match = re.fullmatch(pattern, text)
        if match:
            parts = {k: device_reason(v) if k == "reason" else v for k, v in match.groupdict().items()}
            return translate("SetupControls", template).format(**parts)
    return text
