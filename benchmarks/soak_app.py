"""Soak: many animation frames of the real window offscreen (7 optimizers, playback looping, a slider
change every 500 frames so races are recomputed too). Prints frames, seconds, peak memory (RSS) and the
memory growth between the first tenth and the end. Not part of the test suite (it runs for minutes).

Run: .venv/bin/python benchmarks/soak_app.py [--frames 100000]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=100_000)
    args = parser.parse_args()
    from bench_app import make_window

    app, window = make_window(512)
    model = window.model
    slider = window.scale_panel.lr_slider.slider
    baseline = None
    start = time.perf_counter()
    for frame in range(args.frames):
        model.set_step((frame * 4) % (model.scene.steps + 1))
        if frame % 500 == 499:
            slider.setValue(-60 + (frame // 500) % 3 * 30)
        app.processEvents()
        if frame == args.frames // 10:
            gc.collect()
            baseline = rss_mib()
        if frame % 10_000 == 0:
            print(f"  frame {frame}: {rss_mib():.1f} MiB, {time.perf_counter() - start:.0f} s", flush=True)
    seconds = time.perf_counter() - start
    gc.collect()
    end = rss_mib()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"frames {args.frames}, seconds {seconds:.1f} ({args.frames / seconds:.0f} frames/s), "
          f"peak RSS {peak:.1f} MiB, growth after the first tenth {end - (baseline or end):+.1f} MiB")
    window.close()


if __name__ == "__main__":
    main()
