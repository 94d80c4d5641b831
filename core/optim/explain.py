"""Step-by-step: one optimizer step's update equations with the numbers substituted, term by term.

:func:`explain_step` turns the recorded state of a run (core.engine.state.OptimizerState) at step k into
:class:`Line` s, one per assignment in torch.optim's order, e.g.

    m ← 0.9·(0.120, −0.400) + 0.1·(1.30, 2.00) = (0.238, −0.160)

Each line carries its terms as data (a per-coordinate coefficient times a vector), the vector it produces
and which recorded array that result is (so a test checks every line against the state, and a view can
highlight each term on the map without parsing text). Numbers are shown with 3 significant digits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.optim import precision, rules
from core.optim.spec import OptimizerSpec


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 — the name pyside6-lupdate looks for
    """Marks a note for translation (core imports no Qt): the step view shows it through
    translate("StepView", note)."""
    return text


FIRST_STEP = QT_TRANSLATE_NOOP("StepView", "first step")


@dataclass(frozen=True)
class Term:
    """``coefficient`` (2,) times ``vector`` (2,); ``symbol`` names the vector (θ, g, m, b, v, g², ξ, …)."""

    symbol: str
    coefficient: np.ndarray
    vector: np.ndarray

    @property
    def contribution(self) -> np.ndarray:
        return self.coefficient * self.vector


@dataclass(frozen=True)
class Line:
    """One assignment of the step. ``result`` ≈ Σ terms' contributions (the state holds the exactly
    computed value: ``recorded`` = (OptimizerState attribute, index) of the same numbers). ``arrow`` is
    the vector to draw at the head (a direction: g, b, m, m̂, d; the step Δθ for a θ line), None for
    squared quantities (v, v̂, S). ``note``: a few words about the equation (English, e.g. "first step"),
    empty for most lines."""

    target: str
    equation: str
    text: str
    terms: tuple[Term, ...]
    result: np.ndarray
    arrow: np.ndarray | None
    recorded: tuple[str, int] | None
    note: str = ""


def number(x: float) -> str:
    """3 significant digits, a true minus sign: 0.9 → '0.9', −1e-08 → '−1e-8' (up to 6 where 3 would
    show a number that is not 1 as 1, e.g. AdamW's 1 − γλ = 0.9999)."""
    text = f"{x:.3g}"
    if abs(float(text)) == 1 and abs(x) != 1:
        text = f"{x:.6g}"
    return _clean(text)


def vector_text(v) -> str:
    """(0.238, −0.160): 3 significant digits, trailing zeros kept so the columns read alike."""
    return "(" + ", ".join(_clean(f"{float(c):#.3g}") for c in v) + ")"


def _clean(text: str) -> str:
    mantissa, _, exponent = text.partition("e")
    if mantissa.endswith("."):
        mantissa = mantissa[:-1]
    mantissa = mantissa.replace("-", "−").replace("inf", "∞")
    return mantissa + ("e" + str(int(exponent)) if exponent else "")


def _coefficient_text(c: np.ndarray) -> tuple[str, float]:
    """The coefficient as shown (sign taken out) and its sign."""
    if c[0] == c[1]:
        value = float(c[0])
        return ("" if abs(value) == 1 else number(abs(value)) + "·"), math.copysign(1.0, value)
    if (c <= 0).all() and (c < 0).any():
        return vector_text(-c) + "⊙", -1.0
    return vector_text(c) + "⊙", 1.0


def _line(target, equation, terms, result, arrow=None, recorded=None, assign="←", note="") -> Line:
    parts = []
    for i, term in enumerate(terms):
        coefficient, sign = _coefficient_text(term.coefficient)
        body = coefficient + vector_text(term.vector)
        parts.append((("−" if sign < 0 else "") if i == 0 else (" − " if sign < 0 else " + ")) + body)
    rhs = "".join(parts)
    text = f"{target} {assign} {rhs} = {vector_text(result)}" if terms else f"{target} = {vector_text(result)}"
    return Line(target, equation, text, tuple(terms), np.asarray(result, np.float64).copy(),
                None if arrow is None else np.asarray(arrow, np.float64).copy(), recorded, note)


def _term(symbol, coefficient, vector) -> Term:
    return Term(symbol, np.broadcast_to(np.asarray(coefficient, np.float64), (2,)).copy(),
                np.asarray(vector, np.float64).copy())


def explain_step(state, spec: OptimizerSpec, run: int, k: int) -> list[Line]:
    """The lines of step k + 1 of run ``run`` (the step leaving ``state.points[run, k]``) under ``spec``
    (that run's effective spec). ValueError for a step the run did not take."""
    if not 0 <= k < int(state.valid[run]):
        raise ValueError(f"step {k + 1} was not taken by run {run + 1} (it has {int(state.valid[run])} steps)")
    t = k + 1
    theta = state.points[run, k]
    lines = [_line("∇f", "∇f(θ)", (), state.grad[run, k], arrow=state.grad[run, k], recorded=("grad", k))]
    g = _gradient_lines(lines, state, spec, run, k, theta)
    kind = spec.kind
    new_theta = state.points[run, t]
    step = new_theta - theta
    if kind in ("sgd", "momentum", "nesterov"):
        direction, symbol = g, "g"
        if spec.momentum:
            b_prev, b_new = state.b[run, k], state.b[run, t]
            if t == 1:
                b = _line("b", "b ← g", [_term("g", 1.0, g)], b_new, arrow=b_new, recorded=("b", t), note=FIRST_STEP)
            else:
                b = _line("b", "b ← μ·b + (1 − τ)·g",
                          [_term("b", spec.momentum, b_prev), _term("g", 1.0 - (spec.dampening or 0.0), g)], b_new,
                          arrow=b_new, recorded=("b", t))
            lines.append(b)
            direction, symbol = b.result, "b"
            if kind == "nesterov":
                d = rules.nesterov_direction(g, b.result, spec.momentum)
                lines.append(_line("d", "d ← g + μ·b", [_term("g", 1.0, g), _term("b", spec.momentum, b.result)], d,
                                   arrow=d))
                direction, symbol = d, "d"
        lines.append(_line("θ", f"θ ← θ − γ·{symbol}", [_term("θ", 1.0, theta), _term(symbol, -spec.lr, direction)],
                           new_theta, arrow=step, recorded=("points", t)))
        return lines
    if kind == "rmsprop":
        v_prev, v = state.v[run, k], state.v[run, t]
        lines.append(_line("v", "v ← α·v + (1 − α)·g²", [_term("v", spec.alpha, v_prev),
                                                           _term("g²", 1.0 - spec.alpha, g * g)], v, recorded=("v", t)))
        rate = state.lr_eff[run, k]
        if spec.momentum:
            b_prev = state.b[run, k]
            b = state.b[run, t]
            lines.append(_line("b", "b ← μ·b + g/(√v + ε)", [_term("b", spec.momentum, b_prev),
                                                               _term("g", rate / spec.lr, g)], b, arrow=b,
                               recorded=("b", t)))
            lines.append(_line("θ", "θ ← θ − γ·b", [_term("θ", 1.0, theta), _term("b", -spec.lr, b)], new_theta,
                               arrow=step, recorded=("points", t)))
        else:
            lines.append(_line("θ", "θ ← θ − γ/(√v + ε)·g", [_term("θ", 1.0, theta), _term("g", -rate, g)],
                               new_theta, arrow=step, recorded=("points", t)))
        return lines
    if kind in ("adam", "adamw"):
        if kind == "adamw":
            decayed = rules.decoupled_weight_decay(theta, spec.lr, spec.weight_decay)
            lines.append(_line("θ", "θ ← (1 − γλ)·θ", [_term("θ", 1.0 - spec.lr * spec.weight_decay, theta)],
                               decayed, arrow=decayed - theta))
            theta = decayed
        m_prev, v_prev, m, v = state.m[run, k], state.v[run, k], state.m[run, t], state.v[run, t]
        lines.append(_line("m", "m ← β₁·m + (1 − β₁)·g", [_term("m", spec.beta1, m_prev),
                                                           _term("g", 1.0 - spec.beta1, g)], m, arrow=m,
                           recorded=("m", t)))
        lines.append(_line("v", "v ← β₂·v + (1 − β₂)·g²", [_term("v", spec.beta2, v_prev),
                                                            _term("g²", 1.0 - spec.beta2, g * g)], v,
                           recorded=("v", t)))
        bias1, bias2 = state.bias1[run, k], state.bias2[run, k]
        m_hat, v_hat = state.m_hat[run, k], state.v_hat[run, k]
        lines.append(_line("m̂", f"m̂ = m/(1 − β₁ᵗ),  1 − β₁ᵗ = {number(bias1)}", [_term("m", 1.0 / bias1, m)],
                           m_hat, arrow=m_hat, recorded=("m_hat", k), assign="="))
        lines.append(_line("v̂", f"v̂ = v/(1 − β₂ᵗ),  1 − β₂ᵗ = {number(bias2)}", [_term("v", 1.0 / bias2, v)],
                           v_hat, recorded=("v_hat", k), assign="="))
        lines.append(_line("θ", "θ ← θ − γ/(√v̂ + ε)·m̂", [_term("θ", 1.0, theta),
                                                          _term("m̂", -state.lr_eff[run, k], m_hat)],
                           new_theta, arrow=new_theta - theta, recorded=("points", t)))
        return lines
    s_prev, s = state.v[run, k], state.v[run, t]  # Adagrad
    lines.append(_line("S", "S ← S + g²", [_term("S", 1.0, s_prev), _term("g²", 1.0, g * g)], s, recorded=("v", t)))
    rate = rules.adagrad_lr(spec.lr, t, spec.lr_decay)
    lines.append(_line("θ", f"θ ← θ − γₜ/(√S + ε)·g,  γₜ = γ/(1 + (t − 1)δ) = {number(rate)}",
                       [_term("θ", 1.0, theta), _term("g", -state.lr_eff[run, k], g)], new_theta, arrow=step,
                       recorded=("points", t)))
    return lines


def _gradient_lines(lines: list, state, spec: OptimizerSpec, run: int, k: int, theta) -> np.ndarray:
    """The lines that turn ∇f into the g the rule uses (the kernel's order); returns that g."""
    grad = state.grad[run, k]
    s = spec.loss_scale
    if spec.noise:
        xi = np.random.default_rng(spec.seed).standard_normal((k + 1, 2))[k]  # core.engine.run.noise_streams
        g = (grad + spec.noise * xi) * s
        lines.append(_line("g", "g ← s·(∇f + σ·ξ)", [_term("∇f", s, grad), _term("ξ", s * spec.noise, xi)], g,
                           arrow=g))
    else:
        g = grad * s
        lines.append(_line("g", "g ← s·∇f", [_term("∇f", s, grad)], g, arrow=g))
    if spec.grad_dtype is not None:
        code = precision.FORMAT_CODES[spec.grad_dtype]
        rounded = np.array([precision.to_format(float(c), code) for c in g])
        g = rounded / s
        lines.append(_line("g", f"g ← {spec.grad_dtype}(g)/s", [_term(f"{spec.grad_dtype}(g)", 1.0 / s, rounded)], g,
                           arrow=g))
    if spec.clip > 0:
        c = rules.clip_coefficient(math.sqrt(g[0] * g[0] + g[1] * g[1]), spec.clip)
        g = g * c
        lines.append(_line("g", f"g ← c·g,  c = min(1, {number(spec.clip)}/(‖g‖ + 10⁻⁶)) = {number(c)}",
                           [_term("g", c, lines[-1].result)], g, arrow=g))
    if spec.kind != "adamw" and spec.weight_decay:
        previous = g
        g = rules.coupled_weight_decay(g, theta, spec.weight_decay)
        lines.append(_line("g", "g ← g + λ·θ", [_term("g", 1.0, previous), _term("θ", spec.weight_decay, theta)], g,
                           arrow=g))
    last = lines[-1]
    lines[-1] = Line(last.target, last.equation, last.text, last.terms, last.result, last.arrow, ("g", k), last.note)
    return g
