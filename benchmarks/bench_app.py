"""Window figures, offscreen (raster painting, as on a machine without OpenGL):

1. median time from a slider change to the repainted view, 7 optimizers × 1,000 steps (target ≤ 10 ms, issue 15),
   the lr × slider alternating between two settings off 1× (0.2 and 0.5 since the slider snaps to 1-2-5
   values; 0.16 and 0.32 on a revision before that), and, as a second figure, through 1× (0.5 and 1: at 1×
   the ghosts are the runs, so they and the legend's ghost row go and come back on every other change);
2. animation frame rate with 7 optimizers on a 512×512 map, full paths revealed step by step (target ≥ 60);
3. launch-to-window-shown time in a fresh interpreter (target ≤ 1.5 s);
4. while the scale map computes a 128² × 1,000-step map off the UI thread, the longest gap between the
   ticks of a 10 ms UI timer, after the first five (target < 50 ms: the window stays smooth).

"Repainted" means what one turn of the event loop does after the change: every widget it made dirty is
painted (Qt paints lazily, so the change alone would measure nothing).

Run: .venv/bin/python benchmarks/bench_app.py [--rounds N] [--against REV] [--clock thread] [--slider-only]
                                               [--theme slide] [--scene FILE]

``--slider-only`` measures the two slider figures alone (a quick side-by-side while working on them).

``--theme slide`` measures in the slide theme (what a lecture hall sees: 3-px antialiased paths, larger
text) instead of the default dark one.

``--scene FILE`` measures, instead, the playback of that scene's race: every second step from 0 to the end,
each set and repainted, with the median and the slowest frame printed (e.g. a lesson whose diverging runs
bounce across the map: ``--scene resources/presets/lesson_stability_limit.json --theme slide``).

``--clock thread`` times the slider figure in the GUI thread's CPU time (time.thread_time) instead of
wall time: on a machine other jobs keep busy, wall time mostly measures how long the thread waited for a
core (the same tree measured 9 to 44 ms in one minute here), while the CPU the thread spends per change is
what the code costs. Waiting for the raster backing store or the X server is not in it, so the wall-clock
figure on an idle machine stays the one the target is about.

``--against REV`` (a commit, e.g. HEAD~3) measures that commit's app side by side with the working tree:
REV is exported with ``git archive`` to a temporary folder and the two are measured in alternating fresh
interpreters, ``--rounds`` times each, so a busy machine slows both alike. The medians are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent

SEVEN = [("sgd", 1e-3), ("momentum", 1e-3), ("nesterov", 1e-3), ("rmsprop", 1e-2), ("adam", 5e-2),
         ("adamw", 5e-2), ("adagrad", 0.5)]

SHOWN_PROBE = """
import time, sys
from app.launch import create_application, create_window
app = create_application()
window = create_window()
window.show()
window.model.start_engine()
app.processEvents()
sys.stdout.write("shown\\n"); sys.stdout.flush()
"""


def race_scene(steps: int):
    from core.optim.spec import OptimizerSpec
    from core.scene import OptimizerEntry, default_scene

    scene = default_scene()
    entries = tuple(OptimizerEntry(OptimizerSpec(kind, lr=lr)) for kind, lr in SEVEN)
    return scene.with_changes(optimizers=entries, steps=steps, step=steps)


def make_window(resolution: int):
    from app.launch import create_application
    from app.main_window import MainWindow
    from app.model import SceneModel
    from app.views import landscape

    app = create_application()
    landscape.MAP_RESOLUTION = resolution
    try:  # the default settings, not the user's stored theme (a revision before app.settings has none)
        from app.launch import throwaway_settings

        window = MainWindow(SceneModel(race_scene(1000)), settings=throwaway_settings())
    except ImportError:
        window = MainWindow(SceneModel(race_scene(1000)))
    window.resize(1400, 900)
    window.show()
    window.model.start_engine_now()
    app.processEvents()
    return app, window


def paint_counter(widget):
    """Counts paint events of ``widget``: a frame counts only if the map was repainted."""
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        def __init__(self):
            super().__init__()
            self.count = 0
            widget.installEventFilter(self)

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    return PaintCounter()


def frame(app) -> None:
    """What one turn of the event loop does after a change: every dirty widget repaints."""
    app.processEvents()


CLOCK = time.perf_counter  # --clock thread: time.thread_time


OFF_1X = (-80, -50)  # slider positions (100 a decade): lr × 0.2 and 0.5 (snapped), 0.16 and 0.32 before
THROUGH_1X = (-50, -13)  # lr × 0.5 and 1 (snapped), 0.32 and 0.74 before


def slider_latency(app, window, repeats: int = 120, positions: tuple[int, int] = OFF_1X) -> float:
    slider = window.scale_panel.lr_slider.slider
    for i in range(4):  # warm caches (first paints allocate)
        slider.setValue(positions[i % 2])
        frame(app)
    times = []
    for i in range(repeats):
        position = positions[i % 2]  # alternate two settings so every change recomputes
        start = CLOCK()
        slider.setValue(position)
        frame(app)
        times.append(CLOCK() - start)
    return statistics.median(times) * 1000


def animation_fps(app, window, seconds: float = 4.0) -> float:
    model = window.model
    painted = paint_counter(window.landscape.graphics.viewport())
    frames = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        model.set_step((frames * 4) % (model.scene.steps + 1))  # 240 steps/s at 60 fps
        frame(app)
        frames += 1
    elapsed = time.perf_counter() - start
    assert painted.count >= frames * 0.95, (painted.count, frames)
    return painted.count / elapsed


def scale_map_gap(app) -> float:
    """Longest UI-timer gap (ms) while a 128² Adam map of Rosenbrock, 1,000 steps, computes."""
    from PySide6.QtCore import QTimer

    from app.views.scale_map import ScaleMapView
    from core.optim.spec import OptimizerSpec
    from core.surfaces import get_surface

    view = ScaleMapView()
    view.resize(900, 500)
    view.show()
    mapper = getattr(view, "model", view)  # the model since issue 13; the view itself before
    surface = get_surface("rosenbrock")
    mapper.set_resolution(128)
    gaps, last, done = [], [time.perf_counter()], []
    view.computed.connect(lambda: done.append(1))

    def tick():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=10)
    timer.timeout.connect(tick)
    mapper.set_problem(surface, surface.start, [OptimizerSpec("adam", lr=0.01)], 1000)
    timer.start()
    deadline = time.perf_counter() + 120
    while not done and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    view.close()
    return max(gaps[5:]) * 1000 if len(gaps) > 5 else float("nan")


def launch_time(root: Path, repeats: int = 3) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", SHOWN_PROBE], cwd=root, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = process.stdout.readline()
        times.append(time.perf_counter() - start)
        process.kill()
        process.wait()
        assert line.strip() == "shown", line
    return min(times)


SLIDER_ONLY = False  # --slider-only
THEME = "dark"  # --theme
SCENE: str | None = None  # --scene


def scene_playback(app, window, path: str) -> dict:
    """Frame times (ms) of playing ``path``'s race: every second step, set and repainted."""
    assert window.open_scene(path), path
    window.model.wait_idle()
    app.processEvents()
    times = []
    for step in range(0, window.model.scene.steps + 1, 2):
        start = CLOCK()
        window.model.set_step(step)
        frame(app)
        times.append((CLOCK() - start) * 1000)
    return {"scene_frame_ms": statistics.median(times), "scene_worst_ms": max(times)}


def measure(root: Path, launch: bool) -> dict:
    """All figures for the app in ``root`` (this interpreter must have imported nothing of it yet)."""
    sys.path.insert(0, str(root))
    app, window = make_window(512)
    if THEME != "dark":
        from app.themes import THEMES

        window.set_theme(THEMES[THEME])  # a window setting: the scene opened below keeps it
        app.processEvents()
    if SCENE is not None:
        return {**scene_playback(app, window, str(root / SCENE)), "torch": "torch" in sys.modules}
    figures = {"slider_ms": slider_latency(app, window), "slider_1x_ms": slider_latency(app, window, 60, THROUGH_1X)}
    if SLIDER_ONLY:
        figures["torch"] = "torch" in sys.modules
        return figures
    figures["fps"] = animation_fps(app, window)
    window.close()
    from core.engine import warm_up

    warm_up()  # the sweep kernel: the figure is about the UI thread, not the first compile
    figures["map_gap_ms"] = scale_map_gap(app)
    if launch:
        figures["launch_s"] = launch_time(root)
    figures["torch"] = "torch" in sys.modules
    return figures


def measure_in_subprocess(root: Path, launch: bool) -> dict:
    command = [sys.executable, str(HERE), "--measure", str(root)] + ([] if launch else ["--skip-launch"])
    command += ["--clock", "thread"] if CLOCK is time.thread_time else []
    command += ["--slider-only"] if SLIDER_ONLY else []
    command += ["--theme", THEME] + (["--scene", SCENE] if SCENE else [])
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def export_revision(revision: str, folder: Path) -> None:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)


def report(name: str, runs: list[dict]) -> str:
    def med(key):
        values = [r[key] for r in runs if key in r]
        return statistics.median(values) if values else float("nan")

    clock = " (GUI thread CPU)" if CLOCK is time.thread_time else ""
    if any("scene_frame_ms" in r for r in runs):
        return f"{name}: {SCENE} played: median frame {med('scene_frame_ms'):.1f} ms, slowest frame " \
               f"{med('scene_worst_ms'):.0f} ms"
    text = f"{name}: slider → repainted view{clock} {med('slider_ms'):.1f} ms (target ≤ 10; through 1×: " \
           f"{med('slider_1x_ms'):.1f} ms)"
    if any("fps" in r for r in runs):
        text += f", animation {med('fps'):.0f} frames/s (target ≥ 60)"
    if any("map_gap_ms" in r for r in runs):
        text += f", longest UI gap while a 128² map computes {med('map_gap_ms'):.0f} ms (target < 50)"
    if any("launch_s" in r for r in runs):
        text += f", launch → shown {med('launch_s'):.2f} s (target ≤ 1.5)"
    return text + f"; torch imported: {any(r['torch'] for r in runs)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="measurements per tree (median printed)")
    parser.add_argument("--against", metavar="REV", help="also measure this git revision, alternating")
    parser.add_argument("--skip-launch", action="store_true", help="leave out the launch time")
    parser.add_argument("--clock", choices=("wall", "thread"), default="wall",
                        help="time the slider figure in wall time (default) or the GUI thread's CPU time")
    parser.add_argument("--slider-only", action="store_true", help="measure the slider figures alone")
    parser.add_argument("--theme", choices=("dark", "slide"), default="dark", help="the window's theme")
    parser.add_argument("--scene", metavar="FILE", help="measure the playback of this scene (a path in the tree)")
    parser.add_argument("--measure", metavar="ROOT", help=argparse.SUPPRESS)  # one subprocess's figures
    args = parser.parse_args()
    global CLOCK, SLIDER_ONLY, THEME, SCENE
    CLOCK = time.thread_time if args.clock == "thread" else time.perf_counter
    SLIDER_ONLY, THEME, SCENE = args.slider_only, args.theme, args.scene
    launch = not (args.skip_launch or args.slider_only or args.scene)
    if args.measure:
        print(json.dumps(measure(Path(args.measure), launch)), flush=True)
        # The figures are out; skip the interpreter's teardown (Qt objects destroyed at exit crashed some
        # trees with SIGSEGV after measuring, which failed the whole comparison).
        os._exit(0)
    if not args.against:
        if args.rounds == 1:
            figures = measure(ROOT, launch)
            runs = [figures]
        else:
            runs = [measure_in_subprocess(ROOT, launch) for _ in range(args.rounds)]
        print(f"map 512×512, {SCENE or '7 optimizers × 1000 steps (+ ghosts)'}, {THEME} theme")
        print(report("working tree", runs))
        return
    with tempfile.TemporaryDirectory(prefix="losslab-bench-") as folder:
        export_revision(args.against, Path(folder))
        trees = {"working tree": ROOT, args.against: Path(folder)}
        runs: dict[str, list[dict]] = {name: [] for name in trees}
        for round_ in range(args.rounds):
            for name, root in trees.items():
                runs[name].append(measure_in_subprocess(root, launch))
                print(f"  round {round_ + 1} {name}: {runs[name][-1]}", flush=True)
        print(f"map 512×512, {SCENE or '7 optimizers × 1000 steps (+ ghosts)'}, {THEME} theme; median of {args.rounds} "
              "alternating runs")
        for name in trees:
            print(report(name, runs[name]))


if __name__ == "__main__":
    main()
