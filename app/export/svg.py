"""SVG export that works with pyqtgraph 0.14.0 on Qt ≥ 6.10.

pyqtgraph's exporter lets Qt write SVG for each item separately, then glues the pieces together with the
clip paths Qt's generator lacks and "bakes" each group's transform matrix into its coordinates, so strokes
come out the right width in viewers without SVG 1.2's non-scaling-stroke (Inkscape, PowerPoint). That
baking step (``correctCoordinates``) reads path data as space-separated "x,y" pairs; Qt 6.10+ ends closed
paths with a bare ``Z`` — every ViewBox clip path is one — so 0.14.0 raises ValueError for any PlotItem
(pyqtgraph issues #3485, #3495; fixed on master, unreleased).

:func:`bake_transforms` is our own replacement for that step: a real path-data reader (M L H V C S Q T A Z,
absolute and relative), polylines, polygons, lines and rects baked into coordinates; text, images and arcs
keep their matrix in a group of their own. It is swapped in only for the duration of one export.
"""

from __future__ import annotations

import math
import re
import threading
import xml.dom.minidom as minidom
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtGui import QColor

from core.export.files import write_bytes_atomically

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TOKEN = re.compile(rf"([MmLlHhVvCcSsQqTtAaZz])|({_NUMBER})")
_ARGUMENTS = {"M": 2, "L": 2, "T": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "A": 7, "Z": 0}
_LOCK = threading.Lock()


class Matrix:
    """The affine map of SVG's matrix(a, b, c, d, e, f): (x, y) → (a x + c y + e, b x + d y + f)."""

    def __init__(self, a=1.0, b=0.0, c=0.0, d=1.0, e=0.0, f=0.0):
        self.a, self.b, self.c, self.d, self.e, self.f = a, b, c, d, e, f

    @classmethod
    def parse(cls, text: str) -> Matrix | None:
        match = re.fullmatch(r"\s*matrix\(([^)]*)\)\s*", text or "")
        if match is None:
            return None
        values = [float(v) for v in re.findall(_NUMBER, match.group(1))]
        return cls(*values) if len(values) == 6 else None

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    @property
    def stroke_factor(self) -> float:
        """How much the map widens a stroke (geometric mean of its two stretches)."""
        return math.sqrt(abs(self.a * self.d - self.b * self.c))

    def svg(self) -> str:
        return "matrix({})".format(",".join(_num(v) for v in (self.a, self.b, self.c, self.d, self.e, self.f)))


def _num(value: float) -> str:
    text = f"{value:.7g}"
    return "0" if text == "-0" else text


class PathDataError(ValueError):
    """Path data this reader cannot transform (the element then keeps its matrix)."""


def transform_path_data(data: str, m: Matrix) -> str:
    """The path ``data`` with every coordinate mapped through ``m``; written in absolute commands (H/V
    become L, since a rotated or sheared map does not keep lines axis-parallel). Raises PathDataError for
    arcs (their radii do not map through an anisotropic matrix) and malformed data."""
    tokens = []
    position = 0
    for match in _TOKEN.finditer(data):
        if data[position:match.start()].strip(" ,\t\r\n"):
            raise PathDataError(f"unexpected text in path data: {data[position:match.start()]!r}")
        tokens.append(match.group(1) or float(match.group(2)))
        position = match.end()
    if data[position:].strip(" ,\t\r\n"):
        raise PathDataError(f"unexpected text in path data: {data[position:]!r}")
    out: list[str] = []
    x = y = start_x = start_y = 0.0
    i = 0
    command = None
    while i < len(tokens):
        if isinstance(tokens[i], str):
            command = tokens[i]
            i += 1
        elif command is None:
            raise PathDataError("path data must start with a command")
        upper = command.upper()
        if upper == "A":
            raise PathDataError("arcs are not baked")
        if upper == "Z":
            out.append("Z")
            x, y = start_x, start_y
            command = None
            continue
        count = _ARGUMENTS[upper]
        args = tokens[i:i + count]
        if len(args) < count or any(isinstance(a, str) for a in args):
            raise PathDataError(f"'{command}' needs {count} numbers")
        i += count
        relative = command.islower()
        if upper == "H":
            args, upper = [args[0] + (x if relative else 0.0), y], "L"
        elif upper == "V":
            args, upper = [x, args[0] + (y if relative else 0.0)], "L"
        elif relative:
            args = [a + (x if k % 2 == 0 else y) for k, a in enumerate(args)]
        pairs = [(args[k], args[k + 1]) for k in range(0, len(args), 2)]
        mapped = [m.point(px, py) for px, py in pairs]
        out.append(upper + " ".join(f"{_num(px)},{_num(py)}" for px, py in mapped))
        x, y = pairs[-1]
        if upper == "M":
            start_x, start_y = x, y
            command = "l" if relative else "L"  # further pairs after a move are lines
    if out and not out[0].startswith("M"):  # Qt drops a NaN first point; a path must start with a move
        out[0] = "M" + out[0][1:]
    return " ".join(out)


def _points(text: str) -> list[tuple[float, float]]:
    values = [float(v) for v in re.findall(_NUMBER, text or "")]
    if len(values) % 2:
        raise PathDataError("odd number of coordinates")
    return [(values[k], values[k + 1]) for k in range(0, len(values), 2)]


def _bake(element, m: Matrix):
    """Map ``element``'s geometry through ``m`` in place (a rect becomes a path); returns the element now
    in the document, or None if it must keep a matrix instead."""
    tag = element.tagName
    try:
        if tag == "path":
            data = element.getAttribute("d").strip()
            if data:
                element.setAttribute("d", transform_path_data(data, m))
        elif tag in ("polyline", "polygon"):
            mapped = [m.point(x, y) for x, y in _points(element.getAttribute("points"))]
            element.setAttribute("points", " ".join(f"{_num(x)},{_num(y)}" for x, y in mapped))
        elif tag == "line":
            for a, b in (("x1", "y1"), ("x2", "y2")):
                px, py = m.point(float(element.getAttribute(a) or 0), float(element.getAttribute(b) or 0))
                element.setAttribute(a, _num(px))
                element.setAttribute(b, _num(py))
        elif tag == "rect" and not element.getAttribute("rx") and not element.getAttribute("ry"):
            x, y = float(element.getAttribute("x") or 0), float(element.getAttribute("y") or 0)
            w, h = float(element.getAttribute("width") or 0), float(element.getAttribute("height") or 0)
            corners = [m.point(px, py) for px, py in ((x, y), (x + w, y), (x + w, y + h), (x, y + h))]
            path = element.ownerDocument.createElement("path")
            for name, value in element.attributes.items():
                if name not in ("x", "y", "width", "height"):
                    path.setAttribute(name, value)
            path.setAttribute("d", "M" + " L".join(f"{_num(px)},{_num(py)}" for px, py in corners) + " Z")
            element.parentNode.replaceChild(path, element)
            return path
        else:
            return None
    except (PathDataError, ValueError):
        return None
    return element


def bake_transforms(node, defs, item, options) -> None:
    """Drop-in for pyqtgraph's ``correctCoordinates(node, defs, item, options)``: bake every child group's
    matrix into its shapes' coordinates, so no viewer needs SVG 1.2's non-scaling-stroke and strokes scale
    with the picture, as a drawing's should. Text, images and arcs keep the matrix on a group of their own."""
    for group in list(node.getElementsByTagName("g")):
        m = Matrix.parse(group.getAttribute("transform"))
        if m is None:
            continue
        width_text = group.getAttribute("stroke-width")
        for element in [c for c in group.childNodes if isinstance(c, minidom.Element)]:
            non_scaling = element.getAttribute("vector-effect") == "non-scaling-stroke"
            baked = _bake(element, m)
            if baked is not None:
                if non_scaling:  # its width was already in output units
                    baked.removeAttribute("vector-effect")
                elif width_text:  # its width was in the group's units
                    baked.setAttribute("stroke-width", _num(float(width_text) * m.stroke_factor))
                continue
            wrapper = group.ownerDocument.createElement("g")
            wrapper.setAttribute("transform", m.svg())
            group.replaceChild(wrapper, element)
            wrapper.appendChild(element)
            if element.tagName == "text":
                _font_fallback(element)
        group.removeAttribute("transform")


def _font_fallback(text) -> None:
    families = text.getAttribute("font-family")
    if families and not re.search(r"\b(sans-serif|serif|monospace)\b", families):
        text.setAttribute("font-family", f"{families}, sans-serif")


@contextmanager
def _fixed_exporter():
    """pyqtgraph's SVG generator with :func:`bake_transforms` in place of its broken step."""
    import importlib

    module = importlib.import_module("pyqtgraph.exporters.SVGExporter")

    with _LOCK:
        original = module.correctCoordinates
        module.correctCoordinates = bake_transforms
        try:
            yield module
        finally:
            module.correctCoordinates = original


def svg_text(item, width: float, height: float, background: QColor | str | None = None) -> str:
    """SVG of a pyqtgraph item (e.g. a layout holding the plot, colour bar and legend) at ``width`` ×
    ``height`` user units, with the bundled font embedded when it holds Chinese text. ``background`` None
    means transparent."""
    from app.i18n import embed_font_in_svg

    color = QColor(background) if background is not None else QColor(0, 0, 0, 0)
    options = {"width": float(width), "height": float(height), "background": color, "scaling stroke": True}
    with _fixed_exporter() as module:
        text = module.generateSvg(item, options)
    return embed_font_in_svg(text)  # Chinese text: the glyphs travel inside the file (no tofu elsewhere)


def write_svg(item, path: str | Path, width: float, height: float, background=None) -> None:
    """Write atomically: a failed export leaves no file (and an existing one untouched)."""
    text = svg_text(item, width, height, background)
    write_bytes_atomically(path, text.encode("utf-8"))
