"""The Training tab's pieces in a real process: what the user sees on the terminal and the exit status
(a thread left running at exit aborts the process after its work is done; Qt's platform chatter)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def test_a_screenshot_of_the_edge_of_stability_lesson_ends_cleanly(tmp_path):
    """Lesson 17 starts the Training tab's worker thread and measures its claims with torch on a runner:
    both must have ended before the interpreter does (it aborted with exit 134, "terminate called without an
    active exception", after writing the picture)."""
    out = tmp_path / "eos.png"
    done = subprocess.run([sys.executable, "-m", "app.cli.main", "--screenshot", str(out), "--size", "1280x720",
                           "--lesson", "edge_of_stability"], capture_output=True, text=True, timeout=400, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "terminate" not in done.stderr and "Traceback" not in done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)


def test_a_landscape_picture_prints_no_qt_platform_chatter(tmp_path):
    out = tmp_path / "slice.png"
    done = subprocess.run([sys.executable, "-m", "app.cli.main", "landscape", "--task", "spirals", "--steps", "6",
                           "--width", "8", "--grid", "5", "-o", str(out)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "propagateSizeHints" not in done.stderr and "Traceback" not in done.stderr
    assert out.is_file()


QUIT_SOON = """
import os, sys
from PySide6.QtCore import QTimer
from app import launch
shown = launch.show_on_screen

def show_then_quit(window):
    shown(window)
    QTimer.singleShot(1500, window.close)  # File > Quit while torch loads and the lesson's numbers are measured

launch.show_on_screen = show_then_quit
from app.cli.main import main
sys.exit(main(["--lesson", "edge_of_stability", "--lang", "en"]))
"""


def test_quitting_the_window_while_a_lesson_measures_ends_the_process_cleanly(tmp_path):
    """The window's own quit (not a screenshot): the process ended with exit 134, "terminate called without
    an active exception", when the lecturer quit in the first seconds of lesson 17."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", QUIT_SOON], capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "terminate" not in done.stderr and "Traceback" not in done.stderr
