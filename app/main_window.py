"""The window: composition and wiring only. The race tab holds the landscape, loss plot, status and the
playback bar; the right column holds the controls. The "Scale map" tab (app.views.scale_map with the
scene's explanation beside it) and the "Training" tab (app.training.panel) are built the first time they
are opened, so start-up pays for neither sweeps nor torch."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSlider,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.help import HintStrip, ShortcutsDialog
from app.lessons.install import install_lessons
from app.menus import add_action, build_menus
from app.model import SceneModel
from app.player import Player
from app.settings import AppSettings
from app.themes import DARK, Theme
from app.undo import SceneHistory
from app.views.engine_note import EngineNote
from app.views.landscape import LandscapeView
from app.views.loss_plot import LossPlot
from app.views.notes_view import SceneNotesView
from app.views.status import StatusView
from app.widgets.focus import FocusReturn
from app.widgets.optimizer_panel import OptimizerPanel
from app.widgets.playback_bar import PlaybackBar
from app.widgets.scale_panel import ScalePanel
from app.widgets.surface_panel import SurfacePanel
from core.scale_map import ScaleMapRequest

RACE_TAB, SCALE_MAP_TAB, TRAINING_TAB = "Race", "Scale map", "Training"
# Presentation mode: text and lines this much larger (window font and every plot's theme).
PRESENTATION_SCALE = 1.5
SCENE_FILTER = "losslab scenes (*.json);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, model: SceneModel | None = None, parent=None, settings: AppSettings | None = None):
        super().__init__(parent)
        self.setWindowTitle("losslab — optimizers on loss surfaces")
        self.model = model if model is not None else SceneModel()
        self.settings = settings if settings is not None else AppSettings(parent=self)
        self.player = Player(self.model, self)
        self._shown_theme: Theme = DARK  # the views are built in DARK

        self.landscape = LandscapeView(self.model)
        self.loss_plot = LossPlot(self.model)
        self.status_view = StatusView(self.model)
        self.playback = PlaybackBar(self.model, self.player)
        self.surface_panel = SurfacePanel(self.model)
        self.scale_panel = ScalePanel(self.model)
        self.optimizer_panel = OptimizerPanel(self.model)
        self.scene_notes = SceneNotesView(self.model)  # escaped, its numbers measured off the UI thread

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.loss_plot)
        lower.addWidget(self.status_view)
        lower.setSizes([600, 420])
        race_split = QSplitter(Qt.Orientation.Vertical)
        race_split.addWidget(self.landscape)
        race_split.addWidget(lower)
        race_split.setStretchFactor(0, 3)
        race_split.setStretchFactor(1, 1)
        race = QWidget()
        race_layout = QVBoxLayout(race)
        race_layout.setContentsMargins(0, 0, 0, 0)
        race_layout.addWidget(race_split, 1)
        race_layout.addWidget(self.playback)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("viewTabs")
        self.tabs.addTab(race, RACE_TAB)
        self.scale_map_placeholder = QLabel("The lr × loss-scale map will appear here.")
        self.scale_map_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs.addTab(self.scale_map_placeholder, SCALE_MAP_TAB)
        self.training_placeholder = QLabel("Opening the training panel…")
        self.training_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs.addTab(self.training_placeholder, TRAINING_TAB)
        self.training_panel = None
        self.scale_map = None
        self._map_rows: list[int] = []
        self.tabs.currentChanged.connect(self._on_tab)

        controls = QWidget()
        controls_layout = QVBoxLayout(controls)
        for widget in (self.scene_notes, self.surface_panel, self.scale_panel, self.optimizer_panel):
            controls_layout.addWidget(widget)
        controls_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(controls)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(320)
        self.controls = scroll
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tabs)
        split.addWidget(scroll)
        split.setStretchFactor(0, 1)
        split.setSizes([900, 420])
        self.split = split
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        self.hint = None
        if not self.settings.hint_dismissed:  # once, on a first launch
            self.hint = HintStrip()
            self.hint.dismissed.connect(lambda: self.settings.set_hint_dismissed(True))
            central_layout.addWidget(self.hint)
        central_layout.addWidget(split, 1)
        self.setCentralWidget(central)
        self._controls_hidden = False  # F6; presentation mode starts with them hidden
        self.full_screen_presentation = True  # False: presentation look at the window's size (screenshots)
        self.history = SceneHistory(self.model, self)
        self.history.changed.connect(self._follow_history)
        for slider in self.controls.widget().findChildren(QSlider):  # a drag is one undo entry
            slider.sliderReleased.connect(self.history.close_group)
        self._base_font = self.font()


        # The optimizer's insides (vectors, state, step by step): a dock built the first time View asks for
        # it (its dozen small plots cost ~0.4 s, which start-up does not pay).
        self.inside_dock = None
        build_menus(self)
        self.lessons = install_lessons(self)
        self._build_shortcuts()
        self._follow_history()
        # Enter/Esc in a text field give the keys back to the map; a click on the map while a field is
        # being edited only takes the focus (it does not also move the start).
        self.focus_return = FocusReturn(self.landscape.graphics, self.landscape.graphics.viewport(), self)
        self.focus_return.watch(self.controls.widget(), self.playback)
        # The hover read-out follows a new surface under a still mouse (it was stale until the next move).
        self._hover_at = None
        self.landscape.graphics.scene().sigMouseMoved.connect(self._remember_hover)
        self.model.surfaceChanged.connect(lambda _surface: self._refresh_hover())
        self.model.error.connect(lambda message: self.statusBar().showMessage(message, 8000))
        # While the engine loads (or compiles, on a fresh checkout) the map says so, not a silent wait.
        self.engine_note = EngineNote(self.landscape, self.model, self.statusBar().showMessage)
        self.settings.themeChanged.connect(self._follow_theme)
        self.settings.ghostsShownChanged.connect(self._follow_ghosts)
        self.settings.presentationModeChanged.connect(self._follow_presentation)
        self._follow_theme(self.settings.theme)
        self._follow_ghosts(self.settings.ghosts_shown)
        self._follow_presentation(self.settings.presentation_mode)
        self.resize(1400, 900)

    # ---- menus and keys ----------------------------------------------------------------------------
    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        return add_action(self, menu, text, slot, shortcut)

    def _build_shortcuts(self) -> None:
        # Window-wide; text fields still get their own keys (they claim them via ShortcutOverride).
        for key, slot in ((Qt.Key.Key_Space, self.player.toggle), (Qt.Key.Key_Left, self.player.step_back),
                          (Qt.Key.Key_Right, self.player.step_forward), (Qt.Key.Key_Home, self.player.reset),
                          (Qt.Key.Key_End, self.player.to_end)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)

    # ---- scenes ------------------------------------------------------------------------------------
    def open_scene(self, path) -> bool:
        self.player.pause()
        if self.model.load_scene(path):
            if self.training_panel is not None:  # the lesson's training settings (None: the defaults)
                self.training_panel.set_config(self.model.scene.training)
            if self.model.scene.ghosts is not None:  # the scene asks for them (View ▸ Show ghosts shows it)
                self.settings.set_ghosts_shown(self.model.scene.ghosts)
            self.statusBar().showMessage(f"Opened {self.model.scene.title or Path(path).name}", 5000)
            return True
        QMessageBox.warning(self, "Scene not opened", self.model.last_error)
        return False

    def open_scene_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open scene", "", SCENE_FILTER)
        if path:
            self.open_scene(path)

    def save_scene(self, path) -> bool:
        self.model.set_window(self.landscape.visible_window())  # the view is part of the scene
        if self.training_panel is not None:  # and so are the training tab's settings, once it was opened
            self.model.set_tab_settings(training=self.training_panel.config())
        if self.model.save_scene(path):
            self.statusBar().showMessage(f"Saved {Path(path).name}", 5000)
            return True
        QMessageBox.warning(self, "Scene not saved", self.model.last_error)
        return False

    def save_scene_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save scene", "scene.json", SCENE_FILTER)
        if path:
            self.save_scene(path)

    def export_dialog(self) -> None:
        from app.export.dialog import SweepData, open_export_dialog  # PyAV and friends load on first export

        self.player.pause()
        sweeps = None
        if self.scale_map is not None:  # only a finished map of this very scene's runs
            result = self.scale_map.model.result_for(*self._map_request()[1])
            if result is not None:
                sweeps = SweepData(tuple(result.sweeps()), result.specs, result.steps)
        shown = self.tabs.tabText(self.tabs.currentIndex())
        on_map = shown == SCALE_MAP_TAB
        # PNG and SVG picture the tab being looked at (the dialog says so); animations and data are the race's.
        tab = {SCALE_MAP_TAB: self.scale_map, TRAINING_TAB: self.training_panel}.get(shown)
        self.export_dialog_window = open_export_dialog(self, self.model.scene, self.theme.name, sweeps,
                                                       prefer_sweeps=on_map, tab=tab,
                                                       tab_title=shown if tab is not None else "")

    # ---- other views -------------------------------------------------------------------------------
    def install_tab(self, title: str, widget: QWidget) -> None:
        """Put a view in the tab called ``title`` (replacing its placeholder), or add a new tab."""
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == title:
                current = self.tabs.currentIndex()
                # Silently: removing the shown tab makes its neighbour current for a moment, and _on_tab
                # would build that one too (the Training panel, torch and all, or a hidden sweep).
                with QSignalBlocker(self.tabs):
                    self.tabs.removeTab(i)
                    self.tabs.insertTab(i, widget, title)
                    self.tabs.setCurrentIndex(current)
                return
        self.tabs.addTab(widget, title)

    def _on_tab(self, index: int) -> None:
        title = self.tabs.tabText(index)
        self._show_controls()  # the Race sidebar does nothing on the Training tab: hidden there
        if title == SCALE_MAP_TAB:
            self._show_scale_map()
        elif title == TRAINING_TAB and self.training_panel is None:
            try:
                from app.training.panel import TrainingPanel

                self.training_panel = TrainingPanel()
                self.training_panel.set_config(self.model.scene.training)
            except Exception as exc:  # noqa: BLE001 — a broken optional panel must not take the window down
                self.training_placeholder.setText(f"The training panel could not start: {exc}")
                return
            self.install_tab(TRAINING_TAB, self.training_panel)

    def _show_scale_map(self) -> None:
        if self.scale_map is None:
            from app.models.scale_map import ScaleMapModel
            from app.views.explanation import ExplanationPanel
            from app.views.scale_map import ScaleMapView

            self.scale_map = ScaleMapView(ScaleMapModel(self.model.scene.scale_map, parent=self),
                                          theme=self._view_theme(self.theme))
            self.scale_map.model.requestChanged.connect(lambda request: self.model.set_tab_settings(scale_map=request))
            self.scale_map.cellClicked.connect(self._open_cell)
            self.explanation = ExplanationPanel()
            page = QSplitter(Qt.Orientation.Horizontal)
            page.addWidget(self.scale_map)
            page.addWidget(self.explanation)
            self.explanation.setMinimumWidth(240)  # readable, however narrow the window
            page.setStretchFactor(0, 1)  # a wider window widens the maps, not the text
            page.setSizes([900, 260])
            self.install_tab(SCALE_MAP_TAB, page)
            self.model.sceneChanged.connect(self._update_scale_map)
            self.scene_notes.notesShown.connect(lambda _title, _notes: self._update_scale_map(self.model.scene))
        self._update_scale_map(self.model.scene)

    def _update_scale_map(self, scene) -> None:
        """Sweeps cost seconds: only the visible map follows the scene (it is refreshed when shown)."""
        if self.tabs.tabText(self.tabs.currentIndex()) != SCALE_MAP_TAB:
            return
        self._map_rows, problem = self._map_request()
        self.scale_map.model.set_request(scene.scale_map or ScaleMapRequest())
        self.scale_map.model.set_problem(*problem)
        self.explanation.show_scene_notes(scene, self.scene_notes.notes)

    def _map_request(self) -> tuple[list[int], tuple]:
        """The rows of the scene the scale map shows (its enabled optimizers) and the problem to map:
        surface, start, their effective specs, steps."""
        scene = self.model.scene
        rows = [i for i, entry in enumerate(scene.optimizers) if entry.enabled]
        specs = self.model.effective_specs()
        return rows, (scene.surface, scene.start, [specs[i] for i in rows], scene.steps)

    def _open_cell(self, row: int, lr: float, loss_scale: float) -> None:
        """A clicked cell becomes that optimizer's setting in the race (through the global factors)."""
        scene = self.model.scene
        index = self._map_rows[row]
        self.model.update_optimizer(index, lr=lr / scene.lr_factor, loss_scale=loss_scale / scene.loss_scale)
        self.tabs.setCurrentIndex(0)
        self.statusBar().showMessage(
            f"{scene.optimizers[index].spec.title}: lr {lr:.3g}, loss scale {loss_scale:.3g} from the scale map", 8000)

    # ---- look (the settings object decides; the window and its views follow) ------------------------
    @property
    def theme(self) -> Theme:
        return self._shown_theme

    def set_theme(self, theme: Theme) -> None:
        """Same as the View menu: through the settings object, which every view follows."""
        self.settings.set_theme(theme)

    def _follow_theme(self, theme: Theme) -> None:
        """Restyle the views (they are built in DARK, so DARK at start costs nothing) and tick the theme in
        the View menu, whoever asked (menu, --theme, the stored setting)."""
        self.theme_actions[theme.name].setChecked(True)
        if theme is self._shown_theme:
            return
        self._shown_theme = theme
        self._restyle_views()

    def _follow_ghosts(self, shown: bool) -> None:
        self.ghosts_action.setChecked(shown)
        self.landscape.set_ghosts_shown(shown)
        self.loss_plot.set_ghosts_shown(shown)

    def _view_theme(self, theme: Theme) -> Theme:
        """The theme the plots get: in presentation mode with larger text, lines and heads."""
        if not self.settings.presentation_mode:
            return theme
        k = PRESENTATION_SCALE
        return dataclasses.replace(theme, font_size=round(theme.font_size * k), path_width=theme.path_width * k,
                                   head_size=theme.head_size * k)

    def _restyle_views(self) -> None:
        theme = self._view_theme(self._shown_theme)
        for view in (self.landscape, self.loss_plot, self.status_view, self.scale_map):
            if view is not None and getattr(view, "theme", None) != theme:
                view.set_theme(theme)

    def _follow_presentation(self, on: bool) -> None:
        """Full screen, everything larger, the controls hidden (F6 shows them on demand)."""
        self.presentation_action.setChecked(on)
        font = self._base_font
        if on:
            font = type(font)(font)
            font.setPointSizeF(font.pointSizeF() * PRESENTATION_SCALE)
        self.setFont(font)
        if on and not self.isFullScreen() and self.full_screen_presentation:
            self._was_maximized = self.isMaximized()
            if self.isVisible():
                self.showFullScreen()
        elif not on and self.isFullScreen():
            self.showMaximized() if getattr(self, "_was_maximized", False) else self.showNormal()
        self._controls_hidden = on
        self._show_controls()
        self._restyle_views()

    def set_controls_hidden(self, hidden: bool) -> None:
        self._controls_hidden = bool(hidden)
        self._show_controls()

    def _show_controls(self) -> None:
        on_training = self.tabs.tabText(self.tabs.currentIndex()) == TRAINING_TAB
        self.hide_controls_action.setChecked(self._controls_hidden)
        self.controls.setVisible(not self._controls_hidden and not on_training)

    def showEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().showEvent(event)
        if self.settings.presentation_mode and not self.isFullScreen() and self.full_screen_presentation:
            QTimer.singleShot(0, self.showFullScreen)

    # ---- undo, help, hover ------------------------------------------------------------------------------
    def _follow_history(self) -> None:
        self.undo_action.setEnabled(self.history.can_undo)
        self.redo_action.setEnabled(self.history.can_redo)

    def undo(self) -> None:
        if self.history.undo():
            self.statusBar().showMessage("Undone", 2000)
        else:
            self.statusBar().showMessage("Nothing to undo", 2000)

    def redo(self) -> None:
        if self.history.redo():
            self.statusBar().showMessage("Redone", 2000)
        else:
            self.statusBar().showMessage("Nothing to redo", 2000)

    def show_inside(self, shown: bool) -> None:
        """View ▸ Inside the optimizer: the dock (built on first use) shown or hidden."""
        if shown and self.inside_dock is None:
            from app.views.inside_dock import build_inside_dock

            self.inside_dock = build_inside_dock(self.model, self.player, self.landscape, self.settings,
                                                 self.optimizer_panel)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inside_dock)
            # closed by its own title-bar button: the View item follows
            self.inside_dock.visibilityChanged.connect(lambda _v: self.inside_action.setChecked(
                not self.inside_dock.isHidden()))
        if self.inside_dock is not None:
            self.inside_dock.setVisible(shown)
        self.inside_action.setChecked(shown)

    def show_shortcuts(self) -> ShortcutsDialog:
        self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.show()
        return self.shortcuts_dialog

    def _remember_hover(self, scene_pos) -> None:
        self._hover_at = scene_pos

    def _refresh_hover(self) -> None:
        view = self.landscape
        if self._hover_at is None or not view.readout.text().strip():
            return
        if not view.view_box.sceneBoundingRect().contains(self._hover_at):
            return
        p = view.view_box.mapSceneToView(self._hover_at)
        view.readout.setText(view.pointer.describe_point(p.x(), p.y()))

    def busy_work(self) -> list[str]:
        """What closing the window now would stop: a training run, an export being written."""
        busy = []
        if self.training_panel is not None and getattr(self.training_panel, "state", None) == "running":
            busy.append("a training run")
        dialog = getattr(self, "export_dialog_window", None)
        if dialog is not None and (getattr(dialog, "job", None) is not None
                                   or getattr(getattr(dialog, "data_jobs", None), "busy", False)):
            busy.append("an export")
        return busy

    def closeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        busy = self.busy_work()
        if busy:
            what = " and ".join(busy)
            answer = QMessageBox.question(
                self, "Quit losslab?", f"Quitting now stops {what} in progress. Quit anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self.player.pause()
        if self.training_panel is not None and hasattr(self.training_panel, "shutdown"):
            self.training_panel.shutdown()
        if self.scale_map is not None:
            self.scale_map.shutdown()
        if self.inside_dock is not None:
            self.inside_dock.shutdown()
        self.lessons.shutdown()
        self.scene_notes.shutdown()
        self.model.shutdown()
        super().closeEvent(event)
