"""The Training tab's PNG/SVG export as a job (issue 16): drawn on the GUI thread, encoded and written on a
worker, an existing file kept through a cancel or a failure."""

from __future__ import annotations

import threading

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.training import export
from app.training.export import export_widget
from app.training.export_job import TrainingExportJob
from tests.app.test_export_jobs import run_job  # the export dialog's jobs and this one share their signals


def no_worker_left(qtbot):
    qtbot.waitUntil(lambda: not any(t.name == "losslab-export-training" for t in threading.enumerate()),
                    timeout=10_000)


@pytest.fixture
def plot(qtbot):
    """A view like the tab's: a plain widget holding a plot (QGraphicsView.render takes other arguments)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    curves = pg.PlotWidget()
    curves.plot(np.arange(50.0), np.sin(np.arange(50.0) / 5), pen="y")
    QVBoxLayout(widget).addWidget(curves)
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_an_8k_png_of_the_training_tab_is_encoded_while_the_window_turns(qtbot, make_training_panel, tmp_path):
    """Only the drawing holds the GUI thread: a 50 ms timer keeps firing while the PNG is encoded and
    written (3–6 s of the GUI thread before), and the file is the picture export_widget writes."""
    panel = make_training_panel(1280, 660)
    panel.set_options(task="blobs", steps=30)
    with qtbot.waitSignal(panel.configured, timeout=30_000):
        panel.reset()
    panel.start()
    qtbot.waitUntil(lambda: panel.state == "finished", timeout=120_000)
    view = panel.views.currentWidget()
    target = tmp_path / "training.png"
    job = TrainingExportJob(view, target, (7680, 4320), "slide")
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    try:
        assert run_job(qtbot, job) == {"path": str(target)}
    finally:
        timer.stop()
    assert len(ticks) >= 3  # the window's timer fired while the worker encoded
    written = QImage(str(target))
    assert (written.width(), written.height()) == (7680, 4320)
    small_job, small_sync = tmp_path / "job.png", tmp_path / "sync.png"
    assert run_job(qtbot, TrainingExportJob(view, small_job, (960, 540), "slide")) == {"path": str(small_job)}
    export_widget(view, small_sync, (960, 540), "slide")
    assert QImage(str(small_job)) == QImage(str(small_sync))
    colours = {written.pixel(x, y) for x in range(0, 7680, 61) for y in range(0, 4320, 61)}
    assert len(colours) > 20  # curves and text, not a blank background


def test_an_svg_job_writes_the_svg(qtbot, plot, tmp_path):
    target = tmp_path / "plot.svg"
    assert run_job(qtbot, TrainingExportJob(plot, target, (800, 600), "dark")) == {"path": str(target)}
    text = target.read_text(encoding="utf-8")
    assert "<svg" in text and "losslab training view" in text and "<path" in text


def test_cancelling_leaves_the_existing_file_untouched(qtbot, plot, tmp_path, monkeypatch):
    target = tmp_path / "plot.png"
    target.write_bytes(b"the picture exported yesterday")
    encoding, cancelled = threading.Event(), threading.Event()
    encode = export.Picture.encoded

    def slow_encode(picture):
        encoding.set()
        cancelled.wait(10)  # the user presses Cancel while the PNG is being encoded
        return encode(picture)

    monkeypatch.setattr(export.Picture, "encoded", slow_encode)
    job = TrainingExportJob(plot, target, (800, 600))
    job.start()
    qtbot.waitUntil(encoding.is_set, timeout=10_000)
    with qtbot.waitSignal(job.cancelled):
        job.cancel()
    cancelled.set()
    no_worker_left(qtbot)
    assert target.read_bytes() == b"the picture exported yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plot.png"]  # no temporary left either


def test_a_failed_encoding_is_one_line_and_keeps_the_existing_file(qtbot, plot, tmp_path, monkeypatch):
    target = tmp_path / "plot.png"
    target.write_bytes(b"yesterday")
    monkeypatch.setattr(QImage, "save", lambda *args, **kw: False)
    outcome = run_job(qtbot, TrainingExportJob(plot, target, (800, 600)))
    assert set(outcome) == {"failed"}
    assert "cannot export to" in outcome["failed"] and "PNG could not be written" in outcome["failed"]
    assert "\n" not in outcome["failed"]
    no_worker_left(qtbot)
    assert target.read_bytes() == b"yesterday" and sorted(p.name for p in tmp_path.iterdir()) == ["plot.png"]


@pytest.mark.parametrize("name, size, reason", [("big.png", (9000, 100), "between 16 and 8192"),
                                                 ("plot.gif", (800, 600), "png or .svg"),
                                                 ("nowhere/plot.png", (800, 600), "does not exist")])
def test_bad_requests_are_refused_before_anything_runs(plot, tmp_path, name, size, reason):
    with pytest.raises(ValueError, match=reason):
        TrainingExportJob(plot, tmp_path / name, size)
    assert list(tmp_path.iterdir()) == []


def test_the_export_dialog_s_tab_job_for_the_training_tab_is_this_job(qtbot, make_training_panel, tmp_path):
    """What File ▸ Export runs on the Training tab (app.export.tab.tab_job): the panel's own job, which
    writes the picture of the visible view at the asked size."""
    from app.export.tab import tab_job

    panel = make_training_panel(900, 600)
    target = tmp_path / "tab.png"
    job = tab_job(panel, target, (800, 450), None)
    assert isinstance(job, TrainingExportJob)
    assert run_job(qtbot, job) == {"path": str(target)}
    image = QImage(str(target))
    assert (image.width(), image.height()) == (800, 450)
    no_worker_left(qtbot)
