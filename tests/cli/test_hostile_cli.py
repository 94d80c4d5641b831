"""Issue 16 on the command line: careless or hostile arguments end in one line (exit 2) or a bounded
success; huge jobs are estimated and refused or need --yes; Ctrl-C stops a job at once (exit 130, no
traceback, no file); a closed pipe is not an error."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import jobs
from app.cli.main import main
from core import scene as scene_io
from core.engine import run
from core.scene import default_scene

ROOT = Path(__file__).resolve().parents[2]


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *argv) -> str:
    code, _, err = cli(capsys, *argv)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("losslab: error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture
def scene_file(tmp_path):
    path = tmp_path / "scene.json"
    scene_io.save(default_scene().with_changes(steps=60), path)
    return path


def test_a_formula_starting_with_minus_says_how_to_write_it(capsys):
    line = refused(capsys, "trajectory", "--formula", "-x^2+y^2", "--optimizer", "sgd", "--lr", "0.1",
                   "--steps", "5")
    assert "--formula=-x^2+y^2" in line
    code, out, _ = cli(capsys, "trajectory", "--formula=-x^2+y^2", "--optimizer", "sgd", "--lr", "0.1",
                       "--steps", "5")
    assert code == 0 and out.startswith("{")


@pytest.mark.parametrize("argv, fragment", [
    (["trajectory", "--formula", "(1/2)^(10^15)*x^2", "--optimizer", "sgd", "--lr", "0.1", "--steps", "5"],
     "underflows"),
    (["trajectory", "--formula", "1" + "0" * 400 + "*x", "--optimizer", "sgd", "--lr", "0.1", "--steps", "5"],
     "too large"),
    (["trajectory", "--surface", "canyon", "--optimizer", "sgd", "--lr", "0.1", "--steps", "5",
      "--seed", "9223372036854775808"], "2**63"),
    (["experiment", "noise", "--seed", "9223372036854775808"], "2**63"),
    (["train", "--task", "spirals", "--steps", "5", "--noise", "1e308"], "from 0 to 10"),
    (["train", "--task", "spirals", "--steps", "5", "--seed", "-1"], "seed"),
])
def test_hostile_values_are_refused_in_one_line(capsys, argv, fragment):
    assert fragment in refused(capsys, *argv)


def test_render_bounds_are_named(capsys, scene_file, tmp_path):
    assert "from 1 to" in refused(capsys, "render", scene_file, "-o", tmp_path / "a.gif", "--fps", "1e-9")
    assert "negative step" in refused(capsys, "render", scene_file, "-o", tmp_path / "a.csv", "--steps", "-5:10")
    line = refused(capsys, "render", scene_file, "-o", tmp_path / "a.png", "--size", "100000x100000")
    assert "7680×4320" in line
    assert "not a regular file" in refused(capsys, "render", "/dev/zero", "-o", tmp_path / "a.png")
    assert sorted(os.listdir(tmp_path)) == ["scene.json"]


def test_steps_are_honoured_for_csv(capsys, scene_file, tmp_path):
    code, _, _ = cli(capsys, "render", scene_file, "-o", tmp_path / "a.csv", "--steps", "10:20", "--quiet")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "a.csv").read_text())))
    scene = scene_io.load(scene_file)
    specs = [s for s, e in zip(scene.effective_specs(), scene.optimizers, strict=True) if e.enabled]
    expected = run(scene.surface, specs, 60, scene.start)
    assert sorted({int(r["step"]) for r in rows}) == list(range(10, 21))
    first = [r for r in rows if r["optimizer"] == rows[0]["optimizer"]]
    assert [float(r["x"]) for r in first] == expected.path(0)[10:21, 0].tolist()


def test_huge_jobs_need_yes_or_are_refused_for_memory(capsys):
    line = refused(capsys, "train", "--task", "spirals", "--steps", "10000000")
    assert "add --yes" in line and " h " in line
    line = refused(capsys, "train", "--task", "spirals", "--steps", "10", "--depth", "32", "--width", "4096",
                   "--dtype", "float64", "--a", "optimizer=adam,lr=0.001", "--b", "optimizer=adam,lr=0.001",
                   "--yes")
    assert "memory" in line and "GB" in line and "520,241,154 parameters" in line
    line = refused(capsys, "sweep", "--surface", "canyon", "--optimizer", "sgd", "--lr", "1e-4:1:512",
                   "--loss-scale", "1e-2:1e2:512", "--steps", "1000000")
    assert "add --yes" in line and "262,144 cells × 1,000,000 steps" in line


def test_a_job_prints_its_estimate_and_train_omits_missing_scores(capsys):
    code, out, err = cli(capsys, "train", "--task", "spirals", "--steps", "3", "--a", "optimizer=sgd,lr=1e6")
    assert code == 0
    assert err.startswith("losslab: estimate: ") and "Traceback" not in err
    assert "r2" not in out and "n/a" not in out and "accuracy" in out


def test_progress_without_a_terminal_is_a_line_every_few_seconds(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(jobs.time, "monotonic", lambda: clock[0])
    stream = io.StringIO()
    progress = jobs.Progress("sweep", stream=stream)
    for i in range(1, 100):
        clock[0] += 0.5
        progress(i / 100)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 49.5 * 1 // jobs.LINE_SECONDS and all(line.startswith("losslab: sweep ") for line in lines)
    assert "left" in lines[-1]


def _popen(*argv, cwd):
    return subprocess.Popen([sys.executable, "-m", "app.cli.main", *map(str, argv)], cwd=cwd,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("argv", [
    ["sweep", "--surface", "canyon", "--optimizer", "adam", "--lr", "1e-4:1:256", "--loss-scale", "1e-2:1e2:256",
     "--steps", "1000000", "--yes", "-o", "out.csv"],
    ["train", "--task", "spirals", "--steps", "10000000", "--yes", "--json"],
    ["render", "SCENE", "-o", "out.mp4", "--size", "640x360", "--duration", "600", "--yes"],
])
def test_ctrl_c_stops_a_job_at_once_without_traceback_or_file(tmp_path, argv):
    scene_folder = tmp_path / "scene"
    scene_folder.mkdir()
    scene_io.save(default_scene().with_changes(steps=300), scene_folder / "scene.json")
    work = tmp_path / "work"
    work.mkdir()
    argv = [str(scene_folder / "scene.json") if a == "SCENE" else a for a in argv]
    proc = _popen(*argv, cwd=work)
    line = proc.stderr.readline()  # blocks until the job has started: the estimate comes first
    assert line.startswith("losslab: estimate: "), line
    if "render" in argv:  # interrupt it mid-write: once its temporary file exists
        deadline = time.monotonic() + 60
        while not os.listdir(work) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert os.listdir(work), "the render never started writing"
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=10)  # a bound against a hang, not a timing assertion
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert out == ""
    assert os.listdir(work) == []


def test_a_closed_pipe_is_not_an_error(tmp_path):
    proc = _popen("sweep", "--surface", "canyon", "--optimizer", "sgd", "--lr", "1e-4:1:128", "--loss-scale",
                  "1e-2:1e2:128", "--steps", "50", "--json", "--quiet", cwd=tmp_path)
    proc.stdout.read(10)
    proc.stdout.close()  # `| head -c 10`
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert proc.returncode == 0


def test_render_keeps_qt_platform_chatter_off_stderr(tmp_path, scene_file):
    done = subprocess.run([sys.executable, "-m", "app.cli.main", "render", str(scene_file), "-o",
                           str(tmp_path / "a.gif"), "--size", "160x90", "--steps", "0:4", "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "propagateSizeHints" not in done.stderr and done.stderr == ""
