"""Smoke test of the built app: runs the bundled binary as a user would and checks what comes out.

    .venv/bin/python build_scripts/smoke_test.py [--app dist/losslab/losslab] [--keep FOLDER]

Every run of the binary starts from a clean environment (no virtualenv, no PYTHONPATH, Qt offscreen, a fresh
user cache folder), so the bundle must carry everything itself. Checks, in order:
  1. the engine runs without numba: the bundle holds the ahead-of-time kernels and neither numba nor llvmlite,
     and `losslab trajectory` (every optimizer, a built-in and a formula surface) and `losslab sweep` print
     exactly the JSON the same commands print from source with numba's JIT kernels;
  2. every preset of the source tree is in the bundle, and each opens in the real window (--screenshot);
     the PNGs have the asked size and real content;
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
    into the frozen app."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"NUMBA_CACHE_DIR", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(home / "cache"), LOCALAPPDATA=str(home / "cache"))
    if sys.platform == "darwin":
        env["HOME"] = str(home)
    return env


# The same CLI from source, with the ahead-of-time module set aside so numba's JIT computes the reference.
SOURCE_WITH_JIT = ("import sys; from core.engine import compiled; compiled.AHEAD_OF_TIME = None; "
                   "from app.cli.main import main; sys.exit(main(sys.argv[1:]))")
OPTIMIZERS = ("sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw", "adagrad")
ENGINE_COMMANDS = [
    *(["trajectory", "--surface", "rosenbrock", "--optimizer", kind, "--lr", "0.002", "--steps", "400", "--json"]
      for kind in OPTIMIZERS),
    ["trajectory", "--formula", "log(1 + x^2) + sin(y)*x", "--start", "1.5,-0.5", "--optimizer", "adam",
     "--lr", "0.05", "--clip", "1", "--noise", "0.1", "--seed", "3", "--steps", "300", "--json"],
    ["sweep", "--surface", "canyon", "--optimizer", "momentum", "--lr", "1e-4:1:12", "--loss-scale", "1e-3:1e3:7",
     "--steps", "300", "--json"],
    ["sweep", "--formula", "x^4 + 3*y^2 - x*y", "--optimizer", "rmsprop", "--lr", "1e-3:1:6", "--loss-scale",
     "1e-2:1e2:5", "--steps", "200", "--json"],
]


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


def _first_difference(bundled, source, where: str = "") -> str:
    if isinstance(bundled, dict) and isinstance(source, dict) and bundled.keys() == source.keys():
        return next(_first_difference(bundled[key], source[key], f"{where}.{key}")
                    for key in bundled if bundled[key] != source[key])
    if isinstance(bundled, list) and isinstance(source, list) and len(bundled) == len(source):
        return next(_first_difference(a, b, f"{where}[{index}]")
                    for index, (a, b) in enumerate(zip(bundled, source, strict=True)) if a != b)
    return f"{where or 'output'}: bundle {str(bundled)[:80]}, source {str(source)[:80]}"


def check_engine_without_numba(runner: Runner) -> str:
    internal = runner.binary.parent / "_internal"
    aot = sorted(path.name for path in (internal / "core" / "engine").glob("_aot_kernels*"))
    if not any(name.endswith((".so", ".pyd")) for name in aot):
        raise SmokeFailure(f"no ahead-of-time kernels in {internal / 'core' / 'engine'}")
    carried = [name for name in ("numba", "llvmlite") if (internal / name).exists()]
    if carried:
        raise SmokeFailure(f"the bundle carries {', '.join(carried)}")
    seconds = 0.0
    for command in ENGINE_COMMANDS:
        bundled = runner.run(*command)
        seconds += bundled.seconds
        source = subprocess.run([sys.executable, "-c", SOURCE_WITH_JIT, *command], cwd=ROOT, capture_output=True,
                                text=True, timeout=TIMEOUT_S)
        if source.returncode != 0:
            raise SmokeFailure(f"from source, `losslab {' '.join(command)}` exited {source.returncode}: "
                               + " | ".join(source.stderr.strip().splitlines()[-4:]))
        if json.loads(bundled.stdout) != json.loads(source.stdout):
            raise SmokeFailure(f"`losslab {' '.join(command[:5])} …` differs from source: "
                               + _first_difference(json.loads(bundled.stdout), json.loads(source.stdout)))
    return (f"{len(ENGINE_COMMANDS)} trajectory/sweep commands identical to numba's JIT from source "
            f"({seconds / len(ENGINE_COMMANDS):.2f} s per run of the binary)")


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
    runner.check("the engine runs without numba, as from source", lambda: check_engine_without_numba(runner))
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
        # -noreset: by default Xvfb resets when its last client (the readiness probe) leaves, and refuses
        # connections meanwhile, which an app started right then takes for a missing display.
        server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp", "-noreset"],
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
    each command is a warm-up (files into the page cache; from source, numba's cache filled) and is not
    returned. A command
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
