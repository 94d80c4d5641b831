"""Draw the app icon into resources/icons/: losslab.png (512 px), losslab.ico (Windows), losslab.icns (macOS).

    .venv/bin/python build_scripts/make_icon.py

The picture is the app in miniature: elliptic contours of a tilted canyon, an orange SGD-like path zig-zagging
down it and a blue Adam-like path gliding to the minimum, on the dark theme's background. It is drawn at 4×
and downsampled, so the edges are smooth without antialiasing support in ImageDraw. The generated files are
committed; rerun this only to change the design.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZE = 512
SUPERSAMPLE = 4
BACKGROUND = (20, 22, 26, 255)  # app.themes.DARK.background
CONTOUR = (108, 126, 147, 255)
ORANGE = (230, 159, 0, 255)  # Okabe–Ito, the first two path colours
BLUE = (86, 180, 233, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def _canyon_point(u: float, v: float, scale: float) -> tuple[float, float]:
    """Map canyon coordinates (u along the valley, v across it) to pixels: valley tilted by 30°."""
    angle = math.radians(-35)
    x = u * math.cos(angle) - v * math.sin(angle)
    y = u * math.sin(angle) + v * math.cos(angle)
    centre = scale * SIZE / 2
    return centre + x * scale, centre + y * scale


def draw(size: int = SIZE) -> Image.Image:
    scale = SUPERSAMPLE
    big = Image.new("RGBA", (size * scale, size * scale), (0, 0, 0, 0))
    pen = ImageDraw.Draw(big)
    margin = 16 * scale
    pen.rounded_rectangle((margin, margin, big.width - margin, big.height - margin), radius=96 * scale,
                          fill=BACKGROUND)
    for level in (50, 100, 150, 200):  # contours of u²/9 + v² = level²/9, i.e. a long valley
        points = [_canyon_point(level * math.cos(t), level / 3 * math.sin(t), scale)
                  for t in (2 * math.pi * k / 180 for k in range(181))]
        pen.line(points, fill=CONTOUR, width=6 * scale, joint="curve")
    zigzag = [(-175 + 19 * k, 52 * (0.78 ** k) * (-1) ** k) for k in range(9)]
    glide = [(-120 + 120 * (1 - (1 - k / 12) ** 2), -40 * (1 - k / 12) ** 3) for k in range(13)]
    for path, color in ((zigzag, ORANGE), (glide, BLUE)):
        pixels = [_canyon_point(u, v, scale) for u, v in path]
        pen.line(pixels, fill=color, width=12 * scale, joint="curve")
        x, y = pixels[-1]
        radius = 17 * scale
        pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=color)
    x, y = _canyon_point(0, 0, scale)
    radius = 12 * scale
    pen.ellipse((x - radius, y - radius, x + radius, y + radius), outline=(255, 255, 255, 255), width=5 * scale)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.save(ICONS / "losslab.png", optimize=True)
    image.save(ICONS / "losslab.ico", sizes=ICO_SIZES)
    image.save(ICONS / "losslab.icns")
    for name in ("losslab.png", "losslab.ico", "losslab.icns"):
        print(f"{ICONS / name}: {(ICONS / name).stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
