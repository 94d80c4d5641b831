"""The scale map's figure: a 128 × 128 × 1,000-step Adam map (16.4M optimizer steps) — target ≤ 0.5 s.

Printed, side by side in one run:
1. first call in a fresh process: import + core.engine.warm_up() with the kernel loaded from the
   on-disk numba cache (what every start-up pays, off the UI thread); with --cold also a compile from
   an empty cache;
2. the 128² × 1,000 Adam map on Rosenbrock and on the bowl (median of --repeats), as core.engine.sweep
   computes it and as the scale map view does (one batch with a progress callback), with the optimizer
   steps actually taken (diverged cells stop early) and the rate;
3. SGD on the same grid, for comparison.

    .venv/bin/python benchmarks/bench_sweep.py [--repeats 5] [--cold]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.engine import Batch, run, warm_up  # noqa: E402
from core.engine.sweep import grid_batch, sweep  # noqa: E402
from core.optim.spec import OptimizerSpec  # noqa: E402
from core.surfaces import get_surface  # noqa: E402

CELLS, STEPS = 128, 1000
FIRST_CALL = ("import time; t = time.perf_counter(); from core.engine import warm_up; warm_up(); "
              "print(time.perf_counter() - t)")


def first_call_seconds(cache_dir: str | None = None) -> float:
    env = dict(os.environ)
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    out = subprocess.run([sys.executable, "-c", FIRST_CALL], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def steps_taken(diverged_at: np.ndarray) -> int:
    return int(np.where(diverged_at >= 0, diverged_at, STEPS).sum())


def timed(fn, repeats: int):
    times, result = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="also time a compile from an empty numba cache")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} CPUs; numba threads used by the engine: {min(os.cpu_count() or 1, 8)}")
    first_call_seconds()  # make sure the disk cache exists before timing a load from it
    print(f"first call, kernel from the disk cache (fresh process): {first_call_seconds():.2f} s")
    if args.cold:
        with tempfile.TemporaryDirectory() as empty:
            print(f"first call, compiling from an empty cache:            {first_call_seconds(empty):.2f} s")
    warm_up()

    lrs = np.geomspace(1e-4, 1.0, CELLS)
    scales = np.geomspace(1e-4, 1e4, CELLS)
    print(f"\n{CELLS}×{CELLS} cells × {STEPS} steps = {CELLS * CELLS * STEPS / 1e6:.1f}M steps at most "
          f"(target ≤ 0.5 s for Adam); median of {args.repeats}")
    for surface_name in ("rosenbrock", "bowl"):
        surface = get_surface(surface_name)
        for kind in ("adam", "sgd"):
            spec = OptimizerSpec(kind, lr=1e-3)
            median, best, result = timed(lambda s=surface, p=spec: sweep(s, p, lrs, scales, STEPS), args.repeats)
            taken = steps_taken(result.diverged_at)
            print(f"  {kind:5s} on {surface_name:10s} sweep():     {median:6.3f} s (best {best:.3f})  "
                  f"{taken / 1e6:5.1f}M steps taken, {taken / median / 1e6:6.1f}M steps/s")
            if kind == "adam":
                batch = grid_batch(spec, lrs, scales, surface.start)
                median, best, _ = timed(lambda s=surface, b=batch: run(s, b, STEPS, record=False,
                                                                         progress=lambda f: True), args.repeats)
                print(f"  {kind:5s} on {surface_name:10s} as the view: {median:6.3f} s (best {best:.3f})  "
                      "(one batch, progress callback between chunks)")

    # The scale map's real load: one 64×64 grid per optimizer of the default race, concatenated into one
    # batch (each grid goes through the lockstep kernel).
    surface = get_surface("rosenbrock")
    specs = [OptimizerSpec("sgd", lr=1e-3), OptimizerSpec("momentum", lr=1e-3), OptimizerSpec("rmsprop", lr=0.01),
             OptimizerSpec("adam", lr=0.05)]
    grids = [grid_batch(spec, spec.lr * np.geomspace(1e-2, 1e2, 64), np.geomspace(1e-4, 1e4, 64), surface.start)
             for spec in specs]
    batch = Batch(*(np.concatenate([getattr(g, f) for g in grids]) for f in ("starts", "kinds", "hyper", "seeds")))
    median, best, _ = timed(lambda: run(surface, batch, STEPS, record=False, progress=lambda f: True), args.repeats)
    print(f"\nscale map of the default race: 4 optimizers × 64² × {STEPS} steps in one batch: {median:.3f} s "
          f"(best {best:.3f})")


if __name__ == "__main__":
    main()
