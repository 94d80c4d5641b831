"""Exports from the app side: PNG, SVG, GIF and MP4 of the real landscape view, opened and checked."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import av
import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPointF

from app.export.image import write_png
from app.export.offscreen import ExportView
from app.export.render import AnimationJob, export_scene
from app.export.svg import Matrix, transform_path_data
from app.themes import DARK, SLIDE
from app.views.common import run_styles
from core.engine import Cancelled
from core.export.plan import ExportPlan
from core.optim.spec import OptimizerSpec
from core.scene import OptimizerEntry, default_scene, surface_source
from core.surfaces import get_surface

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def scene():
    """Four optimizers leaving a saddle along routes of their own, so every path has pixels to check."""
    surface = get_surface("saddle")
    specs = [OptimizerSpec("sgd", lr=0.01), OptimizerSpec("momentum", lr=0.005),
             OptimizerSpec("rmsprop", lr=0.01), OptimizerSpec("adam", lr=0.05)]
    return default_scene().with_changes(surface=surface, surface_source=surface_source(surface),
                                        start=surface.start, window=surface.window, steps=200, step=200,
                                        optimizers=tuple(OptimizerEntry(s) for s in specs))


def kind_color(theme, scene, i: int) -> str:
    """Optimizer i's path colour: its kind's, shaded for a later run of the same kind."""
    return run_styles(theme, [e.spec for e in scene.optimizers])[i].color


def hex_rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[i:i + 2], 16) for i in (0, 2, 4)])


def isolated_pixels(view: ExportView, min_gap: float = 10.0) -> dict[int, list[tuple[int, int]]]:
    """For each optimizer, pixels on its path (at the shown step) at least ``min_gap`` px from every other
    path, its head and the start marker — where its colour, and only its, must show."""
    race = view.model.race
    step = view.model.step
    box = view.plot_item.getViewBox()

    def to_pixels(points):
        out = []
        for x, y in points:
            p = box.mapViewToScene(QPointF(float(x), float(y)))
            out.append((p.x() * view.scale, p.y() * view.scale))
        return np.array(out)

    paths = {}
    for i in range(len(view.scene.optimizers)):
        points = race.effective.path(i)[: step + 1]
        fine = np.concatenate([np.linspace(a, b, 8, endpoint=False)
                               for a, b in zip(points[:-1], points[1:], strict=True)])
        paths[i] = to_pixels(fine)
    ghosts = {i: to_pixels(race.reference.path(i)[: step + 1]) for i in paths}
    result = {}
    for i, pixels in paths.items():  # its own ghost lies under it: only the others' count
        others = np.concatenate([paths[j] for j in paths if j != i] + [ghosts[j] for j in paths if j != i])
        keep_out = np.vstack([pixels[-1], pixels[0]])
        candidates = []
        for px in pixels[:: max(1, len(pixels) // 400)]:
            if np.min(np.hypot(*(others - px).T)) > min_gap and np.min(np.hypot(*(keep_out - px).T)) > 25:
                inside = 0 <= px[0] < view.width and 0 <= px[1] < view.height
                if inside:
                    candidates.append((int(round(px[0])), int(round(px[1]))))
        result[i] = candidates
    return result


def colour_near(image: np.ndarray, x: int, y: int, rgb: np.ndarray, radius: int = 1, tol: int = 40) -> bool:
    patch = image[max(0, y - radius):y + radius + 1, max(0, x - radius):x + radius + 1, :3].reshape(-1, 3)
    return bool((np.abs(patch.astype(int) - rgb).max(axis=1) <= tol).any())


@pytest.mark.parametrize("theme", [SLIDE, DARK], ids=["slide", "dark"])
def test_png_has_its_size_and_each_path_colour_where_the_path_runs(qapp, tmp_path, scene, theme):
    path = tmp_path / "race.png"
    plan = ExportPlan.for_path(path, width=1280, height=720, theme=theme.name)
    export_scene(scene, plan)
    with Image.open(path) as png:
        assert png.size == (1280, 720)
        pixels = np.asarray(png.convert("RGBA"))
    with ExportView(scene, theme, 1280, 720) as view:
        view.set_step(scene.step)
        spots = isolated_pixels(view)
    assert all(len(s) >= 3 for s in spots.values()), "each path needs a stretch of its own to check"
    for i, candidates in spots.items():
        rgb = hex_rgb(kind_color(theme, scene, i))
        hits = sum(colour_near(pixels, x, y, rgb) for x, y in candidates)
        assert hits >= 0.8 * len(candidates), f"optimizer {i}: colour found at {hits}/{len(candidates)} points"
        assert not colour_near(pixels, 5, 715, rgb)  # and not in the margin


def test_slide_legend_sits_inside_the_frame_with_each_label_on_its_line(qapp, scene):
    """Issue 15: a 16:9 slide without a ~30 % empty column — the legend is inside the map's frame."""
    with ExportView(scene, SLIDE, 1920, 1080, map_resolution=200) as view:
        legend = view.view.inner_legend
        plot = view.plot_item.getViewBox().sceneBoundingRect()
        box = legend.sceneBoundingRect()
        assert legend.isVisible() and not view.view.outer_legend.isVisible()
        assert plot.contains(box)  # inside the map
        assert plot.width() > 0.8 * view.logical.width()  # the map fills the frame's width (but the colour bar)
        assert len(legend.items) == len(scene.optimizers)
        for sample, label in legend.items:  # each line sample level with its label
            assert abs(sample.sceneBoundingRect().center().y() - label.sceneBoundingRect().center().y()) < 6


def path_width_px(image: np.ndarray, x: int, y: int, rgb: np.ndarray) -> int:
    """Pixels of the path's colour in the 25 px box around (x, y)."""
    r = 12 * max(1, image.shape[1] // 1280)
    patch = image[y - r:y + r + 1, x - r:x + r + 1, :3].astype(int)
    return int((np.abs(patch - rgb).max(axis=2) <= 40).sum())


def test_4k_png_thickens_lines_with_the_picture(qapp, tmp_path, scene):
    areas = {}
    for width, height in ((1280, 720), (3840, 2160)):
        path = tmp_path / f"race{width}.png"
        with ExportView(scene, SLIDE, width, height, map_resolution=200) as view:
            view.set_step(scene.step)
            write_png(view, path)
            i, spots = max(isolated_pixels(view, min_gap=14).items(), key=lambda kv: len(kv[1]))
            x, y = spots[len(spots) // 2]
        pixels = np.asarray(Image.open(path).convert("RGB"))
        assert pixels.shape[:2] == (height, width)
        areas[width] = path_width_px(pixels, x, y, hex_rgb(kind_color(SLIDE, scene, i)))
    # 3× the size, 3× the line width: the path's area in a box scaled 3× grows ~9×, not ~3× (hair-thin)
    assert areas[3840] > 6 * areas[1280] > 0


def test_png_dpi_and_transparent_background(qapp, tmp_path, scene):
    path = tmp_path / "clear.png"
    export_scene(scene, ExportPlan.for_path(path, width=1200, height=900, dpi=192, transparent=True))
    with Image.open(path) as png:
        assert png.size == (1200, 900) and png.mode == "RGBA"
        assert round(png.info["dpi"][0]) == 192
        pixels = np.asarray(png)
    assert pixels[2, 2, 3] == 0  # the margin is see-through
    with ExportView(scene, SLIDE, 1200, 900, dpi=192) as view:
        centre = view.plot_item.getViewBox().sceneBoundingRect().center()
    assert pixels[int(centre.y() * 2), int(centre.x() * 2), 3] == 255  # the map is opaque


def inherited(element, parents, name):
    while element is not None:
        if element.get(name):
            return element.get(name)
        element = parents.get(element)
    return None


def test_svg_parses_with_a_vector_path_per_trajectory_and_an_embedded_map(qapp, tmp_path, scene):
    path = tmp_path / "race.svg"
    export_scene(scene, ExportPlan.for_path(path, width=1600, height=900))
    root = ET.parse(path).getroot()
    parents = {child: parent for parent in root.iter() for child in parent}
    strokes = [inherited(e, parents, "stroke") for e in root.iter(SVG + "path")
               if len(e.get("d", "")) > 200]  # a trajectory is a long path, not a marker
    for i in range(len(scene.optimizers)):
        assert strokes.count(kind_color(SLIDE, scene, i).lower()) >= 1, f"no vector path for optimizer {i}"
    images = [e for e in root.iter(SVG + "image") if "data:image/png;base64" in
              (e.get("{http://www.w3.org/1999/xlink}href") or e.get("href") or "")]
    assert images, "the colour map should be embedded as a PNG"
    assert any(root.iter(SVG + "clipPath"))  # paths leaving the map are clipped to it
    for element in root.iter():
        assert element.get("vector-effect") != "non-scaling-stroke"  # widths baked in, for SVG 1.1 viewers


def test_pyqtgraph_svg_exporter_is_still_broken_here(qapp, scene):
    """Why app/export/svg.py exists; when this fails, pyqtgraph's own fix has landed."""
    from pyqtgraph.exporters import SVGExporter

    with ExportView(scene, SLIDE, 640, 360) as view:
        with pytest.raises(ValueError):
            SVGExporter(view.plot_item).export(toBytes=True)


def test_path_data_reader_bakes_every_command_qt_writes():
    m = Matrix(2, 0, 0, -3, 10, 20)
    assert transform_path_data("M0,0 L1,0 L1,1 Z", m) == "M10,20 L12,20 L12,17 Z"
    assert transform_path_data("M1 1 h2 v1 H0 V0 z", m) == "M12,17 L16,17 L16,14 L10,14 L10,20 Z"
    assert transform_path_data("M0,0 C1,0 1,1 0,1", m) == "M10,20 C12,20 12,17 10,17"
    assert transform_path_data("m1,1 2,0 l0,1", m) == "M12,17 L16,17 L16,14"
    with pytest.raises(ValueError):
        transform_path_data("M0,0 A1,1 0 0 1 2,2", m)


@pytest.mark.parametrize("suffix", ["gif", "mp4"])
def test_animation_frame_count_and_size(qapp, tmp_path, scene, suffix):
    path = tmp_path / f"race.{suffix}"
    plan = ExportPlan.for_path(path, width=320, height=180, fps=10, duration=1.2, first=20, last=150)
    export_scene(scene, plan)
    if suffix == "gif":
        frames = iio.imread(path, index=None)
        shape = frames.shape[1:3]
        count = frames.shape[0]
    else:
        with av.open(str(path)) as container:
            decoded = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
        count, shape = len(decoded), decoded[0].shape[:2]
    assert count == 12 and shape == (180, 320)


def test_cancelling_an_animation_leaves_no_file(qapp, tmp_path, scene):
    path = tmp_path / "race.mp4"
    plan = ExportPlan.for_path(path, width=320, height=180, fps=10, duration=3)
    with pytest.raises(Cancelled):
        export_scene(scene, plan, progress=lambda fraction: fraction < 0.3)
    assert os.listdir(tmp_path) == []


def test_animation_job_runs_in_the_event_loop_and_cancels_cleanly(qtbot, tmp_path, scene):
    done = tmp_path / "done.gif"
    job = AnimationJob(scene, ExportPlan.for_path(done, width=200, height=120, fps=10, duration=0.8))
    seen = []
    job.progress.connect(seen.append)
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        job.start()
    assert finished.args == [str(done)] and seen and seen[-1] == pytest.approx(1.0)
    assert iio.imread(done, index=None).shape[0] == 8

    stopped = tmp_path / "stopped.mp4"
    job = AnimationJob(scene, ExportPlan.for_path(stopped, width=200, height=120, fps=10, duration=20))
    job.progress.connect(lambda fraction: job.cancel() if fraction > 0.05 else None)
    with qtbot.waitSignal(job.cancelled, timeout=60_000):
        job.start()
    assert not stopped.exists() and os.listdir(tmp_path) == [done.name]


def test_animation_job_reports_a_failure_with_its_reason(qtbot, tmp_path, scene):
    target = tmp_path / "gone" / "race.mp4"
    (tmp_path / "gone").mkdir()
    plan = ExportPlan.for_path(target, width=200, height=120, fps=10, duration=1)
    (tmp_path / "gone").rmdir()  # the folder vanishes after the check, before the writer opens its file
    job = AnimationJob(scene, plan)
    with qtbot.waitSignal(job.failed, timeout=30_000) as failed:
        job.start()
    assert "No such file" in failed.args[0] and not target.exists()


def test_dialog_exports_a_png_and_reports_a_bad_folder(qtbot, tmp_path, scene):
    from app.export.dialog import ExportDialog

    dialog = ExportDialog(scene, "dark", folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.set_path(tmp_path / "race.png")
    assert dialog.selected_format() == "png"
    dialog.preset.setCurrentIndex(dialog.preset.count() - 1)  # custom
    dialog.width_box.setValue(640)
    dialog.height_box.setValue(400)
    dialog.export_button.click()
    # painted a strip per event-loop turn, stroked, encoded and written on a worker (issue 16 item 6): the
    # window is live meanwhile — the result arrives through the event loop
    assert "Rendering" in dialog.message.text() and not dialog.export_button.isEnabled()
    assert dialog.progress.isVisible() or not dialog.isVisible()
    assert dialog.wait(60.0)
    assert Image.open(tmp_path / "race.png").size == (640, 400)
    assert "Exported" in dialog.message.text() and dialog.export_button.isEnabled()

    dialog.set_path(tmp_path / "nowhere" / "race.png")
    dialog.export_button.click()
    assert dialog.wait(60.0)
    assert "failed" in dialog.message.text() and "does not exist" in dialog.message.text()
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    assert dialog.path.text().endswith(".csv") and not dialog.width_box.isEnabled()


def test_dialog_writes_data_off_the_ui_thread_and_reports_a_failure(qtbot, tmp_path, scene):
    import csv

    from app.export.dialog import ExportDialog

    dialog = ExportDialog(scene, "dark", folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.set_path(tmp_path / "race.csv")
    dialog.export_button.click()
    assert dialog.wait(60.0)
    assert "Exported" in dialog.message.text() and dialog.export_button.isEnabled()
    with (tmp_path / "race.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    enabled = sum(e.enabled for e in scene.optimizers)
    assert len(rows) == enabled * (scene.steps + 1)

    dialog.set_path(tmp_path / "nowhere" / "race.csv")
    dialog.export_button.click()
    assert dialog.wait(60.0)
    assert "failed" in dialog.message.text() and "does not exist" in dialog.message.text()


def test_dialog_animation_shows_progress_and_cancel_leaves_no_file(qtbot, tmp_path, scene):
    from app.export.dialog import ExportDialog

    dialog = ExportDialog(scene, "slide", folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_path(tmp_path / "race.gif")
    dialog.preset.setCurrentIndex(dialog.preset.count() - 1)
    dialog.width_box.setValue(200)
    dialog.height_box.setValue(120)
    dialog.fps.setValue(10)
    dialog.duration.setValue(0.6)
    dialog.export_button.click()
    assert dialog.progress.isVisible() and not dialog.export_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60_000)
    assert iio.imread(tmp_path / "race.gif", index=None).shape[0] == 6 and "Exported" in dialog.message.text()

    dialog.set_path(tmp_path / "long.mp4")
    dialog.duration.setValue(60)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=60_000)
    dialog.cancel_button.click()
    assert dialog.job is None and "cancelled" in dialog.message.text()
    assert sorted(os.listdir(tmp_path)) == ["race.gif"]


def test_dialog_refuses_a_gif_too_big_to_write_at_once(qtbot, tmp_path, scene):
    from app.export.dialog import ExportDialog

    dialog = ExportDialog(scene, "slide", folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.set_path(tmp_path / "huge.gif")
    dialog.preset.setCurrentIndex(dialog.preset.findText("3840 × 2160 (4K)"))
    dialog.duration.setValue(30)
    dialog.export_button.click()
    assert dialog.job is None and dialog.export_button.isEnabled()
    assert "failed" in dialog.message.text() and "choose MP4" in dialog.message.text()
    assert os.listdir(tmp_path) == []


def test_main_window_gets_file_export(window, qtbot):
    from app.export.dialog import ExportDialog

    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File")
    texts = [a.text().replace("&", "") for a in file_menu.actions()]
    assert texts.index("Export…") < texts.index("Quit")
    window.export_action.trigger()
    dialog = window.export_dialog_window
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    assert dialog.scene == window.model.scene
    dialog.close()
