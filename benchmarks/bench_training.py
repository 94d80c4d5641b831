"""Training panel throughput and UI latency, measured side by side in one run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_training.py [--steps 1000] [--repeats 8]

Each repeat runs the same experiment (the panel's defaults: spirals, MLP 2×16 ReLU, batch 64,
A = SGD lr 0.1, B = SGD lr 0.01 on loss × 10) twice, in alternating order:

  bare    the TwinTrainer loop in this thread, nothing else running (torch on one thread, as in the worker)
  panel   TrainingPanel shown and training: the worker thread steps, the UI thread plots; a 10 ms QTimer in
          the UI thread records how late each of its ticks fires (the UI event latency while training)

Printed: bare steps/s, panel steps/s and their ratio (target >= 0.9; medians over the repeats, the ratio
taken pair by pair: on a shared machine single runs swing by ±30 %, the paired median much less), the
timer lateness (median and max, ms), and the panel's redraw rate and cost. Throughput counts every step
from the Start command to the "finished" state, so the panel figure includes the worker's own overhead
(payloads, boundary images) and the UI thread's share of the GIL.
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


def bare_rate(config: dict, steps: int) -> float:
    from core.training.optim_spec import OptimSpec
    from core.training.twin import TwinConfig, TwinTrainer

    values = dict(config, steps=steps)
    values["a"], values["b"] = OptimSpec.from_mapping(values["a"]), OptimSpec.from_mapping(values["b"])
    trainer = TwinTrainer(TwinConfig(**values))
    start = time.perf_counter()
    trainer.run()
    return trainer.step_count / (time.perf_counter() - start)


def wait_until(app, predicate, timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            return False
        app.processEvents()
        time.sleep(0.002)
    return True


def panel_run(app, panel, steps: int) -> dict:
    from PySide6.QtCore import QEventLoop, QTimer

    configured: list[dict] = []
    panel.configured.connect(configured.append)
    panel.set_options(steps=steps)
    panel.reset()
    if not wait_until(app, lambda: configured and panel.state == "paused", 60):
        raise RuntimeError("the panel did not configure")
    panel.configured.disconnect(configured.append)
    app.processEvents()

    lateness: list[float] = []
    last = [0.0]

    def tick():
        now = time.perf_counter()
        if last[0]:
            lateness.append((now - last[0]) * 1000.0 - 10.0)
        last[0] = now

    redraws = [0]

    def on_progress(_step):
        redraws[0] += 1

    timer = QTimer()
    timer.setInterval(10)
    timer.setTimerType(timer.timerType().PreciseTimer)
    timer.timeout.connect(tick)
    panel.progressed.connect(on_progress)
    loop = QEventLoop()

    def on_state(state):
        if state == "finished":
            loop.quit()

    panel.stateChanged.connect(on_state)
    cpu0 = time.thread_time()
    timer.start()
    start = time.perf_counter()
    panel.start()
    QTimer.singleShot(600_000, loop.quit)
    loop.exec()
    wall = time.perf_counter() - start
    timer.stop()
    cpu = time.thread_time() - cpu0
    panel.stateChanged.disconnect(on_state)
    panel.progressed.disconnect(on_progress)
    if panel.step_count != steps:
        raise RuntimeError(f"the panel stopped at step {panel.step_count} of {steps}")
    return {
        "rate": steps / wall,
        "lateness": lateness,
        "redraws_per_s": redraws[0] / wall,
        "ui_cpu": cpu / wall,
        "frame_ms": panel._frame_cost * 1000.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=8)
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
        panel.redraw_budget = args.budget
    width, height = (int(v) for v in args.size.split("x"))
    panel.resize(width, height)
    panel.show()
    if not wait_until(app, lambda: panel.cuda_available is not None, 120):
        print("the training worker did not start", file=sys.stderr)
        return 1
    config = panel.config()
    bare_rate(config, 100)  # warm-up

    bare, shown, ratios, lateness = [], [], [], []
    redraw_rates, ui_cpu, frame_ms = [], [], []
    for repeat in range(args.repeats):
        if repeat % 2 == 0:  # alternate the order so that drifting background load hits both alike
            b = bare_rate(config, args.steps)
            p = panel_run(app, panel, args.steps)
        else:
            p = panel_run(app, panel, args.steps)
            b = bare_rate(config, args.steps)
        bare.append(b)
        shown.append(p["rate"])
        ratios.append(p["rate"] / b)
        lateness.extend(p["lateness"])
        redraw_rates.append(p["redraws_per_s"])
        ui_cpu.append(p["ui_cpu"])
        frame_ms.append(p["frame_ms"])
        print(f"  repeat {repeat + 1}: bare {b:7.1f} steps/s, panel {p['rate']:7.1f} steps/s, "
              f"ratio {p['rate'] / b:.3f}", flush=True)
    panel.shutdown()

    print(f"experiment: {config['task']}, MLP {config['depth']}x{config['width']} {config['activation']}, "
          f"batch {config['batch_size']}, {args.steps} steps x {args.repeats} repeats, torch threads 1, "
          f"{os.cpu_count()} CPUs, panel {args.size}, redraw budget {panel.redraw_budget:.0%}")
    print(f"bare torch loop     : {statistics.median(bare):8.1f} steps/s (median)")
    print(f"panel worker        : {statistics.median(shown):8.1f} steps/s (median)")
    print(f"ratio panel / bare  : {statistics.median(ratios):8.3f} (target >= 0.9; per repeat: "
          + ", ".join(f"{r:.3f}" for r in ratios) + ")")
    print(f"UI timer lateness   : median {statistics.median(lateness):.1f} ms, max {max(lateness):.1f} ms "
          f"(10 ms QTimer, {len(lateness)} ticks while training)")
    print(f"UI redraws          : {statistics.median(redraw_rates):.1f} /s, "
          f"{statistics.median(frame_ms):.1f} ms each, UI thread busy {statistics.median(ui_cpu) * 100:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
