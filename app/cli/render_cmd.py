"""`losslab render SCENE.json -o OUT.(png|svg|gif|mp4|csv|json)`: the window's pictures without a window.

Options: --size WxH (default 1920x1080), --dpi N, --theme slide|dark (default slide), --transparent (PNG
and SVG), --fps N (default 30), --duration SECONDS, --steps A:B (the animation's first and last step; a
picture shows step B). CSV/JSON hold every enabled optimizer's trajectory and need no Qt at all; pictures
and animations are drawn off-screen (Qt's offscreen platform unless a display is asked for). Any failure
exits non-zero with a one-line reason and leaves no file behind.
"""

from __future__ import annotations

import dataclasses
import os
import sys


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("render", help="export a scene as PNG, SVG, GIF, MP4, CSV or JSON")
    parser.add_argument("scene", help="a scene file (.json)")
    parser.add_argument("-o", "--output", required=True, help="OUT.png|svg|gif|mp4|csv|json")
    parser.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT in pixels (default 1920x1080)")
    parser.add_argument("--dpi", type=float, default=None, help="pixels per inch (scales lines and text)")
    parser.add_argument("--theme", choices=("slide", "dark"), default="slide")
    parser.add_argument("--transparent", action="store_true", help="transparent background (PNG, SVG)")
    parser.add_argument("--fps", type=float, default=30.0, help="frames per second (GIF, MP4)")
    parser.add_argument("--duration", type=float, default=None, help="seconds (default: a frame a step, ≤ 10 s)")
    parser.add_argument("--steps", default=None, help="A:B — first and last step shown")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.set_defaults(func=run)


def run(args) -> int:
    from core.export.files import failure_reason
    from core.export.plan import ExportError

    try:
        return _render(args)
    except OSError as exc:  # e.g. the disk filled up or the folder vanished mid-export
        raise ExportError(f"cannot write the export: {failure_reason(exc)}") from None


def _render(args) -> int:
    from core import scene as scene_io
    from core.engine import Cancelled
    from core.export.plan import ANIMATION_FORMATS, DATA_FORMATS, ExportError, ExportPlan, parse_steps

    options = {"theme": args.theme, "transparent": args.transparent, "fps": args.fps,
               "duration": args.duration, "dpi": args.dpi}
    if args.steps is not None:
        options["first"], options["last"] = parse_steps(args.steps)
    plan = ExportPlan.for_path(args.output, **options)  # bad extension / folder: refused before any work
    if plan.format not in DATA_FORMATS:
        from app.export.offscreen import parse_size

        width, height = parse_size(args.size)
        plan = dataclasses.replace(plan, width=width, height=height)
    scene = scene_io.load(args.scene)
    if args.steps is not None:
        plan.step_range(scene)
    if plan.format in DATA_FORMATS:
        from core.export.plan import write_scene_data

        write_scene_data(scene, plan.path)
        return 0
    _qt_application()
    from app.export.render import export_scene

    progress = None if args.quiet or plan.format not in ANIMATION_FORMATS else _progress_printer()
    try:
        export_scene(scene, plan, progress)
    except Cancelled:
        raise ExportError("cancelled") from None
    if progress is not None:
        sys.stderr.write("\n")
    return 0


def _qt_application():
    """A QApplication without a window: offscreen unless the caller chose a platform."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["losslab-render"])


def _progress_printer():
    shown = [-1]

    def report(fraction: float) -> None:
        percent = int(fraction * 100)
        if percent != shown[0] and sys.stderr.isatty():
            shown[0] = percent
            sys.stderr.write(f"\rrendering… {percent:3d}%")
            sys.stderr.flush()

    return report

