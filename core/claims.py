"""Claims: machine-checkable statements about a scene's runs, stored beside the sentences they back.

A claim is data, e.g. ``{"kind": "paths_equal", "runs": [0, 1], "tol": 1e-12, "id": "gap"}``: a kind
from :data:`KINDS` and that kind's arguments. A scene (and later a lesson step) holds a list of them;
:func:`evaluate` runs the scene once (core.engine) and says, per claim, whether it holds and what was
measured. Notes quote measured numbers through placeholders, ``{gap}`` or ``{gap:.2g}``, filled from the
claim with that ``id`` by :func:`fill_notes`, so a sentence and its number cannot drift apart;
:func:`notes_errors` reports a placeholder that names no claim (checked by ``losslab presets check``,
so it never first shows up on screen).

Runs are named by their index in the scene's optimizer list (0 = the first): ``0`` is the run the race
shows (the global lr × and loss × factors applied), ``"g0"`` its ghost (the same optimizer with the
global factors at 1, :meth:`core.scene.Scene.reference_specs`). Steps count updates: step 0 is the start,
step k the point after k updates; a range ``from``/``to`` is inclusive.

Every kind measures one number, ``measured``; most also take bounds ``min``/``max`` on it. Kinds:

=================  =====================================================  ==================================
kind               measured                                               holds when
=================  =====================================================  ==================================
paths_equal        max over steps of ‖θa − θb‖ (``runs``, ``from``/``to``)  ≤ ``tol``, same divergence
paths_differ       the same maximum                                       ≥ ``min``
distance           ‖θa − θb‖ at ``step`` (default: the last)               within ``min``/``max``
diverges           the step at which ``run`` diverged                     it diverged, before/after bounds
converges          the final loss of ``run``                              no divergence, ≤ ``loss``
reaches_loss       first step with loss ≤ ``loss``                        reached (``before``/``after``);
                                                                          ``never``: true inverts
reaches_point      first step within ``radius`` of ``point``              as reaches_loss
reaches_before     first step of runs[0] to the loss (or point)           runs[0] gets there strictly first
crosses            first step where ``formula`` (in x, y) ≥ ``level``        as reaches_loss
ends_near          ‖final θ − ``point``‖                                  ≤ ``radius``
step_size          ‖θk − θk−1‖ (or |Δ| of ``coord`` 0 = x, 1 = y)          within ``min``/``max``
max_step           the largest such step over steps ``from``..``to``       within ``min``/``max``
loss_at            the loss of ``run`` at ``step`` (default: the last)     within ``min``/``max``
path_max           max of ``formula`` (in x, y) over the path's points     within ``min``/``max``
path_length        the length of ``run``'s path up to ``to``               within ``min``/``max``
value              a surface ``quantity`` at ``point`` (see QUANTITIES)   within ``min``/``max``
stability_crosses  first step k whose gauge at θ_k (core.optim.stability:  as reaches_loss
                   SGD's γ·s·λmax, …) exceeds ``bound`` (default: the
                   run's own limit, 2 for SGD)
oscillation_grows  first step k from which the path's oscillation along   as reaches_loss; ``crossing_within``:
                   ``coord`` (0 = x, 1 = y) grows: steps k + 1 and k + 2   also at most that many steps from
                   point opposite ways and k + 2 is the longer, for        the stability_crosses step (same
                   ``span`` (default 3) pairs in a row                    ``bound``)
step_limit         the bound on γ·s·λmax under which ``run`` (SGD,         within ``min``/``max``
                   Momentum, Nesterov) is stable: 2, 2(1 + μ), …
                   (core.optim.stability.step_limit)
stable_scale       the largest loss scale s at which ``run`` (SGD family)  within ``min``/``max``
                   is stable at ``point``: (step limit/γ − λ_wd)/λmax,
                   λ_wd its coupled weight decay, λmax of the Hessian
gauge_at           γ·(s·λmax + λ_wd) of ``run`` (SGD family) at ``point``:   within ``min``/``max``
                   the number its step limit bounds
=================  =====================================================  ==================================

stability_crosses and oscillation_grows count steps as the playback does: the gauge shown at step k is that of the head
θ_k, and it predicts the step k + 1 taken from there. On a quadratic across the valley (θ ← (1 − γ·s·λ)θ
along that direction) step k + 1 enlarges the distance from the valley floor exactly when the gauge at θ_k
exceeds 2, and that distance shows in the length of the step after it (|Δ_{k+2}| = γ·s·λ·|θ_{k+1}|), so
the two kinds measure the same k on a canyon whose curvature changes slowly (the ratio of successive
curvatures can move the step-length test by a step: hence ``crossing_within``).

Every kind also takes ``id`` (the name notes quote it by), ``about`` (a few words for reports) and
``with``: the global factors the claim is evaluated at, e.g. ``{"loss_scale": 10}`` — what a sentence
such as "raise the loss scale and SGD speeds up" is checked against (the scene's own runs otherwise).
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from core.i18n import translate

MAX_CLAIMS = 200  # per scene: more is not a lesson any more, and bounds the work of checking one
MAX_SPAN = 50  # oscillation_grows: more growing steps in a row than a lesson needs to show growth

_COMMON = frozenset({"id", "about", "with"})
_BOUNDS = frozenset({"min", "max"})
_RANGE = frozenset({"from", "to"})
_REACH = frozenset({"before", "after", "never"})

# kind -> set of argument names it takes
KINDS: dict[str, frozenset[str]] = {
    "paths_equal": _COMMON | _RANGE | {"runs", "tol"},
    "paths_differ": _COMMON | _RANGE | {"runs", "min"},
    "distance": _COMMON | _BOUNDS | {"runs", "step"},
    "diverges": _COMMON | {"run", "before", "after"},
    "converges": _COMMON | {"run", "loss"},
    "reaches_loss": _COMMON | _REACH | {"run", "loss"},
    "reaches_point": _COMMON | _REACH | {"run", "point", "radius"},
    "reaches_before": _COMMON | {"runs", "loss", "point", "radius"},
    "crosses": _COMMON | _REACH | {"run", "formula", "level"},
    "ends_near": _COMMON | {"run", "point", "radius"},
    "step_size": _COMMON | _BOUNDS | {"run", "step", "coord"},
    "max_step": _COMMON | _BOUNDS | _RANGE | {"run", "coord"},
    "loss_at": _COMMON | _BOUNDS | {"run", "step"},
    "path_max": _COMMON | _BOUNDS | _RANGE | {"run", "formula"},
    "path_length": _COMMON | _BOUNDS | {"run", "to"},
    "value": _COMMON | _BOUNDS | {"quantity", "point"},
    "stability_crosses": _COMMON | _REACH | {"run", "bound"},
    "step_limit": _COMMON | _BOUNDS | {"run"},
    "stable_scale": _COMMON | _BOUNDS | {"run", "point"},
    "gauge_at": _COMMON | _BOUNDS | {"run", "point"},
    "oscillation_grows": _COMMON | _REACH | {"run", "coord", "span", "bound", "crossing_within"},
}

# arguments every claim of a kind must have
_REQUIRED: dict[str, frozenset[str]] = {
    "paths_equal": frozenset({"runs", "tol"}), "paths_differ": frozenset({"runs", "min"}),
    "distance": frozenset({"runs"}), "diverges": frozenset({"run"}),
    "converges": frozenset({"run", "loss"}), "reaches_loss": frozenset({"run", "loss"}),
    "reaches_point": frozenset({"run", "point", "radius"}), "reaches_before": frozenset({"runs"}),
    "crosses": frozenset({"run", "formula", "level"}),
    "ends_near": frozenset({"run", "point", "radius"}), "step_size": frozenset({"run", "step"}),
    "max_step": frozenset({"run"}),
    "loss_at": frozenset({"run"}), "path_max": frozenset({"run", "formula"}),
    "path_length": frozenset({"run"}), "value": frozenset({"quantity", "point"}),
    "stability_crosses": frozenset({"run"}), "oscillation_grows": frozenset({"run", "coord"}),
    "step_limit": frozenset({"run"}), "stable_scale": frozenset({"run", "point"}),
    "gauge_at": frozenset({"run", "point"}),
}

_FACTORS = ("lr_factor", "loss_scale")  # the global factors a claim may be evaluated at ("with")
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}\Z")
_GHOST = re.compile(r"g(\d{1,2})\Z")


class ClaimError(ValueError):
    """A claim that cannot be read; the message says why. ``reason`` is the message without the "claim N
    (kind): " that names the claim in a list (a lesson names its claims its own way)."""

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = message if reason is None else reason


@dataclass(frozen=True)
class Claim:
    kind: str
    args: Mapping = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"kind": self.kind, **self.args}

    @property
    def id(self) -> str:
        return self.args.get("id", "")

    def label(self, index: int) -> str:
        """How reports name it: its id, or its kind and position."""
        return self.id or f"#{index + 1} {self.kind}"


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    holds: bool
    measured: float  # NaN where there is nothing to measure (a run that never gets there)
    message: str

    def to_dict(self) -> dict:
        return {**self.claim.to_dict(), "holds": self.holds,
                "measured": self.measured if math.isfinite(self.measured) else None, "message": self.message}


def parse_claims(value) -> tuple[Claim, ...]:
    """The claims of a scene file's ``claims`` list (raises ClaimError naming the bad one)."""
    if not isinstance(value, list):
        raise ClaimError(translate("core.claims", "'claims' must be a list"))
    if len(value) > MAX_CLAIMS:
        raise ClaimError(translate("core.claims", "at most {max_claims} claims").format(max_claims=MAX_CLAIMS))
    claims = []
    ids = set()
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
            raise ClaimError(translate("core.claims", "claim {number} must be an object with a 'kind'").format(
                number=i + 1))
        args = {k: v for k, v in item.items() if k != "kind"}
        kind = item["kind"]
        if kind not in KINDS:
            reason = translate("core.claims", "unknown kind {kind}").format(kind=f"{kind!r:.40}")
            raise ClaimError(_numbered(i, reason), reason)
        unknown = set(args) - KINDS[kind]
        if unknown:
            reason = translate("core.claims", "unknown field(s) {names}").format(
                names=", ".join(sorted(map(str, unknown))))
            raise ClaimError(_named(i, kind, reason), reason)
        try:
            _check_args(kind, args)
        except ClaimError as exc:
            raise ClaimError(_named(i, kind, exc.reason), exc.reason) from None
        if "id" in args:
            if args["id"] in ids:
                reason = translate("core.claims", "id {id} is used twice").format(id=f"{args['id']!r}")
                raise ClaimError(_named(i, kind, reason), reason)
            ids.add(args["id"])
        claims.append(Claim(kind, args))
    return tuple(claims)


def _numbered(index: int, reason: str) -> str:
    return translate("core.claims", "claim {number}: {reason}").format(number=index + 1, reason=reason)


def _named(index: int, kind: str, reason: str) -> str:
    return translate("core.claims", "claim {number} ({kind}): {reason}").format(number=index + 1, kind=kind,
                                                                                 reason=reason)


def _check_args(kind: str, args: dict) -> None:
    missing = _REQUIRED[kind] - set(args)
    if missing:
        raise ClaimError(translate("core.claims", "missing {missing}").format(missing=', '.join(sorted(missing))))
    for name, value in args.items():
        if name == "id":
            if not isinstance(value, str) or not _ID.match(value):
                raise ClaimError(translate("core.claims", "'id' must be a name of letters, digits and _ (not "
                                                          "starting with a digit)"))
        elif name == "with":
            if not isinstance(value, dict) or not value or set(value) - set(_FACTORS) \
                    or not all(_is_number(v) and v > 0 for v in value.values()):
                raise ClaimError(translate("core.claims", "'with' must map lr_factor and/or loss_scale to positive "
                                                          "numbers"))
        elif name in ("about", "formula", "quantity"):
            if not isinstance(value, str) or len(value) > 300:
                raise ClaimError(translate("core.claims", "'{name}' must be text").format(name=name))
        elif name == "run":
            _run_ref(value)
        elif name == "runs":
            if not isinstance(value, list) or len(value) != 2:
                raise ClaimError(translate("core.claims", "'runs' must be a list of two runs"))
            for ref in value:
                _run_ref(ref)
        elif name == "point":
            if not isinstance(value, list) or len(value) != 2 or not all(_is_number(v) for v in value):
                raise ClaimError(translate("core.claims", "'point' must be [x, y]"))
        elif name in ("step", "from", "to", "before", "after", "coord", "span", "crossing_within"):
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ClaimError(translate("core.claims", "'{name}' must be a whole number ≥ 0").format(
                    name=name))
            if name == "coord" and value > 1:
                raise ClaimError(translate("core.claims", "'coord' must be 0 (x) or 1 (y)"))
            if name == "span" and not 1 <= value <= MAX_SPAN:
                raise ClaimError(translate("core.claims", "'span' must be 1 to {max_span}").format(
                    max_span=MAX_SPAN))
        elif name == "never":
            if not isinstance(value, bool):
                raise ClaimError(translate("core.claims", "'never' must be true or false"))
        elif not _is_number(value):
            raise ClaimError(translate("core.claims", "'{name}' must be a finite number").format(name=name))
    if kind == "reaches_before" and ("loss" in args) == ("point" in args):
        raise ClaimError(translate("core.claims", "give either 'loss' or 'point' (with 'radius')"))
    if "point" in args and kind == "reaches_before" and "radius" not in args:
        raise ClaimError(translate("core.claims", "'point' needs a 'radius'"))
    if "bound" in args and args["bound"] <= 0:
        raise ClaimError(translate("core.claims", "'bound' must be a positive number"))
    if kind == "value" and args["quantity"] not in QUANTITIES:
        raise ClaimError(translate("core.claims", "unknown quantity {quantity}; choose one of: {quantities}").format(
            quantity=f"{args['quantity']!r:.40}", quantities=', '.join(QUANTITIES)))


def _is_number(value) -> bool:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float (10**400 in a file)
        return False


def _run_ref(value) -> tuple[int, bool]:
    """(optimizer index, ghost?) of a run reference: 0, 1, ... or "g0", "g1", ..."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value, False
    if isinstance(value, str) and (m := _GHOST.match(value)):
        return int(m.group(1)), True
    raise ClaimError(translate("core.claims", "a run is an optimizer's index (0, 1, …) or its ghost (\"g0\", …), "
                                              "not {value}").format(value=f"{value!r:.20}"))


# --- evaluation ------------------------------------------------------------------------------------

class SceneRuns:
    """The scene's runs, computed once (with the ghosts only when a claim names one)."""

    def __init__(self, scene, ghosts: bool):
        from core.engine import run

        self.scene = scene
        self.count = len(scene.optimizers)
        self.specs = scene.effective_specs() + (scene.reference_specs() if ghosts else [])
        self.result = run(scene.surface, self.specs, scene.steps, start=scene.start)
        self.steps = scene.steps
        self._curves = None

    def curve(self, ref):
        """Run ``ref``'s core.optim.stability.StabilityCurve (the gauge), computed for every run on first use."""
        if self._curves is None:
            from core.engine.state import record_state, stability

            state = record_state(self.scene.surface, self.specs, self.steps, self.scene.start)
            self._curves = stability(self.scene.surface, self.specs, state)
        return self._curves[self.index(ref)]

    def index(self, ref) -> int:
        i, ghost = _run_ref(ref)
        if i >= self.count:
            raise ClaimError(translate("core.claims", "run {ref} does not exist (the scene has {count} optimizers)")
                             .format(ref=f"{ref!r}", count=self.count))
        return i + self.count if ghost else i

    def points(self, ref) -> np.ndarray:
        return self.result.points[self.index(ref)]

    def loss(self, ref) -> np.ndarray:
        return self.result.loss[self.index(ref)]

    def diverged_at(self, ref) -> int:
        return int(self.result.diverged_at[self.index(ref)])

    def step(self, k: int | None, name: str = "step") -> int:
        k = self.steps if k is None else k
        if not 0 <= k <= self.steps:
            raise ClaimError(translate("core.claims", "'{name}' {step} is beyond the scene's {steps} steps").format(
                name=name, step=k, steps=self.steps))
        return k

    def window(self, args) -> slice:
        lo, hi = self.step(args.get("from", 0), "from"), self.step(args.get("to"), "to")
        if lo > hi:
            raise ClaimError(translate("core.claims", "'from' is after 'to'"))
        return slice(lo, hi + 1)


def _bounds(args, measured: float) -> bool:
    if not math.isfinite(measured):
        return False
    return ("min" not in args or measured >= args["min"]) and ("max" not in args or measured <= args["max"])


def _bounds_text(args) -> str:
    parts = [f"≥ {args['min']:g}"] if "min" in args else []
    parts += [f"≤ {args['max']:g}"] if "max" in args else []
    return " and ".join(parts) or "any value"


def _first(mask: np.ndarray) -> int:
    hits = np.flatnonzero(mask)
    return int(hits[0]) if hits.size else -1


def _reach(args, step: int, what: str):
    if args.get("never", False):
        return step < 0, (math.nan if step < 0 else float(step)), \
            (f"never {what}" if step < 0 else f"{what} at step {step}, but should never")
    if step < 0:
        return False, math.nan, f"never {what}"
    ok = ("before" not in args or step < args["before"]) and ("after" not in args or step > args["after"])
    limits = " ".join(([f"before step {args['before']}"] if "before" in args else [])
                      + ([f"after step {args['after']}"] if "after" in args else []))
    return ok, float(step), f"{what} at step {step}" + (f" (wanted {limits})" if limits and not ok else "")


def _gap(runs: SceneRuns, args) -> np.ndarray:
    a, b = (runs.points(r) for r in args["runs"])
    span = runs.window(args)
    return np.hypot(*(a[span] - b[span]).T)


def _paths_equal(runs, args):
    d = float(_gap(runs, args).max())
    same = runs.diverged_at(args["runs"][0]) == runs.diverged_at(args["runs"][1])
    holds = d <= args["tol"] and same
    why = "" if same else " (one diverged, the other did not at the same step)"
    return holds, d, f"max distance {d:.3g} (tolerance {args['tol']:g}){why}"


def _paths_differ(runs, args):
    d = float(_gap(runs, args).max())
    return d >= args["min"], d, f"max distance {d:.3g} (wanted ≥ {args['min']:g})"


def _distance(runs, args):
    k = runs.step(args.get("step"))
    a, b = (runs.points(r) for r in args["runs"])
    d = float(np.hypot(*(a[k] - b[k])))
    return _bounds(args, d), d, f"distance {d:.3g} at step {k} (wanted {_bounds_text(args)})"


def _diverges(runs, args):
    step = runs.diverged_at(args["run"])
    if step < 0:
        return False, math.nan, "does not diverge"
    return _reach(args, step, "diverges")


def _converges(runs, args):
    i = runs.index(args["run"])
    if runs.result.diverged_at[i] >= 0:
        return False, math.nan, f"diverges at step {int(runs.result.diverged_at[i])}"
    f = float(runs.result.loss[i, -1])
    return f <= args["loss"], f, f"final loss {f:.3g} (wanted ≤ {args['loss']:g})"


def _valid_loss(runs, ref) -> np.ndarray:
    loss = runs.loss(ref).copy()
    d = runs.diverged_at(ref)
    if d >= 0:
        loss[d:] = np.inf  # the held last point is not a place the run reached
    return loss


def _reaches_loss(runs, args):
    return _reach(args, _first(_valid_loss(runs, args["run"]) <= args["loss"]), f"reaches loss ≤ {args['loss']:g}")


def _near(runs, ref, point, radius) -> int:
    p = runs.points(ref)
    close = np.hypot(p[:, 0] - point[0], p[:, 1] - point[1]) <= radius
    d = runs.diverged_at(ref)
    if d >= 0:
        close[d:] = False
    return _first(close)


def _reaches_point(runs, args):
    step = _near(runs, args["run"], args["point"], args["radius"])
    return _reach(args, step, f"within {args['radius']:g} of ({args['point'][0]:g}, {args['point'][1]:g})")


def _reaches_before(runs, args):
    if "loss" in args:
        a, b = (_first(_valid_loss(runs, r) <= args["loss"]) for r in args["runs"])
        what = f"loss ≤ {args['loss']:g}"
    else:
        a, b = (_near(runs, r, args["point"], args["radius"]) for r in args["runs"])
        what = f"within {args['radius']:g} of ({args['point'][0]:g}, {args['point'][1]:g})"
    text = [f"step {s}" if s >= 0 else "never" for s in (a, b)]
    holds = a >= 0 and (b < 0 or a < b)
    return holds, (float(a) if a >= 0 else math.nan), f"{what}: {text[0]} vs {text[1]}"


def _ends_near(runs, args):
    p = runs.points(args["run"])[-1]
    d = float(np.hypot(p[0] - args["point"][0], p[1] - args["point"][1]))
    return (d <= args["radius"] and runs.diverged_at(args["run"]) < 0), d, \
        f"ends at ({p[0]:.4g}, {p[1]:.4g}), {d:.3g} from the point (wanted ≤ {args['radius']:g})"


def _step_size(runs, args):
    k = runs.step(args["step"])
    if k == 0:
        raise ClaimError(translate("core.claims", "'step' of a step size must be 1 or more"))
    p = runs.points(args["run"])
    delta = p[k] - p[k - 1]
    size = float(abs(delta[args["coord"]]) if "coord" in args else np.hypot(*delta))
    return _bounds(args, size), size, f"step {k} has length {size:.3g} (wanted {_bounds_text(args)})"


def _max_step(runs, args):
    span = runs.window(args)
    p = runs.points(args["run"])[max(span.start - 1, 0):span.stop]
    d = runs.diverged_at(args["run"])
    if d >= 0:
        p = p[:max(d - max(span.start - 1, 0), 1)]
    delta = np.diff(p, axis=0)
    sizes = np.abs(delta[:, args["coord"]]) if "coord" in args else np.hypot(*delta.T)
    size = float(sizes.max()) if sizes.size else math.nan
    return _bounds(args, size), size, f"largest step {size:.3g} (wanted {_bounds_text(args)})"


def _loss_at(runs, args):
    k = runs.step(args.get("step"))
    f = float(runs.loss(args["run"])[k])
    return _bounds(args, f), f, f"loss {f:.3g} at step {k} (wanted {_bounds_text(args)})"


def _along(runs, ref, formula: str) -> np.ndarray:
    """``formula`` evaluated at every recorded point of run ``ref``."""
    from core.surfaces.surface import surface_from_formula

    try:
        expression = surface_from_formula(formula)
    except ValueError as exc:
        raise ClaimError(translate("core.claims", "bad formula: {reason}").format(reason=exc)) from None
    p = runs.points(ref)
    return expression.value(p[:, 0].copy(), p[:, 1].copy())


def _crosses(runs, args):
    values = _along(runs, args["run"], args["formula"])
    d = runs.diverged_at(args["run"])
    if d >= 0:
        values[d:] = -np.inf
    return _reach(args, _first(values >= args["level"]), f"{args['formula']} ≥ {args['level']:g}")


def _path_max(runs, args):
    value = float(np.max(_along(runs, args["run"], args["formula"])[runs.window(args)]))
    return _bounds(args, value), value, f"max of {args['formula']} is {value:.3g} (wanted {_bounds_text(args)})"


def _path_length(runs, args):
    k = runs.step(args.get("to"), "to")
    p = runs.points(args["run"])[:k + 1]
    length = float(np.hypot(*np.diff(p, axis=0).T).sum())
    return _bounds(args, length), length, f"path length {length:.3g} by step {k} (wanted {_bounds_text(args)})"


def _recorded_steps(runs, ref) -> int:
    """How many steps of run ``ref`` are real: all, or those before its divergence (the engine holds the
    last finite point after it)."""
    d = runs.diverged_at(ref)
    return runs.steps if d < 0 else max(d - 1, 0)


def _crossing_step(runs, ref, bound) -> int:
    """The first playback step k whose gauge at θ_k exceeds ``bound`` (None: the run's own limit); −1 if none."""
    curve = runs.curve(ref)
    k = _recorded_steps(runs, ref)
    limit = curve.limit[:k] if bound is None else bound
    return _first(curve.values[:k] > limit)


def _gauge_text(runs, ref, bound) -> str:
    """E.g. "exceeds 2 (γ·s·λmax)"."""
    curve = runs.curve(ref)
    return f"exceeds {curve.limit_text if bound is None else format(bound, 'g')} ({curve.label})"


def _stability_crosses(runs, args):
    bound = args.get("bound")
    return _reach(args, _crossing_step(runs, args["run"], bound), _gauge_text(runs, args["run"], bound))


def _growth_step(runs, ref, coord: int, span: int) -> int:
    """The first step k from which ``span`` pairs of successive steps along ``coord`` each point opposite
    ways and grow (|Δ_{j+1}| > |Δ_j| for Δ_j = θ_j − θ_{j−1}, j = k + 1 … k + span); −1 if none."""
    p = runs.points(ref)[:_recorded_steps(runs, ref) + 1, coord]
    delta = np.diff(p)
    grows = (delta[1:] * delta[:-1] < 0) & (np.abs(delta[1:]) > np.abs(delta[:-1]))  # index k: Δ_{k+1} → Δ_{k+2}
    if grows.size < span:
        return -1
    in_a_row = np.lib.stride_tricks.sliding_window_view(grows, span).all(axis=1)
    return _first(in_a_row)


def _oscillation_grows(runs, args):
    ref, axis = args["run"], "xy"[args["coord"]]
    step = _growth_step(runs, ref, args["coord"], args.get("span", 3))
    holds, measured, message = _reach(args, step, f"zig-zags ever wider along {axis}")
    if "crossing_within" in args and step >= 0:
        bound = args.get("bound")
        cross = _crossing_step(runs, ref, bound)
        near = cross >= 0 and abs(step - cross) <= args["crossing_within"]
        holds = holds and near
        where = f"step {cross}" if cross >= 0 else "no step"
        within = args["crossing_within"]
        message += f"; the gauge {_gauge_text(runs, ref, bound)} from {where}" + \
            ("" if near else f" (wanted within {within} step{'' if within == 1 else 's'})")
    return holds, measured, message


def hessian(surface, x: float, y: float, h: float = 1e-5) -> np.ndarray:
    """The Hessian at (x, y) by central differences of the exact gradient."""
    def grad(px, py):
        _, gx, gy = surface.value_and_gradient(np.array([px]), np.array([py]))
        return np.array([gx[0], gy[0]])

    hx = (grad(x + h, y) - grad(x - h, y)) / (2 * h)
    hy = (grad(x, y + h) - grad(x, y - h)) / (2 * h)
    matrix = np.array([hx, hy])
    return (matrix + matrix.T) / 2


def _hessian_ratio(surface, x, y) -> float:
    eig = np.linalg.eigvalsh(hessian(surface, x, y))
    return float(abs(eig).max() / abs(eig).min()) if abs(eig).min() > 0 else math.inf


def _grad_norm(surface, x, y) -> float:
    _, gx, gy = surface.value_and_gradient(np.array([x]), np.array([y]))
    return float(np.hypot(gx[0], gy[0]))


def _largest_curvature(surface, x, y) -> float:
    return float(np.abs(np.linalg.eigvalsh(hessian(surface, x, y))).max())


def _smallest_curvature(surface, x, y) -> float:
    return float(np.abs(np.linalg.eigvalsh(hessian(surface, x, y))).min())


# surface quantities a "value" claim can measure at a point
QUANTITIES: dict[str, Callable] = {
    "hessian_ratio": _hessian_ratio,  # |λmax/λmin| of the Hessian
    "largest_curvature": _largest_curvature,  # |λ|max of the Hessian
    "smallest_curvature": _smallest_curvature,  # |λ|min of the Hessian
    "grad_norm": _grad_norm,
    "loss": lambda surface, x, y: float(surface.value(np.array([x]), np.array([y]))[0]),
}


def _sgd_family(runs, ref):
    """Run ``ref``'s effective spec, which must be of the SGD family (the limits of adaptive kinds depend on
    their state along the path, not on a point: stability_crosses measures those)."""
    spec = runs.specs[runs.index(ref)]
    if spec.kind not in ("sgd", "momentum", "nesterov"):
        raise ClaimError(translate("core.claims", "run {ref} is {kind}: a step limit belongs to SGD, Momentum and "
                                                  "Nesterov").format(ref=f"{ref!r}", kind=spec.kind))
    return spec


def _step_limit(runs, args):
    from core.optim.stability import gauge_label, step_limit

    spec = _sgd_family(runs, args["run"])
    limit, formula = step_limit(spec)
    if not math.isfinite(limit):
        raise ClaimError(translate("core.claims", "run {ref} has no step limit (dampening τ = 1)").format(
            ref=f"{args['run']!r}"))
    value = formula if formula == format(limit, "g") else f"{formula} = {limit:.4g}"
    return _bounds(args, limit), limit, f"run {args['run']} is stable while {gauge_label(spec)} < {value} " \
                                        f"(wanted {_bounds_text(args)})"


def _curvatures_at(runs, args) -> tuple[float, float, float, float]:
    """(x, y, λmin, λmax) of the Hessian at the claim's point, where f is defined."""
    from core.optim.stability import eigenvalues

    x, y = (float(v) for v in args["point"])
    surface = runs.scene.surface
    h = hessian(surface, x, y)
    lam_min, lam_max = (float(v) for v in eigenvalues(h[0, 0], h[0, 1], h[1, 1]))
    f = QUANTITIES["loss"](surface, x, y)
    if not (math.isfinite(f) and math.isfinite(lam_min) and math.isfinite(lam_max)):
        raise ClaimError(translate("core.claims", "f is undefined at ({x:g}, {y:g})").format(x=x, y=y))
    return x, y, lam_min, lam_max


def _stable_scale(runs, args):
    from core.optim.stability import step_limit

    spec = _sgd_family(runs, args["run"])
    limit, formula = step_limit(spec)
    x, y, lam_min, lam = _curvatures_at(runs, args)
    if lam_min < 0:  # the step grows along a direction where f curves down, whatever the scale
        raise ClaimError(translate("core.claims", "f curves downwards at ({x:g}, {y:g}): no loss scale is stable "
                                                  "there").format(x=x, y=y))
    # γ·(s·λmax + λ_wd) < limit: coupled weight decay adds its λ to the curvature the step sees
    scale = (limit / spec.lr - spec.weight_decay) / lam if lam > 0 else math.inf
    if not scale > 0:
        raise ClaimError(translate("core.claims", "run {ref}'s weight decay alone reaches its step limit: no loss "
                                                  "scale is stable").format(ref=f"{args['run']!r}"))
    if spec.weight_decay:
        how = f"({formula}/γ − λ)/λmax = ({limit:.4g}/{spec.lr:g} − {spec.weight_decay:g})/{lam:.4g}"
    else:
        how = f"{formula}/(γ·λmax) = {limit:.4g}/({spec.lr:g}·{lam:.4g})"
    return _bounds(args, scale), scale, f"run {args['run']} is stable at ({x:g}, {y:g}) for a loss scale s < {how} " \
        f"= {scale:.4g}; its own is {spec.loss_scale:g} (wanted {_bounds_text(args)})"


def _gauge_at(runs, args):
    from core.optim.stability import gauge

    spec = _sgd_family(runs, args["run"])
    x, y, _lam_min, lam = _curvatures_at(runs, args)
    value = gauge(spec, lam)
    return _bounds(args, value), value, f"run {args['run']}'s γ·(s·λmax + λ) at ({x:g}, {y:g}) is {spec.lr:g}·(" \
        f"{spec.loss_scale:g}·{lam:.4g} + {spec.weight_decay:g}) = {value:.4g} (wanted {_bounds_text(args)})"


def _value(runs, args):
    x, y = args["point"]
    v = QUANTITIES[args["quantity"]](runs.scene.surface, float(x), float(y))
    return _bounds(args, v), v, f"{args['quantity']} at ({x:g}, {y:g}) is {v:.4g} (wanted {_bounds_text(args)})"


_EVALUATORS: dict[str, Callable] = {
    "paths_equal": _paths_equal, "paths_differ": _paths_differ, "distance": _distance,
    "diverges": _diverges, "converges": _converges, "reaches_loss": _reaches_loss,
    "reaches_point": _reaches_point, "reaches_before": _reaches_before, "crosses": _crosses, "ends_near": _ends_near,
    "step_size": _step_size, "max_step": _max_step, "loss_at": _loss_at, "path_max": _path_max,
    "path_length": _path_length, "value": _value, "stability_crosses": _stability_crosses,
    "oscillation_grows": _oscillation_grows, "step_limit": _step_limit, "stable_scale": _stable_scale,
    "gauge_at": _gauge_at,
}
assert set(_EVALUATORS) == set(KINDS) == set(_REQUIRED)


def _names_ghost(claim: Claim) -> bool:
    refs = claim.args.get("runs", []) + ([claim.args["run"]] if "run" in claim.args else [])
    return any(isinstance(r, str) for r in refs)


def evaluate(scene, claims: Sequence[Claim] | None = None) -> list[ClaimResult]:
    """Evaluate ``claims`` (default: the scene's own) on one run of ``scene``: a result per claim.
    A claim that cannot be evaluated (a run the scene lacks, a step beyond its end) does not hold."""
    claims = scene.claims if claims is None else tuple(claims)
    variants: dict[tuple, SceneRuns] = {}  # one run of the scene per set of global factors
    results = []
    for claim in claims:
        factors = _factors(claim)
        try:
            if factors not in variants:
                variants[factors] = _runs_at(scene, dict(factors), [c for c in claims if _factors(c) == factors])
            runs = variants[factors]
            holds, measured, message = _EVALUATORS[claim.kind](runs, claim.args)
        except ClaimError as exc:
            holds, measured, message = False, math.nan, f"cannot be evaluated: {exc}"
        if factors and not message.startswith("cannot"):
            message += " with " + ", ".join(f"{k} = {v:g}" for k, v in factors)
        results.append(ClaimResult(claim, bool(holds), float(measured), message))
    return results


def _factors(claim: Claim) -> tuple:
    return tuple(sorted(claim.args.get("with", {}).items()))


def _runs_at(scene, factors: dict, claims) -> SceneRuns:
    if factors:
        try:
            scene = scene.with_changes(**factors)
        except ValueError as exc:  # a factor outside the sliders' range
            raise ClaimError(str(exc)) from None
    return SceneRuns(scene, ghosts=any(_names_ghost(c) for c in claims))


# --- notes with measured numbers --------------------------------------------------------------------

def _placeholders(notes: str):
    """(id, format spec) of every {placeholder} in ``notes`` (ValueError if the braces are malformed)."""
    for _, name, spec, conversion in string.Formatter().parse(notes):
        if name is not None:
            yield name, spec or "", conversion


def notes_errors(notes: str, claims: Sequence[Claim]) -> list[str]:
    """What is wrong with the placeholders of ``notes`` given ``claims`` (empty: nothing)."""
    ids = {c.id for c in claims if c.id}
    errors = []
    try:
        fields = list(_placeholders(notes))
    except ValueError as exc:
        return [f"notes: malformed placeholder braces ({exc}); write {{{{ and }}}} for a literal brace"]
    for name, spec, conversion in fields:
        if conversion is not None:
            errors.append(f"notes: placeholder {{{name}!{conversion}}} takes no conversion")
        elif name not in ids:
            errors.append(f"notes: placeholder {{{name}}} names no claim id")
        else:
            try:
                format(1.0, spec)
            except ValueError:
                errors.append(f"notes: placeholder {{{name}:{spec}}} has a bad format")
    return errors


def format_measured(value: float, spec: str = "") -> str:
    if not math.isfinite(value):
        return "—"
    if not spec:
        return str(int(value)) if value == int(value) and abs(value) < 1e15 else f"{value:.3g}"
    return format(value, spec)


def fill_notes(notes: str, results: Sequence[ClaimResult] | Mapping[str, float]) -> str:
    """``notes`` with each ``{id}``/``{id:spec}`` replaced by that claim's measured value. Never raises:
    a placeholder it cannot fill stays as written (:func:`notes_errors` is where that is an error)."""
    values = results if isinstance(results, Mapping) else {r.claim.id: r.measured for r in results if r.claim.id}
    try:
        parsed = list(string.Formatter().parse(notes))
    except ValueError:
        return notes
    out = []
    for literal, name, spec, conversion in parsed:
        out.append(literal)
        if name is None:
            continue
        if name in values and conversion is None:
            try:
                out.append(format_measured(values[name], spec or ""))
                continue
            except ValueError:
                pass
        out.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return "".join(out)


def _notes_in(scene, lang: str) -> str:
    """The scene's notes in ``lang`` (English fallback); a scene-like object without languages: its notes."""
    notes_in = getattr(scene, "notes_in", None)
    return notes_in(lang) if notes_in is not None else scene.notes


def scene_notes(scene, results: Sequence[ClaimResult] | None = None, lang: str = "en") -> str:
    """The scene's notes in ``lang`` (English where it has none) with its measured numbers filled in (runs
    the scene's claims when the notes quote any and no results are given). The placeholders are the same
    claim ids in every language."""
    notes = _notes_in(scene, lang)
    if "{" not in notes and "}" not in notes:
        return notes
    if results is None:
        results = evaluate(scene)
    return fill_notes(notes, results)


def check_scene(scene) -> tuple[list[ClaimResult], list[str]]:
    """Every claim's result and every problem with the notes' placeholders, in every language the notes
    are written in (a zh_CN problem is reported as "notes (zh_CN): …")."""
    texts = scene.texts("notes") if hasattr(scene, "texts") else {"en": scene.notes}
    errors = []
    for lang, notes in texts.items():
        found = notes_errors(notes, scene.claims)
        errors += found if lang == "en" else [e.replace("notes:", f"notes ({lang}):", 1) for e in found]
    return evaluate(scene), errors
