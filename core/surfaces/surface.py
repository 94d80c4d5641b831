"""The Surface value object and the built-in catalogue.

Each built-in carries a formula string that the custom-formula parser accepts and that describes the
same function (the tests check value and gradient agree), so ``losslab surfaces --json`` can hand any
surface to another tool, and the two-loss experiment can combine surfaces by their formulas.

Constants chosen for the quadratic family (``bowl`` and ``canyon``):
    f(x, y) = ½ (u² + κ v²),  (u, v) = (x, y) rotated by −angle,
so κ is the condition number (ratio of the Hessian's eigenvalues 1 and κ) and ``angle`` turns the
valley. ``bowl`` defaults to a gently elongated κ = 5 at 30°; ``canyon`` to κ = 50 at 20°: a long,
narrow valley in which plain SGD zig-zags across the steep direction while momentum runs along it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from core.i18n import translate
from core.surfaces import bytecode as ids

Point = tuple[float, float]
Window = tuple[float, float, float, float]


@dataclass(frozen=True)
class Surface:
    """A loss surface f(x, y): value and exact gradient, plus what a view needs to show it."""

    name: str
    title: str
    formula: str
    start: Point
    window: Window  # xmin, xmax, ymin, ymax
    minima: tuple[Point, ...] = ()
    log_color: bool = False  # the surface spans decades: colour it on a log scale
    params: dict[str, float] = field(default_factory=dict)  # the user-adjustable constants
    sid: int = ids.PROGRAM
    # Derived from the fields above (so left out of ==): the kernel's constants and, for a typed
    # formula, its compiled core.surfaces.program.Program.
    native_params: np.ndarray = field(default_factory=lambda: np.zeros(4), compare=False, repr=False)
    program: object = field(default=None, compare=False, repr=False)

    def value_and_gradient(self, x, y) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """f, ∂f/∂x, ∂f/∂y at arrays ``x``, ``y`` (NaN/inf where f is undefined)."""
        return evaluate(self.sid, self.native_params, self.kernel_program(), x, y)

    def value(self, x, y) -> np.ndarray:
        return self.value_and_gradient(x, y)[0]

    def kernel_program(self):
        return self.program if self.program is not None else ids.EMPTY_PROGRAM

    def nearest_minimum_distance(self, x, y) -> np.ndarray | None:
        """Distance from (x, y) to the closest known minimum; None when none is known."""
        if not self.minima:
            return None
        m = np.asarray(self.minima)
        d = np.hypot(np.asarray(x)[..., None] - m[:, 0], np.asarray(y)[..., None] - m[:, 1])
        return d.min(axis=-1)

    def with_params(self, **params: float) -> Surface:
        """The same built-in surface with some constants changed (e.g. condition=100, angle=0)."""
        unknown = set(params) - set(self.params)
        if unknown:
            raise ValueError(translate("core.surfaces", "surface '{name}' has no parameter {unknown}; it has: {known}")
                             .format(name=self.name, unknown=", ".join(sorted(unknown)),
                                     known=", ".join(self.params) or translate("core.surfaces", "none")))
        if self.name not in BUILTIN_FACTORIES:
            raise ValueError(translate("core.surfaces", "surface '{name}' is not a built-in; rebuild it to change its "
                                                        "constants").format(name=self.name))
        return BUILTIN_FACTORIES[self.name](**{**self.params, **params})

    def describe(self) -> dict:
        """The JSON description used by ``losslab surfaces --json`` and scene files."""
        return {
            "name": self.name,
            "formula": self.formula,
            "start": list(self.start),
            "window": list(self.window),
            "minima": [list(m) for m in self.minima],
        }


def evaluate(sid: int, params: np.ndarray, program, x, y):
    """Vectorised value and gradient at arrays ``x``, ``y`` (any matching shapes), by compiled code."""
    from core.engine import compiled  # numba or the ahead-of-time module: loaded on first use

    xs, ys = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(y, np.float64))
    shape = xs.shape
    xs, ys = np.ascontiguousarray(xs).ravel(), np.ascontiguousarray(ys).ravel()
    f, gx, gy = np.empty_like(xs), np.empty_like(xs), np.empty_like(xs)
    compiled.evaluate_points(sid, params, program, xs, ys, f, gx, gy)
    return f.reshape(shape), gx.reshape(shape), gy.reshape(shape)


def _num(value: float) -> str:
    """A float as the formula parser reads it back exactly (repr round-trips)."""
    return repr(float(value))


def quadratic(name: str, title: str, condition: float, angle: float, start: Point, window: Window) -> Surface:
    if not (math.isfinite(condition) and condition > 0):
        raise ValueError(translate("core.surfaces", "condition number must be a positive number, not {value}").format(
            value=condition))
    if not math.isfinite(angle):
        raise ValueError(translate("core.surfaces", "angle must be a finite number of degrees, not {value}").format(
            value=angle))
    c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    formula = (f"0.5*(({_num(c)}*x + {_num(s)}*y)^2 + {_num(condition)}*({_num(-s)}*x + {_num(c)}*y)^2)")
    return Surface(
        name=name, title=title, formula=formula, start=start, window=window, minima=((0.0, 0.0),),
        log_color=condition >= 20, params={"condition": float(condition), "angle": float(angle)},
        sid=ids.QUADRATIC, native_params=np.array([condition, c, s, 0.0]),
    )


def bowl(condition: float = 5.0, angle: float = 30.0) -> Surface:
    return quadratic("bowl", "Quadratic bowl", condition, angle, (-2.5, 1.5), (-3.0, 3.0, -3.0, 3.0))


def canyon(condition: float = 50.0, angle: float = 20.0) -> Surface:
    return quadratic("canyon", "Canyon", condition, angle, (-4.5, -0.5), (-5.0, 5.0, -5.0, 5.0))


def saddle() -> Surface:
    return Surface(name="saddle", title="Saddle x² − y²", formula="x^2 - y^2", start=(-1.8, 0.02),
                   window=(-2.0, 2.0, -2.0, 2.0), minima=(), sid=ids.SADDLE)


def rosenbrock() -> Surface:
    return Surface(name="rosenbrock", title="Rosenbrock", formula="(1 - x)^2 + 100*(y - x^2)^2",
                   start=(-1.2, 1.0), window=(-2.0, 2.0, -1.0, 3.0), minima=((1.0, 1.0),),
                   log_color=True, sid=ids.ROSENBROCK)


def beale() -> Surface:
    return Surface(
        name="beale", title="Beale",
        formula="(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
        start=(0.7, 1.4), window=(-4.5, 4.5, -4.5, 4.5), minima=((3.0, 0.5),), log_color=True,
        sid=ids.BEALE,
    )


def himmelblau() -> Surface:
    return Surface(
        name="himmelblau", title="Himmelblau", formula="(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
        start=(-0.5, -0.5), window=(-5.0, 5.0, -5.0, 5.0),
        minima=((3.0, 2.0), (-2.805118086952745, 3.131312518250573),
                (-3.779310253377747, -3.283185991286170), (3.584428340330492, -1.848126526964404)),
        log_color=True, sid=ids.HIMMELBLAU,
    )


def booth() -> Surface:
    return Surface(name="booth", title="Booth", formula="(x + 2*y - 7)^2 + (2*x + y - 5)^2",
                   start=(-7.0, -6.0), window=(-10.0, 10.0, -10.0, 10.0), minima=((1.0, 3.0),),
                   log_color=True, sid=ids.BOOTH)


def rastrigin(amplitude: float = 10.0) -> Surface:
    if not (math.isfinite(amplitude) and amplitude >= 0):
        raise ValueError(translate("core.surfaces", "amplitude must be a non-negative number, not {value}").format(
            value=amplitude))
    a = _num(amplitude)
    return Surface(
        name="rastrigin", title="Rastrigin",
        formula=f"2*{a} + x^2 - {a}*cos(2*pi*x) + y^2 - {a}*cos(2*pi*y)",
        start=(2.7, 1.8), window=(-5.12, 5.12, -5.12, 5.12), minima=((0.0, 0.0),),
        params={"amplitude": float(amplitude)}, sid=ids.RASTRIGIN,
        native_params=np.array([amplitude, 0.0, 0.0, 0.0]),
    )


BUILTIN_FACTORIES = {
    "canyon": canyon, "saddle": saddle, "rosenbrock": rosenbrock, "bowl": bowl, "beale": beale,
    "himmelblau": himmelblau, "booth": booth, "rastrigin": rastrigin,
}


def builtin_names() -> list[str]:
    return list(BUILTIN_FACTORIES)


def get_surface(name: str, **params: float) -> Surface:
    """A built-in surface by name, optionally with its constants changed."""
    try:
        factory = BUILTIN_FACTORIES[name]
    except KeyError:
        raise ValueError(translate("core.surfaces", "unknown surface '{name}'; choose one of: {choices}").format(
            name=name, choices=", ".join(BUILTIN_FACTORIES))) from None
    surface = factory()
    return surface.with_params(**params) if params else surface


def surface_from_formula(text: str, *, start: Point = (-2.0, 2.0),
                         window: Window = (-3.0, 3.0, -3.0, 3.0), name: str = "custom") -> Surface:
    """A surface typed by the user; raises FormulaError (a ValueError) saying what and where."""
    from core.surfaces.formula import parse_formula  # SymPy is needed only for typed formulas
    from core.surfaces.program import compile_program

    program = compile_program(parse_formula(text))
    return Surface(name=name, title=text.strip(), formula=text.strip(), start=start, window=window,
                   program=program)

