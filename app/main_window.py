"""The window: composition and wiring only. The race tab holds the landscape, loss plot, status and the
playback bar; the right column holds the controls. The other tabs (app.window_tabs) are built the first
time they are opened; the menus are app.menus', the File menu's jobs app.file_actions', the look (theme,
presentation mode, the controls column) app.presentation's."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QScrollArea, QSlider, QSplitter, QVBoxLayout, QWidget

from app import file_actions
from app.help import HintStrip, ShortcutsDialog
from app.lessons.install import install_lessons
from app.menus import build_menus, retranslate_menus
from app.model import SceneModel
from app.player import Player
from app.presentation import WindowLook
from app.settings import AppSettings
from app.themes import Theme
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
from app.window_tabs import RACE_TAB, SCALE_MAP_TAB, TRAINING_TAB, build_tabs, install_tab, retranslate_tabs, tab_index

__all__ = ["MainWindow", "RACE_TAB", "SCALE_MAP_TAB", "TRAINING_TAB"]


class MainWindow(QMainWindow):
    def __init__(self, model: SceneModel | None = None, parent=None, settings: AppSettings | None = None):
        super().__init__(parent)
        self.model = model if model is not None else SceneModel()
        self.settings = settings if settings is not None else AppSettings(parent=self)
        self.player = Player(self.model, self)
        self.look = WindowLook(self)

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
        lower.setSizes([520, 500])  # at 1280 px the table needs ~370 px for "diverged at step 194" and its numbers
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
        build_tabs(self, race)  # self.tabs; the Scale map and Training tabs are built when first shown

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
        self.history = SceneHistory(self.model, self)
        self.history.changed.connect(self._follow_history)
        for slider in self.controls.widget().findChildren(QSlider):  # a drag is one undo entry
            slider.sliderReleased.connect(self.history.close_group)

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
        # Bound methods, not lambdas holding self: the model's connections would keep a closed window alive.
        self.model.surfaceChanged.connect(self._refresh_hover)
        self.model.error.connect(self._show_error)
        # While the engine loads (or compiles, on a fresh checkout) the map says so, not a silent wait.
        self.engine_note = EngineNote(self.landscape, self.model, self.statusBar().showMessage)
        self.settings.ghostsShownChanged.connect(self._follow_ghosts)
        self._follow_ghosts(self.settings.ghosts_shown)
        self.look.follow(self.settings)
        self.retranslate()
        self.resize(1400, 900)

    # ---- language ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Every text the window itself shows, in the current language (the views relabel themselves)."""
        self.setWindowTitle(self.tr("losslab — optimizers on loss surfaces"))
        retranslate_menus(self)
        retranslate_tabs(self)

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---- keys ----------------------------------------------------------------------------------------
    def _build_shortcuts(self) -> None:
        # Window-wide; text fields still get their own keys (they claim them via ShortcutOverride).
        for key, slot in ((Qt.Key.Key_Space, self.player.toggle), (Qt.Key.Key_Left, self.player.step_back),
                          (Qt.Key.Key_Right, self.player.step_forward), (Qt.Key.Key_Home, self.player.reset),
                          (Qt.Key.Key_End, self.player.to_end)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)

    # ---- scenes and export (app.file_actions) ---------------------------------------------------------
    def open_scene(self, path) -> bool:
        return file_actions.open_scene(self, path)

    def open_scene_dialog(self) -> None:
        file_actions.open_scene_dialog(self)

    def save_scene(self, path) -> bool:
        return file_actions.save_scene(self, path)

    def save_scene_dialog(self) -> None:
        file_actions.save_scene_dialog(self)

    def export_dialog(self) -> None:
        file_actions.export_dialog(self)

    # ---- tabs (app.window_tabs) ------------------------------------------------------------------------
    def install_tab(self, title: str, widget: QWidget) -> None:
        """Put a view in the tab called ``title`` (its English key; replacing its placeholder), or add a new
        tab."""
        install_tab(self, title, widget)

    def show_tab(self, title: str) -> bool:
        """Make the tab called ``title`` (its English key, e.g. RACE_TAB, in any language) current."""
        index = tab_index(self.tabs, title)
        if index >= 0:
            self.tabs.setCurrentIndex(index)
        return index >= 0

    # ---- look (the settings object decides; app.presentation follows it) ---------------------------------
    @property
    def theme(self) -> Theme:
        return self.look.shown_theme

    def set_theme(self, theme: Theme) -> None:
        """Same as the View menu: through the settings object, which every view follows."""
        self.settings.set_theme(theme)

    def view_theme(self, theme: Theme) -> Theme:
        """The theme the plots get (larger in presentation mode)."""
        return self.look.view_theme(theme)

    @property
    def full_screen_presentation(self) -> bool:
        """False: presentation mode keeps the window's size (screenshots)."""
        return self.look.full_screen

    @full_screen_presentation.setter
    def full_screen_presentation(self, full_screen: bool) -> None:
        self.look.full_screen = bool(full_screen)

    def set_controls_hidden(self, hidden: bool) -> None:
        self.look.set_controls_hidden(hidden)

    def show_controls(self) -> None:
        """The controls column as F6 and the current tab want it."""
        self.look.show_controls()

    def _follow_ghosts(self, shown: bool) -> None:
        self.ghosts_action.setChecked(shown)
        self.landscape.set_ghosts_shown(shown)
        self.loss_plot.set_ghosts_shown(shown)

    def showEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().showEvent(event)
        if self.look.wants_full_screen():
            QTimer.singleShot(0, self.showFullScreen)

    # ---- undo, help, hover ------------------------------------------------------------------------------
    def _follow_history(self) -> None:
        self.undo_action.setEnabled(self.history.can_undo)
        self.redo_action.setEnabled(self.history.can_redo)

    def undo(self) -> None:
        done = self.history.undo()
        self.statusBar().showMessage(self.tr("Undone") if done else self.tr("Nothing to undo"), 2000)

    def redo(self) -> None:
        done = self.history.redo()
        self.statusBar().showMessage(self.tr("Redone") if done else self.tr("Nothing to redo"), 2000)

    def show_inside(self, shown: bool) -> None:
        """View ▸ Inside the optimizer: the dock (built on first use) shown or hidden."""
        width = self.width()
        if shown and self.inside_dock is None:
            from app.views.inside_dock import build_inside_dock

            self.inside_dock = build_inside_dock(self.model, self.player, self.landscape, self.settings,
                                                 self.optimizer_panel)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inside_dock)
            # closed by its own title-bar button: the View item follows
            self.inside_dock.visibilityChanged.connect(lambda _v: self.inside_action.setChecked(
                not self.inside_dock.isHidden()))
            self.inside_dock.withhold(self.lessons.holding)  # opened while a lesson's question waits
        if self.inside_dock is not None:
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # a column just hidden, laid out
            self.inside_dock.setVisible(shown)
            self._keep_width(width)
        self.inside_action.setChecked(shown)

    def _keep_width(self, width: int) -> None:
        """Back to ``width`` if showing a dock widened the window though the window's minimum, computed
        afresh, still fits in it: in a lesson step that hides the controls column, at 1,280 px, Qt grew the
        window to 1,534 px (past the screen) where 1,210 px hold everything."""
        if self.isFullScreen() or self.width() <= width:
            return
        self.layout().invalidate()
        self.layout().activate()  # the window's minimum, computed again
        if width >= self.minimumWidth():
            self.resize(width, self.height())

    def show_shortcuts(self) -> ShortcutsDialog:
        """The keyboard-shortcuts list, shown (one list: F1 again brings the open one to the front)."""
        if getattr(self, "shortcuts_dialog", None) is None:
            self.shortcuts_dialog = ShortcutsDialog(self)
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()
        self.shortcuts_dialog.activateWindow()
        return self.shortcuts_dialog

    def _remember_hover(self, scene_pos) -> None:
        self._hover_at = scene_pos

    def _show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _refresh_hover(self, *_surface) -> None:
        view = self.landscape
        if self._hover_at is None or not view.readout.text().strip():
            return
        if not view.view_box.sceneBoundingRect().contains(self._hover_at):
            return
        p = view.view_box.mapSceneToView(self._hover_at)
        view.readout.setText(view.pointer.describe_point(p.x(), p.y()))

    # ---- closing -------------------------------------------------------------------------------------
    def busy_work(self) -> list[str]:
        """What closing the window now would stop, in words: a training run, an export being written."""
        return file_actions.busy_work(self)

    def closeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if not file_actions.confirm_quit(self):
            event.ignore()
            return
        self.player.pause()
        # Gone from the screen before waiting below for workers to stop (a training thread still importing
        # torch takes seconds): the window stood frozen, its menu still open, until they had.
        self.hide()
        QGuiApplication.sync()
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
