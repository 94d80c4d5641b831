"""Training panel throughput and UI latency, measured side by side in one run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_training.py [--pairs 20] [--segment 1.0]

The experiment is the panel's default (spirals, MLP 2×16 ReLU, batch 64, A = SGD lr 0.1, B = SGD lr 0.01
on loss × 10). Two trainers of it run in alternating segments of about ``--segment`` seconds:

  bare    a TwinTrainer stepped in a plain loop in this thread, nothing else running (torch on one thread,
          as in the worker): steps / wall time
  panel   the TrainingPanel, shown, training in its worker thread while the UI thread plots; steps / the
          worker's training time (``TrainingPanel.run_time``: its payloads, boundary images and GIL waits
          included). A 10 ms QTimer in the UI thread records how late each tick fires meanwhile (the UI
          event latency while training).

Printed: bare and panel steps/s (medians), their ratio (the median of the pair-by-pair ratios; target
>= 0.9), the timer lateness (median and max, ms) and the panel's redraw rate and cost. Short alternating
segments pair each panel measurement with a bare one taken under the same background load, which matters
on a shared machine where single runs swing by ±30 %.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LONG_RUN = 10_000_000


def make_trainer(config):
    """A trainer of the panel's TrainingConfig, long enough never to finish."""
    from dataclasses import replace

    from core.training.twin import TwinTrainer

    return TwinTrainer(replace(config, steps=LONG_RUN))


def wait_until(app, predicate, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            return False
        app.processEvents()
        time.sleep(0.002)
    return True


def run_events(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def bare_segment(trainer, steps: int) -> float:
    start = time.perf_counter()
    trainer.run(steps)
    return steps / (time.perf_counter() - start)


def panel_segment(app, panel, seconds: float, lateness: list[float], usage: list[float] | None = None) -> float:
    """Train ``seconds`` in the panel; returns steps / worker training time. ``usage`` gets
    [wall seconds, UI-thread CPU seconds] added."""
    from PySide6.QtCore import QTimer

    steps0, time0 = panel.step_count, panel.run_time
    last = [0.0]

    def tick():
        now = time.perf_counter()
        if last[0]:
            lateness.append((now - last[0]) * 1000.0 - 10.0)
        last[0] = now

    timer = QTimer()
    timer.setTimerType(timer.timerType().PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(tick)
    wall0, cpu0 = time.perf_counter(), time.thread_time()
    timer.start()
    panel.start()
    run_events(seconds)
    timer.stop()
    if usage is not None:
        usage[0] += time.perf_counter() - wall0
        usage[1] += time.thread_time() - cpu0
    panel.pause()
    wait_until(app, lambda: panel.state == "paused", 10)
    run_events(0.15)  # the update sent on pause carries the final step count and run time
    return (panel.step_count - steps0) / (panel.run_time - time0)


def landscape_segment(app, panel) -> tuple[list[float], float]:
    """Compute the Landscape tab's slice (17×17 then 51×51, PCA plane of the recorded paths) with training
    paused, while a 10 ms QTimer in the UI thread records its lateness; returns (lateness ms, seconds)."""
    from PySide6.QtCore import QTimer

    view = panel.landscape
    panel.views.setCurrentWidget(view)
    done: list[str] = []
    view.computed.connect(done.append)
    view.runner.failed.connect(done.append)
    lateness: list[float] = []
    last = [0.0]

    def tick():
        now = time.perf_counter()
        if last[0]:
            lateness.append((now - last[0]) * 1000.0 - 10.0)
        last[0] = now

    timer = QTimer()
    timer.setTimerType(timer.timerType().PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(tick)
    start = time.perf_counter()
    timer.start()
    view.request()
    wait_until(app, lambda: "full" in done or (done and done[-1] not in ("coarse",)), 300)
    timer.stop()
    return lateness, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20, help="bare/panel segment pairs")
    parser.add_argument("--segment", type=float, default=1.0, help="seconds per segment")
    parser.add_argument("--size", default="1280x800", help="panel size WxH")
    parser.add_argument("--budget", type=float, default=None,
                        help="the panel's redraw budget (share of wall time spent redrawing; default the panel's)")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    import torch

    torch.set_num_threads(1)  # what the worker uses: the bare loop runs under the same conditions
    from app.training.panel import TrainingPanel

    panel = TrainingPanel()
    if args.budget is not None:
        panel.pacer.budget = args.budget
    width, height = (int(v) for v in args.size.split("x"))
    panel.resize(width, height)
    panel.show()
    if not wait_until(app, lambda: panel.cuda_available is not None, 120):
        print("the training worker did not start", file=sys.stderr)
        return 1
    configured: list = []
    panel.configured.connect(configured.append)
    panel.set_options(steps=LONG_RUN)
    panel.reset()
    if not wait_until(app, lambda: configured and panel.state == "paused", 60):
        print("the panel did not configure", file=sys.stderr)
        return 1
    config = panel.config()
    trainer = make_trainer(config)

    redraws = [0]
    panel.progressed.connect(lambda _step: redraws.__setitem__(0, redraws[0] + 1))
    bare_rate = bare_segment(trainer, 200)  # warm-up, and a first guess of the rate
    panel_segment(app, panel, 0.5, [])

    bare, shown, ratios, lateness = [], [], [], []
    redraws[0] = 0
    usage = [0.0, 0.0]
    for pair in range(args.pairs):
        steps = max(50, int(bare_rate * args.segment))
        if pair % 2 == 0:  # alternate the order so that drifting background load hits both alike
            bare_rate = bare_segment(trainer, steps)
            rate = panel_segment(app, panel, args.segment, lateness, usage)
        else:
            rate = panel_segment(app, panel, args.segment, lateness, usage)
            bare_rate = bare_segment(trainer, steps)
        bare.append(bare_rate)
        shown.append(rate)
        ratios.append(rate / bare_rate)
    frame_ms = panel.pacer.frame_cost * 1000.0
    slice_lateness, slice_seconds = landscape_segment(app, panel)
    panel.shutdown()

    # The landscape's path recording, in isolation: the same bare loop with the panel's recording at the
    # stride its default run (2,000 steps, 400 points) starts with, against the loop without it.
    from app.training.model import default_config
    from app.training.worker import PATH_BYTES, PATH_POINTS

    stride = max(1, -(-default_config().steps // PATH_POINTS))
    recording = make_trainer(config)
    recording.record_paths(PATH_POINTS, PATH_BYTES, stride=stride)
    plain = make_trainer(config)
    bare_segment(recording, 200), bare_segment(plain, 200)
    record_ratios = []
    for pair in range(max(4, args.pairs // 2)):
        steps = max(50, int(bare_rate * args.segment / 2))
        first, second = (recording, plain) if pair % 2 == 0 else (plain, recording)
        one, two = bare_segment(first, steps), bare_segment(second, steps)
        with_rec, without = (one, two) if first is recording else (two, one)
        record_ratios.append(with_rec / without)

    print(f"experiment: {config.task}, MLP {config.model.depth}x{config.model.width} {config.model.activation}, "
          f"batch {config.batch_size}; {args.pairs} pairs of ~{args.segment:g} s segments; torch threads 1; "
          f"{os.cpu_count()} CPUs; panel {args.size}, redraw budget {panel.pacer.budget:.0%}")
    print(f"bare torch loop     : {statistics.median(bare):8.1f} steps/s (median)")
    print(f"panel worker        : {statistics.median(shown):8.1f} steps/s (median)")
    quartiles = statistics.quantiles(ratios, n=4)
    print(f"ratio panel / bare  : {statistics.median(ratios):8.3f} (target >= 0.9; median of {len(ratios)} pairs, "
          f"quartiles {quartiles[0]:.3f} – {quartiles[2]:.3f})")
    print(f"UI timer lateness   : median {statistics.median(lateness):.1f} ms, max {max(lateness):.1f} ms "
          f"(10 ms QTimer, {len(lateness)} ticks while training)")
    print(f"UI redraws          : {redraws[0] / usage[0]:.1f} /s, {frame_ms:.1f} ms each; UI thread CPU "
          f"{usage[1] / usage[0] * 100:.1f} % of the panel segments' wall time")
    if slice_lateness:
        print(f"landscape slice     : {slice_seconds:.2f} s for 17×17 + 51×51 (PCA plane, training paused); UI timer "
              f"lateness meanwhile median {statistics.median(slice_lateness):.1f} ms, "
              f"max {max(slice_lateness):.1f} ms ({len(slice_lateness)} ticks)")
    print(f"path recording      : bare loop with / without, every {stride} steps (the default run's stride): "
          f"{statistics.median(record_ratios):.3f} (median of {len(record_ratios)} pairs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
