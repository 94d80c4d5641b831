"""Exports as jobs (issue 16 item 6): the picture a PictureJob writes is the scene's own picture, the event loop
keeps turning through an 8K export, Cancel leaves an existing file as it was; big jobs are asked about or
refused (item 7); Inside the optimizer's vectors and state plots appear in exports (issue 17)."""

from __future__ import annotations

import re
import threading
import time
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPointF, QTimer
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from app.export.data_job import WriteJob, data_job
from app.export.extras import VectorsShown
from app.export.offscreen import bgra_array
from app.export.picture_job import PictureJob
from app.export.render import AnimationJob, export_view
from app.export.svg_paths import LONG_CURVE
from app.views.vectors import COLORS
from core.export.plan import ExportPlan
from core.optim.spec import OptimizerSpec
from core.scene import OptimizerEntry, default_scene, surface_source
from core.surfaces import get_surface

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def scene():
    """Momentum and Adam on the canyon, with a loss × factor so the ghosts are drawn too."""
    surface = get_surface("canyon")
    specs = [OptimizerSpec("momentum", lr=0.02), OptimizerSpec("adam", lr=0.05)]
    return default_scene().with_changes(surface=surface, surface_source=surface_source(surface),
                                        start=surface.start, window=surface.window, steps=120, step=60,
                                        loss_scale=2.0, optimizers=tuple(OptimizerEntry(s) for s in specs))


def run_job(qtbot, job):
    outcome = {}
    job.finished.connect(lambda path: outcome.setdefault("path", path))
    job.failed.connect(lambda reason: outcome.setdefault("failed", reason))
    job.cancelled.connect(lambda: outcome.setdefault("cancelled", True))
    job.start()
    qtbot.waitUntil(lambda: bool(outcome), timeout=120_000)
    return outcome


def settle(view) -> None:
    """Let the view's delayed updates land (axes size themselves to their labels after a first paint)."""
    for _ in range(200):
        view.render()
        QApplication.processEvents()
        if view.settled():
            break
    QApplication.processEvents()


def settled_render(plan, scene, **options) -> np.ndarray:
    """The picture the scene renders in one go, once settled."""
    view = export_view(scene, plan, **options)
    try:
        view.set_step(scene.step)
        settle(view)
        return bgra_array(view.render())
    finally:
        view.close()


def shifted_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pixel, the least colour difference between ``a`` and ``b`` moved by up to one pixel."""
    a, b = a.astype(int), b.astype(int)
    return np.min([np.abs(a - np.roll(b, (dy, dx), axis=(0, 1))).max(axis=2)
                   for dy in (-1, 0, 1) for dx in (-1, 0, 1)], axis=0)


def test_png_job_writes_the_picture_the_scene_renders(qtbot, tmp_path, scene):
    plan = ExportPlan.for_path(tmp_path / "race.png", width=960, height=540, theme="slide")
    assert run_job(qtbot, PictureJob(scene, plan)) == {"path": str(plan.path)}
    written = bgra_array(QImage(str(plan.path)))
    expected = settled_render(plan, scene)
    assert written.shape == expected.shape
    # The same picture to a pixel's placement (a layout settles to the sub-pixel), but where a marker drawn
    # between the ghosts and the paths now lies under both.
    differs = shifted_difference(written, expected) > 60
    assert differs.mean() < 5e-4, f"{differs.sum()} pixels differ"
    # and not a picture without its paths: those differ from the map everywhere along them
    map_only = settled_render(plan, scene.with_changes(optimizers=scene.optimizers[:1], step=0))
    assert (shifted_difference(written, map_only) > 60).sum() > 20 * max(differs.sum(), 1)


def svg_pixels(text: str, size=(960, 540)) -> np.ndarray:
    image = QImage(*size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    QSvgRenderer(text.encode("utf-8")).render(painter)
    painter.end()
    return bgra_array(image).astype(int)


def test_svg_job_writes_the_svg_with_its_long_curves_from_the_worker(qtbot, tmp_path, scene):
    """Drawn, the SVG is the PNG (which the test above checks against the scene's own picture): the paths,
    ghosts and contours the worker wrote in place of their placeholders included."""
    scene = scene.with_changes(steps=1500, step=1200)  # paths long enough to be the worker's
    svg = ExportPlan.for_path(tmp_path / "race.svg", width=960, height=540, theme="slide")
    png = ExportPlan.for_path(tmp_path / "race.png", width=960, height=540, theme="slide")
    assert run_job(qtbot, PictureJob(scene, svg)) == {"path": str(svg.path)}
    assert run_job(qtbot, PictureJob(scene, png)) == {"path": str(png.path)}
    written = svg.path.read_text(encoding="utf-8")
    ET.fromstring(written)
    differs = shifted_difference(svg_pixels(written), bgra_array(QImage(str(png.path)))) > 60
    assert differs.mean() < 5e-4, f"{differs.sum()} pixels differ"
    long_paths = [d for d in re.findall(r' d="([^"]*)"', written) if d.count("L") > LONG_CURVE]
    assert len(long_paths) == 5  # 2 paths, 2 ghosts, the contours


def test_an_8k_png_export_leaves_the_event_loop_turning(qtbot, tmp_path, scene):
    """The window's own timers keep firing between the export's turns on the GUI thread."""
    plan = ExportPlan.for_path(tmp_path / "big.png", width=7680, height=4320, theme="dark")
    events: list[str] = []
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: events.append("tick"))
    job = PictureJob(scene, plan)
    job.progress.connect(lambda fraction: events.append("progress"))
    timer.start()
    try:
        assert run_job(qtbot, job) == {"path": str(plan.path)}
    finally:
        timer.stop()
    with Image.open(plan.path) as png:
        assert png.size == (7680, 4320)
    progress = [i for i, e in enumerate(events) if e == "progress"]
    ticks_during = [i for i, e in enumerate(events) if e == "tick" and progress[0] < i < progress[-1]]
    assert len(progress) >= 10  # the picture was made in many turns…
    assert len(ticks_during) >= 3  # …with the window's timer firing between them


def test_cancelling_a_png_export_leaves_the_existing_file_untouched(qtbot, tmp_path, scene):
    target = tmp_path / "race.png"
    target.write_bytes(b"the picture exported yesterday")
    job = PictureJob(scene, ExportPlan.for_path(target, width=7680, height=4320))
    job.progress.connect(lambda fraction: job.cancel() if fraction > 0.2 else None)
    assert run_job(qtbot, job) == {"cancelled": True}
    assert target.read_bytes() == b"the picture exported yesterday"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["race.png"]  # no temporary left either


def test_cancelling_a_data_export_leaves_the_existing_file_untouched(qtbot, tmp_path):
    """Cancelled after its text is made, the write does not replace the file (nor leave a temporary)."""
    target = tmp_path / "race.csv"
    target.write_text("yesterday\n")
    made = threading.Event()

    def produce(ticket):
        made.set()
        while not ticket.cancelled:  # the text is ready; the user presses Cancel now
            time.sleep(0.001)
        return "today\n"

    job = WriteJob(target, produce)
    job.start()
    qtbot.waitUntil(made.is_set, timeout=10_000)
    with qtbot.waitSignal(job.cancelled):
        job.cancel()
    qtbot.waitUntil(lambda: not any(t.name == "losslab-export-write" for t in threading.enumerate()),
                    timeout=10_000)
    assert target.read_text() == "yesterday\n" and sorted(p.name for p in tmp_path.iterdir()) == ["race.csv"]


def test_a_data_export_reports_progress_and_writes_every_row(qtbot, tmp_path, scene):
    long = scene.with_changes(steps=100_000, step=0)
    seen = []
    job = data_job(long, ExportPlan.for_path(tmp_path / "race.csv"))
    job.progress.connect(seen.append)
    assert run_job(qtbot, job) == {"path": str(tmp_path / "race.csv")}
    with (tmp_path / "race.csv").open() as handle:
        assert sum(1 for _ in handle) == 1 + 2 * 100_001
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def along_arrows(view, shafts, fraction: float = 0.3) -> list[tuple[int, int]]:
    """Device pixels a little along each arrow from its head (past the head marker), inside the map."""
    box = view.plot_item.getViewBox()
    frame = box.sceneBoundingRect()
    out = []
    for tail, tip in shafts:
        point = tail + fraction * (tip - tail)
        p = box.mapViewToScene(QPointF(float(point[0]), float(point[1])))
        if frame.adjusted(4, 4, -4, -4).contains(p):
            out.append((int(p.x() * view.scale), int(p.y() * view.scale)))
    return out


def test_vectors_shown_appear_in_png_and_svg_exports(qtbot, tmp_path, scene):
    shown = VectorsShown(scale=2.0)
    plain = ExportPlan.for_path(tmp_path / "plain.png", width=960, height=540, theme="slide")
    arrows = ExportPlan.for_path(tmp_path / "arrows.png", width=960, height=540, theme="slide")
    assert "path" in run_job(qtbot, PictureJob(scene, plain))
    assert "path" in run_job(qtbot, PictureJob(scene, arrows, vectors=shown))
    view = export_view(scene, arrows, vectors=shown)
    try:
        view.set_step(scene.step)
        settle(view)
        vectors = view.extras[0]
        assert vectors.scale == 2.0 and all(len(vectors.shafts[kind]) == 2 for kind in vectors.shafts)
        spots = [spot for kind in ("descent", "step") for spot in along_arrows(view, vectors.shafts[kind])]
        marker = 10 * view.scale  # the head marker's radius and more: the arrows must show beyond it
        heads = along_arrows(view, vectors.shafts["step"], 0.0)
    finally:
        view.close()
    spots = [s for s in spots if min(np.hypot(s[0] - h[0], s[1] - h[1]) for h in heads) > marker]
    assert len(spots) >= 2
    before = bgra_array(QImage(str(plain.path))).astype(int)
    after = bgra_array(QImage(str(arrows.path))).astype(int)
    for x, y in spots:
        patch = np.abs(after[y - 2:y + 3, x - 2:x + 3] - before[y - 2:y + 3, x - 2:x + 3]).max()
        assert patch > 60, f"no arrow drawn near ({x}, {y})"

    svg = ExportPlan.for_path(tmp_path / "arrows.svg", width=960, height=540, theme="slide")
    assert "path" in run_job(qtbot, PictureJob(scene, svg, vectors=shown))
    text = svg.path.read_text(encoding="utf-8")
    for kind in ("descent", "buffer", "step"):
        assert COLORS["slide"][kind].lower() in text.lower(), f"no {kind} arrows in the SVG"
    ET.fromstring(text)  # and it still parses


def test_state_plots_shown_appear_in_the_map_corner(qtbot, tmp_path, scene):
    panel = QImage(300, 400, QImage.Format.Format_ARGB32_Premultiplied)
    panel.fill(QColor("#ff00ff"))  # a stand-in for the state panel's picture
    plan = ExportPlan.for_path(tmp_path / "state.png", width=960, height=540, theme="slide")
    assert "path" in run_job(qtbot, PictureJob(scene, plan, state=panel))
    pixels = bgra_array(QImage(str(plan.path)))[..., :3].astype(int)
    magenta = (np.abs(pixels - np.array([255, 0, 255])).max(axis=2) <= 10)  # BGR of ff00ff is the same
    rows, cols = np.nonzero(magenta)
    assert magenta.sum() > 5000 and cols.max() < 480 and rows.max() < 400  # in the upper-left part


def test_dialog_refuses_what_cannot_fit_and_asks_before_a_long_export(qtbot, tmp_path, scene, monkeypatch):
    import core.limits as limits
    from app.export.dialog import ExportDialog

    asked = []
    dialog = ExportDialog(scene, "slide", folder=tmp_path, confirm=lambda estimate: asked.append(estimate) or False)
    qtbot.addWidget(dialog)
    dialog.set_path(tmp_path / "long.mp4")  # a minute of 8K video
    dialog.preset.setCurrentIndex(dialog.preset.count() - 1)
    dialog.width_box.setValue(7680)
    dialog.height_box.setValue(4320)
    dialog.duration.setValue(60)
    dialog.export_button.click()
    assert len(asked) == 1 and asked[0].seconds > limits.CONFIRM_SECONDS
    assert dialog.job is None and "Not exported" in dialog.message.text() and not (tmp_path / "long.mp4").exists()

    monkeypatch.setattr(limits, "physical_memory", lambda: 2**30)  # a 1 GB machine
    dialog.set_path(tmp_path / "huge.png")
    dialog.export_button.click()
    message = dialog.message.text()
    assert dialog.job is None and "memory" in message and "\n" not in message
    assert not (tmp_path / "huge.png").exists() and len(asked) == 1


def test_an_animation_shows_the_vectors_at_every_frame(qtbot, tmp_path, scene):
    import imageio.v3 as iio

    frames = {}
    for name, options in (("plain", {}), ("arrows", {"vectors": VectorsShown(scale=2.0)})):
        plan = ExportPlan.for_path(tmp_path / f"{name}.gif", width=320, height=180, fps=10, duration=0.4,
                                   first=10, last=60)
        assert "path" in run_job(qtbot, AnimationJob(scene, plan, **options))
        frames[name] = iio.imread(plan.path, index=None).astype(int)
    assert frames["plain"].shape == frames["arrows"].shape == (4, 180, 320, frames["plain"].shape[-1])
    for plain, arrows in zip(frames["plain"], frames["arrows"], strict=True):  # each frame has its arrows
        assert (np.abs(plain - arrows).max(axis=-1) > 60).sum() > 30


def test_the_window_exports_what_inside_the_optimizer_shows(window, qtbot):
    window.show_inside(True)
    dock = window.inside_dock
    qtbot.waitUntil(lambda: dock.inside.inside is not None and dock.inside.inside.race is window.model.race,
                    timeout=30_000)
    window.export_action.trigger()
    dialog = window.export_dialog_window
    shown = dialog.inside.vectors
    assert shown is not None and shown.scale == dock.overlay.scale and shown.state is dock.inside.inside.state
    assert dialog.vectors_box.isChecked() and dialog.vectors_box.isEnabled()
    assert dialog.inside.state is not None and not dialog.inside.state.isNull()  # the state panel's picture
    assert dialog.picture_options()["vectors"] is shown and dialog.picture_options()["state"] is dialog.inside.state
    dialog.close()

    window.show_inside(False)
    window.export_action.trigger()
    dialog = window.export_dialog_window
    assert dialog.inside.vectors is None and dialog.inside.state is None and not dialog.vectors_box.isEnabled()
    assert dialog.picture_options()["vectors"] is None
    dialog.close()


def test_the_dialog_follows_a_live_language_switch(qtbot, qapp, scene):
    from PySide6.QtCore import QCoreApplication, QEvent

    from app.export.dialog import ExportDialog
    from app.i18n import set_language

    # Views earlier tests closed (deleteLater) would hear the switch too: let them go first.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    dialog = ExportDialog(scene, "slide")
    qtbot.addWidget(dialog)
    english = (dialog.export_button.text(), dialog.format.itemText(0), dialog.row_labels["format"].text())
    assert english == ("Export", "PNG image", "Format")
    try:
        set_language(qapp, "zh_CN")
        qapp.processEvents()
        assert (dialog.export_button.text(), dialog.format.itemText(0), dialog.row_labels["format"].text()) == \
            ("导出", "PNG 图像", "格式")
        dialog._show_error("disk full")
        assert dialog.message.text() == "导出失败：disk full"
    finally:
        set_language(qapp, "en")
        qapp.processEvents()
    assert dialog.export_button.text() == "Export"


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_the_command_line_export_draws_what_the_job_draws(qtbot, tmp_path, scene, fmt):
    """export_scene (losslab render, scripts) settles the layout as the job does before it paints."""
    from app.export.render import export_scene

    job_png = ExportPlan.for_path(tmp_path / "job.png", width=960, height=540, theme="slide")
    assert "path" in run_job(qtbot, PictureJob(scene, job_png))
    direct = ExportPlan.for_path(tmp_path / f"direct.{fmt}", width=960, height=540, theme="slide")
    export_scene(scene, direct)
    drawn = svg_pixels(direct.path.read_text(encoding="utf-8")) if fmt == "svg" else \
        bgra_array(QImage(str(direct.path)))
    differs = shifted_difference(drawn, bgra_array(QImage(str(job_png.path)))) > 60
    assert differs.mean() < 5e-4, f"{differs.sum()} pixels differ"


def test_json_written_in_chunks_is_the_json_core_writes(scene):
    """The worker encodes a long JSON a chunk at a time (the window keeps the GIL between chunks), and the
    text is core.export.data's, character for character."""
    from app.export.data_job import JSON_CHUNK, race_text
    from core.engine import run
    from core.export.data import optimizer_labels, trajectories_json

    long = scene.with_changes(steps=3 * JSON_CHUNK // 2, step=0)
    calls = []

    def ticket(fraction=None):
        calls.append(fraction)
        return True

    text = race_text(long, "race.json", ticket)
    specs = long.effective_specs()
    assert text == trajectories_json(run(long.surface, specs, long.steps, long.start), optimizer_labels(specs), specs)
    assert calls.count(None) >= 8  # 2 runs × 4 long lists × 2 chunks, each asking whether to go on


def test_animation_frames_painted_off_the_gui_thread_are_the_scenes_frames(qtbot, tmp_path, scene):
    """The job strokes each frame's paths from plain data on a painter thread; the command line paints
    them through the scene: the frames agree."""
    import imageio.v3 as iio

    from app.export.render import export_scene

    options = {"width": 320, "height": 180, "fps": 10, "duration": 0.4, "first": 10, "last": 60}
    job_plan = ExportPlan.for_path(tmp_path / "job.gif", **options)
    cli_plan = ExportPlan.for_path(tmp_path / "cli.gif", **options)
    assert "path" in run_job(qtbot, AnimationJob(scene, job_plan, vectors=VectorsShown(scale=2.0)))
    export_scene(scene, cli_plan, vectors=VectorsShown(scale=2.0))
    job_frames, cli_frames = iio.imread(job_plan.path, index=None), iio.imread(cli_plan.path, index=None)
    assert job_frames.shape == cli_frames.shape
    for painted, rendered in zip(job_frames, cli_frames, strict=True):
        rgb = (np.asarray(painted)[..., :3], np.asarray(rendered)[..., :3])
        assert (shifted_difference(*rgb) > 60).mean() < 2e-3
