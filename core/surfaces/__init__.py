"""Loss surfaces: the built-in catalogue and surfaces typed as formulas (value + exact gradient)."""

from core.surfaces.surface import Surface, builtin_names, get_surface, surface_from_formula

__all__ = ["Surface", "builtin_names", "get_surface", "surface_from_formula"]
