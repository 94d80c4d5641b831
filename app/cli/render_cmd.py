"""`losslab render SCENE.json -o OUT.(png|svg|gif|mp4|csv|json)`: the window's pictures without a window.

Options: --size WxH (default 1920x1080), --dpi N, --theme slide|dark (default slide), --transparent (PNG
and SVG), --fps N (default 30), --duration SECONDS, --steps A:B (the animation's first and last step; a
picture shows step B), --title (the scene's title above the map), --lang en|zh_CN (the language of the
picture's words, title and labels; Chinese is drawn with the bundled font; default English). CSV/JSON
hold every enabled optimizer's trajectory and need no Qt at all; pictures and animations are drawn
off-screen (Qt's offscreen platform unless a display is asked for). Any failure
exits non-zero with a one-line reason and leaves no file behind.

``--steps A:B`` applies to every format: CSV/JSON hold the rows of steps A to B. The scene must be a
regular file (a device or pipe is refused before it is opened). The export's time and memory are
estimated first (core.limits) and printed on stderr; one over a minute needs ``--yes``. Progress goes to
stderr (a line every few seconds when stderr is not a terminal); Ctrl-C stops at once, leaving no file.
"""

from __future__ import annotations

import dataclasses
import os
import stat

from app.cli.options import add_job_arguments


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
    parser.add_argument("--title", action="store_true", help="draw the scene's title above the map")
    parser.add_argument("--lang", choices=("en", "zh_CN"), default="en",
                        help="language of the picture's title and labels (default en)")
    add_job_arguments(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from core.export.files import failure_reason
    from core.export.plan import ExportError

    try:
        return _render(args)
    except OSError as exc:  # e.g. the disk filled up or the folder vanished mid-export
        raise ExportError(f"cannot write the export: {failure_reason(exc)}") from None


def _render(args) -> int:
    from app.cli.jobs import Progress, announce, run_job
    from core import scene as scene_io
    from core.engine import Cancelled
    from core.export.plan import ANIMATION_FORMATS, DATA_FORMATS, ExportError, ExportPlan, parse_steps

    options = {"theme": args.theme, "transparent": args.transparent, "fps": args.fps,
               "duration": args.duration, "dpi": args.dpi}
    if args.steps is not None:
        options["first"], options["last"] = parse_steps(args.steps)
    plan = ExportPlan.for_path(args.output, **options)  # bad extension / folder: refused before any work
    if plan.format not in DATA_FORMATS:
        plan = dataclasses.replace(plan, **_size(args.size))
    _check_regular_file(args.scene)
    scene = scene_io.load(args.scene)
    first, last = plan.step_range(scene)
    announce(_estimate(scene, plan, first, last), yes=args.yes, quiet=args.quiet)
    if plan.format in DATA_FORMATS:
        from core.export.plan import write_scene_data

        run_job(write_scene_data, scene, plan.path, first, last)
        return 0
    app = _qt_application()
    from app import i18n
    from app.export.render import export_scene

    progress = None
    if not args.quiet and plan.format in ANIMATION_FORMATS:
        progress = Progress("rendering")
    i18n.install_font(app)  # Chinese drawn with the bundled font, whatever the machine has
    previous = i18n.current_language()
    i18n.set_language(app, args.lang)
    title = scene.title_in(args.lang) if args.title else None
    try:
        export_scene(scene, plan, progress, title=title or None)
    except Cancelled:
        raise ExportError("cancelled") from None
    finally:
        from app.launch import delete_pending

        delete_pending()  # the export's view, deleteLater()'d with no event loop to come
        i18n.set_language(app, previous)  # a caller in this process (a script, a test) keeps its language
    if progress is not None:
        progress.done()
    return 0


def _size(text: str) -> dict:
    """--size WxH, refused with the limit that applies (8K: 7680×4320)."""
    from app.export.offscreen import MAX_PIXELS, MIN_PIXELS, ExportSizeError, parse_size

    try:
        width, height = parse_size(text)
    except ExportSizeError as exc:
        if "WIDTHxHEIGHT" in str(exc):
            raise
        raise ExportSizeError(f"--size {text:.40}: a picture is from {MIN_PIXELS}×{MIN_PIXELS} to "
                              f"{MAX_PIXELS[0]}×{MAX_PIXELS[1]} pixels (8K); {exc}") from None
    return {"width": width, "height": height}


def _check_regular_file(path: str) -> None:
    """A scene path that is a device, pipe or folder would be read forever (st_size is 0 for them)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # the loader says it cannot read it, in its own words
    if not stat.S_ISREG(mode):
        raise ValueError(f"cannot read {path}: not a regular file")


def _estimate(scene, plan, first: int, last: int):
    from core.export.plan import ANIMATION_FORMATS, DATA_FORMATS
    from core.limits import data_export_estimate, render_estimate, surface_instructions

    runs = max(1, sum(1 for entry in scene.optimizers if entry.enabled))
    instructions = surface_instructions(scene.surface)
    if plan.format in DATA_FORMATS:
        return data_export_estimate(runs, last, plan.format, instructions)  # the text costs more than the run
    frames = 1
    if plan.format in ANIMATION_FORMATS:
        duration = plan.duration if plan.duration is not None else min((last - first + 1) / plan.fps, 10.0)
        frames = max(1, round(plan.fps * duration))
        if plan.format == "gif":  # a GIF too big to hold gets its own advice (choose MP4) first
            from core.export.animation import check_gif_size

            check_gif_size(plan.width, plan.height, frames)
    return render_estimate(frames=frames, width=plan.width, height=plan.height, kind=plan.format, runs=runs,
                           steps=scene.steps, instructions=instructions)


_KEPT: list = []


def _qt_application():
    """A QApplication without a window: offscreen unless the caller chose a platform; Qt's platform
    chatter kept off stderr (app.launch.hide_platform_chatter)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.launch import hide_platform_chatter

    hide_platform_chatter()
    # Kept for the life of the process: a collected application crashed the process on exit now and then.
    _KEPT.append(QApplication.instance() or QApplication(["losslab-render"]))
    return _KEPT[-1]
