"""Smoke test of the built app: runs the bundled binary as a user would and checks what comes out.

    .venv/bin/python build_scripts/smoke_test.py [--app dist/losslab/losslab] [--keep FOLDER]

Every run of the binary starts from a clean environment (no virtualenv, no PYTHONPATH, Qt offscreen, a fresh
user cache folder), so the bundle must carry everything itself. Checks, in order:
  1. every preset of the source tree is in the bundle, and each opens in the real window (--screenshot);
     the PNGs have the asked size and real content;
  2. numba compiles the kernel on the first start and loads it from the user cache folder (set by the runtime
     hook) on the next: the second start rewrites no cache file;
  3. a GIF, an MP4 and an SVG export of a preset (`losslab render`);
  4. `losslab train` runs a few steps of the twin networks on the CPU (torch in the bundle);
  5. `losslab experiment scale` and `losslab surfaces` (the headless commands);
and the binary exits 0 each time. Prints one line per check; exit status 0 only if all passed.

``measure_startup`` (used by build.py) times the binary from exec to its window being mapped on an X server.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_APP = ROOT / "dist" / "losslab" / ("losslab.exe" if os.name == "nt" else "losslab")
WINDOW_TITLE = "losslab"  # the main window's title starts with it
TIMEOUT_S = 300


class SmokeFailure(Exception):
    pass


def bundle_resources(binary: Path) -> Path:
    """Where PyInstaller 6 put resources/: sys._MEIPASS is the _internal folder beside the binary."""
    return binary.parent / "_internal" / "resources"


def user_cache_env(home: Path) -> dict[str, str]:
    """A clean environment whose per-user cache folder is inside `home`: no virtualenv or source tree leaks
    into the frozen app, and numba's cache starts empty."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"NUMBA_CACHE_DIR", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(home / "cache"), LOCALAPPDATA=str(home / "cache"))
    if sys.platform == "darwin":
        env["HOME"] = str(home)
    return env


def numba_cache_folder(home: Path) -> Path:
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "losslab" / "numba"
    return home / "cache" / "losslab" / "numba"


def cache_snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(path.relative_to(folder)): (path.stat().st_mtime_ns, path.stat().st_size)
            for path in sorted(folder.rglob("*")) if path.suffix in {".nbi", ".nbc"}}


class Runner:
    def __init__(self, binary: Path, work: Path):
        self.binary = binary
        self.work = work
        self.env = user_cache_env(work / "home")
        self.failures: list[str] = []

    def run(self, *args: str) -> subprocess.CompletedProcess:
        started = time.perf_counter()
        result = subprocess.run([str(self.binary), *args], cwd=self.work, env=self.env, capture_output=True,
                                text=True, timeout=TIMEOUT_S)
        result.seconds = time.perf_counter() - started
        if result.returncode != 0:
            tail = (result.stderr or result.stdout).strip().splitlines()[-8:]
            raise SmokeFailure(f"`losslab {' '.join(args)}` exited {result.returncode}: " + " | ".join(tail))
        return result

    def check(self, name: str, function) -> None:
        started = time.perf_counter()
        try:
            detail = function()
        except (SmokeFailure, subprocess.TimeoutExpired, OSError, ValueError, KeyError) as exc:
            self.failures.append(name)
            print(f"FAIL {name}: {exc}", flush=True)
            return
        print(f"ok   {name} ({time.perf_counter() - started:.1f} s){': ' + detail if detail else ''}", flush=True)


def _check_png(path: Path, size: tuple[int, int]) -> None:
    from PIL import Image

    with Image.open(path) as image:
        if image.size != size:
            raise SmokeFailure(f"{path.name} is {image.size}, not {size}")
        colors = image.convert("RGB").getcolors(maxcolors=1 << 20)
        if colors is not None and len(colors) < 50:
            raise SmokeFailure(f"{path.name} has only {len(colors)} colours: not a rendered window")


def check_presets(runner: Runner) -> str:
    source = sorted(path.name for path in (ROOT / "resources" / "presets").glob("*.json"))
    bundled_folder = bundle_resources(runner.binary) / "presets"
    bundled = sorted(path.name for path in bundled_folder.glob("*.json"))
    if not source or bundled != source:
        raise SmokeFailure(f"presets in the bundle {bundled} differ from the source tree {source}")
    slowest = 0.0
    for name in bundled:
        output = runner.work / f"{Path(name).stem}.png"
        result = runner.run("--screenshot", str(output), "--scene", str(bundled_folder / name), "--size", "800x520")
        _check_png(output, (800, 520))
        slowest = max(slowest, result.seconds)
    return f"{len(bundled)} presets opened and captured, slowest {slowest:.1f} s"


def check_numba_cache(runner: Runner) -> str:
    folder = numba_cache_folder(runner.work / "home")
    output = runner.work / "cache_check.png"
    first = runner.run("--screenshot", str(output), "--size", "640x480")
    after_first = cache_snapshot(folder)
    if not after_first:
        raise SmokeFailure(f"no numba cache files in {folder} after the first start")
    second = runner.run("--screenshot", str(output), "--size", "640x480")
    after_second = cache_snapshot(folder)
    if after_second != after_first:
        changed = sorted(set(after_second.items()) ^ set(after_first.items()))
        raise SmokeFailure(f"the second start rewrote the kernel cache: {changed[:4]}")
    return (f"{len(after_first)} files in {folder}; start with compile {first.seconds:.1f} s, "
            f"from cache {second.seconds:.1f} s")


def check_exports(runner: Runner) -> str:
    from PIL import Image

    preset = str(bundle_resources(runner.binary) / "presets" / "race_himmelblau.json")
    gif = runner.work / "race.gif"
    runner.run("render", preset, "-o", str(gif), "--size", "480x320", "--fps", "10", "--duration", "1.5", "--quiet")
    with Image.open(gif) as image:
        if image.size != (480, 320) or getattr(image, "n_frames", 1) < 10:
            raise SmokeFailure(f"GIF is {image.size} with {getattr(image, 'n_frames', 1)} frames")
        frames = image.n_frames
    mp4 = runner.work / "race.mp4"
    runner.run("render", preset, "-o", str(mp4), "--size", "480x320", "--fps", "10", "--duration", "1", "--quiet")
    if mp4.read_bytes()[4:8] != b"ftyp":
        raise SmokeFailure("the MP4 export has no MP4 header")
    svg = runner.work / "race.svg"
    runner.run("render", preset, "-o", str(svg), "--size", "640x400")
    if not ElementTree.parse(svg).getroot().tag.endswith("svg"):
        raise SmokeFailure("the SVG export is not an SVG document")
    return f"GIF {frames} frames, MP4 {mp4.stat().st_size // 1024} KiB, SVG {svg.stat().st_size // 1024} KiB"


def check_training(runner: Runner) -> str:
    steps = 8
    result = runner.run("train", "--task", "spirals", "--steps", str(steps), "--seed", "1", "--device", "cpu",
                        "--json")
    report = json.loads(result.stdout)
    if report["steps_run"] != steps or report["device"] != "cpu":
        raise SmokeFailure(f"trained {report['steps_run']} steps on {report['device']}")
    for run in ("a", "b"):
        losses = report[run]["loss"]
        if len(losses) != steps or any(loss is None for loss in losses):
            raise SmokeFailure(f"run {run} losses: {losses}")
    final = report["a"]["final_loss"]
    return f"{steps} steps of A and B on the CPU in {result.seconds:.1f} s, final loss A {final:.3f}"


def check_headless(runner: Runner) -> str:
    experiment = json.loads(runner.run("experiment", "scale", "--json").stdout)
    if not experiment.get("rows"):
        raise SmokeFailure("the scale experiment returned no rows")
    surfaces = json.loads(runner.run("surfaces", "--json").stdout)
    if len(surfaces) < 8:
        raise SmokeFailure(f"only {len(surfaces)} surfaces listed")
    return f"experiment: {len(experiment['rows'])} rows; {len(surfaces)} surfaces"


def smoke_test(binary: Path, keep: Path | None = None) -> int:
    if not binary.is_file():
        print(f"FAIL no binary at {binary}: build it first (build_scripts/build.py)")
        return 1
    work = Path(tempfile.mkdtemp(prefix="losslab-smoke-")) if keep is None else keep
    work.mkdir(parents=True, exist_ok=True)
    runner = Runner(binary, work)
    print(f"smoke test of {binary} (work folder {work})", flush=True)
    runner.check("numba kernel compiled once, then loaded from the user cache", lambda: check_numba_cache(runner))
    runner.check("every preset opens in the window and renders a screenshot", lambda: check_presets(runner))
    runner.check("GIF, MP4 and SVG export", lambda: check_exports(runner))
    runner.check("torch trains the twin networks on the CPU", lambda: check_training(runner))
    runner.check("headless commands", lambda: check_headless(runner))
    if runner.failures:
        print(f"smoke test FAILED: {len(runner.failures)} check(s): {', '.join(runner.failures)}; "
              f"outputs kept in {work}")
        return 1
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)
    print("smoke test passed")
    return 0


# ---- start-up time to a shown window --------------------------------------------------------------------
def _wait_for_x(display: str, deadline: float) -> bool:
    while time.perf_counter() < deadline:
        probe = subprocess.run(["xdotool", "getdisplaygeometry"], env=dict(os.environ, DISPLAY=display),
                               capture_output=True)
        if probe.returncode == 0:
            return True
        time.sleep(0.05)
    return False


def _start_xvfb() -> tuple[subprocess.Popen, str] | None:
    for number in range(91, 99):
        if Path(f"/tmp/.X{number}-lock").exists():
            continue
        display = f":{number}"
        server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if _wait_for_x(display, time.perf_counter() + 10):
            return server, display
        server.terminate()
        server.wait(timeout=10)
    return None


def _time_to_window(command: list[str], env: dict[str, str], log: Path, timeout: float = 60) -> float:
    with log.open("w") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        while time.perf_counter() - started < timeout:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{WINDOW_TITLE}"],
                                   env=env, capture_output=True)
            if found.returncode == 0 and found.stdout.strip():
                return time.perf_counter() - started
            if process.poll() is not None:
                tail = " | ".join(log.read_text(errors="replace").strip().splitlines()[-5:])
                raise SmokeFailure(f"{command[0]} exited {process.returncode} before showing its window: {tail}")
            time.sleep(0.02)
        raise SmokeFailure(f"no window within {timeout:.0f} s")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure_startup(commands: dict[str, list[str]], runs: int = 3, home: Path | None = None) -> dict[str, object]:
    """Seconds from exec to the main window being mapped, `runs` times per command, on a private Xvfb (or the
    current X display). Needs Linux with Xvfb and xdotool; returns {} where they are missing. The first run of
    each command is a warm-up (files into the page cache, numba cache filled) and is not returned. A command
    that fails gets its error message instead of the list of times."""
    if not sys.platform.startswith("linux") or shutil.which("xdotool") is None:
        return {}
    server = None
    display = os.environ.get("DISPLAY")
    if not display:
        if shutil.which("Xvfb") is None:
            return {}
        started = _start_xvfb()
        if started is None:
            return {}
        server, display = started
    own_home = home is None
    home = home or Path(tempfile.mkdtemp(prefix="losslab-startup-"))
    env = user_cache_env(home)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    times: dict[str, object] = {}
    log = home / "startup-stderr.log"
    try:
        for name, command in commands.items():
            try:
                _time_to_window(command, env, log)
                times[name] = [_time_to_window(command, env, log) for _ in range(runs)]
            except SmokeFailure as exc:
                times[name] = str(exc)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        if own_home:
            shutil.rmtree(home, ignore_errors=True)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", type=Path, default=DEFAULT_APP, help=f"the built binary (default {DEFAULT_APP})")
    parser.add_argument("--keep", type=Path, help="write the outputs here and keep them (default: a temp folder)")
    args = parser.parse_args(argv)
    return smoke_test(args.app.resolve(), args.keep)


if __name__ == "__main__":
    sys.exit(main())
