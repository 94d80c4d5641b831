"""The oracle: the same runs stepped one by one with torch.optim and torch autograd, in float64.

Surfaces are rebuilt in torch from their formula string (SymPy tree → torch ops), so the gradient
here comes from autograd — independent of both the hand-written built-in gradients and SymPy's.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
import torch

from core.optim.spec import OptimizerSpec
from core.surfaces.formula import X, Y, parse_formula

_FUNCS = {sp.exp: torch.exp, sp.log: torch.log, sp.sin: torch.sin, sp.cos: torch.cos, sp.tan: torch.tan,
          sp.tanh: torch.tanh, sp.Abs: torch.abs}


def torch_function(formula: str):
    expr = parse_formula(formula)

    def walk(e, x, y):
        if e == X:
            return x
        if e == Y:
            return y
        if e.is_Number or isinstance(e, sp.NumberSymbol):
            return torch.tensor(float(e), dtype=torch.float64)
        if isinstance(e, sp.Add):
            out = walk(e.args[0], x, y)
            for a in e.args[1:]:
                out = out + walk(a, x, y)
            return out
        if isinstance(e, sp.Mul):
            out = walk(e.args[0], x, y)
            for a in e.args[1:]:
                out = out * walk(a, x, y)
            return out
        if isinstance(e, sp.Pow):
            return torch.pow(walk(e.args[0], x, y), walk(e.args[1], x, y))
        if e.func in _FUNCS:
            return _FUNCS[e.func](walk(e.args[0], x, y))
        raise NotImplementedError(e.func)

    return lambda theta: walk(expr, theta[0], theta[1])


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
    """(steps+1, 2) path; ``noise`` (steps, 2) standard normals added as s·σ·ξ to the gradient."""
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
