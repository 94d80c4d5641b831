"""The oracle: the same runs stepped one by one with torch.optim and torch autograd, in float64.

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
        return _cached_trajectory(formula, spec, tuple(float(v) for v in start), int(steps))
    return _trajectory(formula, spec, start, steps, noise)


@functools.cache
def _cached_trajectory(formula: str, spec: OptimizerSpec, start: tuple, steps: int) -> np.ndarray:
    path = _trajectory(formula, spec, start, steps, None)
    path.setflags(write=False)
    return path


def _trajectory(formula: str, spec: OptimizerSpec, start, steps: int, noise) -> np.ndarray:
    f = torch_function(formula)
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = torch_optimizer(spec, [theta])
    path = [theta.detach().numpy().copy()]
    for t in range(steps):
        opt.zero_grad()
        (f(theta) * spec.loss_scale).backward()
        if spec.noise:
            theta.grad += spec.loss_scale * spec.noise * torch.from_numpy(noise[t])
        if spec.clip:
            torch.nn.utils.clip_grad_norm_([theta], spec.clip)
        opt.step()
        path.append(theta.detach().numpy().copy())
    return np.array(path)
