"""In-process A/B of the screen layers (app.views.screen_layer) on issue 15's slider figure: the same
window (7 optimizers × 1,000 steps, 512² map) measured in alternating blocks with the layers on, and off
— every item painting itself from its own pixmap cache, as before the layers — so a busy machine slows
both alike (measured across fresh interpreters, the same tree's figure swung ±3 ms on this shared
2-core machine). GUI-thread CPU time per slider change → repainted view; median and lower quartile of
each setting are printed.

Run: .venv/bin/python benchmarks/bench_screen_layer.py [--blocks N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_app  # noqa: E402


def layers(window) -> list:
    return [window.landscape.layer.screen, window.landscape.ghost_layer, window.loss_plot.ghost_layer]


def set_layers(window, on: bool, members: dict) -> None:
    """On: the layers paint their items; off: each item paints itself from its own cache (as before)."""
    from PySide6.QtWidgets import QGraphicsItem

    for layer in layers(window):
        for item in members[layer]:
            item.screen_layer = layer if on else None
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache if on else
                              QGraphicsItem.CacheMode.DeviceCoordinateCache)
            item.update()
        layer.setVisible(on)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--blocks", type=int, default=12, help="blocks of 20 changes per setting")
    args = parser.parse_args()
    bench_app.CLOCK = time.thread_time
    app, window = bench_app.make_window(512)
    members = {layer: list(layer.items) for layer in layers(window)}
    slider = window.scale_panel.lr_slider.slider
    times: dict[bool, list[float]] = {True: [], False: []}
    for block in range(2 * args.blocks):
        on = block % 2 == 0
        set_layers(window, on, members)
        for i in range(4):  # fill the caches of this setting
            slider.setValue(bench_app.OFF_1X[i % 2])
            app.processEvents()
        for i in range(20):
            start = time.thread_time()
            slider.setValue(bench_app.OFF_1X[i % 2])
            app.processEvents()
            times[on].append((time.thread_time() - start) * 1000)
    for on, label in ((False, "layers off (one cache per item)"), (True, "layers on (one image per layer)")):
        values = sorted(times[on])
        print(f"{label}: median {statistics.median(values):.2f} ms, lower quartile "
              f"{values[len(values) // 4]:.2f} ms ({len(values)} changes)")
    os._exit(0)  # skip Qt's teardown (see bench_app)


if __name__ == "__main__":
    main()
