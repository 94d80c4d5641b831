"""a·L1 + b·L2: a surface made of two losses with their own weights.

Built from the component surfaces' formula strings, so any two surfaces (built-in or typed) combine.
Under Adam a common factor k (a, b → ka, kb) is just a loss scale and cancels (up to ε); a change of
the ratio a:b changes the function itself, its minimum and every optimizer's path.
"""

from __future__ import annotations

import math
from dataclasses import replace

from core.surfaces.surface import Surface, surface_from_formula


def weighted_formula(first: str, second: str, a: float, b: float) -> str:
    for name, w in (("a", a), ("b", b)):
        if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w) or w < 0:
            raise ValueError(f"weight {name} must be a finite number ≥ 0, not {w!r}")
    return f"{float(a)!r}*({first}) + {float(b)!r}*({second})"


def weighted_surface(first: Surface | str, second: Surface | str, a: float, b: float, *,
                     start=None, window=None) -> Surface:
    """The surface a·first + b·second; start and window default to the first component's."""
    f1 = first.formula if isinstance(first, Surface) else first
    f2 = second.formula if isinstance(second, Surface) else second
    surface = surface_from_formula(weighted_formula(f1, f2, a, b), name="weighted")
    base = first if isinstance(first, Surface) else surface
    return replace(surface, title=f"{a:g}·L₁ + {b:g}·L₂", params={"a": float(a), "b": float(b)},
                   start=tuple(start or base.start), window=tuple(window or base.window))
