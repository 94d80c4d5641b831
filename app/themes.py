"""Looks for the views: DARK on screen, SLIDE for projecting (light background, thick lines, big fonts;
the legend inside the map's frame, so a 16:9 picture is map, not ~30 % empty column). Views apply one
with ``set_theme(theme)``.

Path colours are the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies);
the map is a desaturated ramp so the saturated paths stand out on it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Presentation mode (F11): text and lines this much larger (window font and every plot's theme).
PRESENTATION_SCALE = 1.5

# Okabe & Ito (2008), ordered so the first few are the most distinct from each other and from the map.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2", "#F0E442")

# One hue per optimizer KIND (issue 15 item 7), the same in every scene, view and export: an optimizer
# is recognised by its colour, whatever row it sits in. Okabe–Ito's seven colours, with the pairs a
# lecturer compares most (SGD/Adam, SGD/AdaGrad, Momentum/AdamW) on clearly different hues. On the slide
# theme's white background Okabe–Ito's yellow is nearly invisible, so AdaGrad takes its black there.
KIND_COLORS = {
    "sgd": "#0072B2",       # blue
    "momentum": "#009E73",  # bluish green
    "nesterov": "#56B4E9",  # sky blue
    "rmsprop": "#CC79A7",   # reddish purple
    "adam": "#E69F00",      # orange
    "adamw": "#D55E00",     # vermillion
    "adagrad": "#F0E442",   # yellow
}


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str  # axes, text
    map_colors: tuple[str, ...]  # colour ramp of the surface, low → high
    contour: str  # contour line colour (with alpha, #RRGGBBAA)
    palette: tuple[str, ...]
    extra_color: str  # the 8th and later optimizers cycle through palette + this
    path_width: float
    ghost_alpha: int  # 0…255
    head_size: float
    start_color: str
    font_size: int  # axis labels and legend, points
    legend_outside: bool
    antialias: bool

    def color(self, index: int) -> str:
        """Colour by row (kept for callers that do not know the optimizer's kind; prefer kind_color)."""
        colors = (*self.palette, self.extra_color)
        return colors[index % len(colors)]

    def kind_color(self, kind: str) -> str:
        """The optimizer kind's colour (KIND_COLORS; AdaGrad black on the slide theme)."""
        if kind == "adagrad" and self.name == "slide":
            return "#000000"
        return KIND_COLORS.get(kind, self.extra_color)


DARK = Theme(
    name="dark", background="#14161a", foreground="#d0d4da",
    map_colors=("#0b1320", "#1b2a3d", "#2f4259", "#4a5d75", "#6c7e93", "#94a2b4"),
    contour="#ffffff38", palette=OKABE_ITO, extra_color="#ffffff", path_width=1.0, ghost_alpha=70,
    head_size=11, start_color="#ffffff", font_size=9, legend_outside=False, antialias=False,
)

SLIDE = Theme(
    name="slide", background="#ffffff", foreground="#111111",
    map_colors=("#f7f7f7", "#dde3ea", "#bcc7d3", "#94a3b5", "#6c7f95", "#4a5b70"),
    contour="#00000040", palette=OKABE_ITO, extra_color="#000000", path_width=3.0, ghost_alpha=90,
    head_size=16, start_color="#000000", font_size=16, legend_outside=False, antialias=True,
)

THEMES = {theme.name: theme for theme in (DARK, SLIDE)}


def get_theme(name: str) -> Theme:
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme '{name}'; choose one of: {', '.join(THEMES)}") from None
