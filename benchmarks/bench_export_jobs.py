"""Issue 16 item 6: how long the GUI thread is held while the window exports, with a 50 ms QTimer standing
in for the window: the longest gap between its ticks (making the job included) is the longest the window
would have frozen (target: under 1 s).

``--tab race`` (default): a huge race — 16 runs × 100,000 steps (--runs, --steps) as PNG and SVG at 8K
(--size), CSV, JSON and a short 8K MP4 (--formats) — each as the export dialog runs it
(app.export.picture_job.PictureJob, app.export.data_job, AnimationJob).

``--tab training``: the Training tab after a run of the panel's default configuration (--train-steps) and
a computed landscape: each view (--views curves,landscape) as PNG and SVG (--formats) at --size and at the
view's own size, through the job the export dialog runs (app.training.export_job.TrainingExportJob).

    .venv/bin/python benchmarks/bench_export_jobs.py [--formats png,svg,csv,json,mp4] [--size 7680x4320]
    .venv/bin/python benchmarks/bench_export_jobs.py --tab training [--views curves,landscape] [--repeat 2]

``--tab training --compare`` prints instead how the PNG drawn on a worker (the job's way) differs from the
view drawn straight into the image on the GUI thread (the way before): pixels that differ, largest
difference in levels of a channel.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def longest_gap(make_job) -> tuple[float, float, tuple]:
    """(total seconds, longest gap between 50 ms timer ticks, the outcome's arguments) of making the job
    (``make_job()``, in the event loop as the dialog does) and running it to its end."""
    from PySide6.QtCore import QEventLoop, QTimer

    gaps, last = [], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    outcome: list[tuple] = []
    kept = []

    def begin() -> None:
        job = make_job()
        kept.append(job)
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(lambda *args: (outcome.append(args), loop.quit()))
        job.start()

    start = last[0] = time.perf_counter()
    timer.start()
    QTimer.singleShot(0, begin)
    loop.exec()
    timer.stop()
    tick()
    return time.perf_counter() - start, max(gaps), outcome[0]


def report(label: str, total: float, gap: float, path: Path) -> None:
    size = path.stat().st_size / 1e6 if path.exists() else 0.0
    print(f"  {label}: {total:6.2f} s in all, GUI thread held at most {gap:.2f} s "
          f"({'met' if gap < 1.0 else 'NOT met'}: < 1 s), {size:.1f} MB", flush=True)


def race(args, width: int, height: int) -> None:
    from bench_export import huge_scene

    from app.export.data_job import data_job
    from app.export.picture_job import PictureJob
    from app.export.render import AnimationJob
    from core.engine import warm_up
    from core.export.plan import ExportPlan

    warm_up()
    scene = huge_scene(args.runs, args.steps)
    print(f"{args.runs} runs × {args.steps} steps, {width}x{height}; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in args.formats.split(","):
            path = Path(folder) / f"race.{fmt}"
            if fmt in ("csv", "json"):
                def make(path=path):
                    return data_job(scene, ExportPlan.for_path(path))
            elif fmt in ("mp4", "gif"):
                def make(path=path):
                    return AnimationJob(scene, ExportPlan.for_path(path, width=width, height=height, fps=10,
                                                                  duration=1.0))
            else:
                def make(path=path):
                    return PictureJob(scene, ExportPlan.for_path(path, width=width, height=height))
            total, gap, _ = longest_gap(make)
            report(f"{fmt:4s}", total, gap, path)


def spin(condition, timeout: float) -> None:
    """Run the event loop until ``condition()`` (SystemExit with a line if ``timeout`` s pass first)."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise SystemExit("the Training panel did not get there in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)


def trained_panel(steps: int):
    """A shown TrainingPanel (1280×660) that ran its default configuration for ``steps`` steps and computed
    its landscape."""
    from app.training.panel import TrainingPanel

    panel = TrainingPanel()
    panel.resize(1280, 660)
    ready, configured, levels = [], [], []
    panel.workerReady.connect(ready.append)
    panel.configured.connect(lambda *_: configured.append(1))
    panel.show()
    spin(lambda: ready and panel.state == "paused", 180)
    configured.clear()
    panel.set_options(steps=steps)
    panel.reset()
    spin(lambda: configured and panel.state == "paused", 60)
    panel.start()
    spin(lambda: panel.state == "finished", 600)
    view = panel.landscape
    view.auto.setChecked(False)
    view.computed.connect(levels.append)
    panel.views.setCurrentWidget(view)
    view.compute_button.click()
    spin(lambda: "full" in levels, 600)
    return panel


def drawn_on_a_worker(picture):
    """``picture.image()`` run on another thread, as the job runs it."""
    import threading

    drawn = []
    worker = threading.Thread(target=lambda: drawn.append(picture.image()))
    worker.start()
    worker.join()
    return drawn[0]


def one_shot(view, width: int, height: int, theme):
    """The view drawn straight into the image on the GUI thread (the export's way before)."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QImage, QPainter

    from app.training import export

    image = QImage(QSize(width, height), QImage.Format.Format_ARGB32)
    image.fill(QColor(theme.background))
    with export._themed(view, theme), export._controls_hidden(view):
        painter = QPainter(image)
        export._render(painter, view, QSize(width, height))
        painter.end()
    return image


def differences(a, b) -> tuple[int, int]:
    """(pixels that differ, largest difference of a channel) of two ARGB32 images of one size."""
    import numpy as np

    def pixels(image):
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
        return rows[:, :4 * image.width()].reshape(image.height(), image.width(), 4)

    delta = np.abs(pixels(a).astype(np.int16) - pixels(b))
    return int(np.count_nonzero(delta.max(axis=2))), int(delta.max())


def compare(views: dict, names: list[str], sizes) -> None:
    from app.training import export

    theme = export._theme("slide")
    for name in names:
        view = views[name]
        for size in sizes:
            w, h = size or (view.width(), view.height())
            reference = one_shot(view, w, h, theme)  # no event is handled between it and the recording
            picture = export.grab(view, f"{name}.png", (w, h), theme)
            differing, largest = differences(drawn_on_a_worker(picture), reference)
            print(f"  {name:9s} png {w}x{h}: {differing} of {w * h} pixels differ "
                  f"({100 * differing / (w * h):.3f} %), by at most {largest} levels", flush=True)


def training(args, width: int, height: int) -> None:
    from app.training.export_job import TrainingExportJob

    panel = trained_panel(args.train_steps)
    views = {"curves": panel.curves, "landscape": panel.landscape}
    print(f"Training tab, {panel.config().task} {args.train_steps} steps; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    if args.compare:
        compare(views, args.views.split(","), ((width, height), None))
        panel.shutdown()
        return
    with tempfile.TemporaryDirectory() as folder:
        for name in args.views.split(","):
            view = views[name]
            panel.views.setCurrentWidget(view)
            spin(lambda: True, 0)
            own = f"{view.width()}x{view.height()}"
            for size, label in (((width, height), f"{width}x{height}"), (None, f"{own} (own)")):
                for fmt in (f for f in args.formats.split(",") if f in ("png", "svg")):
                    for _ in range(args.repeat):
                        path = Path(folder) / f"{name}.{fmt}"

                        def make(path=path, view=view, size=size):
                            return TrainingExportJob(view, path, size, "slide")

                        total, gap, _ = longest_gap(make)
                        report(f"{name:9s} {fmt} {label}", total, gap, path)
    panel.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tab", choices=("race", "training"), default="race")
    parser.add_argument("--runs", type=int, default=16)
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--train-steps", type=int, default=500, help="the Training panel's run (default 500)")
    parser.add_argument("--views", default="curves,landscape", help="Training tab views to export")
    parser.add_argument("--repeat", type=int, default=1, help="Training tab: exports of each kind")
    parser.add_argument("--compare", action="store_true", help="Training tab: worker-drawn PNG vs one-shot")
    parser.add_argument("--size", default="7680x4320")
    parser.add_argument("--formats", default="png,svg,csv,json,mp4")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 — Qt needs it alive

    from app.export.offscreen import parse_size

    width, height = parse_size(args.size)
    if args.tab == "race":
        race(args, width, height)
    else:
        training(args, width, height)


if __name__ == "__main__":
    main()
