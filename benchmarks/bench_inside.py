"""What "Inside the optimizer" (issue 17) costs the window, offscreen (raster painting):

1. compute: a plain recompute of 7 optimizers × 1,000 steps (app.model.compute_race, with ghosts) side by
   side with what the dock adds for the same race: the recompute recording the state in the same pass
   (compute_race with record=True, on the UI thread), then app.models.inside.compute_inside (the
   stability curves, on a worker thread) — and what the UI thread then pays to take the new state in (the
   overlay's scale, the state panel's curves and table). Target: ≤ 3 ms extra.
2. playback: frame times on a 512×512 map with the 7 optimizers, full paths revealed step by step, with
   the dock (vectors overlay + state panel) shown vs hidden. Target ≥ 60 fps (≤ 16.7 ms a frame).

Run: .venv/bin/python benchmarks/bench_inside.py [--seconds S] [--best]
Medians of many calls (``--best``: the fastest call, what the code costs without the shared machine's
other processes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_app import make_window, paint_counter  # noqa: E402


def timed(fn, repeats: int, best: bool) -> float:
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1e3)
    return min(times) if best else statistics.median(times)


def playback_frames(app, window, seconds: float) -> tuple[float, float, float, int]:
    """(median wall ms, 95th percentile wall ms, median UI-thread CPU ms, frames painted) of set_step + one
    event-loop turn. The CPU time is what the frame costs this thread (painting included: offscreen Qt
    paints on the UI thread); on a shared, busy machine the wall time also holds the time spent waiting
    for a core."""
    model = window.model
    painted = paint_counter(window.landscape.graphics.viewport())
    times, cpu = [], []
    frames = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        t0, c0 = time.perf_counter(), time.thread_time()
        model.set_step((frames * 4) % (model.scene.steps + 1))  # 240 steps/s at 60 fps
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.thread_time() - c0) * 1e3)
        frames += 1
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], statistics.median(cpu), painted.count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--best", action="store_true")
    args = parser.parse_args()

    from PySide6.QtCore import Qt

    from app.model import compute_race
    from app.models.inside import compute_inside
    from app.views.inside_dock import build_inside_dock

    app, window = make_window(512)
    scene = window.model.scene
    print(f"map 512×512, {len(scene.optimizers)} optimizers × {scene.steps} steps on {scene.surface.name}; "
          f"{'fastest' if args.best else 'median'} of the calls")

    race = compute_race(scene, record=True)
    plain = timed(lambda: compute_race(scene), 60, args.best)
    recording = timed(lambda: compute_race(scene, record=True), 60, args.best)
    stability = timed(lambda: compute_inside(race), 60, args.best)
    dock = build_inside_dock(window.model, window.player, window.landscape, window.settings, window.optimizer_panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.show()
    app.processEvents()
    dock.inside.wait_idle(60)
    app.processEvents()
    inside = dock.inside.inside

    def take_in():
        dock.overlay._on_state(inside)
        dock.panel.refresh()

    ui = timed(take_in, 60, args.best)  # wall time
    print(f"compute: plain recompute {plain:.2f} ms | recording the state with it {recording:.2f} ms (UI thread) "
          f"+ λmax {stability:.2f} ms (worker thread): {recording - plain + stability:+.2f} ms in all "
          f"(target ≤ 3 ms) | UI thread taking the new state in {ui:.2f} ms")

    # Alternate hidden / shown in short rounds so a busy machine slows both alike; medians of the rounds.
    rounds = {False: [], True: []}
    for _ in range(3):
        for shown in (False, True):
            dock.setVisible(shown)
            app.processEvents()
            dock.inside.wait_idle(60)
            app.processEvents()
            rounds[shown].append(playback_frames(app, window, args.seconds / 3))
    off, on = ([statistics.median(values) for values in zip(*rounds[shown], strict=True)] for shown in (False, True))
    for label, (median, p95, cpu, painted) in (("dock hidden (no vectors)", off), ("vectors + state panel", on)):
        print(f"playback, {label}: median frame {median:.2f} ms wall ({1000 / median:.0f} fps), 95th percentile "
              f"{p95:.2f} ms; UI-thread CPU {cpu:.2f} ms a frame ({1000 / cpu:.0f} fps on a free core); "
              f"{painted:.0f} map repaints a round")
    dock.shutdown()
    window.model.shutdown()


if __name__ == "__main__":
    main()
