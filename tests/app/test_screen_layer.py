"""The ghost layer (app.views.screen_layer): on screen it paints its ghosts as one image, looking as the
ghosts painted one by one would; where no widget is painted (exports: QGraphicsScene.render) the ghosts
paint themselves and the layer nothing, so an export shows each ghost exactly once."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from app.views.screen_layer import GhostCurve, ScreenLayer

CURVES = [  # (x, y, colour)
    (np.linspace(0, 10, 200), np.sin(np.linspace(0, 10, 200)), (255, 120, 0, 160)),
    (np.linspace(0, 10, 50), np.cos(np.linspace(0, 10, 50)), (0, 160, 255, 160)),
    (np.array([0.0, 10.0]), np.array([-1.0, 1.0]), (200, 200, 200, 160)),
]


def plot(qtbot, layered: bool) -> tuple[pg.PlotWidget, list, ScreenLayer | None]:
    widget = pg.PlotWidget()
    widget.setAntialiasing(True)
    widget.resize(400, 300)
    qtbot.addWidget(widget)
    layer = None
    if layered:
        layer = ScreenLayer()
        widget.getPlotItem().addItem(layer, ignoreBounds=True)
    ghosts = []
    for x, y, colour in CURVES:
        ghost = GhostCurve() if layered else pg.PlotCurveItem()
        ghost.setPen(pg.mkPen(colour, width=6))
        widget.getPlotItem().addItem(ghost)
        if layer is not None:
            layer.add(ghost)
        ghost.setData(x, y)
        ghosts.append(ghost)
    widget.getPlotItem().setRange(xRange=(0, 10), yRange=(-1.2, 1.2), padding=0)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, ghosts, layer


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine()).astype(int)


def on_screen(widget) -> np.ndarray:
    return pixels(widget.grab().toImage())


def rendered(widget) -> np.ndarray:
    """What an exporter paints: the scene rendered without a widget."""
    image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.black)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    widget.scene().render(painter, QRectF(0, 0, 400, 300), widget.sceneRect())
    painter.end()
    return pixels(image)


def test_the_layer_looks_like_the_ghosts_painted_one_by_one(qtbot):
    plain, _, _ = plot(qtbot, layered=False)
    layered, ghosts, _ = plot(qtbot, layered=True)
    expected, got = on_screen(plain), on_screen(layered)
    assert np.abs(expected - got).max() <= 3  # rounding of blended antialiased edges only
    ghosts[1].hide()  # a hidden ghost leaves the layer's picture
    plain_ghosts = [item for item in plain.getPlotItem().items if isinstance(item, pg.PlotCurveItem)]
    plain_ghosts[1].hide()
    assert np.abs(on_screen(plain) - on_screen(layered)).max() <= 3
    assert not np.array_equal(on_screen(layered), got)


def test_a_changed_ghost_is_repainted(qtbot):
    layered, ghosts, _ = plot(qtbot, layered=True)
    before = on_screen(layered)
    ghosts[2].setData(np.array([0.0, 10.0]), np.array([1.0, -1.0]))  # the diagonal turns the other way
    after = on_screen(layered)
    plain, plain_ghosts, _ = plot(qtbot, layered=False)
    plain_ghosts[2].setData(np.array([0.0, 10.0]), np.array([1.0, -1.0]))
    assert not np.array_equal(before, after)
    assert np.abs(on_screen(plain) - after).max() <= 3


def test_exports_see_each_ghost_once(qtbot):
    plain, _, _ = plot(qtbot, layered=False)
    layered, ghosts, layer = plot(qtbot, layered=True)
    on_screen(layered)  # the layer has painted (and cached) its picture once
    assert np.array_equal(rendered(layered), rendered(plain))  # the ghosts painted themselves, once
    for ghost in ghosts:
        ghost.setOpacity(0.0)  # as an exporter does for what it strokes itself
    empty, _, _ = plot(qtbot, layered=False)
    for item in empty.getPlotItem().items:
        if isinstance(item, pg.PlotCurveItem):
            item.hide()
    assert np.array_equal(rendered(layered), rendered(empty))
    assert layer.boundingRect().isEmpty()


def test_ghosts_of_diverged_runs_are_still_drawn(window, qtbot):
    """Runs 2, 4 and 5 of the stability-limit lesson diverge at 1× too: their ghosts reach ~1e7 away, and
    the layer's extent in pixels overflowed Qt's integer rectangle, so no ghost of the map was drawn."""
    from PySide6.QtWidgets import QApplication

    window.resize(1400, 900)
    assert window.open_scene("resources/presets/lesson_stability_limit.json")
    assert window.model.wait_idle()
    assert window.model.set_lr_factor(1000.0)  # every run diverges at once; the ghosts are the 1× runs
    window.model.set_step(window.model.scene.steps)
    view = window.landscape
    qtbot.waitUntil(lambda: not view.legend_timer.isActive())
    reference = window.model.race.reference
    assert (reference.diverged_at >= 0).sum() == 3 and np.abs(reference.points).max() > 1e6

    def lower_map() -> np.ndarray:
        """The map's lower half, where the legend (whose ghost row comes and goes too) never is here."""
        QApplication.processEvents()
        box = view.view_box.sceneBoundingRect()
        image = view.graphics.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        ratio = image.devicePixelRatio()
        top, bottom = int(box.center().y() * ratio), int(box.bottom() * ratio) - 2
        left, right = int(box.left() * ratio) + 2, int(box.right() * ratio) - 2
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
        return rows[top:bottom, 4 * left:4 * right].reshape(bottom - top, right - left, 4).copy()

    with_ghosts = lower_map()
    view.set_ghosts_shown(False)
    without = lower_map()
    view.set_ghosts_shown(True)
    changed = np.count_nonzero(np.any(with_ghosts != without, axis=2))
    assert changed > 0.1 * with_ghosts.shape[0] * with_ghosts.shape[1]  # the zig-zags cross much of it
