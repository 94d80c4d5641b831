"""Issue 15, items 1 and 2: the Race sidebar never overflows sideways, and a scroll wheel passing over an
input changes nothing unless the input has focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QSlider, QWidget

from app.resources import presets


def wheel(widget: QWidget, notches: int = 3) -> None:
    """Scroll the mouse wheel over the middle of ``widget`` (as the OS would send it)."""
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    for _ in range(notches):
        event = QWheelEvent(pos, QPointF(widget.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, -120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(widget, event)
    QApplication.processEvents()


def _inputs(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if isinstance(w, QSlider | QAbstractSpinBox | QComboBox)]


def test_wheel_over_unfocused_loss_scale_changes_nothing(window):
    window.scene_notes.setFocus()  # focus elsewhere, as after reading the notes
    before = window.model.scene
    slider = window.scale_panel.scale_slider.slider
    assert not slider.hasFocus()
    wheel(slider)
    wheel(window.scale_panel.lr_slider.slider)
    assert window.model.scene.loss_scale == before.loss_scale
    assert window.model.scene.lr_factor == before.lr_factor
    assert window.scale_panel.scale_slider.value() == before.loss_scale


def test_wheel_over_any_unfocused_input_of_the_window_changes_nothing(window):
    window.open_scene(dict(presets())["Weighting two losses"] if "Weighting two losses" in dict(presets())
                      else presets()[0][1])
    window.landscape.setFocus()
    before = window.model.scene
    inputs = _inputs(window.controls.widget()) + _inputs(window.playback)
    assert len(inputs) >= 4  # the speed and kind combos, the steps box, the log sliders
    values = []
    for widget in inputs:
        if not widget.isVisible():
            continue
        value = widget.currentIndex() if isinstance(widget, QComboBox) else (
            widget.value() if not isinstance(widget, QLineEdit) else widget.text())
        wheel(widget)
        after = widget.currentIndex() if isinstance(widget, QComboBox) else widget.value()
        values.append((widget.objectName() or type(widget).__name__, value, after))
    assert all(v == a for _name, v, a in values), values
    assert window.model.scene == before
    assert window.player.speed == window.playback.speed.currentData()


def test_wheel_over_a_focused_slider_still_moves_it(window):
    slider = window.scale_panel.lr_slider.slider
    slider.setFocus()
    QApplication.processEvents()
    before = window.model.scene.lr_factor
    wheel(slider)
    assert window.model.scene.lr_factor != before


SIZES = ((1280, 720), (1400, 900), (1280, 0))  # 0: 720 high, sidebar dragged to its narrowest


def _clipped(window) -> list[str]:
    """Visible controls of the sidebar that reach past the scroll area's viewport on the right."""
    scroll = window.controls
    viewport = scroll.viewport()
    out = []
    for child in scroll.widget().findChildren(QWidget):
        if not child.isVisibleTo(scroll.widget()) or child.width() <= 0:
            continue
        right = child.mapTo(viewport, QPoint(child.width(), 0)).x()
        if right > viewport.width() + 1:
            out.append(f"{type(child).__name__} {child.objectName()!r} ends at {right} > {viewport.width()}")
    return out


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_preset_and_no_row_makes_the_sidebar_overflow(window, qtbot, size):
    narrowest = size[1] == 0
    window.resize(size[0], size[1] or 720)
    if narrowest:
        window.split.setSizes([10_000, 1])  # the splitter stops at the sidebar's minimum width
    problems = []
    for title, path in presets():
        assert window.open_scene(path), title
        panel = window.optimizer_panel
        for row in range(panel.list.count()):
            panel.list.setCurrentRow(row)
            QApplication.processEvents()
            scroll = window.controls
            bar = scroll.horizontalScrollBar()
            if bar.isVisible() and bar.maximum() > 0:
                problems.append(f"{title}, row {row + 1}: horizontal scroll bar (range {bar.maximum()})")
            for clip in _clipped(window):
                problems.append(f"{title}, row {row + 1}: {clip}")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("name", ["lesson_clipping", "lesson_noise", "lesson_adam_step", "lesson_mixed_precision"])
def test_runs_of_one_kind_are_told_apart_in_the_optimizer_list(window, name):
    """Review of the Race tab: 'SGD γ=0.02 s=10' twice (clip differs), 'Adam γ=0.02' twice (β₂ differs);
    five SGD runs where the 1st and 5th had the same shade and dash."""
    from app.views.common import run_styles
    from app.widgets.optimizer_panel import DASH_ROLE

    assert window.open_scene(f"resources/presets/{name}.json")
    panel = window.optimizer_panel
    rows = range(panel.list.count())
    texts = [panel.list.item(i).text().split(". ", 1)[1] for i in rows]
    assert len(set(texts)) == len(texts), texts
    looks = [(panel.list.item(i).data(Qt.ItemDataRole.UserRole), panel.list.item(i).data(DASH_ROLE)) for i in rows]
    assert len(set(looks)) == len(looks), looks  # each swatch differs, as each line does
    styles = run_styles(panel.theme, [entry.spec for entry in window.model.scene.optimizers])
    assert looks == [(style.color, style.dash) for style in styles]


def test_a_selected_rows_swatch_keeps_its_colour(window):
    """Qt tints a selected row's icon with the highlight colour unless the icon says otherwise."""
    from PySide6.QtGui import QIcon

    panel = window.optimizer_panel
    panel.list.setCurrentRow(0)
    item = panel.list.item(0)
    size = item.icon().availableSizes()[0]
    normal = item.icon().pixmap(size, QIcon.Mode.Normal).toImage()
    selected = item.icon().pixmap(size, QIcon.Mode.Selected).toImage()
    assert normal == selected
    centre = normal.pixelColor(size.width() // 2, size.height() // 2)
    assert centre.name() == item.data(Qt.ItemDataRole.UserRole)
