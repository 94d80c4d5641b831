"""The oracle: the same runs stepped with torch.optim and torch autograd, in float64.

Surfaces are rebuilt in torch from their formula string (SymPy tree → torch ops), so the gradient
here comes from autograd — independent of both the hand-written built-in gradients and SymPy's.
"""

from __future__ import annotations

import functools

import numpy as np
import sympy as sp
import torch

from core.optim.spec import OptimizerSpec
from core.surfaces.formula import X, Y, parse_formula

_FUNCS = {sp.exp: torch.exp, sp.log: torch.log, sp.sin: torch.sin, sp.cos: torch.cos, sp.tan: torch.tan,
          sp.tanh: torch.tanh, sp.Abs: torch.abs}


@functools.cache
def torch_function(formula: str):
    """theta ↦ f(theta[0], theta[1]) in torch ops, the SymPy tree walked ONCE into nested closures (its
    constants made tensors once), so each step runs only the torch operations."""
    return _compile(parse_formula(formula))


def _compile(e):
    if e == X:
        return lambda theta: theta[0]
    if e == Y:
        return lambda theta: theta[1]
    if e.is_Number or isinstance(e, sp.NumberSymbol):
        constant = torch.tensor(float(e), dtype=torch.float64)
        return lambda theta: constant
    if isinstance(e, sp.Add | sp.Mul):
        first, *rest = [_compile(a) for a in e.args]
        add = isinstance(e, sp.Add)

        def fold(theta):
            out = first(theta)
            for term in rest:  # left to right, as the walk always did
                out = out + term(theta) if add else out * term(theta)
            return out

        return fold
    if isinstance(e, sp.Pow):
        base, exponent = _compile(e.args[0]), _compile(e.args[1])
        return lambda theta: torch.pow(base(theta), exponent(theta))
    if e.func in _FUNCS:
        fn, inner = _FUNCS[e.func], _compile(e.args[0])
        return lambda theta: fn(inner(theta))
    raise NotImplementedError(e.func)


def torch_optimizer(spec: OptimizerSpec, params):
    h = spec.hyper_parameters()
    k = spec.kind
    if k in ("sgd", "momentum"):
        return torch.optim.SGD(params, lr=h["lr"], momentum=h["momentum"], dampening=h["dampening"],
                               weight_decay=h["weight_decay"])
    if k == "nesterov":
        return torch.optim.SGD(params, lr=h["lr"], momentum=h["momentum"], nesterov=True,
                               weight_decay=h["weight_decay"])
    if k == "rmsprop":
        return torch.optim.RMSprop(params, lr=h["lr"], alpha=h["alpha"], eps=h["eps"],
                                   weight_decay=h["weight_decay"], momentum=h["momentum"])
    if k in ("adam", "adamw"):
        cls = torch.optim.Adam if k == "adam" else torch.optim.AdamW
        return cls(params, lr=h["lr"], betas=(h["beta1"], h["beta2"]), eps=h["eps"],
                   weight_decay=h["weight_decay"])
    return torch.optim.Adagrad(params, lr=h["lr"], lr_decay=h["lr_decay"], eps=h["eps"],
                               weight_decay=h["weight_decay"])


def torch_trajectory(formula: str, spec: OptimizerSpec, start, steps: int, noise=None) -> np.ndarray:
    """(steps+1, 2) path; ``noise`` (steps, 2) standard normals added as s·σ·ξ to the gradient.

    Without noise the path is computed once per (formula, spec, start, steps) and shared, read-only, by
    every test that asks for it (several tests compare different code with the same torch runs)."""
    if noise is None:
        return torch_trajectories(formula, [spec], start, steps)[0]
    return _trajectories(formula, [spec], start, steps, [noise])[0]


_CACHE: dict[tuple, np.ndarray] = {}


def torch_trajectories(formula: str, specs, start, steps: int) -> list[np.ndarray]:
    """torch_trajectory(formula, spec, start, steps) for each of ``specs`` (no noise), those not computed yet
    stepped together (cached as torch_trajectory's)."""
    start, steps = tuple(float(v) for v in start), int(steps)
    missing = list(dict.fromkeys(spec for spec in specs if (formula, spec, start, steps) not in _CACHE))
    for spec, path in zip(missing, _trajectories(formula, missing, start, steps, [None] * len(missing)),
                          strict=True):
        path.setflags(write=False)
        _CACHE[formula, spec, start, steps] = path
    return [_CACHE[formula, spec, start, steps] for spec in specs]


def _trajectories(formula: str, specs, start, steps: int, noises) -> list[np.ndarray]:
    """Each spec's run from ``start``: its own parameters (a leaf tensor) and its own torch.optim optimizer.
    The runs are stepped together, a step's gradients all from one autograd pass over the stacked
    parameters: each run's gradient comes only from its own row (the rows are summed), the same arithmetic
    as a pass of its own (tests/core/test_optimizers_vs_torch.py checks it bit for bit), in less than half
    the time (test_engine_matches_torch's 92 runs: 13.6 → 5.6 s)."""
    if not specs:
        return []
    f = torch_function(formula)
    thetas = [torch.tensor(start, dtype=torch.float64, requires_grad=True) for _ in specs]
    optimizers = [torch_optimizer(spec, [theta]) for spec, theta in zip(specs, thetas, strict=True)]
    scales = torch.tensor([spec.loss_scale for spec in specs], dtype=torch.float64)
    paths = [[theta.detach().numpy().copy()] for theta in thetas]
    for t in range(steps):
        for opt in optimizers:
            opt.zero_grad()
        (f(torch.stack(thetas).T) * scales).sum().backward()
        for spec, theta, opt, noise, path in zip(specs, thetas, optimizers, noises, paths, strict=True):
            if spec.noise:
                theta.grad += spec.loss_scale * spec.noise * torch.from_numpy(noise[t])
            if spec.clip:
                torch.nn.utils.clip_grad_norm_([theta], spec.clip)
            opt.step()
            path.append(theta.detach().numpy().copy())
    return [np.array(path) for path in paths]
