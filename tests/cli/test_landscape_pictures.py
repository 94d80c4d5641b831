"""`losslab landscape -o slice.png|svg|mp4`: the slice with contours, colour bar, both projected paths and
their off-plane read-outs, drawn off screen by the panel's map; the MP4 reveals the paths; bad outputs are
one line with exit 2 and leave existing files untouched."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtGui import QImage

from app.cli import main as cli_main
from app.training.controls import COLOURS
from app.training.landscape_picture import readout_line

SMALL = ["landscape", "--task", "blobs", "--steps", "30", "--width", "8", "--grid", "21"]

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def pixels(path) -> np.ndarray:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return data[:, : 3 * image.width()].reshape(image.height(), image.width(), 3).copy()


def near(frame: np.ndarray, colour, tol: int = 12) -> int:
    """How many pixels lie within ``tol`` of ``colour`` on every channel."""
    return int(np.all(np.abs(frame.astype(int) - np.array(colour)) <= tol, axis=2).sum())


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """The same run written as JSON, PNG, SVG and MP4."""
    folder = tmp_path_factory.mktemp("slices")
    for suffix in ("json", "png", "svg", "mp4"):
        assert cli_main.main([*SMALL, "-o", str(folder / f"slice.{suffix}")]) == 0
    return folder, json.loads((folder / "slice.json").read_text())


def test_the_png_shows_the_slice_the_paths_and_the_colour_bar(drawn):
    folder, data = drawn
    image = pixels(folder / "slice.png")
    assert image.shape == (720, 960, 3)
    # both paths are drawn in their runs' colours (A wide, B narrow)
    assert near(image, COLOURS["a"]) > 300 and near(image, COLOURS["b"]) > 60
    # the slice's colours vary (a loss map, not a flat fill): many distinct colours in the map's middle
    middle = image[200:500, 200:700].reshape(-1, 3)
    assert len({tuple(p) for p in middle[::7]}) > 20
    # the colour bar at the right: a vertical ramp from light (high loss) to dark (low loss)
    bar = image[60:640, 870:890].astype(int).sum(axis=2).mean(axis=1)
    assert bar[:50].mean() > bar[-50:].mean() + 100


def test_the_svg_carries_the_read_outs_of_the_json(drawn):
    folder, data = drawn
    svg = (folder / "slice.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for name, run in data["runs"].items():
        line = readout_line(name, run, len(run["steps"]) - 1)
        assert f"off-plane {100 * run['readout']['off_plane'][-1]:.0f} %" in line
        assert line in svg  # the read-out as text, as the panel shows it
    assert "training loss (log scale)" in svg  # the colour bar's label (the blobs' loss spans a decade)


def test_the_mp4_reveals_the_paths(drawn):
    import av

    folder, _ = drawn
    with av.open(str(folder / "slice.mp4")) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) == 75 and frames[0].shape == (720, 960, 3)
    # the paths grow: far fewer pixels of A's colour in the first frame than in the last (video colours
    # are approximate, hence the wider tolerance)
    first, last = near(frames[0], COLOURS["a"], 40), near(frames[-1], COLOURS["a"], 40)
    assert last > 3 * max(first, 1)


@pytest.mark.parametrize("name, words", [("slice.gif", "cannot write '.gif'"), ("slice", "no suffix"),
                                         ("missing/slice.png", "does not exist"),
                                         ("missing/slice.mp4", "does not exist")])
def test_a_bad_output_is_one_line_exit_2_and_no_training(tmp_path, capsys, name, words, monkeypatch):
    import core.training.landscape as core_landscape

    monkeypatch.setattr(core_landscape, "landscape_experiment", lambda *a, **k: pytest.fail("trained anyway"))
    target = tmp_path / name
    if target.parent.is_dir():
        target.write_bytes(b"keep me")
    assert cli_main.main([*SMALL, "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("losslab: error:") and err.count("\n") == 1 and words in err, err
    assert not target.parent.is_dir() or target.read_bytes() == b"keep me"


def test_a_failed_write_keeps_the_existing_picture(tmp_path, capsys, monkeypatch):
    target = tmp_path / "slice.png"
    target.write_bytes(b"the old picture")
    monkeypatch.setattr(QImage, "save", lambda *args, **kw: False)
    assert cli_main.main([*SMALL, "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "cannot export" in err and err.count("\n") == 1
    assert target.read_bytes() == b"the old picture" and sorted(p.name for p in tmp_path.iterdir()) == ["slice.png"]
