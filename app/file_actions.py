"""The File menu's jobs for the window: scenes opened and saved (with their dialogs), File ▸ Export, and
quitting, which asks first while a training run or an export would be stopped.

Functions take the MainWindow (its methods of the same names call them). Their texts are the window's:
context "MainWindow", as the prepared translations have it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.i18n import current_language, translate
from app.window_tabs import SCALE_MAP_TAB, TRAINING_TAB, current_key

SCENE_FILTER = QT_TRANSLATE_NOOP("MainWindow", "losslab scenes (*.json);;All files (*)")
# What closing the window would stop (busy_work), named in the quit question.
TRAINING_WORK = QT_TRANSLATE_NOOP("MainWindow", "a training run")
EXPORT_WORK = QT_TRANSLATE_NOOP("MainWindow", "an export")


def open_scene(window, path) -> bool:
    window.player.pause()
    model = window.model
    if model.load_scene(path):
        if window.training_panel is not None:  # the lesson's training settings (None: the defaults)
            window.training_panel.set_config(model.scene.training)
        if model.scene.ghosts is not None:  # the scene asks for them (View ▸ Show ghosts shows it)
            window.settings.set_ghosts_shown(model.scene.ghosts)
        name = model.scene.title_in(current_language()) or Path(path).name
        window.statusBar().showMessage(translate("MainWindow", "Opened {name}").format(name=name), 5000)
        return True
    QMessageBox.warning(window, translate("MainWindow", "Scene not opened"), model.last_error)
    return False


def open_scene_dialog(window) -> None:
    path, _ = QFileDialog.getOpenFileName(window, translate("MainWindow", "Open scene"), "",
                                          translate("MainWindow", SCENE_FILTER))
    if path:
        open_scene(window, path)


def save_scene(window, path) -> bool:
    model = window.model
    model.set_window(window.landscape.visible_window())  # the view is part of the scene
    if window.training_panel is not None:  # and so are the training tab's settings, once it was opened
        model.set_tab_settings(training=window.training_panel.config())
    if model.save_scene(path):
        window.statusBar().showMessage(translate("MainWindow", "Saved {name}").format(name=Path(path).name), 5000)
        return True
    QMessageBox.warning(window, translate("MainWindow", "Scene not saved"), model.last_error)
    return False


def save_scene_dialog(window) -> None:
    path, _ = QFileDialog.getSaveFileName(window, translate("MainWindow", "Save scene"), "scene.json",
                                          translate("MainWindow", SCENE_FILTER))
    if path:
        save_scene(window, path)


def export_dialog(window) -> None:
    from app.export.dialog import SweepData, open_export_dialog  # PyAV and friends load on first export
    from app.window_tabs import map_request

    window.player.pause()
    sweeps = None
    if window.scale_map is not None:  # only a finished map of this very scene's runs
        result = window.scale_map.model.result_for(*map_request(window)[1])
        if result is not None:
            sweeps = SweepData(tuple(result.sweeps()), result.specs, result.steps)
    shown = current_key(window)
    # PNG and SVG picture the tab being looked at (the dialog says so); animations and data are the race's.
    tab = {SCALE_MAP_TAB: window.scale_map, TRAINING_TAB: window.training_panel}.get(shown)
    tab_title = window.tabs.tabText(window.tabs.currentIndex()) if tab is not None else ""
    window.export_dialog_window = open_export_dialog(window, window.model.scene, window.theme.name, sweeps,
                                                     prefer_sweeps=shown == SCALE_MAP_TAB, tab=tab,
                                                     tab_title=tab_title)


def busy_work(window) -> list[str]:
    """What closing the window now would stop, in words: a training run, an export being written."""
    busy = []
    if window.training_panel is not None and getattr(window.training_panel, "state", None) == "running":
        busy.append(translate("MainWindow", TRAINING_WORK))
    dialog = getattr(window, "export_dialog_window", None)
    if dialog is not None and (getattr(dialog, "job", None) is not None
                               or getattr(getattr(dialog, "data_jobs", None), "busy", False)):
        busy.append(translate("MainWindow", EXPORT_WORK))
    return busy


def confirm_quit(window) -> bool:
    """True when the window may close: nothing is running, or the user said to quit anyway."""
    busy = busy_work(window)
    if not busy:
        return True
    work = busy[0]
    if len(busy) > 1:
        work = translate("MainWindow", "{first} and {second}").format(first=busy[0], second=busy[1])
    question = translate("MainWindow", "Quitting now stops {work} in progress. Quit anyway?").format(work=work)
    answer = QMessageBox.question(
        window, translate("MainWindow", "Quit losslab?"), question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
