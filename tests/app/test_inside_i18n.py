"""Inside the optimizer follows a live language switch (issue 20): every text of the dock, the state panel,
the step-by-step view, the vectors' legend and the engine note goes through Qt's translators and is set
again on LanguageChange. A translator that marks what it translates stands in for the compiled zh_CN
catalogue, so the test sees exactly which texts were looked up, in which context, and that removing it
brings the English back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

CONTEXTS = {"InsideDock", "InsideModel", "StatePanel", "StepView", "VectorOverlay", "EngineNote"}


class MarkingTranslator(QTranslator):
    """‹source› for every text of this feature's contexts (placeholders kept), nothing for the rest."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"‹{source}›" if context in CONTEXTS else ""

    def isEmpty(self) -> bool:  # noqa: N802 — Qt's name
        return False


@pytest.fixture
def dock(window, make_inside_dock):
    return make_inside_dock(window)


def texts(window, dock) -> dict[str, str]:
    panel, steps, overlay = dock.panel, dock.step_view, dock.overlay
    effective_lr = [panel.table.verticalHeaderItem(r).text() for r in range(panel.table.rowCount())]
    return {"title": dock.windowTitle(), "tab": dock.tabs.tabText(1), "box": dock.vectors_box.text(),
            "run": dock.run_label.text(), "rows": " ".join(effective_lr), "line": panel.title.text(),
            "gauge": panel.gauge.text, "plot": panel.small["lr_eff"].titleLabel.text,
            "prev": steps.prev_button.text(), "heading": steps.heading.text(), "hint": steps.hint.text(),
            "legend": " ".join(label.text for _sample, label in overlay.legend.items),
            "scale": overlay.scale_label.text, "engine": window.engine_note.text()}


def test_every_text_is_looked_up_again_on_a_language_change_and_back(window, dock, qtbot):
    window.model.set_step(0)  # the momentum buffer's first step carries the note "first step"
    kinds = [spec.kind for spec in window.model.effective_specs()]
    window.optimizer_panel.list.setCurrentRow(kinds.index("momentum"))
    dock.tabs.setCurrentWidget(dock.step_view)
    english = texts(window, dock)
    assert english["title"] == "Inside the optimizer" and "effective lr" in english["rows"]
    assert "‹" not in "".join(english.values())

    marking = MarkingTranslator()
    QCoreApplication.installTranslator(marking)
    try:
        qtbot.waitUntil(lambda: texts(window, dock)["title"] == "‹Inside the optimizer›")
        assert "‹first step›" in dock.step_view.list.item(2).text()  # b ← g, the buffer's first step
        dock.tabs.setCurrentWidget(dock.panel)  # a hidden tab catches up when shown
        shown = texts(window, dock)
        for key, text in shown.items():
            assert "‹" in text, (key, text)  # looked up again, in its own context
        assert "‹effective lr›" in shown["rows"] and "‹step Δθ›" in shown["legend"]
    finally:
        QCoreApplication.removeTranslator(marking)
    qtbot.waitUntil(lambda: texts(window, dock)["title"] == "Inside the optimizer")
    dock.tabs.setCurrentWidget(dock.step_view)
    back = texts(window, dock)
    assert "‹" not in "".join(back.values()), back
    assert back["legend"] == english["legend"] and back["rows"] == english["rows"]
