"""Seconds from the window appearing to the first race's paths drawn, as `dev.py app` starts it (issue 15:
target ≤ 5 s on a fresh clone).

    .venv/bin/python benchmarks/first_paths.py [--fresh-jit-cache]

Run it in the checkout to measure. ``--fresh-jit-cache`` points numba's cache at an empty folder, so a
checkout without the ahead-of-time kernels pays the JIT compile a fresh clone pays; with a current
ahead-of-time module numba is not used and the option changes nothing. Prints one JSON line: shown_s
(launch → window shown), first_paths_s (shown → the race's paths drawn), and whether the kernels were
ahead-of-time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The same steps as app.launch.run_gui, in a fresh interpreter; the race's trajectories reach the view through
# model.trajectoriesChanged, and the next processed events paint them.
PROBE = """
import json, sys, time
started = time.perf_counter()
from app.launch import create_application, create_window
app = create_application()
window = create_window()
window.show()
window.model.start_engine()
app.processEvents()
shown = time.perf_counter()
drawn = []
window.model.trajectoriesChanged.connect(lambda _race: drawn.append(1))
while not drawn and time.perf_counter() - shown < 120:
    app.processEvents()
    time.sleep(0.002)
window.repaint()
app.processEvents()
painted = time.perf_counter()
from core.engine import compiled
print(json.dumps({"shown_s": round(shown - started, 2), "first_paths_s": round(painted - shown, 2) if drawn else None,
                  "ahead_of_time": compiled.AHEAD_OF_TIME is not None}), flush=True)
"""


def main(argv: list[str]) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as cache:
        if "--fresh-jit-cache" in argv:
            env["NUMBA_CACHE_DIR"] = cache
        result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True)
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        sys.stderr.write(result.stderr)
        return result.returncode or 1
    print(lines[-1])
    return 0 if json.loads(lines[-1])["first_paths_s"] is not None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
