"""Issue 15: the status table does not scroll sideways at 1280×720 (the Himmelblau preset in the slide theme
in Chinese did, for the distance column); what a column cuts is whole in its tooltip; and its columns are
fitted again only when a text's width changes, not on every race of a slider drag."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from app.resources import presets
from app.themes import SLIDE
from app.views.status import PADDING
from app.views.status_columns import NUMBER_SHAPES, SHAPE_LENGTH, TextWidths, fit_widths, number_width


def test_floors_first_then_the_growing_columns_in_order():
    needs, floors, least = (200, 50, 80, 300), (100, 50, 80, 60), (40, 50, 80, 60)
    assert fit_widths(needs, floors, least, 600, grow=(0, 3), optional=3) == [200, 50, 80, 270]
    assert fit_widths(needs, floors, least, 400, grow=(0, 3), optional=3) == [200, 50, 80, 70]
    assert fit_widths(needs, floors, least, 300, grow=(0, 3), optional=3) == [110, 50, 80, 60]


def test_a_tight_table_drops_the_optional_column_then_shrinks_the_giving_one_then_overflows():
    needs, floors, least = (200, 50, 80, 300), (100, 50, 80, 60), (40, 50, 80, 60)
    assert fit_widths(needs, floors, least, 250, grow=(0, 3), give_way=(0,), optional=3) == [120, 50, 80, 0]
    assert fit_widths(needs, floors, least, 200, grow=(0, 3), give_way=(0,), optional=3) == [70, 50, 80, 0]
    # below the least: nothing else is cut, the widths add up to more than the room (the table scrolls)
    assert fit_widths(needs, floors, least, 100, grow=(0, 3), give_way=(0,), optional=3) == [40, 50, 80, 0]


def test_a_number_column_moves_only_for_a_text_longer_than_the_shapes(qapp):
    from PySide6.QtWidgets import QTableWidget

    width = TextWidths(QTableWidget().fontMetrics())
    shapes = max(width(shape) for shape in NUMBER_SHAPES)
    short = ["0.04801", "7.889e-31", "1234", "-0.001234", "—"]
    assert all(len(text) <= SHAPE_LENGTH and width(text) <= shapes for text in short)
    assert number_width(short, width) == shapes
    assert number_width([*short, "-8.123e-300"], width) == width("-8.123e-300") > shapes


def _header_problems(table) -> list[str]:
    out = []
    for column in range(table.columnCount()):
        item = table.horizontalHeaderItem(column)
        if table.isColumnHidden(column):
            continue
        if table.fontMetrics().horizontalAdvance(item.text()) + PADDING > table.columnWidth(column) \
                and item.toolTip() != item.text():
            out.append(f"title {item.text()!r} cut without a tooltip")
    return out


def _cell_problems(table) -> list[str]:
    out = []
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is None or table.isColumnHidden(column) or not item.text():
                continue
            fits = metrics.horizontalAdvance(item.text()) + PADDING <= table.columnWidth(column)
            if not fits and item.text() not in table.tooltip(row, column):
                out.append(f"row {row + 1}, column {column}: {item.text()!r} cut, no tooltip says it")
    return out


def test_no_preset_makes_the_table_scroll_sideways_in_chinese_on_a_slide(window):
    """At 1280×720 (the narrowest table the brief names; 1400×900 leaves it 64 px more)."""
    from app import i18n

    app = QApplication.instance()
    i18n.set_language(app, "zh_CN")
    try:
        window.resize(1280, 720)
        window.set_theme(SLIDE)
        table = window.status_view
        QApplication.processEvents()
        assert table.horizontalHeaderItem(0).text() == "优化器"  # the titles are in Chinese
        problems = []
        for title, path in presets():
            assert window.open_scene(path), title
            assert window.model.wait_idle()
            window.model.set_step(window.model.scene.steps)
            QApplication.processEvents()
            shown = sum(table.columnWidth(c) for c in range(table.columnCount()) if not table.isColumnHidden(c))
            bar = table.horizontalScrollBar()
            if shown > table.viewport().width() or (bar.isVisible() and bar.maximum() > 0):
                problems.append(f"{title}: columns {shown} px in {table.viewport().width()} px")
            problems += [f"{title}: {p}" for p in _header_problems(table) + _cell_problems(table)]
        assert not problems, "\n".join(problems[:20])
    finally:
        i18n.set_language(app, "en")


def test_hovering_a_cut_cell_shows_its_whole_text(window, qtbot):
    window.resize(1280, 720)
    assert window.open_scene("resources/presets/lesson_noise.json")  # five labels too long for the column
    assert window.model.wait_idle()
    QApplication.processEvents()
    table = window.status_view
    row = next(r for r in range(table.rowCount())
               if table.fontMetrics().horizontalAdvance(table.item(r, 0).text()) + PADDING > table.columnWidth(0))
    rect = table.visualItemRect(table.item(row, 0))
    event = QHelpEvent(QEvent.Type.ToolTip, rect.center(), table.viewport().mapToGlobal(rect.center()))
    QApplication.sendEvent(table.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text().split("\n")[0] == table.item(row, 0).text()
    # a whole number shows no tooltip
    rect = table.visualItemRect(table.item(row, 3))
    QApplication.sendEvent(table.viewport(), QHelpEvent(QEvent.Type.ToolTip, rect.center(), QPoint(0, 0)))
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_the_columns_are_fitted_again_only_when_a_width_changes(window, monkeypatch):
    table, model = window.status_view, window.model
    model.set_step(model.scene.steps)
    assert model.wait_idle()
    QApplication.processEvents()
    fitted = []
    original = table._fit_columns
    monkeypatch.setattr(table, "_fit_columns", lambda: (fitted.append(model.step), original()))
    for step in (10, 50, 100, 200):  # playback: the numbers' digits change, no width does
        model.set_step(step)
    x, y = model.scene.start
    for shift in (0.01, 0.02, 0.03):  # new races (dragging the start): new numbers, the same widths
        assert model.set_start(x + shift, y)
        assert model.wait_idle()
        QApplication.processEvents()
        table.refresh(model.step)
    assert fitted == []
    assert model.set_lr_factor(1e3)  # runs diverge: the state column needs their stop sentences
    assert model.wait_idle()
    QApplication.processEvents()
    table.refresh(model.step)
    assert fitted


def test_a_column_cut_by_the_tables_edge_is_elided_there_not_clipped(window, qtbot):
    """In a table too narrow for its columns, a number that runs past the right edge is laid out in what
    shows of its cell, so Qt elides it ("1.5…-11"): it read "1.563" for 1.563e-11, its exponent unseen."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    view = window.status_view
    view.resize(260, 160)
    qtbot.waitUntil(lambda: view.viewport().width() < sum(view.columnWidth(c) for c in range(view.columnCount())))
    edge = view.viewport().rect().right()
    column = next(c for c in range(view.columnCount())
                  if view.columnViewportPosition(c) < edge < view.columnViewportPosition(c) + view.columnWidth(c))
    index = view.indexFromItem(view.item(0, column))
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    view.itemDelegateForIndex(index).initStyleOption(option, index)
    assert option.rect.right() <= edge < view.visualRect(index).right()
    if option.fontMetrics.horizontalAdvance(option.text) > option.rect.width():
        assert "…" in option.fontMetrics.elidedText(option.text, view.textElideMode(), option.rect.width())
