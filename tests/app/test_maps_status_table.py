"""The status table at 1280×720 (review of the Race tab): in the plots' theme, its step and loss columns
whole inside the table, and runs of one kind told apart even when their labels are shortened."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from app.themes import DARK, SLIDE
from app.views.common import optimizer_labels, short_labels
from app.views.status import COLUMNS


def shown_names(table) -> list[str]:
    """The optimizer column's text as drawn (after the delegate shortened it), row by row."""
    delegate = table.itemDelegateForColumn(0)
    texts = []
    for row in range(table.rowCount()):
        index = table.indexFromItem(table.item(row, 0))
        option = QStyleOptionViewItem()
        option.rect = table.visualRect(index)
        delegate.initStyleOption(option, index)
        texts.append(table.fontMetrics().elidedText(option.text, table.textElideMode(), option.rect.width() - 8))
    return texts


@pytest.mark.parametrize("theme", [SLIDE, DARK], ids=["slide", "dark"])
def test_the_table_follows_the_theme_and_shows_step_and_loss_whole(window, theme):
    window.resize(1280, 720)
    window.set_theme(theme)
    table = window.status_view
    assert table.palette().color(QPalette.ColorRole.Base).name() == theme.background
    assert table.palette().color(QPalette.ColorRole.Text).name() == theme.foreground
    for name in ("lesson_mixed_precision", "lesson_clipping", "lesson_noise"):
        assert window.open_scene(f"resources/presets/{name}.json")
        assert window.model.wait_idle()
        window.model.set_step(window.model.scene.steps)
        QApplication.processEvents()
        loss = COLUMNS.index("loss")
        right = table.columnViewportPosition(loss) + table.columnWidth(loss)
        assert right <= table.viewport().width(), name  # step and loss are not cut
        metrics = table.fontMetrics()
        for row in range(table.rowCount()):
            for column in (COLUMNS.index("state"), COLUMNS.index("step"), loss):
                assert metrics.horizontalAdvance(table.item(row, column).text()) < table.columnWidth(column)
        # No two rows look the same: at 1280×720 five runs of one kind cannot all show their differing
        # settings beside whole numbers, and rows elided alike differ in their run's colour (as on the map).
        looks = list(zip(shown_names(table), (table.item(r, 0).foreground().color().name()
                                              for r in range(table.rowCount())), strict=True))
        assert len(set(looks)) == len(looks), (name, looks)


def test_short_labels_keep_what_differs_within_a_kind():
    labels = ["SGD γ=1e+06 s=1 grad=float32", "SGD γ=1e+06 s=1 grad=float16", "SGD γ=1e+06 s=1.64e+04 grad=float16",
              "Adam γ=0.05"]
    assert short_labels(labels) == ["… s=1 grad=float32", "… s=1 grad=float16", "… s=1.64e+04 grad=float16",
                                    "Adam γ=0.05"]
    from core.optim.spec import OptimizerSpec

    same = optimizer_labels([OptimizerSpec("sgd", lr=0.1), OptimizerSpec("sgd", lr=0.1)])
    assert len(set(short_labels(same))) == 2  # numbered twins stay numbered
