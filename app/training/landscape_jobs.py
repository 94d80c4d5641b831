"""What the Training tab's landscape computes in the background, without Qt: the plane, the paths' read-outs
and the coarse slice of a :class:`~app.training.messages.PathSnapshot` (job 1 of the landscape view), and
the sharpness along both paths (the sharpness chart's job). The numbers are ``core.training.landscape``'s
and ``core.training.sharpness``'s; these functions only pick the points and rebuild the loss.

Sharpness: λmax of the training loss's Hessian at up to ``SHARPNESS_POINTS`` recorded points per run, or,
for Adam and AdamW, the preconditioned sharpness λmax(P·H) of the loss the optimizer sees (s·L), with
P = diag(1/(√v̂ + ε)) rebuilt from full-batch gradients at the recorded points
(``core.training.sharpness.rebuild_adam_preconditioners``: the snapshot holds no optimizer state).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.training.messages import PathSnapshot

SHARPNESS_POINTS = 12  # λmax estimates per run per request (core.training.sharpness.CHART_POINTS: lessons too)
SHARPNESS_ITER = 30  # Lanczos iterations per estimate, tolerance 1e-3 (… CHART_ITER)
PRECONDITIONED = ("adam", "adamw")  # optimizers whose sharpness is drawn preconditioned


@dataclass
class PlaneResult:
    """Job 1's answer: the plane, each run's read-out, the extent and the coarse slice."""

    snapshot: PathSnapshot
    net: object  # core.training.landscape.NetLoss (reused by the refinement job)
    plane: object  # core.training.landscape.Plane
    steps: dict  # run → recorded steps (T,) of its finite points
    readouts: dict  # run → core.training.landscape.PathReadout
    extent: tuple[float, float, float, float]
    slice: object  # core.training.landscape.Slice


def build_net_loss(snapshot: PathSnapshot):
    """The training loss of the snapshot's architecture on its training set (core.training.landscape.NetLoss)."""
    import torch

    from core.training.config import ModelConfig
    from core.training.landscape import NetLoss
    from core.training.models import ModelSpec, build_mlp

    spec = dict(snapshot.model)
    in_dim, out_dim = spec.pop("in_dim"), spec.pop("out_dim")
    hidden = ModelConfig(**spec)
    if hidden.batchnorm:
        raise ValueError("the landscape needs a network without batch norm (its loss depends on running "
                         "statistics the path does not hold)")
    model = build_mlp(ModelSpec(in_dim, out_dim, hidden), seed=snapshot.seed)
    dtype = torch.float64 if snapshot.dtype == "float64" else torch.float32
    return NetLoss(model, snapshot.x_train, snapshot.y_train, loss=snapshot.loss, dtype=dtype)


def finite_path(snapshot: PathSnapshot, run: str) -> tuple[np.ndarray, np.ndarray]:
    """(steps, rows) of run ``run``'s recorded points that are finite and not after its divergence."""
    rows = snapshot.paths[run]
    steps = snapshot.steps
    keep = np.all(np.isfinite(rows), axis=1) if rows.size else np.zeros(0, bool)
    diverged = snapshot.diverged[run]
    if diverged is not None:
        keep &= steps < diverged
    return steps[keep], rows[keep]


def compute_plane(snapshot: PathSnapshot, kind: str, progress=None, coarse: int = 17) -> PlaneResult:
    """Job 1: plane, read-outs and the ``coarse``×``coarse`` slice (``progress(fraction)`` False → Cancelled)."""
    from core.training.landscape import compute_slice, default_extent, make_plane, path_readout

    if snapshot.note:
        raise ValueError(snapshot.note)
    net = build_net_loss(snapshot)
    runs = {run: finite_path(snapshot, run) for run in ("a", "b")}
    paths = [rows for _, rows in runs.values() if len(rows)]
    if not paths or sum(len(p) for p in paths) < 3:
        raise ValueError("train a few steps first: the plane needs at least 3 recorded points")
    plane = make_plane(kind, net, paths, seed=snapshot.seed)
    if progress is not None and progress(0.1) is False:
        from core.engine.run import Cancelled

        raise Cancelled("cancelled")
    readouts = {run: path_readout(net, plane, rows) for run, (_, rows) in runs.items() if len(rows)}
    extent = default_extent(np.vstack([r.coords for r in readouts.values()]))
    sl = compute_slice(net, plane, extent, grid=coarse,
                       progress=None if progress is None else (lambda f: progress(0.1 + 0.9 * f)))
    return PlaneResult(snapshot, net, plane, {run: steps for run, (steps, _) in runs.items()}, readouts, extent, sl)


def preconditioned(spec: dict) -> bool:
    """Whether a run's sharpness is drawn preconditioned (Adam, AdamW)."""
    return spec.get("optimizer") in PRECONDITIONED


def adam_preconditioners(net, spec: dict, steps: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """p = 1/(√v̂ + ε) at each recorded point of an Adam run, rebuilt from the full-batch gradients of the
    loss its optimizer sees (s·L, plus λθ with coupled weight decay) at the recorded points."""
    import torch

    from core.training.sharpness import rebuild_adam_preconditioners

    scale = float(spec.get("loss_scale", 1.0))
    coupled = 0.0 if spec.get("wd_mode") == "decoupled" else float(spec.get("weight_decay") or 0.0)

    def gradient(row: np.ndarray) -> np.ndarray:
        theta = torch.as_tensor(row).to(net.device, net.dtype).requires_grad_(True)
        with torch.enable_grad():
            grad = torch.autograd.grad(net(theta) * scale, theta)[0]
        return grad.double().cpu().numpy() + coupled * row

    return rebuild_adam_preconditioners(gradient, steps, rows, beta2=float(spec.get("beta2", 0.999)),
                                        eps=float(spec.get("eps", 1e-8)))


def estimate_sharpness(snapshot: PathSnapshot, progress=None) -> dict:
    """run → (steps, values): λmax(H) at up to SHARPNESS_POINTS evenly spaced recorded points, or λmax(P·H)
    of s·L for an Adam run (NaN at step 0, before Adam has a second moment)."""
    from core.training.sharpness import chart_rows, preconditioned_sharpness_along, sharpness_along

    net = build_net_loss(snapshot)
    out = {}
    for i, run in enumerate(("a", "b")):
        steps, rows = finite_path(snapshot, run)
        if len(rows) == 0:
            continue
        pick = chart_rows(len(rows), SHARPNESS_POINTS)
        report = None if progress is None else (lambda f, i=i: progress(0.5 * i + 0.5 * f))
        spec = snapshot.specs[run]
        if preconditioned(spec):
            pre = adam_preconditioners(net, spec, steps, rows)[pick]
            scale = float(spec.get("loss_scale", 1.0))
            values = preconditioned_sharpness_along(lambda theta, scale=scale: net(theta) * scale, rows[pick], pre,
                                                    max_iter=SHARPNESS_ITER, tol=1e-3, seed=snapshot.seed,
                                                    dtype=net.dtype, progress=report)
        else:
            values = sharpness_along(net, rows[pick], max_iter=SHARPNESS_ITER, tol=1e-3, seed=snapshot.seed,
                                     dtype=net.dtype, progress=report)
        out[run] = (steps[pick], values)
    return out
