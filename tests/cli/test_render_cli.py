"""`losslab render`: every format written and checked, bad requests refused with one line and no file."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image

from app.cli.main import main
from core import scene as scene_io
from core.engine import run
from core.scene import default_scene

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scene_file(tmp_path):
    path = tmp_path / "scene.json"
    scene_io.save(default_scene().with_changes(steps=120), path)
    return path


def render(capsys, *argv) -> tuple[int, str]:
    code = main(["render", *map(str, argv), "--quiet"])
    return code, capsys.readouterr().err


def test_csv_and_json_match_the_engine(tmp_path, scene_file, capsys):
    scene = scene_io.load(scene_file)
    expected = run(scene.surface, scene.effective_specs(), scene.steps, scene.start)
    assert render(capsys, scene_file, "-o", tmp_path / "race.csv")[0] == 0
    assert render(capsys, scene_file, "-o", tmp_path / "race.json")[0] == 0
    with (tmp_path / "race.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    data = json.loads((tmp_path / "race.json").read_text())
    labels = [o["label"] for o in data["optimizers"]]
    for i, label in enumerate(labels):
        mine = np.array([[float(r["x"]), float(r["y"]), float(r["loss"])] for r in rows if r["optimizer"] == label])
        np.testing.assert_array_equal(mine[:, :2], expected.path(i))
        np.testing.assert_array_equal(mine[:, 2], expected.path_loss(i))
        record = data["optimizers"][i]
        np.testing.assert_array_equal(np.column_stack([record["x"], record["y"]]), expected.path(i))


def test_png_svg_gif_mp4(qapp, tmp_path, scene_file, capsys):
    assert render(capsys, scene_file, "-o", tmp_path / "a.png", "--size", "800x450", "--theme", "dark")[0] == 0
    assert Image.open(tmp_path / "a.png").size == (800, 450)
    assert render(capsys, scene_file, "-o", tmp_path / "a.svg", "--size", "800x450")[0] == 0
    import xml.etree.ElementTree as ET

    assert ET.parse(tmp_path / "a.svg").getroot().tag.endswith("svg")
    code, _ = render(capsys, scene_file, "-o", tmp_path / "a.gif", "--size", "240x136", "--fps", "10",
                     "--duration", "0.5", "--steps", "10:100")
    assert code == 0 and iio.imread(tmp_path / "a.gif", index=None).shape[:3] == (5, 136, 240)
    code, _ = render(capsys, scene_file, "-o", tmp_path / "a.mp4", "--size", "240x136", "--fps", "12",
                     "--duration", "0.5")
    import av

    with av.open(str(tmp_path / "a.mp4")) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert code == 0 and len(frames) == 6 and frames[0].shape == (136, 240, 3)


@pytest.mark.parametrize("output, message", [
    ("race.xlsx", "'.xlsx' is not one of"),
    ("missing/race.png", "does not exist"),
    ("race", "no extension"),
])
def test_bad_targets_fail_with_one_line_and_no_file(tmp_path, scene_file, capsys, output, message):
    code, err = render(capsys, scene_file, "-o", tmp_path / output)
    assert code != 0 and message in err and err.count("\n") == 1
    assert sorted(os.listdir(tmp_path)) == ["scene.json"]


@pytest.mark.parametrize("content, message", [
    ("{", "not valid JSON"),
    ('{"losslab_scene": 1, "surface": {"name": "nope"}, "optimizers": []}', "nope"),
    ('{"hello": 1}', "not a losslab scene"),
])
def test_bad_scenes_fail_with_one_line_and_no_file(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    for output in ("out.png", "out.csv"):
        code, err = render(capsys, bad, "-o", tmp_path / output)
        assert code != 0 and message in err and err.count("\n") == 1
    assert sorted(os.listdir(tmp_path)) == ["bad.json"]


def test_bad_options_fail_before_any_work(tmp_path, scene_file, capsys):
    for argv, message in ((["--size", "12x12"], "width"), (["--steps", "5:500"], "steps"),
                          (["--theme", "neon"], "invalid choice"), (["--fps", "0"], "frame rate"),
                          (["--size", "3840x2160", "--duration", "30"], "choose MP4")):
        code = main(["render", str(scene_file), "-o", str(tmp_path / "a.gif"), *argv])
        assert code != 0 and message in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == ["scene.json"]


def test_data_export_runs_headless_without_qt(tmp_path, scene_file):
    """A separate process: csv needs neither a display nor Qt."""
    code = ("import sys; from app.cli.main import main; rc = main(sys.argv[1:]); "
            "assert 'PySide6.QtCore' not in sys.modules, 'Qt was imported'; sys.exit(rc)")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-c", code, "render", str(scene_file), "-o", str(tmp_path / "a.csv")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "a.csv").read_text().startswith("step,optimizer,x,y,loss,diverged_at")


def test_png_renders_without_a_display(tmp_path, scene_file):
    """No DISPLAY and no QT_QPA_PLATFORM: the command picks the offscreen platform itself."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "-m", "app.cli.main", "render", str(scene_file), "-o",
                           str(tmp_path / "a.png"), "--size", "320x180"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert Image.open(tmp_path / "a.png").size == (320, 180)
