"""What an export is asked to produce, checked before any work starts (Qt-free, so the CLI can refuse a
bad request without loading Qt): the format from the file name, a writable target folder, the size, the
theme name, the frame rate and the step range."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from core.engine import run
from core.export.animation import ANIMATION_FORMATS, MAX_FPS
from core.export.data import DATA_FORMATS, optimizer_labels, write_trajectories
from core.i18n import translate
from core.scene import Scene

PICTURE_FORMATS = ("png", "svg")
FORMATS = PICTURE_FORMATS + ANIMATION_FORMATS + DATA_FORMATS
THEMES = ("slide", "dark")
MIN_FPS = 1.0  # below one frame a second an animation is a slide show (and GIF frame times overflow)


class ExportError(ValueError):
    """An export request that cannot be carried out; the message says why (one line)."""


def export_format(path: str | os.PathLike) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        shown = f"'.{suffix}'" if suffix else translate("core.export", "no extension")
        raise ExportError(translate("core.export", "cannot export to {name}: {extension} is not one of {formats}")
                          .format(name=Path(path).name, extension=shown,
                                  formats=", ".join("." + f for f in FORMATS)))
    return suffix


def check_target(path: str | os.PathLike) -> Path:
    """The folder must exist and be writable, and the name must not be a folder; raises ExportError."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(translate("core.export", "cannot write {path}: folder {folder} does not exist").format(
            path=path, folder=folder))
    if path.is_dir():
        raise ExportError(translate("core.export", "cannot write {path}: it is a folder").format(path=path))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(translate("core.export", "cannot write {path}: folder {folder} is not writable").format(
            path=path, folder=folder))
    return path


def parse_steps(text: str) -> tuple[int, int]:
    """'A:B' → (A, B); either side may be empty (first / last step: returned as −1). Negative steps are
    refused (they used to mean "the first step" silently)."""
    parts = text.split(":")
    try:
        if len(parts) != 2:
            raise ValueError
        first = int(parts[0]) if parts[0].strip() else -1
        last = int(parts[1]) if parts[1].strip() else -1
    except ValueError:
        raise ExportError(translate("core.export", "steps are written A:B (e.g. 0:300), not '{text}'").format(
            text=f"{text:.40}")) from None
    for side in parts:
        if side.strip() and int(side) < 0:
            raise ExportError(translate("core.export", "steps are counted from 0; '{text}' has a negative step").format(
                text=f"{text:.40}"))
    return first, last


@dataclass(frozen=True)
class ExportPlan:
    """``first``/``last`` −1 mean the scene's first and last step; ``duration`` None means one frame per
    step, at most DEFAULT_SECONDS."""

    path: Path
    format: str
    width: int = 1920
    height: int = 1080
    dpi: float | None = None
    theme: str = "slide"
    transparent: bool = False
    fps: float = 30.0
    duration: float | None = None
    first: int = -1
    last: int = -1

    def __post_init__(self):
        if self.theme not in THEMES:
            raise ExportError(translate("core.export", "unknown theme '{theme}'; choose one of: {themes}").format(
                theme=self.theme, themes=', '.join(THEMES)))
        top = max(MAX_FPS.values())
        if not (isinstance(self.fps, int | float) and math.isfinite(self.fps) and MIN_FPS <= self.fps <= top):
            if isinstance(self.fps, int | float):
                raise ExportError(translate("core.export", "the frame rate must be from {low} to {high} frames a "
                                                           "second, not {fps}").format(
                    low=f"{MIN_FPS:g}", high=f"{top:g}", fps=f"{self.fps:g}"))
            raise ExportError(translate("core.export", "the frame rate must be a number, not {fps}").format(
                fps=f"{self.fps!r}"))
        if self.format == "gif" and self.fps > MAX_FPS["gif"]:
            raise ExportError(translate("core.export", "GIF plays at most {max_fps} frames a second, not {fps}").format(
                max_fps=MAX_FPS['gif'], fps=f"{self.fps:g}"))
        if self.duration is not None and not (math.isfinite(self.duration) and 0 < self.duration <= 600):
            raise ExportError(translate("core.export", "the duration must be from 0 to 600 seconds, not {duration}")
                              .format(duration=f"{self.duration!r}"))

    @classmethod
    def for_path(cls, path, **options) -> ExportPlan:
        return cls(path=check_target(path), format=export_format(path), **options)

    def step_range(self, scene: Scene) -> tuple[int, int]:
        first = 0 if self.first < 0 else self.first
        last = scene.steps if self.last < 0 else self.last
        if not (0 <= first <= last <= scene.steps):
            raise ExportError(translate("core.export", "steps {first}:{last} must lie within 0:{steps}, first ≤ "
                                                       "last").format(
                first=first, last=last, steps=scene.steps))
        return first, last


def write_scene_data(scene: Scene, path: str | os.PathLike, first: int = 0, last: int | None = None) -> None:
    """Every enabled optimizer's trajectory in ``scene`` (the race as shown) as CSV or JSON, the steps
    ``first`` to ``last`` (default: the whole race)."""
    specs = [s for s, e in zip(scene.effective_specs(), scene.optimizers, strict=True) if e.enabled]
    if not specs:
        raise ExportError(translate("core.export", "the scene has no enabled optimizer to export"))
    last = scene.steps if last is None else last
    if not 0 <= first <= last <= scene.steps:
        raise ExportError(translate("core.export", "steps {first}:{last} must lie within 0:{steps}, first ≤ last")
                          .format(first=first, last=last, steps=scene.steps))
    trajectories = run(scene.surface, specs, last, scene.start)
    write_trajectories(path, trajectories, optimizer_labels(specs), specs, first=first)
