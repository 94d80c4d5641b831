"""Export figure for issue 5: seconds to render a 10-second 1080p MP4 of 4 optimizers (target ≤ 10 s).

The same path as `losslab render SCENE -o OUT.mp4 --size 1920x1080 --duration 10`: an off-screen export
view of the default scene (Rosenbrock; SGD, Momentum, RMSProp, Adam; 500 steps), or of --scene, in the slide theme,
frames painted on this thread over a cached background and encoded (H.264 via PyAV) on a worker thread.
Also printed, measured in the same run: the set-up (engine, map, layout), the painting alone and the
encoding alone, per frame, so a slow total says which half to look at.

    .venv/bin/python benchmarks/bench_export.py [--fps 30] [--seconds 10] [--size 1920x1080] [--scene FILE]

Issue 16 item 6: ``--pictures`` instead times still exports of a huge race — 16 runs × 100,000 steps
(--runs, --steps) — as PNG and SVG at 8K (--size 7680x4320) and CSV/JSON, each whole call to
export_scene (race, map, paths, file) and the path preparation alone (clip + decimate), and the file
sizes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--scene", default=None, help="a scene file (default: the app's default scene, 500 steps)")
    parser.add_argument("--pictures", action="store_true", help="time PNG/SVG/CSV/JSON stills of a huge race")
    parser.add_argument("--runs", type=int, default=16)
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--formats", default="png,svg,csv,json")
    parser.add_argument("--screen", action="store_true",
                        help="time End (reveal every step) + a repaint of the race view with the huge race, "
                             "paths whole vs decimated")
    args = parser.parse_args()
    if args.screen:
        _screen(args)
        return
    if args.pictures:
        _pictures(args)
        return

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 — Qt needs it alive

    import av

    from app.export.frames import FrameRenderer
    from app.export.offscreen import parse_size
    from app.export.render import animation_steps, export_scene, export_view
    from core import scene as scene_io
    from core.engine import warm_up
    from core.export.animation import mp4_codec, write_animation
    from core.export.plan import ExportPlan
    from core.scene import default_scene

    width, height = parse_size(args.size)
    warm_up()  # the app has the kernel loaded long before anyone exports
    scene = scene_io.load(args.scene) if args.scene else default_scene()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "race.mp4"
        plan = ExportPlan.for_path(out, width=width, height=height, fps=args.fps, duration=args.seconds)
        steps = animation_steps(scene, plan)

        start = time.perf_counter()
        export_scene(scene, plan)
        total = time.perf_counter() - start
        with av.open(str(out)) as container:
            frames = sum(1 for _ in container.decode(video=0))
        size_mb = out.stat().st_size / 1e6
        window_total, ticks = _from_the_window(scene, plan)

        start = time.perf_counter()
        view = export_view(scene, plan)
        setup = time.perf_counter() - start
        renderer = FrameRenderer(view)
        start = time.perf_counter()
        images = [renderer.render_into(int(steps[0]), renderer.new_frame())]  # also paints the background
        first = time.perf_counter() - start
        sample = steps[1:: max(1, len(steps) // 60)][:60]  # spread over the clip: later frames have longer paths
        frame = renderer.new_frame()
        start = time.perf_counter()
        for s in sample:  # into one reused frame, as the export does with the frames the encoder hands back
            renderer.render_into(int(s), frame)
        paint = (time.perf_counter() - start) / len(sample)
        images += [renderer.render_into(int(s), renderer.new_frame()) for s in sample]
        renderer.close()
        view.close()
        start = time.perf_counter()
        write_animation(Path(folder) / "encode.mp4", images, args.fps, pixel_format="bgra")
        encode = (time.perf_counter() - start) / len(images)

    print(f"{args.seconds:g} s {width}x{height} MP4 at {args.fps:g} fps, {len(scene.optimizers)} optimizers × "
          f"{scene.steps} steps, codec {mp4_codec()}: "
          f"{total:.2f} s total ({frames} frames, {size_mb:.1f} MB) — target ≤ 10 s")
    print(f"  from the window (File ▸ Export: a frame per event-loop turn, the window live): {window_total:.2f} s, "
          f"{ticks} timer ticks")
    print(f"  set-up {setup:.2f} s, first frame with its background {first * 1e3:.0f} ms;  per frame: "
          f"painting {paint * 1e3:.1f} ms, encoding {encode * 1e3:.1f} ms "
          f"(run on two threads side by side);  {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}")


def huge_scene(runs: int, steps: int):
    """``runs`` optimizers of every kind and several learning rates on Rosenbrock, ``steps`` steps."""
    from core.optim.spec import KINDS, OptimizerSpec
    from core.scene import OptimizerEntry, default_scene

    lrs = {"sgd": 1e-4, "momentum": 1e-4, "nesterov": 1e-4, "rmsprop": 1e-3, "adam": 1e-2, "adamw": 1e-2,
           "adagrad": 0.05}
    specs = [OptimizerSpec(kind, lr=lrs[kind] * (0.5 + k // len(KINDS)))
             for k, kind in zip(range(runs), [KINDS[i % len(KINDS)] for i in range(runs)], strict=True)]
    return default_scene().with_changes(optimizers=tuple(OptimizerEntry(s) for s in specs), steps=steps,
                                        step=steps)


def _pictures(args) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 — Qt needs it alive

    from app.export.offscreen import parse_size
    from app.export.render import export_scene, export_view, picture_step
    from core.engine import warm_up
    from core.export.plan import ExportPlan

    width, height = parse_size(args.size if args.size != "1920x1080" else "7680x4320")
    warm_up()
    scene = huge_scene(args.runs, args.steps)
    print(f"{args.runs} runs × {args.steps} steps, {width}x{height}; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in args.formats.split(","):
            out = Path(folder) / f"race.{fmt}"
            plan = ExportPlan.for_path(out, width=width, height=height)
            start = time.perf_counter()
            export_scene(scene, plan)
            total = time.perf_counter() - start
            line = f"  {fmt.upper():4} {total:6.2f} s whole export, {out.stat().st_size / 1e6:7.1f} MB"
            if fmt in ("png", "svg"):
                view = export_view(scene, plan)
                view.model.set_step(picture_step(scene, plan))
                points = sum(len(p.getData()[0]) for p in view.view.paths if p.getData()[0] is not None)
                start = time.perf_counter()
                view.clip_paths()
                prepare = time.perf_counter() - start
                kept = sum(len(p.getData()[0]) for p in view.view.paths if p.getData()[0] is not None)
                view.close()
                line += f"; paths: {points} points → {kept} drawn, prepared in {prepare * 1e3:.0f} ms"
            print(line, flush=True)


def _screen(args) -> None:
    """Issue 16 item 6 on screen: step 0 → End with 16 × 100,000-step paths, then a repaint (grab), in a
    1000×700 race view — median of 5, whole paths (DECIMATE_ABOVE out of reach) against decimated."""
    import statistics

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])

    import app.views.decimation as decimation
    import app.views.landscape as landscape
    from app.model import SceneModel
    from core.engine import warm_up

    warm_up()
    scene = huge_scene(args.runs, args.steps)
    default = decimation.DECIMATE_ABOVE
    for name, limit in (("whole paths", 10**12), ("decimated", default)):
        decimation.DECIMATE_ABOVE = limit
        model = SceneModel(scene)
        model.start_engine_now()
        view = landscape.LandscapeView(model, resolution=200)
        view.resize(1000, 700)
        view.show()
        while model.race is None or model.race.scene != model.scene:
            model.wait_idle(60)
            app.processEvents()
        app.processEvents()
        times = []
        for _ in range(5):
            model.set_step(0)
            view.graphics.grab()
            start = time.perf_counter()
            model.set_step(scene.steps)
            view.graphics.grab()
            times.append(time.perf_counter() - start)
        points = sum(len(p.getData()[0]) for p in view.paths)
        print(f"  {name:12} End + repaint {statistics.median(times) * 1e3:7.0f} ms median, {points} points drawn",
              flush=True)
        view.close()
        model.shutdown()
    decimation.DECIMATE_ABOVE = default


def _from_the_window(scene, plan) -> tuple[float, int]:
    """The dialog's path: an AnimationJob run by the event loop. Returns seconds and timer ticks (a tick
    count far above the frame count means the GUI thread spins while the encoder works)."""
    from PySide6.QtCore import QEventLoop

    from app.export.render import AnimationJob

    job = AnimationJob(scene, plan)
    ticks = 0

    def count():
        nonlocal ticks
        ticks += 1

    job._timer.timeout.connect(count)  # noqa: SLF001 — a benchmark may look inside
    loop = QEventLoop()
    job.failed.connect(lambda reason: print(f"  the window's export failed: {reason}"))
    for signal in (job.finished, job.failed, job.cancelled):
        signal.connect(lambda *_: loop.quit())
    start = time.perf_counter()
    job.start()
    loop.exec()
    return time.perf_counter() - start, ticks


if __name__ == "__main__":
    main()
