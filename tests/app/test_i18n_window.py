"""Issue 20's walker over the whole window: with every tab built (Race, Scale map, Training with its
landscape), the insides dock open, the export dialog and the shortcuts dialog shown, a switch to zh_CN
leaves no English word in any widget's text, tooltip, title, item or action (outside ALLOWED_WORDS:
optimizer names, units, formats); switching back gives English again."""

from __future__ import annotations

import pytest

from app import i18n
from app.main_window import SCALE_MAP_TAB, TRAINING_TAB
from tests.app.test_i18n import ALLOWED_WORDS, untranslated_words

# Names of surfaces and people that stay in Latin script in Chinese text, as Rosenbrock does:
# "Booth 函数"; lesson titles "He 初始化" (Kaiming He), "变为 NaN".
NAMES = ALLOWED_WORDS | {"booth", "he", "nan"}


@pytest.fixture
def everything_built(window, qtbot):
    """The window with each lazy part built once: both extra tabs, the insides dock."""
    from app.training.panel import TrainingPanel
    from app.views.scale_map import ScaleMapView

    for key, kind in ((SCALE_MAP_TAB, ScaleMapView), (TRAINING_TAB, TrainingPanel)):
        assert window.show_tab(key)
        qtbot.waitUntil(lambda kind=kind: bool(window.findChildren(kind)), timeout=120_000)
    window.show_inside(True)
    qtbot.waitUntil(lambda: window.inside_dock is not None and window.inside_dock.isVisible(), timeout=10_000)
    yield window
    window.show_inside(False)


def _english_left(window) -> dict[str, str]:
    from app.export.dialog import ExportDialog

    found = untranslated_words(window, NAMES)
    dialog = ExportDialog(window.model.scene, parent=window)
    shortcuts = window.show_shortcuts()
    try:
        found.update(untranslated_words(dialog, NAMES))
        found.update(untranslated_words(shortcuts, NAMES))
        found.update(untranslated_words(window.menuBar(), NAMES))
    finally:
        dialog.deleteLater()
        shortcuts.close()
    return found


def test_no_english_is_left_anywhere_in_zh_cn_and_english_comes_back(everything_built, qapp):
    window = everything_built
    english = _english_left(window)
    assert {"File", "Export"} <= set(english)  # the walker sees the English interface

    i18n.set_language(qapp, "zh_CN")
    try:
        left = _english_left(window)
        assert left == {}, "\n".join(f"{word!r} in {text!r}" for word, text in sorted(left.items()))
    finally:
        i18n.set_language(qapp, "en")
    assert {"File", "Export"} <= set(_english_left(window))
