"""Build the losslab desktop app for this OS, smoke-test the result, print its size and start-up time.

    .venv/bin/python build_scripts/build.py [--clean] [--cuda] [--no-smoke] [--no-startup]

Steps: the engine's kernels are compiled ahead of time (build_scripts/aot.py, ~1 min; skipped while the module
is current), PyInstaller builds the one-folder app without numba and LLVM, the smoke test runs the result.
Result: dist/losslab/ (the folder to ship: run dist/losslab/losslab, or losslab.exe on Windows; on macOS also
dist/losslab.app). PyInstaller's work files go to build/pyinstaller/. Exit status 0 only if the build and the
smoke test passed.

  --clean       rebuild from scratch (the AOT kernels, PyInstaller's cache and build/pyinstaller)
  --cuda        allow bundling a CUDA build of torch (several GB); by default the build refuses one, because
                the shipped app bundles the CPU build
  --no-smoke    skip the smoke test (build_scripts/smoke_test.py can be run on its own later)
  --no-startup  skip the start-up timing (Linux: needs Xvfb and xdotool; skipped where they are missing)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BUILD_SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(BUILD_SCRIPTS))

import bundle_plan  # noqa: E402
import smoke_test  # noqa: E402

ROOT = bundle_plan.ROOT
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
SPEC = BUILD_SCRIPTS / "losslab.spec"
# Without these the Qt xcb platform plugin cannot load, and PyInstaller silently leaves it out of the bundle.
XCB_LIBRARIES = {"libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1",
                 "libxcb-cursor.so.0": "libxcb-cursor0"}
SIZE_TARGET_MB = 650
STARTUP_TARGET_S = 3
STARTUP_RUNS = 7  # a shared machine makes single runs noisy: median and min of several


def binary_path() -> Path:
    return DIST / bundle_plan.APP_NAME / (bundle_plan.APP_NAME + (".exe" if os.name == "nt" else ""))


def preflight(allow_cuda: bool) -> list[str]:
    """Problems that would make the build fail or ship a broken app, each with its fix."""
    problems = []
    if importlib.util.find_spec("PyInstaller") is None:
        problems.append(f'PyInstaller is not installed: {sys.executable} -m pip install -e "{ROOT}[build]"')
    torch_spec = importlib.util.find_spec("torch")
    if torch_spec is None:
        problems.append("torch is not installed in this environment")
    elif not allow_cuda:
        torch_lib = Path(torch_spec.origin).parent / "lib"
        cuda_files = sorted(path.name for path in torch_lib.glob("*torch_cuda*"))
        if cuda_files:
            problems.append(
                f"this environment has a CUDA build of torch ({cuda_files[0]}), which would add several GB; "
                "install the CPU build (pip install torch==2.13.0 --index-url "
                "https://download.pytorch.org/whl/cpu) or pass --cuda to bundle it anyway")
    has_compiler = os.name == "nt" or any(shutil.which(name) for name in ("cc", "gcc", "clang"))
    if not has_compiler and bundle_plan.aot_problem() is not None:
        problems.append("a C compiler is needed to compile the engine's kernels ahead of time: "
                        + ("xcode-select --install" if sys.platform == "darwin" else "sudo apt-get install gcc"))
    if sys.platform.startswith("linux"):
        listed = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
        missing = [package for library, package in XCB_LIBRARIES.items() if library not in listed]
        if missing:
            problems.append("the Qt xcb plugin would be left unusable; install: "
                            f"sudo apt-get install {' '.join(missing)}")
    return problems


def build_aot_kernels(force: bool) -> str:
    """Compile core/engine/_aot_kernels.* unless it is current (its stamp holds the hash of today's kernel
    sources). Needs numba and a C compiler; only here, never in the bundle."""
    if not force and bundle_plan.aot_problem() is None:
        return "ahead-of-time kernels are current"
    started = time.perf_counter()
    import aot  # imports numba: only when it compiles

    path = aot.build()
    return f"compiled {path.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s"


def run_pyinstaller(clean: bool) -> float:
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    if clean:
        shutil.rmtree(WORK, ignore_errors=True)
        command.insert(3, "--clean")
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    return time.perf_counter() - started


def folder_sizes(folder: Path) -> tuple[int, dict[str, int]]:
    """Total bytes of the files (links not followed) and bytes per top-level package inside _internal."""
    total, parts = 0, {}
    internal = folder / "_internal"
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        relative = path.relative_to(internal).parts if internal in path.parents else ("(top)",)
        key = relative[0] if len(relative) > 1 else "(loose files)"
        parts[key] = parts.get(key, 0) + size
    return total, parts


def report_size(folder: Path) -> int:
    total, parts = folder_sizes(folder)
    biggest = sorted(parts.items(), key=lambda item: -item[1])[:8]
    print(f"bundle size: {total / 2**20:.0f} MiB ({total / 1e6:.0f} MB; target ≤ {SIZE_TARGET_MB} MB) in {folder}")
    print("  largest parts: " + ", ".join(f"{name} {size / 2**20:.0f} MiB" for name, size in biggest))
    return total


def report_startup(binary: Path) -> None:
    commands = {"bundle": [str(binary)]}
    source = Path(sys.executable).parent / "losslab"
    if source.exists():
        commands["from source"] = [str(source)]
    times = smoke_test.measure_startup(commands, runs=STARTUP_RUNS)
    if not times:
        print("start-up time: not measured (needs Linux with Xvfb and xdotool)")
        return
    for name, values in times.items():
        if isinstance(values, str):
            print(f"start-up to a shown window, {name}: not measured: {values}")
            continue
        print(f"start-up to a shown window, {name}: median {statistics.median(values):.2f} s, "
              f"min {min(values):.2f} s (target ≤ {STARTUP_TARGET_S:.0f} s; runs: "
              f"{', '.join(f'{value:.2f}' for value in values)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true")
    parser.add_argument("--cuda", action="store_true")
    parser.add_argument("--no-smoke", action="store_true")
    parser.add_argument("--no-startup", action="store_true")
    args = parser.parse_args(argv)
    problems = preflight(args.cuda)
    if problems:
        for problem in problems:
            print(f"build: {problem}", file=sys.stderr)
        return 2
    print("compiling the engine's kernels ahead of time ...", flush=True)
    try:
        print(build_aot_kernels(args.clean), flush=True)
    except Exception as exc:  # noqa: BLE001 — any compiler failure: report it, build nothing
        print(f"build: compiling the ahead-of-time kernels failed: {exc!r}", file=sys.stderr)
        return 1
    print(f"building {SPEC.relative_to(ROOT)} with PyInstaller (a few minutes) ...", flush=True)
    try:
        seconds = run_pyinstaller(args.clean)
    except subprocess.CalledProcessError as exc:
        print(f"build: PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    binary = binary_path()
    print(f"built {binary} in {seconds / 60:.1f} min", flush=True)
    report_size(binary.parent)
    status = 0 if args.no_smoke else smoke_test.smoke_test(binary)
    if not args.no_startup:
        report_startup(binary)
    return status


if __name__ == "__main__":
    sys.exit(main())
