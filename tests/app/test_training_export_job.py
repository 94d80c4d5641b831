"""The Training tab's PNG/SVG export as a job (issue 16): the view's paint commands recorded on the GUI
thread, the picture drawn from them, encoded and written on a worker while the window keeps turning, the
same pixels as drawing the view straight into the image, an existing file kept through a cancel or a
failure."""

from __future__ import annotations

import threading

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.training import export
from app.training.export import export_widget
from app.training.export_job import TrainingExportJob
from tests.app.test_export_jobs import run_job  # the export dialog's jobs and this one share their signals

# A PNG job's picture against the view drawn straight into the image on the GUI thread: the same but for a
# few antialiased edges (some glyphs': Qt's font caches are per thread; at some scales one edge row, from
# the recording): at most this share of the pixels may differ, by at most this many levels of a channel.
# Measured: this file's 8K curves 0.07 % of the pixels by at most 34 levels; the Training tab at
# 3840×2160 one row (0.05 %) by 4 levels, at 8K none (benchmarks/bench_export_jobs.py --compare).
MOST_DIFFERING_SHARE, MOST_LEVELS = 0.002, 64


def no_worker_left(qtbot):
    qtbot.waitUntil(lambda: not any(t.name == "losslab-export-training" for t in threading.enumerate()),
                    timeout=10_000)


def cancel_during(qtbot, job, reached: threading.Event, release: threading.Event) -> None:
    """Start ``job``, press Cancel once its worker ``reached`` a patched step (which waits for ``release``),
    let the step go on, and wait until the worker is gone."""
    job.start()
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    with qtbot.waitSignal(job.cancelled):
        job.cancel()
    release.set()
    no_worker_left(qtbot)


def run_job_ticking(qtbot, job, interval_ms: int, ticks: list[int]) -> dict:
    """run_job while a GUI-thread timer stands in for the window: each of its ticks appends to ``ticks``."""
    timer = QTimer()
    timer.setInterval(interval_ms)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    try:
        return run_job(qtbot, job)
    finally:
        timer.stop()


def one_shot(view, size, theme) -> QImage:
    """The picture as the export drew it before issue 16's last item: the view, themed and without its
    controls, drawn straight into the image on the GUI thread in one go. Take it right before the job is
    made: the view settles on later turns of the event loop (after being laid out without its controls
    and back), so a picture taken after the job has run may show it a few pixels different."""
    theme = export._theme(theme)
    with export._themed(view, theme), export._controls_hidden(view):
        return export._drawn(view, QSize(*size), QColor(theme.background))


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :4 * image.width()].reshape(image.height(), image.width(), 4)


def one_shot_differences(written: QImage, reference: QImage) -> tuple[int, int]:
    """(pixels that differ, the largest difference of a channel in levels) between two same-sized images."""
    assert (written.width(), written.height()) == (reference.width(), reference.height())
    a, b = pixels(written), pixels(reference)
    differing, largest = 0, 0
    for top in range(0, a.shape[0], 512):  # in bands: an 8K picture's differences at once are 0.5 GB
        delta = np.abs(a[top:top + 512].astype(np.int16) - b[top:top + 512])
        differing += int(np.count_nonzero(delta.max(axis=2)))
        largest = max(largest, int(delta.max()))
    return differing, largest


def assert_same_picture(written: QImage, reference: QImage) -> None:
    differing, largest = one_shot_differences(written, reference)
    share = differing / (written.width() * written.height())
    assert share <= MOST_DIFFERING_SHARE and largest <= MOST_LEVELS, (differing, largest)


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


def test_an_8k_png_of_the_training_tab_is_drawn_and_encoded_while_the_window_turns(qtbot, make_training_panel,
                                                                                    tmp_path):
    """Only the recording holds the GUI thread: a 50 ms timer keeps firing while the PNG is drawn, encoded
    and written (3–6 s of the GUI thread before); the file is the curves drawn straight into the image, and
    the picture export_widget writes."""
    panel = make_training_panel(1280, 660)
    panel.set_options(task="blobs", steps=30)
    with qtbot.waitSignal(panel.configured, timeout=30_000):
        panel.reset()
    panel.start()
    qtbot.waitUntil(lambda: panel.state == "finished", timeout=120_000)
    view = panel.views.currentWidget()
    target = tmp_path / "training.png"
    reference = one_shot(view, (7680, 4320), "slide")  # the same state: no event is handled in between
    job = TrainingExportJob(view, target, (7680, 4320), "slide")
    ticks: list[int] = []
    assert run_job_ticking(qtbot, job, 50, ticks) == {"path": str(target)}
    assert len(ticks) >= 3  # the window's timer fired while the worker drew and encoded
    written = QImage(str(target))
    assert (written.width(), written.height()) == (7680, 4320)
    assert_same_picture(written, reference)
    del reference
    small_job, small_sync = tmp_path / "job.png", tmp_path / "sync.png"
    assert run_job(qtbot, TrainingExportJob(view, small_job, (960, 540), "slide")) == {"path": str(small_job)}
    export_widget(view, small_sync, (960, 540), "slide")
    assert QImage(str(small_job)) == QImage(str(small_sync))
    colours = {written.pixel(x, y) for x in range(0, 7680, 61) for y in range(0, 4320, 61)}
    assert len(colours) > 20  # curves and text, not a blank background


@pytest.fixture
def landscape(qtbot):
    """The Training tab's landscape view with a slice and both paths (contours, colour bar, read-out room)."""
    from app.training.landscape_view import LandscapeView
    from core.training.landscape import Slice

    view = LandscapeView()
    qtbot.addWidget(view)
    view.resize(640, 560)
    grid = np.linspace(-2.0, 2.0, 41)
    view.map.show_slice(Slice(grid, grid, np.add.outer(grid ** 2, 3 * grid ** 2) + 0.1, "full"))
    t = np.linspace(0.0, 1.0, 60)[:, None]
    view.map.show_path("a", np.hstack([1.8 - 1.8 * t, 1.5 * (1 - t) ** 2]))
    view.map.show_path("b", np.hstack([-1.5 + 1.4 * t, 1.2 - 1.1 * t]))
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_landscape_is_drawn_on_a_worker_while_the_window_turns_and_equals_a_one_shot_render(
        qtbot, landscape, tmp_path, monkeypatch):
    """The slow part of a big PNG, drawing it, runs on the job's worker, the job reports progress more than
    once before it finishes, and the file is the view drawn straight into the image. That the window keeps
    turning meanwhile (Qt draws without Python's GIL) is a timing, shown by benchmarks/bench_export_jobs.py
    --tab training (the longest gap of a GUI-thread timer): counting a timer's ticks here failed on a fast
    machine under the suite's load (5 ticks in a ~50 ms draw, 28 when run alone)."""
    size = (3840, 2160)
    assert size[0] * size[1] > export.DRAWN_AT_ONCE  # recorded now, drawn by the job's worker
    drawing: dict = {}
    play = export.play

    def watched_play(painter, recording):
        drawing["thread"] = threading.current_thread()
        play(painter, recording)

    monkeypatch.setattr(export, "play", watched_play)
    target = tmp_path / "landscape.png"
    reference = one_shot(landscape, size, "slide")  # the same state: no event is handled in between
    job = TrainingExportJob(landscape, target, size, "slide")
    progress: list[float] = []
    job.progress.connect(progress.append)
    assert run_job(qtbot, job) == {"path": str(target)}
    assert drawing["thread"] is not threading.main_thread()
    assert len([f for f in progress if f < 1.0]) >= 2 and progress == sorted(progress) and progress[-1] == 1.0
    assert_same_picture(QImage(str(target)), reference)


def test_cancelling_while_the_picture_is_drawn_writes_nothing(qtbot, plot, tmp_path, monkeypatch):
    target = tmp_path / "plot.png"
    target.write_bytes(b"the picture exported yesterday")
    drawing, cancelled, encoded = threading.Event(), threading.Event(), []
    draw = export.Picture.image
    encode = export.Picture.encoded

    def slow_draw(picture):
        drawing.set()
        cancelled.wait(10)  # the user presses Cancel while the picture is being drawn
        return draw(picture)

    def counted_encode(picture, image=None):
        encoded.append(1)
        return encode(picture, image)

    monkeypatch.setattr(export.Picture, "image", slow_draw)
    monkeypatch.setattr(export.Picture, "encoded", counted_encode)
    size = (3000, 1800)
    assert size[0] * size[1] > export.DRAWN_AT_ONCE  # recorded now, drawn by the job's worker
    cancel_during(qtbot, TrainingExportJob(plot, target, size), drawing, cancelled)
    assert encoded == []  # the drawn picture was dropped, not encoded
    assert target.read_bytes() == b"the picture exported yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plot.png"]


def test_an_svg_job_writes_the_svg(qtbot, plot, tmp_path):
    target = tmp_path / "plot.svg"
    assert run_job(qtbot, TrainingExportJob(plot, target, (800, 600), "dark")) == {"path": str(target)}
    text = target.read_text(encoding="utf-8")
    assert "<svg" in text and "losslab training view" in text and "<path" in text


def test_cancelling_while_the_png_is_encoded_leaves_the_existing_file_untouched(qtbot, plot, tmp_path,
                                                                               monkeypatch):
    target = tmp_path / "plot.png"
    target.write_bytes(b"the picture exported yesterday")
    encoding, cancelled = threading.Event(), threading.Event()
    encode = export.Picture.encoded

    def slow_encode(picture, image=None):
        encoding.set()
        cancelled.wait(10)  # the user presses Cancel while the PNG is being encoded
        return encode(picture, image)

    monkeypatch.setattr(export.Picture, "encoded", slow_encode)
    cancel_during(qtbot, TrainingExportJob(plot, target, (800, 600)), encoding, cancelled)
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
