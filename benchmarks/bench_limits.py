"""Measure small jobs and print measured against core.limits' estimate (time and peak memory).

    .venv/bin/python benchmarks/bench_limits.py          # ~2 minutes on 2 cores

Time: the job itself, measured in-process after a warm-up (no interpreter start-up), against the
estimate; for renders the whole process (the estimate includes its start-up). Memory: peak RSS of the
same job run through the CLI in a fresh process (os.wait4), against the estimate. The estimator's
constants came from this script on the development machine; it aims at a factor of ~3, enough to tell
seconds from minutes from hours.
Also prints the slowest formula compile among adversarial formulas at the parser's limits.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import limits  # noqa: E402


def best_of(work, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_rss(argv: list[str]) -> int:
    """Peak resident memory (bytes) of `losslab ARGV` in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        proc = subprocess.Popen([sys.executable, "-m", "app.cli.main", *argv], cwd=folder,
                                env=dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        print(f"  (exit status {status} for {' '.join(argv)})")
    return usage.ru_maxrss * 1024


def row(name: str, measured_s: float, estimated_s: float, rss: int | None = None, est_bytes: int | None = None):
    ratio = estimated_s / measured_s if measured_s > 0 else float("nan")
    text = f"{name:<44} time {measured_s:8.3f} s  est {estimated_s:8.3f} s  (est/measured {ratio:4.2f})"
    if rss is not None and est_bytes is not None:
        text += f"   peak {limits.format_bytes(rss):>8}  est {limits.format_bytes(est_bytes):>8}"
    print(text, flush=True)


def bench_engine() -> None:
    from core.engine import run, warm_up
    from core.engine.sweep import log_range, sweep
    from core.optim.spec import OptimizerSpec
    from core.surfaces import get_surface, surface_from_formula

    warm_up()
    canyon = get_surface("canyon")
    formula = surface_from_formula("(1 - x)^2 + 100*(y - x^2)^2 + sin(x*y)")
    for surface, n, steps in ((canyon, 64, 2000), (formula, 32, 2000)):
        lrs, scales = log_range(1e-4, 1, n, "lr"), log_range(1e-2, 1e2, n, "scale")
        spec = OptimizerSpec("adam", lr=0.01)
        measured = best_of(lambda s=surface, sp=spec, lr=lrs, sc=scales, st=steps: sweep(s, sp, lr, sc, st))
        estimate = limits.sweep_estimate(n * n, steps, limits.surface_instructions(surface))
        name = f"sweep {surface.name} {n}x{n} x {steps} steps"
        rss = peak_rss(["sweep", "--formula" if surface is formula else "--surface",
                        surface.formula if surface is formula else surface.name, "--optimizer", "adam",
                        "--lr", f"1e-4:1:{n}", "--loss-scale", f"1e-2:1e2:{n}", "--steps", str(steps), "--quiet",
                        "--json"])
        row(name, measured, estimate.seconds, rss, estimate.bytes)
    for runs, steps in ((1, 200_000), (8, 50_000)):
        specs = [OptimizerSpec("adam", lr=0.01)] * runs
        measured = best_of(lambda sp=specs, st=steps: run(canyon, sp, st))
        estimate = limits.trajectory_estimate(runs, steps)
        rss = peak_rss(["trajectory", "--surface", "canyon", "--optimizer", "adam", "--lr", "0.01", "--steps",
                        str(steps), "--json"]) if runs == 1 else None
        row(f"trajectory canyon {runs} runs x {steps} steps", measured, estimate.seconds, rss,
            estimate.bytes if rss else None)


def bench_training() -> None:
    from app.cli.train_cmd import estimate_for
    from core.training.optim_spec import OptimSpec
    from core.training.twin import TwinConfig, TwinTrainer

    for depth, width, batch, kind, dtype, steps in ((2, 16, 64, "sgd", "float32", 300),
                                                    (4, 256, 64, "adam", "float32", 100),
                                                    (2, 512, 256, "adam", "float64", 40)):
        spec = OptimSpec.parse(f"optimizer={kind},lr=0.001")
        config = TwinConfig(task="spirals", depth=depth, width=width, steps=steps, batch_size=batch, a=spec,
                            b=spec, dtype=dtype)
        trainer = TwinTrainer(config)
        trainer.run(5)
        start = time.perf_counter()
        trainer.run()
        measured = (time.perf_counter() - start) * steps / (steps - 5)
        estimate = estimate_for(config)
        rss = peak_rss(["train", "--task", "spirals", "--depth", str(depth), "--width", str(width), "--batch-size",
                        str(batch), "--dtype", dtype, "--steps", str(steps), "--a", f"optimizer={kind},lr=0.001",
                        "--b", f"optimizer={kind},lr=0.001", "--quiet", "--yes"])
        row(f"train d{depth} w{width} b{batch} {kind} {dtype} x {steps}", measured, estimate.seconds, rss,
            estimate.bytes)


def bench_render() -> None:
    from core import scene as scene_io

    with tempfile.TemporaryDirectory() as folder:
        scene_path = Path(folder) / "scene.json"
        scene_io.save(scene_io.default_scene().with_changes(steps=300), scene_path)
        scene = scene_io.load(scene_path)
        runs = sum(1 for e in scene.optimizers if e.enabled)
        for fmt, size, frames in (("gif", (320, 180), 30), ("mp4", (640, 360), 60), ("png", (1920, 1080), 1)):
            out = Path(folder) / f"out.{fmt}"
            argv = ["render", str(scene_path), "-o", str(out), "--size", f"{size[0]}x{size[1]}", "--quiet", "--yes"]
            if fmt != "png":
                argv += ["--fps", "30", "--duration", str(frames / 30)]
            start = time.perf_counter()
            rss = peak_rss(argv)
            measured = time.perf_counter() - start  # the whole process: start-up is in the estimate too
            estimate = limits.render_estimate(frames=frames, width=size[0], height=size[1], kind=fmt, runs=runs,
                                              steps=scene.steps)
            row(f"render {fmt} {size[0]}x{size[1]} x {frames} frames (process)", measured, estimate.seconds, rss,
                estimate.bytes)


def bench_formula_compile() -> None:
    from core.surfaces.formula import FormulaError
    from core.surfaces.surface import surface_from_formula

    def nest(template, n, inner="x"):
        for _ in range(n):
            inner = template.replace("@", inner)
        return inner

    candidates = [nest("tanh(x*y+@)", 10), "^".join(["(x+y)"] * 9), nest("abs(x-y*@)", 10),
                  nest("sqrt(x^2+@)", 12), nest("1/(x+y/(@+1))", 5), "*".join(f"(x+{i}*y)" for i in range(24)),
                  "+".join(f"sin({i}*x+y)*cos(x-{i}*y)" for i in range(1, 12)),
                  "+".join(f"exp(-(x-{i})^2-(y+{i})^2)" for i in range(1, 9)),
                  "+".join(f"(x-{i})^2*(y+{i})^2" for i in range(12))]
    worst, worst_text = 0.0, ""
    for text in candidates:
        start = time.perf_counter()
        try:
            surface_from_formula(text)
            outcome = "accepted"
        except FormulaError:
            outcome = "refused"
        elapsed = time.perf_counter() - start
        print(f"formula {outcome:<8} {elapsed:6.3f} s  {text[:70]}")
        if outcome == "accepted" and elapsed > worst:
            worst, worst_text = elapsed, text
    print(f"slowest accepted compile: {worst:.3f} s ({worst_text[:60]}…)")


if __name__ == "__main__":
    print(f"machine: {os.cpu_count()} cores, {limits.format_bytes(limits.physical_memory())} memory; "
          f"load average {os.getloadavg()[0]:.1f}")
    bench_formula_compile()
    bench_engine()
    bench_training()
    bench_render()
