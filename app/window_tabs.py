"""The window's tabs: Race (built with the window), Scale map and Training (each built the first time it
is shown, so start-up pays for neither sweeps nor torch).

A tab is known by its English title, its *key* (``RACE_TAB``…), kept as the tab bar's data: the label the
user reads is that title translated, and follows a language switch. Functions here take the MainWindow;
they keep ``window.scale_map``, ``window.explanation`` and ``window.training_panel`` set (lessons, the
export dialog and tests read them there)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSignalBlocker, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QSplitter, QTabWidget, QWidget

from app.i18n import translate
from core.scale_map import ScaleMapRequest

RACE_TAB = QT_TRANSLATE_NOOP("MainWindow", "Race")
SCALE_MAP_TAB = QT_TRANSLATE_NOOP("MainWindow", "Scale map")
TRAINING_TAB = QT_TRANSLATE_NOOP("MainWindow", "Training")
# What a lazy tab shows until it is built.
PLACEHOLDERS = {SCALE_MAP_TAB: QT_TRANSLATE_NOOP("MainWindow", "The lr × loss-scale map will appear here."),
                TRAINING_TAB: QT_TRANSLATE_NOOP("MainWindow", "Opening the training panel…")}


def build_tabs(window, race: QWidget) -> QTabWidget:
    """The tab widget: the race page, and a placeholder for each lazy tab."""
    tabs = QTabWidget()
    tabs.setObjectName("viewTabs")
    window.tabs = tabs
    add_tab(tabs, race, RACE_TAB)
    window.scale_map_placeholder = _placeholder(tabs, SCALE_MAP_TAB)
    window.training_placeholder = _placeholder(tabs, TRAINING_TAB)
    window.training_panel = None
    window.scale_map = None
    window.map_rows = []  # the scene's rows the scale map shows (its enabled optimizers)
    tabs.currentChanged.connect(lambda index: on_tab(window, index))
    size_to_shown_page(tabs)
    return tabs


def _placeholder(tabs: QTabWidget, key: str) -> QLabel:
    label = QLabel(translate("MainWindow", PLACEHOLDERS[key]))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    add_tab(tabs, label, key)
    return label


def add_tab(tabs: QTabWidget, widget: QWidget, key: str, index: int | None = None) -> int:
    """Add (or insert at ``index``) a tab labelled with ``key`` translated; the key stays its data."""
    label = translate("MainWindow", key)
    index = tabs.addTab(widget, label) if index is None else tabs.insertTab(index, widget, label)
    tabs.tabBar().setTabData(index, key)
    return index


def tab_key(tabs: QTabWidget, index: int) -> str:
    """The English title of tab ``index`` (its label when it has no key: a tab added by someone else)."""
    key = tabs.tabBar().tabData(index)
    return key if isinstance(key, str) else tabs.tabText(index)


def current_key(window) -> str:
    return tab_key(window.tabs, window.tabs.currentIndex())


def tab_index(tabs: QTabWidget, key: str) -> int:
    """The index of the tab whose key (or label) is ``key``; -1 when there is none."""
    return next((i for i in range(tabs.count()) if key in (tab_key(tabs, i), tabs.tabText(i))), -1)


def install_tab(window, key: str, widget: QWidget) -> None:
    """Put a view in the tab ``key`` (replacing its placeholder), or add a new tab."""
    tabs = window.tabs
    i = tab_index(tabs, key)
    if i < 0:
        add_tab(tabs, widget, key)
        return
    current = tabs.currentIndex()
    # Silently: removing the shown tab makes its neighbour current for a moment, and on_tab would build
    # that one too (the Training panel, torch and all, or a hidden sweep).
    with QSignalBlocker(tabs):
        tabs.removeTab(i)
        add_tab(tabs, widget, key, i)
        tabs.setCurrentIndex(current)
    size_to_shown_page(tabs)


def retranslate_tabs(window) -> None:
    """Tab labels and the placeholders' texts in the current language."""
    tabs = window.tabs
    for i in range(tabs.count()):
        key = tabs.tabBar().tabData(i)
        if isinstance(key, str):
            tabs.setTabText(i, translate("MainWindow", key))
    window.scale_map_placeholder.setText(translate("MainWindow", PLACEHOLDERS[SCALE_MAP_TAB]))
    # (a placeholder replaced by its view stays a hidden child of the tabs: it too follows the language)
    window.training_placeholder.setText(translate("MainWindow", PLACEHOLDERS[TRAINING_TAB]))
    if window.training_panel is None and getattr(window, "training_error", ""):
        show_training_error(window)


def size_to_shown_page(tabs: QTabWidget) -> None:
    """Only the shown page sets the tabs' minimum size: a hidden page's size policy is Ignored, the shown
    one gets its own back. A QTabWidget otherwise takes the largest minimum of all its pages, and the
    Training panel, once built, kept the window at least 829 px wide on the Race tab too (1,459 px in a
    lesson: wider than a 1280 screen)."""
    ignored = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
    for i in range(tabs.count()):
        page = tabs.widget(i)
        if not hasattr(page, "own_size_policy"):
            page.own_size_policy = page.sizePolicy()
        wanted = page.own_size_policy if i == tabs.currentIndex() else ignored
        if page.sizePolicy() != wanted:
            page.setSizePolicy(wanted)


def on_tab(window, index: int) -> None:
    key = tab_key(window.tabs, index)
    size_to_shown_page(window.tabs)
    window.show_controls()  # the Race sidebar does nothing on the Training tab: hidden there
    if key == SCALE_MAP_TAB:
        show_scale_map(window)
    elif key == TRAINING_TAB and window.training_panel is None:
        try:
            from app.training.panel import TrainingPanel

            window.training_panel = TrainingPanel()
            window.training_panel.set_theme(window.view_theme(window.theme))
            window.training_panel.set_config(window.model.scene.training)
        except Exception as exc:  # noqa: BLE001 — a broken optional panel must not take the window down
            window.training_panel = None
            window.training_error = str(exc)
            show_training_error(window)
            return
        install_tab(window, TRAINING_TAB, window.training_panel)


def show_training_error(window) -> None:
    window.training_placeholder.setText(
        translate("MainWindow", "The training panel could not start: {error}").format(error=window.training_error))


def show_scale_map(window) -> None:
    if window.scale_map is None:
        from app.models.scale_map import ScaleMapModel
        from app.views.explanation import ExplanationPanel
        from app.views.scale_map import ScaleMapView

        model = window.model
        window.scale_map = ScaleMapView(ScaleMapModel(model.scene.scale_map, parent=window),
                                        theme=window.view_theme(window.theme))
        window.scale_map.model.requestChanged.connect(lambda request: model.set_tab_settings(scale_map=request))
        window.scale_map.cellClicked.connect(lambda row, lr, scale: open_cell(window, row, lr, scale))
        window.explanation = ExplanationPanel()
        page = QSplitter(Qt.Orientation.Horizontal)
        page.addWidget(window.scale_map)
        page.addWidget(window.explanation)
        window.explanation.setMinimumWidth(240)  # readable, however narrow the window
        page.setStretchFactor(0, 1)  # a wider window widens the maps, not the text
        page.setSizes([900, 260])
        install_tab(window, SCALE_MAP_TAB, page)
        model.sceneChanged.connect(lambda scene: update_scale_map(window, scene))
        window.scene_notes.notesShown.connect(lambda _title, _notes: update_scale_map(window, model.scene))
    update_scale_map(window, window.model.scene)


def update_scale_map(window, scene) -> None:
    """Sweeps cost seconds: only the visible map follows the scene (it is refreshed when shown)."""
    if current_key(window) != SCALE_MAP_TAB:
        return
    window.map_rows, problem = map_request(window)
    window.scale_map.model.set_request(scene.scale_map or ScaleMapRequest())
    window.scale_map.model.set_problem(*problem)
    window.explanation.show_scene_notes(scene, window.scene_notes.notes)


def map_request(window) -> tuple[list[int], tuple]:
    """The rows of the scene the scale map shows (its enabled optimizers) and the problem to map:
    surface, start, their effective specs, steps."""
    scene = window.model.scene
    rows = [i for i, entry in enumerate(scene.optimizers) if entry.enabled]
    specs = window.model.effective_specs()
    return rows, (scene.surface, scene.start, [specs[i] for i in rows], scene.steps)


def open_cell(window, row: int, lr: float, loss_scale: float) -> None:
    """A clicked cell becomes that optimizer's setting in the race (through the global factors)."""
    scene = window.model.scene
    index = window.map_rows[row]
    window.model.update_optimizer(index, lr=lr / scene.lr_factor, loss_scale=loss_scale / scene.loss_scale)
    window.tabs.setCurrentIndex(0)
    window.statusBar().showMessage(
        translate("MainWindow", "{optimizer}: lr {lr}, loss scale {scale} from the scale map").format(
            optimizer=scene.optimizers[index].spec.title, lr=f"{lr:.3g}", scale=f"{loss_scale:.3g}"), 8000)
