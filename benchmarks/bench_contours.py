"""The map's contour lines (app.views.surface_map.contour_segments: 12 levels by marching squares), timed on
the built-in surfaces at the window's 512² and the export's 768².

    .venv/bin/python benchmarks/bench_contours.py [--against REV] [--repeats 7]

``--against REV`` also loads REV's app/views/surface_map.py (pure numpy) into this process and times both
on the same grids, alternating call by call; it first checks that both give the same segments, bit for
bit. Printed: the median milliseconds per map, and the ratio this tree ÷ REV.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.views import surface_map  # noqa: E402
from core.surfaces import get_surface  # noqa: E402

SURFACES = ("bowl", "canyon", "rosenbrock", "himmelblau", "rastrigin")
RESOLUTIONS = (512, 768)


def module_at(revision: str, folder: Path):
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:app/views/surface_map.py"],
                            capture_output=True, text=True, check=True).stdout
    path = folder / "surface_map_at_revision.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("surface_map_at_revision", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def milliseconds(call, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", help="also time REV's contour code, alternating")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        trees = {"this tree": surface_map}
        if args.against:
            trees[args.against] = module_at(args.against, Path(folder))
        print(f"contour_segments, 12 levels, median of {args.repeats} calls (ms)")
        for name in SURFACES:
            surface = get_surface(name)
            for resolution in RESOLUTIONS:
                m = surface_map.compute_map(surface, surface.window, resolution)
                xs = np.linspace(*surface.window[:2], resolution)
                ys = np.linspace(*surface.window[2:], resolution)
                results = [tree.contour_segments(m.color, m.levels, xs, ys) for tree in trees.values()]
                same = all(np.array_equal(results[0], r) for r in results[1:])
                times = {tree: [] for tree in trees}
                for _ in range(args.repeats):  # alternating, so a busy moment falls on both
                    for tree, module in trees.items():
                        times[tree].append(milliseconds(
                            lambda module=module, m=m, xs=xs, ys=ys: module.contour_segments(m.color, m.levels, xs, ys),
                            1))
                cells = [f"{tree} {statistics.median(t):6.1f}" for tree, t in times.items()]
                line = f"  {name:<10} {resolution}²  {len(results[0]) // 2:>7} segments  " + "  ".join(cells)
                if args.against:
                    mine, theirs = (statistics.median(t) for t in times.values())
                    line += f"  (× {mine / theirs:.2f}; same segments: {same})"
                print(line, flush=True)


if __name__ == "__main__":
    main()
