"""Loss-landscape and sharpness timings on the digits (issue 18's budget), printed as figures.

    .venv/bin/python benchmarks/bench_landscape.py [--threads 2] [--repeats 3] [--compare]

The network is a 64-64-10 ReLU MLP (4,810 parameters) on the digits' training split (1,438 images, the
seeded 80/20 stratified split). Printed (each the best of ``--repeats`` runs, so background load on a
shared machine shows as little as it can):

  twins     300 full-batch steps of A = Adam lr 0.01 and B = SGD lr 0.5, every θ recorded (both runs together)
  pca       the PCA plane of both paths (602 × 4,810 path matrix)
  coarse    a 17×17 slice on that plane (target <= 1 s)
  full      a 51×51 slice (target <= 5 s on 2 cores)
  lambda    the top Hessian eigenvalue at A's final point: Lanczos to a 1e-3 relative residual, and power
            iteration (at most 100 products) (target <= 1 s)
  readout   both paths projected: explained variance, off-plane share, true vs plane loss at step 0

``--compare`` also times the 17×17 slice through the general ``vmap(functional_call)`` path and as
parameter vectors through the batched-MLP path (without the first-layer shortcut), and one Hessian-vector
product by double backward (the graph kept) against ``torch.func`` forward-over-reverse.
torch runs on ``--threads`` threads. Default 1: the slice runs on the job runner's one worker thread, leaving
the other core of a 2-core machine to the window; and on a shared, busy machine torch's 2-thread runs swing
several-fold from one repeat to the next (measured: a 17×17 slice 0.3 s and 3.1 s minutes apart), while
1-thread runs stay steady.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def best(fn, repeats: int):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()

    import numpy as np
    import torch

    from core.training.digits import digits_split
    from core.training.landscape import (
        NetLoss,
        default_extent,
        init_seed,
        iter_slice,
        make_mlp,
        path_readout,
        pca_plane,
        project,
    )
    from core.training.optim_spec import OptimSpec
    from core.training.sharpness import hvp_operator, lanczos, power_iteration

    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), float32, CPU")
    split = digits_split(seed=0)
    x, y = split.x_train, split.y_train
    model = make_mlp(64, 10, 1, 64, "relu", seed=init_seed(0))
    net = NetLoss(model, x, y)
    print(f"model 64-64-10 relu: {net.n_params} parameters; {x.shape[0]} training images")

    from core.training.landscape import train_twin_paths

    specs = {"a": OptimSpec.parse("optimizer=adam,lr=0.01"), "b": OptimSpec.parse("optimizer=sgd,lr=0.5")}
    train_twin_paths(model, x, y, specs, steps=2)  # first optimizer step imports torch._dynamo (one-off)
    t, paths = best(lambda: train_twin_paths(model, x, y, specs, steps=300), args.repeats)
    print(f"twins     300 full-batch steps, A adam + B sgd, θ recorded: {t:.2f} s "
          f"({t / 600 * 1e3:.2f} ms per run-step)")
    both = [paths.paths["a"], paths.paths["b"]]
    t, plane = best(lambda: pca_plane(both), args.repeats)
    print(f"pca       plane of {sum(len(p) for p in both)} points: {t:.3f} s; explained "
          f"{plane.explained[0]:.1%} + {plane.explained[1]:.1%}")
    coords = np.vstack([project(plane, p).coords for p in both])
    extent = default_extent(coords)

    def slice_levels():
        stamps, start = [], time.perf_counter()
        for level in iter_slice(net, plane, extent, grid=51, coarse=17):
            stamps.append((level.level, time.perf_counter() - start, level))
        return stamps

    runs = [slice_levels() for _ in range(args.repeats)]
    coarse = min(r[0][1] for r in runs)
    full = min(r[1][1] - r[0][1] for r in runs)
    print(f"coarse    17×17 slice: {coarse:.3f} s (target <= 1 s)")
    print(f"full      51×51 slice: {full:.3f} s (target <= 5 s); coarse then full: {coarse + full:.3f} s")
    grid = runs[0][1][2].loss
    print(f"          slice loss range {np.nanmin(grid):.4g} .. {np.nanmax(grid):.4g} over extent "
          + ", ".join(f"{v:.3g}" for v in extent))

    theta = torch.as_tensor(paths.paths["a"][-1], dtype=torch.float32)
    lanczos(net, theta, k=1, max_iter=5)  # warm-up
    t, found = best(lambda: lanczos(net, theta, k=1, max_iter=100, tol=1e-3, seed=0), args.repeats)
    print(f"lambda    Lanczos λmax = {found.lambda_max:.5g} in {found.hvps} HVPs: {t:.3f} s (target <= 1 s)")
    t, power = best(lambda: power_iteration(net, theta, max_iter=100, tol=1e-12, seed=0), args.repeats)
    print(f"          power iteration (at most 100 HVPs, stops at a 1e-12 relative change): "
          f"λ = {power.values[0]:.5g} after {power.hvps} HVPs: {t:.3f} s")
    t, tight = best(lambda: lanczos(net, theta, k=2, max_iter=200, tol=1e-6, seed=0), 1)
    print(f"          Lanczos top-2 to 1e-6: {tight.values[0]:.6g}, {tight.values[1]:.6g} in {tight.hvps} HVPs: "
          f"{t:.3f} s")

    for name in ("a", "b"):
        out = path_readout(net, plane, paths.paths[name])
        print(f"readout   {name.upper()}: off-plane {out.off_plane_total:.1%} overall, "
              f"{out.off_plane[0]:.1%} at step 0; "
              f"step 0 true loss {out.true_loss[0]:.4f} vs plane {out.plane_loss[0]:.4f}; "
              f"final true {out.true_loss[-1]:.4f} vs plane {out.plane_loss[-1]:.4f}")

    if args.compare:
        from core.training.landscape import grid_coords

        _, _, pts = grid_coords(extent, 17)
        thetas = plane.origin + pts[:, :1] * plane.d1 + pts[:, 1:] * plane.d2
        t_vec, by_vectors = best(lambda: net.losses(thetas), args.repeats)
        saved, net._mlp = net._mlp, None
        try:
            t_vmap, by_vmap = best(lambda: net.losses(thetas), args.repeats)
        finally:
            net._mlp = saved
        t_plane, by_plane = best(lambda: net.plane_losses(plane, pts), args.repeats)
        print(f"compare   17×17: first-layer shortcut {t_plane:.3f} s, batched MLP on θ vectors {t_vec:.3f} s, "
              f"vmap(functional_call) {t_vmap:.3f} s; max rel. difference "
              f"{np.max(np.abs(by_vmap - by_plane) / np.abs(by_vmap)):.1e}, "
              f"{np.max(np.abs(by_vectors - by_plane) / np.abs(by_vectors)):.1e}")
        hvp = hvp_operator(net, theta)
        v = torch.randn_like(theta)
        hvp(v)
        t_db, _ = best(lambda: [hvp(v) for _ in range(20)], args.repeats)
        grad_fn = torch.func.grad(net)
        t_fr, _ = best(lambda: [torch.func.jvp(grad_fn, (theta,), (v,)) for _ in range(20)], args.repeats)
        print(f"compare   one HVP: double backward (graph kept) {t_db / 20 * 1e3:.2f} ms, "
              f"torch.func forward-over-reverse {t_fr / 20 * 1e3:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
