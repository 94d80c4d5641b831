"""The landscape of ``losslab landscape`` as a file: a PNG or SVG of the slice (colours, contours, colour bar)
with the projected paths of A and B and their off-plane read-outs, or an MP4 whose frames reveal the paths
step by step (the read-outs following the heads).

Drawn off screen by the panel's own :class:`~app.training.landscape_map.LandscapeMap`; pictures are written
by ``app.training.export.export_widget`` and animations encoded by ``core.export.animation`` — both write
to a temporary file and rename it, so a failure leaves an existing file untouched. The read-outs are the
command line's, in English. Input: the JSON-safe dict of ``core.training.landscape.landscape_experiment``.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

PICTURES = (".png", ".svg")
ANIMATIONS = (".mp4",)
SIZE = (960, 720)
FPS = 25
FRAMES = 75  # the paths are revealed over 3 s
_KEPT: list = []  # the QApplication made here, kept for the life of the process


def output_kind(path: str) -> str:
    """"json", "picture" or "animation" for an output file name; ValueError (one line) for another suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in PICTURES:
        return "picture"
    if suffix in ANIMATIONS:
        return "animation"
    shown = repr(Path(path).suffix[:12]) if Path(path).suffix else "no suffix"
    raise ValueError(f"-o: cannot write {shown}; write .json, .png, .svg or .mp4")


def check_folder(path: str) -> None:
    """ValueError (one line) unless ``path``'s folder exists and is writable (checked before any training)."""
    folder = Path(path).parent if str(Path(path).parent) else Path(".")
    if not folder.is_dir():
        raise ValueError(f"cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ValueError(f"cannot write {path}: the folder {folder} is not writable")


def _application():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    if not _KEPT:
        _KEPT.append(QApplication.instance() or QApplication(["losslab-landscape"]))
    return _KEPT[0]


def _array(values) -> np.ndarray:
    return np.array([[math.nan if v is None else v for v in row] if isinstance(row, list)
                     else (math.nan if row is None else row) for row in values], dtype=float)


def readout_line(name: str, run: dict, index: int) -> str:
    """The panel's honesty read-out of run ``name`` at recorded point ``index`` (English)."""
    r = run["readout"]

    def number(value, spec=".4g", times=1.0):
        return "n/a" if value is None else format(times * value, spec)

    return (f"{name.upper()} ({run['label']}) at step {run['steps'][index]}: true loss "
            f"{number(r['true_loss'][index])} · plane's loss at its projection {number(r['plane_loss'][index])} "
            f"· off-plane {number(r['off_plane'][index], '.0f', 100)} % "
            f"(whole path {number(r['off_plane_total'], '.0f', 100)} %)")


class _Picture:
    """The map and a read-out label under it, laid out at ``size``."""

    def __init__(self, result: dict, size: tuple[int, int]):
        from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

        from app.training.landscape_map import LandscapeMap
        from core.training.landscape import Slice

        self.result = result
        self.widget = QWidget()
        self.widget.setStyleSheet("background: #0b1320; color: #e8eef5")
        layout = QVBoxLayout(self.widget)
        self.title = QLabel(_title(result))
        self.map = LandscapeMap()
        self.readouts = QLabel()
        self.readouts.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.map, 1)
        layout.addWidget(self.readouts)
        sl = result["slice"]
        self.map.show_slice(Slice(np.array(sl["alphas"], float), np.array(sl["betas"], float), _array(sl["loss"]),
                                  sl.get("level", "full")))
        self.map.show_origin(result["plane"]["kind"] != "pca")
        self.widget.resize(*size)
        self.widget.show()
        _application().processEvents()

    def points(self) -> int:
        return max(len(run["steps"]) for run in self.result["runs"].values())

    def show(self, upto: int | None = None) -> None:
        """Each path's points up to ``upto`` (all: None) and the read-outs at its head."""
        lines = []
        for name, run in self.result["runs"].items():
            coords = _array(run["readout"]["coords"]).reshape(-1, 2)
            n = len(coords) if upto is None else max(1, min(upto, len(coords)))
            self.map.show_path(name, coords[:n])
            lines.append(readout_line(name, run, n - 1))
        self.readouts.setText("\n".join(lines))
        _application().processEvents()

    def close(self) -> None:
        self.widget.close()
        self.widget.deleteLater()


def _title(result: dict) -> str:
    plane = result["plane"]
    kind = {"pca": "PCA plane of both paths", "random": "filter-normalised random plane",
            "hessian": "top-2 Hessian eigenvector plane"}[plane["kind"]]
    return f"{result['task']}: training loss on the {kind}, {result['grid']}×{result['grid']} slice"


def write_picture(result: dict, path: str, size: tuple[int, int] = SIZE) -> None:
    """PNG or SVG of the slice with both whole paths and their final read-outs; ValueError on failure."""
    from app.training.export import export_widget

    _application()
    picture = _Picture(result, size)
    try:
        picture.show()
        try:
            export_widget(picture.widget, Path(path), size, "dark")
        except OSError as exc:
            raise ValueError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        picture.close()


def write_animation(result: dict, path: str, size: tuple[int, int] = SIZE, fps: int = FPS,
                    frames: int = FRAMES) -> int:
    """MP4 revealing the paths over ``frames`` frames (then the whole paths); returns the frames written."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QImage, QPainter

    from app.training.landscape_map import revealed
    from core.export.animation import write_animation as encode
    from core.export.files import failure_reason

    _application()
    picture = _Picture(result, size)
    total = picture.points()

    def rendered():
        for frame in range(1, frames + 1):
            picture.show(revealed(frame, total, frames))
            image = QImage(picture.widget.size(), QImage.Format.Format_ARGB32)
            image.fill(QColor("#0b1320"))
            painter = QPainter(image)
            picture.widget.render(painter, QPoint(0, 0))
            painter.end()
            yield np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)[
                :, :image.width()].copy()

    try:
        return encode(path, rendered(), fps, total=frames, pixel_format="bgra")
    except OSError as exc:
        raise ValueError(f"cannot write {path}: {failure_reason(exc)}") from None
    finally:
        picture.close()
