"""Window figures, offscreen (raster painting, as on a machine without OpenGL):

1. median time from a slider change to the repainted view, 7 optimizers × 1,000 steps (target ≤ 16 ms);
2. animation frame rate with 7 optimizers on a 512×512 map, full paths revealed step by step (target ≥ 60);
3. launch-to-window-shown time in a fresh interpreter (target ≤ 1.5 s).

Run: .venv/bin/python benchmarks/bench_app.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
    window = MainWindow(SceneModel(race_scene(1000)))
    window.resize(1400, 900)
    window.show()
    window.model.start_engine_now()
    app.processEvents()
    return app, window


class PaintCounter(QObject):
    """Counts paint events of the landscape's viewport: a frame counts only if the map was repainted."""

    def __init__(self, widget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def frame(app) -> None:
    """What one turn of the event loop does after a change: every dirty widget repaints."""
    app.processEvents()


def slider_latency(app, window, repeats: int = 120) -> float:
    slider = window.scale_panel.lr_slider.slider
    times = []
    for i in range(repeats):
        position = -50 + (i % 2) * 37  # alternate two settings so every change recomputes
        start = time.perf_counter()
        slider.setValue(position)
        frame(app)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def animation_fps(app, window, seconds: float = 4.0) -> float:
    model = window.model
    painted = PaintCounter(window.landscape.graphics.viewport())
    frames = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        model.set_step((frames * 4) % (model.scene.steps + 1))  # 240 steps/s at 60 fps
        frame(app)
        frames += 1
    elapsed = time.perf_counter() - start
    assert painted.count >= frames * 0.95, (painted.count, frames)
    return painted.count / elapsed


def launch_time(repeats: int = 3) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", SHOWN_PROBE], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = process.stdout.readline()
        times.append(time.perf_counter() - start)
        process.kill()
        process.wait()
        assert line.strip() == "shown", line
    return min(times)


def main() -> None:
    app, window = make_window(512)
    shape = window.landscape.image.image.shape
    print(f"map {shape[1]}×{shape[0]}, {len(window.model.scene.optimizers)} optimizers × "
          f"{window.model.scene.steps} steps (+ ghosts)")
    latency = slider_latency(app, window)
    print(f"slider change → repainted view: median {latency:.1f} ms (target ≤ 16 ms)")
    fps = animation_fps(app, window)
    print(f"animation: {fps:.0f} frames/s (target ≥ 60)")
    window.close()
    shown = launch_time()
    print(f"launch → window shown: {shown:.2f} s, best of 3 (target ≤ 1.5 s)")
    print(f"torch imported by the window: {'torch' in sys.modules}")


if __name__ == "__main__":
    main()
