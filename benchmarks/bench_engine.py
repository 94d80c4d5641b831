"""Engine figures for issue 3, measured side by side in one run.

1. A 64×64 lr × loss-scale sweep of 500 Adam steps: the engine (one batch) against the same
   trajectories stepped one by one with torch.optim (float64, autograd). torch is timed on a random
   sample of the cells (--torch-cells, default 48) and scaled to all 4,096 — pass --torch-cells 4096 to
   time every cell (about 3 minutes). Target: ≥ 2000× faster.
2. What a slider drag costs: one 1,000-step trajectory for each of the 7 optimizers on Rosenbrock and
   on a typed formula, in one call (target ≤ 5 ms for all 7), against the alternative of stepping the
   optax-style numpy transforms (core.optim.transforms) in a Python loop.
3. First-call cost: compiling the kernel from scratch (fresh numba cache, in a subprocess) and loading
   it from the disk cache (what every later start-up pays, off the UI thread).

    .venv/bin/python benchmarks/bench_engine.py
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

from core.engine import run, warm_up  # noqa: E402
from core.engine.sweep import sweep  # noqa: E402
from core.optim import optimizers  # noqa: E402
from core.optim import transforms as T  # noqa: E402
from core.optim.spec import KINDS, OptimizerSpec  # noqa: E402
from core.surfaces import get_surface, surface_from_formula  # noqa: E402


def median_ms(fn, repeats=30):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def torch_cell_seconds(surface, spec, start, steps):
    import torch

    sys.path.insert(0, str(ROOT / "tests"))
    from torch_oracle import torch_function

    f = torch_function(surface.formula)
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([theta], lr=spec.lr)
    t0 = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad()
        (f(theta) * spec.loss_scale).backward()
        opt.step()
    return time.perf_counter() - t0


def sweep_figures(torch_cells: int):
    import torch

    torch.set_num_threads(1)
    surface = get_surface("rosenbrock")
    lrs, scales = np.geomspace(1e-4, 1e-1, 64), np.geomspace(1e-3, 1e3, 64)
    spec = OptimizerSpec("adam")
    sweep(surface, spec, lrs[:2], scales[:2], 10)  # warm
    engine = min(timeit_once(lambda: sweep(surface, spec, lrs, scales, 500)) for _ in range(5))
    rng = np.random.default_rng(0)
    cells = [(int(i), int(j)) for i, j in rng.integers(0, 64, size=(torch_cells, 2))]
    torch_total = sum(torch_cell_seconds(surface, spec.replace(lr=lrs[i], loss_scale=scales[j]), surface.start, 500)
                      for i, j in cells)
    torch_all = torch_total / len(cells) * 4096
    print("1. 64×64 lr × loss-scale sweep, 500 Adam steps each (2,048,000 steps)")
    print(f"   engine, one batch:            {engine * 1e3:9.1f} ms")
    print(f"   torch.optim one by one:       {torch_all:9.1f} s   ({len(cells)} cells timed, "
          f"{torch_total / len(cells) * 1e3:.1f} ms per cell)")
    print(f"   speed-up:                     {torch_all / engine:9.0f}×   (target ≥ 2000×)")


def timeit_once(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def numpy_transforms_ms(surface, steps=1000):
    """The plain numpy option: the optax-style Adam transform stepped in a Python loop."""
    opt = optimizers.adam(lr=1e-3)
    theta = np.array([surface.start])
    state = opt.init(theta)

    def loop():
        nonlocal theta, state
        th, st = theta, state
        for _ in range(steps):
            _, gx, gy = surface.value_and_gradient(th[:, 0], th[:, 1])
            updates, st = opt.update(np.stack([gx, gy], axis=1), st, th)
            th = T.apply_updates(th, updates)

    return median_ms(loop, repeats=5)


def drag_figures():
    rosenbrock = get_surface("rosenbrock")
    custom = surface_from_formula("sin(x)*cos(y) + 0.1*(x^2 + y^2) + (1 - x)^2/4")
    specs = [OptimizerSpec(kind, lr=1e-3) for kind in KINDS]
    print("2. One slider drag: 7 optimizers × 1,000 steps, recorded paths (target ≤ 5 ms for all 7)")
    for name, surface in (("rosenbrock", rosenbrock), ("custom formula", custom)):
        run(surface, specs, 1000)
        print(f"   engine, {name:<15}       {median_ms(lambda s=surface: run(s, specs, 1000)):7.2f} ms")
    print(f"   numpy transforms loop, ONE Adam trajectory on rosenbrock: {numpy_transforms_ms(rosenbrock):7.1f} ms"
          "  (the option not taken)")


def first_call_figures():
    code = ("import time; t=time.perf_counter(); from core.engine import warm_up; warm_up(); "
            "print(time.perf_counter()-t)")
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, NUMBA_CACHE_DIR=cache)
        cold = float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                                    text=True, check=True).stdout)
        cached = float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                                      text=True, check=True).stdout)
    print("3. First call (import + compile, in a fresh process; the app does this on a background thread)")
    print(f"   cold compile (empty numba cache): {cold:6.2f} s")
    print(f"   from the disk cache:              {cached:6.2f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--torch-cells", type=int, default=48)
    args = parser.parse_args()
    warm_up()
    sweep_figures(args.torch_cells)
    drag_figures()
    first_call_figures()


if __name__ == "__main__":
    main()
