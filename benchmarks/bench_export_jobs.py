"""Issue 16 item 6: how long the GUI thread is held while the window exports a huge race — 16 runs × 100,000
steps (--runs, --steps) as PNG and SVG at 8K (--size), CSV, JSON and a short 8K MP4 (--formats) — each as
the export dialog runs it (app.export.picture_job.PictureJob, app.export.data_job, AnimationJob), with a
50 ms QTimer standing in for the window: the longest gap between its ticks is the longest the window
would have frozen (target: under 1 s).

    .venv/bin/python benchmarks/bench_export_jobs.py [--formats png,svg,csv,json,mp4] [--size 7680x4320]
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


def longest_gap(job) -> tuple[float, float]:
    """(total seconds, longest gap between 50 ms timer ticks) of running ``job`` to its end."""
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
    outcome = []
    for signal in (job.finished, job.failed, job.cancelled):
        signal.connect(lambda *args: (outcome.append(args), loop.quit()))
    start = last[0] = time.perf_counter()
    timer.start()
    job.start()
    if not outcome:
        loop.exec()
    timer.stop()
    tick()
    return time.perf_counter() - start, max(gaps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=16)
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--size", default="7680x4320")
    parser.add_argument("--formats", default="png,svg,csv,json,mp4")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 — Qt needs it alive

    from bench_export import huge_scene

    from app.export.data_job import data_job
    from app.export.offscreen import parse_size
    from app.export.picture_job import PictureJob
    from app.export.render import AnimationJob
    from core.engine import warm_up
    from core.export.plan import ExportPlan

    width, height = parse_size(args.size)
    warm_up()
    scene = huge_scene(args.runs, args.steps)
    print(f"{args.runs} runs × {args.steps} steps, {width}x{height}; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in args.formats.split(","):
            path = Path(folder) / f"race.{fmt}"
            if fmt in ("csv", "json"):
                job = data_job(scene, ExportPlan.for_path(path))
            elif fmt in ("mp4", "gif"):
                job = AnimationJob(scene, ExportPlan.for_path(path, width=width, height=height, fps=10, duration=1.0))
            else:
                job = PictureJob(scene, ExportPlan.for_path(path, width=width, height=height))
            total, gap = longest_gap(job)
            size = path.stat().st_size / 1e6 if path.exists() else 0.0
            print(f"  {fmt:4s}: {total:6.2f} s in all, GUI thread held at most {gap:.2f} s "
                  f"({'met' if gap < 1.0 else 'NOT met'}: < 1 s), {size:.1f} MB")


if __name__ == "__main__":
    main()
