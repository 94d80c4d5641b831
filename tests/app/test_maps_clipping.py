"""A diverging run bounces across the map and far beyond it: its path is drawn clipped to a box around the
view (following a pan or zoom), and its long segments are stroked one by one under a wide antialiased pen
(one filled outline of such a path took up to 0.9 s a paint in the stability-limit lesson). Neither changes
what is drawn: the clipped pieces lie on the run's own segments, and the picture is the same."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene, QStyleOptionGraphicsItem
from test_maps_decimation import shown_view

from app.views.decimation import clip_pieces, clip_polyline
from app.views.long_segments import LONG_SEGMENT_PIXELS, LongSegmentCurve, stroke_polyline
from core import scene as scene_io


def on_a_segment(points: np.ndarray, row: np.ndarray) -> bool:
    """Every point of ``points`` lies on a segment of the polyline ``row`` (to rounding)."""
    a, b = row[:-1], row[1:]
    ab = b - a
    for p in points:
        ap = p - a
        cross = np.abs(ab[:, 0] * ap[:, 1] - ab[:, 1] * ap[:, 0])
        t = np.einsum("ij,ij->i", ap, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-300)
        scale = np.maximum(1.0, np.abs(row).max())
        if not np.any((cross <= 1e-9 * scale * np.linalg.norm(ab, axis=1)) & (t >= -1e-9) & (t <= 1 + 1e-9)):
            return False
    return True


@pytest.mark.parametrize("outside_first", [False, True], ids=["starts inside", "starts outside"])
def test_every_prefix_of_a_clipped_row_is_the_clipped_prefix(outside_first):
    """Playback shows the clipped points whose index is below the step: that must be the clip of the
    revealed prefix itself, for every prefix (also of a run that starts outside the box, as a start
    dragged off a zoomed-in view)."""
    rng = np.random.default_rng(3)
    row = np.cumsum(rng.normal(size=(60, 2)), axis=0) * np.geomspace(1, 1e6, 60)[:, None]  # wanders far out
    if outside_first:
        row = np.vstack([[[9.0, 9.0], [8.0, -7.0]], row])  # two points outside, one segment crossing the box
    box = (-3.0, 3.0, -2.0, 2.0)
    x, y, connect, index = clip_pieces(row[:, 0], row[:, 1], box)
    assert np.all(np.diff(index) >= 0) and 0 < x.size
    for end in range(1, row.shape[0] + 1):
        shown = np.searchsorted(index, end)
        px, py, pc = clip_polyline(row[:end, 0], row[:end, 1], box)
        np.testing.assert_allclose(x[:shown], px)
        np.testing.assert_allclose(y[:shown], py)
        segments = lambda c: (~c[:-1]).sum() if c.size else 0  # noqa: E731 — the number of gaps
        assert segments(connect[:shown]) == segments(pc)


def test_a_diverging_run_is_drawn_clipped_to_the_view_and_follows_a_pan(qtbot):
    scene = scene_io.load("resources/presets/lesson_stability_limit.json")  # SGD over its limit bounces out
    steps = scene.steps
    model, view = shown_view(qtbot, scene.with_changes(step=steps))
    race = model.race.effective
    diverged = int(np.flatnonzero(race.diverged_at >= 0)[0])
    row = race.points[diverged]
    assert np.abs(row).max() > 1e6  # it does go far out

    def check():
        xmin, xmax, ymin, ymax = view.drawn_paths.box
        (vx0, vx1), (vy0, vy1) = view.view_box.viewRange()
        assert xmin < vx0 and vx1 < xmax and ymin < vy0 and vy1 < ymax  # the box holds the view
        assert xmax - xmin < 2 * (vx1 - vx0) and ymax - ymin < 2 * (vy1 - vy0)  # ... and not much more
        x, y = view.paths[diverged].getData()
        points = np.column_stack((x, y))
        tol = 1e-14 * np.abs(row).max()  # a cut at t on a segment 1e8 long is rounded to ~1e-8
        assert ((x >= xmin - tol) & (x <= xmax + tol) & (y >= ymin - tol) & (y <= ymax + tol)).all()
        assert on_a_segment(points, row)
        connect = view.paths[diverged].opts["connect"]
        assert isinstance(connect, np.ndarray) and not connect[:-1].all()  # pieces, not bridged
        head = view.heads[diverged].pos()
        assert (head.x(), head.y()) == tuple(row[min(steps, race.diverged_at[diverged])])

    check()
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    view.view_box.setRange(xRange=(x0 + 0.6 * (x1 - x0), x1 + 0.6 * (x1 - x0)), yRange=(y0, y1), padding=0)
    check()  # panned by more than the margin: clipped again around the new view
    model.shutdown()


class CountingPainter(QPainter):
    """Counts the lines it is asked to stroke one by one."""

    lines = 0

    def drawLines(self, lines):  # noqa: N802 — Qt's name
        self.lines += len(lines)
        super().drawLines(lines)


def painted(curve: pg.PlotCurveItem, size=(400, 300)) -> tuple[np.ndarray, int]:
    """``curve`` painted alone into a white image (its data in pixels), as RGB, and the number of lines
    it stroked one by one."""
    scene = QGraphicsScene()
    scene.addItem(curve)
    image = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = CountingPainter(image)
    curve.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    bits = np.frombuffer(image.constBits(), np.uint8).reshape(size[1], size[0], 4)
    return bits[:, :, :3].astype(int), painter.lines


class PolylineItem(pg.PlotCurveItem):
    """A curve painted through stroke_polyline, as the pictures' worker paints its strokes."""

    def paint(self, painter, option, widget=None):
        stroke_polyline(painter, self.xData, self.yData, np.ones(len(self.xData), bool), self.opts["pen"], True)


@pytest.mark.parametrize("make", [LongSegmentCurve, PolylineItem], ids=["window", "pictures"])
def test_long_segments_stroked_one_by_one_draw_the_same_picture(qapp, make):
    rng = np.random.default_rng(7)
    x = np.concatenate([200 + np.cumsum(rng.normal(size=40)), rng.uniform(20, 380, 30)])  # short, then long
    y = np.concatenate([150 + np.cumsum(rng.normal(size=40)), rng.uniform(20, 280, 30)])
    pen = pg.mkPen("#E69F00", width=3)
    split, whole = make(x, y, pen=pen, antialias=True), pg.PlotCurveItem(x, y, pen=pen, antialias=True)
    long = np.hypot(np.diff(x), np.diff(y)) >= LONG_SEGMENT_PIXELS
    assert 20 < long.sum() < len(x) - 20
    (ours, lines), (qts, _) = painted(split), painted(whole)
    assert lines == long.sum()  # the long segments, one by one; the short ones as one path
    inked = (qts < 200).any(axis=2) | (ours < 200).any(axis=2)
    differ = np.abs(ours - qts).max(axis=2) > 64
    assert differ.sum() < 0.02 * inked.sum()  # only antialiased fringes and the joints of long segments


def test_an_svg_keeps_one_path_per_curve(qapp):
    x, y = np.array([0.0, 300.0, 10.0, 290.0]), np.array([0.0, 200.0, 190.0, 5.0])
    curve = LongSegmentCurve(x, y, pen=pg.mkPen("k", width=3), antialias=True)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setViewBox(QRectF(0, 0, 320, 220))
    painter = QPainter(generator)
    curve.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    svg = bytes(data).decode()
    assert svg.count("<path") == 1 and "<line" not in svg and "<polyline" not in svg


def test_a_row_whose_last_point_alone_leaves_the_box_is_cut_there(qtbot):
    """As many points come out of the clip as went in, all joined: still cut (the last one moved in)."""
    from app.views.decimation import DrawnPaths

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(400, 400)
    plot.show()
    qtbot.waitExposed(plot)
    view_box = plot.getViewBox()
    view_box.setRange(xRange=(-1, 1), yRange=(-1, 1), padding=0)
    row = np.array([[0.0, 0.0], [0.5, 0.5], [500.0, 500.0]])
    paths = DrawnPaths()
    paths.make([row], view_box, 1.0, 0.5)
    points, count, _connect = paths.shown(0, 3)
    xmin, xmax, ymin, ymax = paths.box
    assert count == 3 and points[:count, 0].max() <= xmax and points[:count, 1].max() <= ymax
    assert on_a_segment(points[:count], row)
