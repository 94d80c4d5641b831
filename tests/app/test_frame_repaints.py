"""What one playback frame repaints: the widgets that change, not the window around them. A label that may
change size asks its parents to lay out again at each setText, and the tab widget above then repaints the
whole window (its frame, tab bars, splitters, every button of the playback bar): 7 ms of a 14 ms frame.
And the region the plots repaint (app.views.common.repaint_in_one_rect)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QTabWidget, QToolButton


class PaintLog(QObject):
    """Counts the paint events of every widget of the application, by widget."""

    def __init__(self):
        super().__init__()
        self.paints: Counter = Counter()
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.Paint:
            self.paints[obj] += 1
        return False

    def close(self) -> None:
        QApplication.instance().removeEventFilter(self)


def played_frames(window, frames: int = 20) -> PaintLog:
    model = window.model
    for step in range(5):  # the first frames after a change may lay out once
        model.set_step(step)
        QApplication.processEvents()
    log = PaintLog()
    try:
        for step in range(5, 5 + 7 * frames, 7):
            model.set_step(step)
            QApplication.processEvents()
    finally:
        log.close()
    return log


def test_a_playback_frame_repaints_the_step_label_not_the_window_around_it(window):
    bar = window.playback
    log = played_frames(window)
    assert log.paints[bar.step_label] == 20 and log.paints[bar.timeline] == 20  # what changed, every frame
    # (their parents paint too, clipped to them: they draw no background of their own)
    tabs = window.findChild(QTabWidget, "viewTabs")
    untouched = [tabs.tabBar(), *bar.findChildren(QToolButton), bar.speed, bar.steps]
    assert [type(widget).__name__ for widget in untouched if log.paints[widget]] == []


def test_a_bigger_font_keeps_the_step_label_fixed_and_tall_enough(window):
    label = window.playback.step_label
    font = window.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    window.setFont(font)  # as presentation mode does
    QApplication.processEvents()
    assert label.minimumSize() == label.maximumSize()  # fixed both ways: setText asks for no layout
    assert label.height() >= label.fontMetrics().height()
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())


class RegionLog(QObject):
    """The number of rectangles in each paint event's region of one widget."""

    def __init__(self, widget):
        super().__init__()
        self.rects: list[int] = []
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.region().rectCount())
        return False


def test_the_plots_repaint_one_rectangle_for_a_new_race_and_for_a_playback_frame(window):
    """A new race (a slider moved) changes every path: one rectangle, so Qt blits the map and the ghosts'
    picture directly instead of span by span on its thread pool; playback frames too."""
    slider = window.scale_panel.lr_slider.slider
    played_frames(window, 2)
    views = [window.landscape.graphics.viewport(), window.loss_plot.viewport()]
    logs = [RegionLog(view) for view in views]
    for position in (-80, -50, -80, -50):
        slider.setValue(position)
        QApplication.processEvents()
    for step in (40, 47, 54):
        window.model.set_step(step)
        QApplication.processEvents()
    assert [log.rects for log in logs] == [[1] * 7] * 2
