"""Fixtures for driving the real window: a shown MainWindow with the engine warmed, message boxes recorded
instead of blocking."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox


@pytest.fixture(scope="session", autouse=True)
def bundled_font(qapp):
    """The font state of the real app (and of render, --screenshot): the bundled CJK font registered as the
    interface font's fallback, for every test — not only after the first test that happens to install it."""
    from app import i18n

    return i18n.install_font(qapp)


@pytest.fixture(scope="module", autouse=True)
def gui_thread_collection(qapp):
    """Cycles collected on the GUI thread only, as in the app (create_application installs app.gc_guard; the
    tests build windows without it). Per module: its end collects what is left, here, and turns automatic
    collection back on for the tests of other folders that run in this process."""
    from app import gc_guard

    guard = gc_guard.install(qapp)
    yield guard
    guard.shutdown()


@pytest.fixture
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))
    return shown


@pytest.fixture
def window(qtbot, warnings_shown):
    from app.launch import apply_dark_palette
    from app.main_window import MainWindow

    apply_dark_palette(QApplication.instance())
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.model.start_engine_now()  # before show: the first paint already has the race (one paint, not two)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.player.pause()
    win.model.shutdown()


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """app.settings.AppSettings() stores under a temporary folder, never in the user's settings."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    return tmp_path / "settings"


@pytest.fixture
def make_scale_map_view(qtbot):
    """make(width, height): a shown 16×16 ScaleMapView at that size (shut down after the test)."""
    from app.models.scale_map import ScaleMapModel
    from app.views.scale_map import ScaleMapView
    from core.scale_map import ScaleMapRequest

    made = []

    def make(width: int, height: int = 500):
        widget = ScaleMapView(ScaleMapModel(ScaleMapRequest(resolution=16)))
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        made.append(widget)
        return widget

    yield make
    for widget in made:
        widget.shutdown()


@pytest.fixture
def make_training_panel(qtbot):
    """make(width, height): a shown TrainingPanel whose worker is ready and paused (shut down after)."""
    from app.training.panel import TrainingPanel

    made = []

    def make(width: int, height: int):
        widget = TrainingPanel()
        qtbot.addWidget(widget)
        widget.resize(width, height)
        with qtbot.waitSignals([widget.workerReady, widget.configured], timeout=120_000):
            widget.show()
        qtbot.waitUntil(lambda: widget.state == "paused", timeout=10_000)
        made.append(widget)
        return widget

    yield make
    for widget in made:
        widget.shutdown()


@pytest.fixture
def make_inside_dock(qtbot):
    """make(window): the insides dock built for ``window``, shown on its right, holding the state of the
    window's current race (shut down after the test)."""
    from PySide6.QtCore import Qt

    from app.views.inside_dock import build_inside_dock

    made = []

    def make(window):
        dock = build_inside_dock(window.model, window.player, window.landscape, window.settings,
                                 window.optimizer_panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        dock.show()
        made.append(dock)
        qtbot.waitUntil(lambda: dock.inside.inside is not None and dock.inside.inside.race is window.model.race,
                        timeout=30000)
        return dock

    yield make
    for dock in made:
        dock.shutdown()


@pytest.fixture
def make_landscape_with_chart(qtbot):
    """make(width, height): the Training tab's LandscapeView shown at that size with its sharpness chart
    switched on and visible."""
    from app.training.landscape_view import LandscapeView

    def make(width: int, height: int):
        view = LandscapeView()
        qtbot.addWidget(view)
        view.resize(width, height)
        view.show()
        view.sharpness_toggle.setChecked(True)
        qtbot.waitUntil(lambda: view.chart.isVisible())
        return view

    return make
