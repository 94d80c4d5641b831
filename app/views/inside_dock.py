"""The "Inside the optimizer" dock (issue 17): builds the InsideModel, the vectors overlay on the landscape,
the state panel and the step-by-step view, and wires them to the window. Mount it with::

    from app.views.inside_dock import build_inside_dock
    self.inside_dock = build_inside_dock(self.model, self.player, self.landscape, self.settings,
                                         self.optimizer_panel)
    self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inside_dock)
    self.inside_dock.hide()
    view_menu.addAction(self.inside_dock.toggleViewAction())   # View ▸ "Inside the optimizer"
    # and in closeEvent, before self.model.shutdown():  self.inside_dock.shutdown()

While the dock is hidden nothing is computed or drawn (the model drops races, the overlay is hidden);
showing it computes the current race's state once (on a worker thread).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDockWidget, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.i18n import is_language_change, translate
from app.models.inside import InsideModel
from app.views.common import optimizer_label
from app.views.state_panel import StatePanel
from app.views.step_view import StepView
from app.views.vectors import VectorOverlay

TITLE = QT_TRANSLATE_NOOP("InsideDock", "Inside the optimizer")  # shown through translate("InsideDock", TITLE)


class InsideDock(QDockWidget):
    """The dock; ``inside``, ``overlay``, ``panel``, ``step_view`` and ``run_choice`` are public."""

    def __init__(self, model, player, landscape, settings=None, optimizer_panel=None, parent=None):
        super().__init__(parent)
        self.setObjectName("insideDock")
        self.model = model
        self.inside = InsideModel(model, self)
        self.overlay = VectorOverlay(self.inside, landscape, self)
        self.panel = StatePanel(self.inside)
        self.step_view = StepView(self.inside, self.overlay, player)

        self.run_choice = QComboBox()
        self.vectors_box = QCheckBox()
        self.vectors_box.setChecked(True)
        self.run_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.run_label)
        top.addWidget(self.run_choice, 1)
        top.addWidget(self.vectors_box)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.panel, "")
        self.tabs.addTab(self.step_view, "")
        self.withheld = False  # see withhold
        self.withheld_note = QLabel()
        self.withheld_note.setWordWrap(True)
        self.withheld_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.withheld_note.hide()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.withheld_note, 1)
        self.setWidget(body)
        self.setMinimumWidth(380)
        self.retranslate()

        self.run_choice.currentIndexChanged.connect(lambda i: self.inside.set_selected(max(i, 0)))
        self.inside.selectionChanged.connect(self._show_selection)
        self.inside.failed.connect(lambda message: self.panel.title.setText(message))
        self.vectors_box.toggled.connect(lambda _on: self._show_vectors())
        model.sceneChanged.connect(self._fill_runs)
        if optimizer_panel is not None:
            optimizer_panel.list.currentRowChanged.connect(lambda row: row >= 0 and self.inside.set_selected(row))
        if settings is not None:
            settings.themeChanged.connect(self.set_theme)
            self.set_theme(settings.theme)
        self.visibilityChanged.connect(self._on_visible)
        self._fill_runs(model.scene)

    def retranslate(self) -> None:
        """The dock's own texts (its title is also View ▸'s toggle), and the overlay's legend, which is no
        widget and hears of a language change only from here; the panel and the step view follow their
        own LanguageChange events."""
        self.setWindowTitle(translate("InsideDock", TITLE))
        self.run_label.setText(self.tr("Run:"))
        self.vectors_box.setText(self.tr("Vectors on the map"))
        self.withheld_note.setText(self.tr("Predict first: the optimizer's insides show once the question is "
                                           "answered or skipped."))
        self.tabs.setTabText(self.tabs.indexOf(self.panel), self.tr("State"))
        self.tabs.setTabText(self.tabs.indexOf(self.step_view), self.tr("Step by step"))
        self.overlay.retranslate()

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _fill_runs(self, scene) -> None:
        names = [optimizer_label(spec) for spec in self.model.effective_specs()]
        current = [self.run_choice.itemText(i) for i in range(self.run_choice.count())]
        if names == current:
            return
        self.run_choice.blockSignals(True)
        self.run_choice.clear()
        self.run_choice.addItems(names)
        self.run_choice.setCurrentIndex(min(self.inside.selected, len(names) - 1))
        self.run_choice.blockSignals(False)

    def _show_selection(self, index: int) -> None:
        if self.run_choice.currentIndex() != index and index < self.run_choice.count():
            self.run_choice.blockSignals(True)
            self.run_choice.setCurrentIndex(index)
            self.run_choice.blockSignals(False)

    def _on_visible(self, visible: bool) -> None:
        """Shown: compute and draw; hidden (toggled off, or a tab of docks away): stop all work."""
        self.inside.set_active(visible)
        self.panel.active = visible
        self.step_view.active = visible
        self._show_vectors(visible)
        if visible:
            self.panel.refresh()
            self.step_view.refresh()

    def withhold(self, withheld: bool) -> None:
        """While a lesson's question waits for the class's prediction, the state, the step by step and the
        vectors on the map are hidden (a note says why): each shows the runs' steps, which the question
        asks about (lesson 4: how far RMSProp's first step goes against Adam's)."""
        self.withheld = withheld
        self.tabs.setVisible(not withheld)
        self.withheld_note.setVisible(withheld)
        self._show_vectors()

    def _show_vectors(self, visible: bool | None = None) -> None:
        """The arrows on the map: while the dock is shown (``visible``: as visibilityChanged says), asked for
        and not withheld."""
        shown = self.isVisible() if visible is None else visible
        self.overlay.set_shown(shown and self.vectors_box.isChecked() and not self.withheld)

    def set_theme(self, theme) -> None:
        self.overlay.set_theme(theme)
        self.panel.set_theme(theme)
        self.step_view.set_theme(theme)

    def shutdown(self) -> None:
        """Stop the worker and stop following visibility (the window's teardown hides the dock after the
        landscape's items are gone). A second call (a window closed twice) does nothing."""
        if getattr(self, "_shut", False):
            return
        self._shut = True
        self.visibilityChanged.disconnect(self._on_visible)
        self.inside.set_active(False)
        self.inside.shutdown()


def build_inside_dock(window_model, player, landscape_view, settings=None, optimizer_panel=None) -> InsideDock:
    """The dock, wired to the window's SceneModel, Player, LandscapeView, AppSettings (theme) and
    OptimizerPanel (its selected row is the run described). Hidden until the View toggle shows it."""
    dock = InsideDock(window_model, player, landscape_view, settings, optimizer_panel)
    dock.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea
                         | Qt.DockWidgetArea.BottomDockWidgetArea)
    return dock
