"""Exports for slides, every tab (issue 15): the Scale map as PNG/SVG in the slide theme, at any size;
a failed export leaves an existing file untouched; the window's own theme comes back."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

import app.export.tab as tab
from app.export.tab import export_tab_image
from app.models.scale_map import ScaleMapModel
from app.themes import DARK, SLIDE
from app.views.scale_map import ScaleMapView
from core.engine import warm_up
from core.optim.spec import OptimizerSpec
from core.scale_map import ScaleMapRequest
from core.surfaces import get_surface


@pytest.fixture
def view(qtbot):
    warm_up()
    widget = ScaleMapView(ScaleMapModel(ScaleMapRequest(resolution=16)))
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    qtbot.waitExposed(widget)
    bowl = get_surface("bowl")
    with qtbot.waitSignal(widget.computed, timeout=60_000):
        widget.model.set_problem(bowl, bowl.start, [OptimizerSpec("sgd", lr=0.05), OptimizerSpec("adam")], 100)
    yield widget
    widget.shutdown()


def test_scale_map_exports_as_png_in_the_slide_theme_and_the_window_keeps_its_own(tmp_path, view):
    path = tmp_path / "map.png"
    export_tab_image(view, path, (1920, 1080), SLIDE)
    pixels = np.asarray(Image.open(path).convert("RGB")).astype(int)
    assert pixels.shape == (1080, 1920, 3)
    assert (pixels[2, 2] == 255).all()  # slide background
    # the map's own cells are in the picture: the diverged red and viridis colours
    red = (np.abs(pixels - np.array([230, 50, 50])).max(axis=2) <= 10).sum()
    assert red > 100
    assert view.theme is DARK


def test_scale_map_exports_as_svg(tmp_path, view):
    path = tmp_path / "map.svg"
    export_tab_image(view, path, (1600, 900), SLIDE)
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    assert any(e.tag.endswith("image") for e in root.iter())  # the cells, embedded


def test_a_failed_export_leaves_an_existing_file_untouched(tmp_path, view, monkeypatch):
    path = tmp_path / "map.png"
    path.write_bytes(b"old picture")
    with pytest.raises(ValueError):
        export_tab_image(view, tmp_path / "map.gif", (800, 600))
    with pytest.raises(ValueError):
        export_tab_image(view, path, (10, 10))

    def fail(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(tab, "png_bytes", fail)
    with pytest.raises(OSError):
        export_tab_image(view, path, (800, 600))
    assert path.read_bytes() == b"old picture"


def test_slide_picture_with_title_and_loss_inset(qapp, tmp_path):
    from app.export.offscreen import ExportView
    from core.scene import load

    scene = load("resources/presets/lesson_sgd_loss_vs_lr.json")
    scene = scene.with_changes(step=scene.steps)
    with ExportView(scene, SLIDE, 1920, 1080, map_resolution=120, title=True, inset=True) as view:
        view.set_step(scene.steps)
        assert view.plot_item.titleLabel.text == scene.title
        box = view.plot_item.getViewBox().sceneBoundingRect()
        inset = view.inset.plot.sceneBoundingRect()
        assert box.contains(inset) and inset.left() - box.left() < 10 and box.bottom() - inset.bottom() < 10
        assert inset.width() < 0.4 * box.width()
        t = view.model.race.effective
        for i, curve in enumerate(view.inset.curves):
            x, y = curve.getData()
            end = t.points.shape[1] if t.diverged_at[i] < 0 else max(int(t.diverged_at[i]), 1)
            assert x[-1] == end - 1
            shown = 10 ** y[-1] if view.inset.log else y[-1]
            assert shown == pytest.approx(t.loss[i, end - 1], rel=1e-9)
        image = view.render()
        assert image.width() == 1920


def test_dialog_on_the_scale_map_tab_pictures_that_tab_and_says_so(qtbot, tmp_path, view):
    from app.export.dialog import ExportDialog
    from core.scene import default_scene

    dialog = ExportDialog(default_scene(), "slide", folder=tmp_path, tab=view, tab_title="Scale map")
    qtbot.addWidget(dialog)
    assert "Scale map tab" in dialog.tab_note.text() and not dialog.tab_note.isHidden()
    dialog.set_path(tmp_path / "map.png")
    dialog.preset.setCurrentIndex(dialog.preset.count() - 1)  # custom
    dialog.width_box.setValue(960)
    dialog.height_box.setValue(540)
    dialog.export_button.click()
    assert dialog.wait(60.0)  # painted here, encoded and written on a worker
    assert "Exported" in dialog.message.text()
    pixels = np.asarray(Image.open(tmp_path / "map.png").convert("RGB")).astype(int)
    assert pixels.shape == (540, 960, 3)
    assert (np.abs(pixels - np.array([230, 50, 50])).max(axis=2) <= 10).sum() > 50  # the map's diverged cells
