"""Starting the window: ``losslab`` with no subcommand opens it; ``losslab --screenshot FILE [--scene FILE]
[--step N] [--size WxH] [--theme dark|slide]`` renders the real window offscreen to a PNG and exits.

Importing this module imports no Qt (the CLI adds the options without paying for Qt); ``run_gui`` does.
The window is shown before the engine is warm: the kernel loads on a background thread and the race
appears when it is ready. torch is never imported here.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

MAX_SIZE = 8192


def add_gui_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("window")
    group.add_argument("--scene", metavar="FILE", help="open this scene file")
    group.add_argument("--screenshot", metavar="FILE",
                       help="render the window offscreen to this PNG and exit")
    group.add_argument("--step", type=int, metavar="N",
                       help="with --screenshot: the playback step shown (default: the scene's, or the end)")
    group.add_argument("--size", metavar="WxH", help="with --screenshot: window size in pixels (default 1400x900)")
    group.add_argument("--presentation", action="store_true",
                       help="presentation mode (full screen, larger text and lines, controls hidden; F11)")
    group.add_argument("--lesson", metavar="NAME",
                       help="open a guided lesson: its name or number (losslab lessons list), or a lesson file")
    group.add_argument("--lang", choices=("en", "zh_CN"),
                       help="interface language (the window's and --screenshot's; default: the remembered choice, "
                            "else the system's)")
    group.add_argument("--theme", choices=("dark", "slide"),
                       help="look of the plots (the window remembers the last one chosen; --screenshot: dark)")


def parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text or "")
    if not match:
        raise ValueError(f"--size must be WIDTHxHEIGHT, e.g. 1400x900, not '{text}'")
    width, height = int(match.group(1)), int(match.group(2))
    if not (320 <= width <= MAX_SIZE and 240 <= height <= MAX_SIZE):
        raise ValueError(f"--size must be from 320x240 to {MAX_SIZE}x{MAX_SIZE}, not {width}x{height}")
    return width, height


def _check_output(path_text: str) -> Path:
    path = Path(path_text)
    if path.suffix.lower() != ".png":
        raise ValueError(f"--screenshot writes a PNG; give a file name ending in .png, not '{path.name}'")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ValueError(f"cannot write {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ValueError(f"cannot write {path}: folder {folder} is not writable")
    if path.is_dir():
        raise ValueError(f"cannot write {path}: it is a folder")
    return path


def create_application(argv: list[str] | None = None):
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.resources import resource_path

    app = QApplication.instance() or QApplication(argv or ["losslab"])
    app.setApplicationName("losslab")
    app.setWindowIcon(QIcon(str(resource_path("icons", "losslab.png"))))
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=False, useOpenGL=False)
    apply_dark_palette(app)
    from app import gc_guard

    # Cycles are collected on this (the GUI) thread only: one collected on a worker thread frees Qt objects
    # there and can deadlock with the GUI thread (app.gc_guard); _end_gc_guard collects what is left.
    gc_guard.install(app)
    return app


def apply_dark_palette(app) -> None:
    from PySide6.QtGui import QColor, QPalette

    if app.style().name().lower() != "fusion":  # a new style object repolishes every widget (~30 ms)
        app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1e2025", QPalette.ColorRole.WindowText: "#d0d4da",
        QPalette.ColorRole.Base: "#15171b", QPalette.ColorRole.AlternateBase: "#23262c",
        QPalette.ColorRole.Text: "#e3e6ea", QPalette.ColorRole.Button: "#2a2d33",
        QPalette.ColorRole.ButtonText: "#e3e6ea", QPalette.ColorRole.Highlight: "#0072B2",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2a2d33",
        QPalette.ColorRole.ToolTipText: "#e3e6ea", QPalette.ColorRole.PlaceholderText: "#7d838c",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b7078"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6b7078"))
    if app.palette() != palette:  # the same palette again would still be sent to every widget
        app.setPalette(palette)


def create_window(scene=None, settings=None):
    """The model and window (not shown, engine not started); ``settings``: an app.settings.AppSettings
    (None: the user's stored ones)."""
    from app.main_window import MainWindow
    from app.model import SceneModel

    return MainWindow(SceneModel(scene), settings=settings)


def load_lesson(name: str):
    """The lesson ``--lesson`` names (a built-in lesson's name or number, or a lesson file), refused before
    any window opens with the loader's one-line reason (a ValueError, as every CLI refusal)."""
    from app.lessons.install import find_lesson
    from core.lessons import LessonError, lesson_paths, load

    path = Path(name) if Path(name).is_file() else find_lesson(name)
    if path is None:
        names = ", ".join(p.stem for p in lesson_paths())
        raise ValueError(f"no lesson called {name!r:.60}; choose one of: {names}")
    try:
        return load(path)
    except LessonError as exc:
        raise ValueError(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path.name}: cannot be read ({exc.__class__.__name__})") from None


def run_gui(args: argparse.Namespace) -> int:
    scene = None
    if getattr(args, "scene", None):
        from core.scene import load

        scene = load(args.scene)  # SceneError (a ValueError): the CLI prints the one-line reason
    lesson = load_lesson(args.lesson) if getattr(args, "lesson", None) else None
    if getattr(args, "screenshot", None):
        return screenshot(args, scene, lesson)
    if getattr(args, "step", None) is not None or getattr(args, "size", None):
        raise ValueError("--step and --size go with --screenshot")
    app = create_application()
    from app import i18n
    from app.settings import AppSettings

    settings = AppSettings()
    i18n.install(app, settings)  # the bundled CJK font, and the remembered (else the system's) language
    if getattr(args, "lang", None):
        i18n.choose(app, settings, args.lang)
    from app import gc_guard, main_window  # noqa: F401 — the window's modules, imported before the freeze

    gc_guard.installed(app).freeze_startup()
    window = create_window(scene, settings)
    if getattr(args, "lesson", None):
        window.lessons.start(lesson)
    if getattr(args, "theme", None):
        _apply_theme(window, args.theme)
    if getattr(args, "presentation", False):
        window.settings.set_presentation_mode(True)
    show_on_screen(window)
    window.model.start_engine()
    code = app.exec()
    release(window)
    end_worker_threads()  # a daemon thread still inside torch at exit aborts the process (see there)
    del window  # its cycles are garbage now: collected below, on this thread, while Qt is alive
    _end_gc_guard(app)
    return code


def fit_to_screen(window, free) -> bool:
    """Shrink ``window`` into ``free`` (the screen's free area, a QRect) where its size does not fit; True when
    it did not fit. The window opens at 1400×900, which ran off a 1280×720 laptop screen: the sidebar and the
    loss plot were cut off."""
    width, height = min(window.width(), free.width()), min(window.height(), free.height())
    if (width, height) == (window.width(), window.height()):
        return False
    window.resize(width, height)
    return True


def show_on_screen(window) -> None:
    """Show ``window``: maximized when its size does not fit the screen, so the window manager fits its frame
    and title bar in too."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    if screen is not None and fit_to_screen(window, screen.availableGeometry()):
        window.showMaximized()
    else:
        window.show()


def release(window) -> None:
    """Delete the window and everything it owns now, while Python is alive (see delete_pending)."""
    window.deleteLater()
    delete_pending()


def delete_pending() -> None:
    """Delete now every object deleteLater() marked: with no event loop left to do it, they would die in
    the QApplication's teardown at interpreter exit, where pyqtgraph items' Python overrides can run during
    shutdown and crash the process."""
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _apply_theme(window, name: str) -> None:
    from app.themes import get_theme

    window.set_theme(get_theme(name or "dark"))


def throwaway_settings():
    """The default settings, stored in a throw-away file: for screenshots and benchmarks (the user's stay
    as they are and do not change how a picture looks or what a figure measures)."""
    import tempfile

    from PySide6.QtCore import QSettings

    from app.settings import AppSettings

    folder = tempfile.TemporaryDirectory(prefix="losslab-settings-")
    settings = AppSettings(QSettings(os.path.join(folder.name, "settings.ini"), QSettings.Format.IniFormat))
    settings.folder = folder  # removed with the settings object
    return settings


_QT_NOISE = ("propagateSizeHints",)  # warnings of Qt's offscreen platform that say nothing to a user
_KEPT: list = []


def hide_platform_chatter() -> None:
    """Keep Qt's offscreen-platform chatter ("This plugin does not support propagateSizeHints()") off stderr
    (--screenshot, render); every other Qt message still goes through."""
    from PySide6.QtCore import qInstallMessageHandler

    if _KEPT:
        return
    previous = None

    def handler(kind, context, message):
        if any(noise in message for noise in _QT_NOISE):
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)
    # Kept for the life of the process: Qt calls the handler until the very end (teardown included), and a
    # collected handler crashed the process on exit now and then (SIGSEGV, no frame).
    _KEPT.append(handler)


def screenshot(args: argparse.Namespace, scene=None, lesson=None) -> int:
    width, height = parse_size(args.size) if args.size else (1400, 900)
    output = _check_output(args.screenshot)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication exists
    hide_platform_chatter()
    app = create_application()
    settings = throwaway_settings()
    settings.set_hint_dismissed(True)  # a picture of the app, not of its first-launch hint
    from app import i18n

    i18n.install_font(app)
    i18n.choose(app, settings, getattr(args, "lang", None) or "en")  # pictures are English unless asked
    window = create_window(scene, settings)
    if getattr(args, "lesson", None):
        window.lessons.start(lesson)
    window.full_screen_presentation = False  # the picture has the size asked for
    settings.set_presentation_mode(bool(getattr(args, "presentation", False)))
    model = window.model
    if args.step is not None:
        if not 0 <= args.step <= model.scene.steps:
            raise ValueError(f"--step must be from 0 to the scene's steps ({model.scene.steps}), not {args.step}")
        step = args.step
    else:
        step = model.scene.step if scene is not None and model.scene.step else model.scene.steps
    _apply_theme(window, getattr(args, "theme", "dark"))
    window.resize(width, height)
    window.show()
    model.start_engine_now()
    model.wait_idle()
    window.scene_notes.wait()  # the numbers the notes quote
    model.set_step(step)
    for _ in range(3):
        app.processEvents()
    window.statusBar().clearMessage()
    image = window.grab().toImage()
    if (image.width(), image.height()) != (width, height):  # smaller than the window's minimum size
        from PySide6.QtCore import Qt

        image = image.scaled(width, height, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    from app.export.image import png_bytes
    from core.export.files import write_bytes_atomically

    write_bytes_atomically(output, png_bytes(image))  # as every other save: no partial file, a link kept
    window.close()  # its closeEvent shuts down the training thread, the landscape and lesson runners, …
    if window.training_panel is not None:
        window.training_panel.shutdown()  # also when closeEvent did not run (idempotent)
    release(window)
    end_worker_threads()
    del window, model  # their cycles are garbage now: collected below, on this thread, while Qt is alive
    _end_gc_guard(app)
    return 0


def _end_gc_guard(app) -> None:
    """Collect what is left now, on this thread, while Qt is alive (not in the interpreter's last collection
    at exit, during Qt's teardown), and collect automatically again."""
    from app import gc_guard

    guard = gc_guard.installed(app)
    if guard is not None:
        guard.shutdown()


WORKER_GRACE_S = 120.0  # a worker may be inside what it cannot leave early (importing torch, one λmax estimate)


def end_worker_threads(grace: float = WORKER_GRACE_S) -> None:
    """Wait until every worker thread (app.jobs runners: a lesson's measurement, landscape, sharpness) has
    ended. A daemon thread still inside torch when the interpreter finalizes is torn down by pthread_exit,
    which aborts the process ("terminate called without an active exception", exit 134) after the picture
    was written. Past ``grace`` seconds the process ends at once, flushing its output first."""
    import threading
    import time

    deadline = time.monotonic() + grace
    for thread in threading.enumerate():
        if thread is threading.current_thread() or thread is threading.main_thread():
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(t.is_alive() for t in threading.enumerate() if t is not threading.main_thread()):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
