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
    .venv/bin/python benchmarks/bench_sweep.py --against REV [--rounds 4] [--repeats 5]

``--against REV`` instead measures this tree and git revision REV side by side: a fresh process per tree
and round, the trees alternating, each timing the 128² Adam map (sweep()) and the default race's scale
map (one batch) with numba's JIT kernels in both (REV's tree has no ahead-of-time module; each tree's
first process fills its own numba cache, outside the timing). Printed per tree: the median wall time and
the median process CPU time (every thread: the sweep runs on all cores, and the CPU figure is the one
another program on the machine disturbs least), and the ratio this tree ÷ REV.
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


# One tree's figures, run with the tree as the working folder (its own core package); prints JSON.
MEASURE_TREE = """
import json, statistics, sys, time
import numpy as np
from core.engine import compiled
compiled.AHEAD_OF_TIME = None  # both trees on numba's JIT (an exported revision has no AOT module)
from core.engine import Batch, run
from core.engine.sweep import grid_batch, sweep
from core.optim.spec import OptimizerSpec
from core.surfaces import get_surface
repeats = int(sys.argv[1])
surface = get_surface("rosenbrock")
lrs, scales = np.geomspace(1e-4, 1.0, 128), np.geomspace(1e-4, 1e4, 128)
specs = [OptimizerSpec("sgd", lr=1e-3), OptimizerSpec("momentum", lr=1e-3), OptimizerSpec("rmsprop", lr=0.01),
         OptimizerSpec("adam", lr=0.05)]
grids = [grid_batch(spec, spec.lr * np.geomspace(1e-2, 1e2, 64), np.geomspace(1e-4, 1e4, 64), surface.start)
         for spec in specs]
batch = Batch(*(np.concatenate([getattr(g, f) for g in grids]) for f in ("starts", "kinds", "hyper", "seeds")))
calls = {"adam_map": lambda: sweep(surface, OptimizerSpec("adam", lr=1e-3), lrs, scales, 1000),
         "scale_map": lambda: run(surface, batch, 1000, record=False, progress=lambda f: True)}
figures = {}
for name, call in calls.items():
    call()  # compiled or read from the cache: not timed
    wall, cpu = [], []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    figures[name] = {"wall": statistics.median(wall), "cpu": statistics.median(cpu)}
print(json.dumps(figures))
"""


def against(revision: str, rounds: int, repeats: int) -> None:
    import json

    def measure(root: Path) -> dict:
        done = subprocess.run([sys.executable, "-c", MEASURE_TREE, str(repeats)], cwd=root, capture_output=True,
                              text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    with tempfile.TemporaryDirectory(prefix="losslab-sweep-") as folder:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        trees = {"this tree": ROOT, revision: Path(folder)}
        for root in trees.values():
            measure(root)  # fills the tree's numba cache
        runs: dict[str, list[dict]] = {name: [] for name in trees}
        for round_ in range(rounds):
            for name, root in trees.items():
                runs[name].append(measure(root))
                print(f"  round {round_ + 1} {name}: {runs[name][-1]}", flush=True)
    print(f"median of {rounds} alternating rounds (each the median of {repeats} calls), numba JIT in both trees")
    for figure, label in (("adam_map", "128² × 1,000 Adam map, sweep()"),
                          ("scale_map", "scale map of the default race, 4 × 64² × 1,000 steps")):
        cells = []
        for clock in ("wall", "cpu"):
            mine, theirs = (statistics.median(r[figure][clock] for r in runs[name]) for name in trees)
            cells.append(f"{clock} {mine:.3f} s vs {theirs:.3f} s (× {mine / theirs:.2f})")
        print(f"  {label}: " + "; ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="also time a compile from an empty numba cache")
    parser.add_argument("--against", metavar="REV", help="measure this tree and git revision REV side by side")
    parser.add_argument("--rounds", type=int, default=4, help="with --against: alternating rounds")
    args = parser.parse_args()
    if args.against:
        against(args.against, args.rounds, args.repeats)
        return

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
