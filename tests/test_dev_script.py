"""build_scripts/dev.py test: the suite runs on every core unless the caller chose how pytest runs."""

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
