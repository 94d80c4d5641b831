"""build_scripts/dev.py: the suite runs on every core unless the caller chose how pytest runs; set-up builds
the ahead-of-time kernels when they are missing or stale, and a failed build leaves the JIT to do the work."""

import importlib.util
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dev():
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "build_scripts" / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_suite_runs_a_file_per_worker_on_at_most_four_cores(dev):
    arguments = dev.pytest_arguments(["tests/core", "-k", "adam"])
    assert arguments[-3:] == ["tests/core", "-k", "adam"]
    options = arguments[:-3]
    assert options[options.index("-n") + 1] == "auto" and options[options.index("--maxprocesses") + 1] == "4"
    assert options[options.index("--dist") + 1] == "loadfile" and "--no-loadscope-reorder" in options
    assert options[options.index("--max-worker-restart") + 1] == "0"


@pytest.mark.parametrize("chosen", [["-n", "0"], ["-n0"], ["--numprocesses=3"], ["--dist", "load"],
                                    ["--dist=loadscope"], ["-p", "no:xdist"]])
def test_a_caller_who_chooses_how_pytest_runs_is_not_overruled(dev, chosen):
    assert dev.pytest_arguments(["-x", *chosen]) == ["-x", *chosen]


def test_the_parallel_plugin_is_a_pinned_dev_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(pin.startswith("pytest-xdist==") for pin in project["optional-dependencies"]["dev"])


# Set-up's ahead-of-time build: when it runs, what it says, and that a failure leaves the JIT to do the work.


def test_the_kernel_sources_and_their_hash_are_those_compiled_py_checks(dev):
    from core.engine import compiled

    assert dev.kernel_sources() == compiled.SOURCES
    assert dev.kernel_source_hash() == compiled.source_hash()


def test_a_missing_or_stale_module_is_built_and_a_current_one_is_not(dev, tmp_path):
    assert dev.aot_build_reason("abc", tmp_path) == "missing"
    (tmp_path / "_aot_kernels.sha256").write_text("abc\n")
    assert dev.aot_build_reason("abc", tmp_path) == "missing"  # a stamp without the module
    (tmp_path / "_aot_kernels.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    assert dev.aot_build_reason("abc", tmp_path) is None
    assert dev.aot_build_reason("def", tmp_path) == "stale"  # kernel sources edited since the build
    (tmp_path / "_aot_kernels.sha256").unlink()
    assert dev.aot_build_reason("abc", tmp_path) == "stale"


def test_a_windows_module_counts(dev, tmp_path):
    (tmp_path / "_aot_kernels.cp311-win_amd64.pyd").write_bytes(b"MZ")
    (tmp_path / "_aot_kernels.sha256").write_text("abc\n")
    assert dev.aot_build_reason("abc", tmp_path) is None


class FakeBuild:
    """subprocess.run for build_scripts/aot.py: records each call and exits with ``returncode``."""

    def __init__(self, returncode: int):
        self.returncode, self.commands = returncode, []

    def __call__(self, command, **_options):
        self.commands.append([str(part) for part in command])
        return type("Completed", (), {"returncode": self.returncode})()


class FakeFill:
    """subprocess.Popen for the JIT cache filling: records each command; ``waited`` once the set-up waited."""

    def __init__(self):
        self.commands, self.waited = [], 0

    def __call__(self, command, **_options):
        self.commands.append([str(part) for part in command])
        return self

    def wait(self):
        self.waited += 1
        return 1  # a failed filling: the set-up goes on (the tests then compile what they need)


@pytest.fixture
def aot_setup(dev, monkeypatch, tmp_path):
    """dev.py's ahead-of-time step pointed at an empty module folder and venv in tmp_path, with sources
    hashing to "today"."""
    (tmp_path / "engine").mkdir()
    (tmp_path / "venv").mkdir()
    monkeypatch.setattr(dev, "AOT_FOLDER", tmp_path / "engine")
    monkeypatch.setattr(dev, "AOT_LOG", tmp_path / "venv" / "aot-build.log")
    monkeypatch.setattr(dev, "JIT_LOG", tmp_path / "venv" / "jit-cache.log")
    monkeypatch.setattr(dev.subprocess, "Popen", FakeFill())
    monkeypatch.setattr(dev, "AOT_FAILED", tmp_path / "venv" / ".losslab-aot-failed")
    monkeypatch.setattr(dev, "kernel_source_hash", lambda: "today")

    def build(returncode):
        fake = FakeBuild(returncode)
        monkeypatch.setattr(dev.subprocess, "run", fake)
        return fake

    return build


def test_set_up_builds_a_missing_module_with_the_venvs_python_and_says_it_is_once(dev, aot_setup, capsys):
    build = aot_setup(0)
    dev.ensure_aot_kernels()
    assert build.commands == [[str(dev.PYTHON), str(dev.ROOT / "build_scripts" / "aot.py")]]
    said = capsys.readouterr().out
    assert said.count("\n") == 1 and "ahead of time (missing; a one-time step" in said and ": done in" in said


def test_numbas_cache_is_filled_beside_the_build_and_waited_for(dev, aot_setup):
    aot_setup(0)
    dev.ensure_aot_kernels()
    fill = dev.subprocess.Popen
    assert fill.commands == [[str(dev.PYTHON), "-c", dev.JIT_CACHE_FILL]] and fill.waited == 1


def test_set_up_leaves_a_current_module_alone(dev, aot_setup, capsys):
    build = aot_setup(0)
    (dev.AOT_FOLDER / "_aot_kernels.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    (dev.AOT_FOLDER / "_aot_kernels.sha256").write_text("today\n")
    dev.ensure_aot_kernels()
    assert build.commands == [] and capsys.readouterr().out == ""


def test_a_failed_build_is_said_and_not_retried_until_the_kernel_sources_change(dev, aot_setup, capsys,
                                                                                 monkeypatch):
    build = aot_setup(1)
    dev.ensure_aot_kernels()
    said = capsys.readouterr().out.splitlines()
    assert len(build.commands) == 1 and len(said) == 2  # the start line, cut short, then the failure
    assert "build failed" in said[1] and "numba's JIT" in said[1] and str(dev.AOT_LOG) in said[1]

    dev.ensure_aot_kernels()  # the next start: no minute lost on a build that fails again, but still said
    said = capsys.readouterr().out.splitlines()
    assert len(build.commands) == 1 and len(said) == 1 and "numba's JIT" in said[0]

    monkeypatch.setattr(dev, "kernel_source_hash", lambda: "edited")
    build = aot_setup(0)
    dev.ensure_aot_kernels()
    assert len(build.commands) == 1 and not dev.AOT_FAILED.exists()


def test_the_tests_run_after_a_failed_build(dev, aot_setup, monkeypatch):
    build = aot_setup(1)
    monkeypatch.setattr(dev, "ensure_environment", lambda: None)
    started = []
    monkeypatch.setattr(dev.subprocess, "call", lambda command, **_options: started.append(command) or 0)
    assert dev.main(["test", "tests/core"]) == 0
    assert len(build.commands) == 1 and [command[2] for command in started] == ["compileall", "ruff", "pytest"]


def test_the_app_starts_after_a_failed_build(dev, aot_setup, monkeypatch):
    aot_setup(1)
    monkeypatch.setattr(dev, "ensure_environment", lambda: None)
    started = []
    monkeypatch.setattr(dev.subprocess, "call", lambda command, **_options: started.append(command) or 0)
    assert dev.main(["app", "surfaces"]) == 0
    compile_first = [str(dev.PYTHON), "-m", "compileall", "-q", "app", "core"]
    assert started == [compile_first, [str(dev.BIN / "losslab"), "surfaces"]]
