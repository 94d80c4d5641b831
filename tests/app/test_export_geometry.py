"""Paths prepared for export: clipped to a box around the view and thinned to the picture's resolution —
without changing the picture."""

from __future__ import annotations

import numpy as np

import app.export.offscreen as offscreen
import app.views.decimation as decimation
from app.export.offscreen import ExportView, bgra_array
from app.themes import SLIDE
from app.views.decimation import clip_polyline, thin_polyline
from core.scene import default_scene

BOX = (-1.0, 1.0, -1.0, 1.0)


def on_segment(point, a, b, tol=1e-12) -> bool:
    ab, ap = b - a, point - a
    cross = ab[0] * ap[1] - ab[1] * ap[0]
    t = np.dot(ap, ab) / np.dot(ab, ab)
    return abs(cross) <= tol * max(1.0, np.dot(ab, ab)) and -tol <= t <= 1 + tol


def test_clipping_keeps_the_pieces_inside_the_box_on_the_original_segments():
    # In, out through the right side, back in from the top, out again far away.
    x = np.array([0.0, 0.5, 3.0, 0.2, -0.3, 50.0])
    y = np.array([0.0, 0.2, 0.4, 2.0, 0.1, 80.0])
    cx, cy, connect = clip_polyline(x, y, BOX)
    points = np.stack([cx, cy], axis=1)
    assert (np.abs(points) <= 1 + 1e-12).all()
    assert (~connect[:-1]).sum() == 1 and not connect[-1]  # two pieces: the excursion is not bridged
    segments = list(zip(np.stack([x, y], 1)[:-1], np.stack([x, y], 1)[1:], strict=True))
    for p in points:
        assert any(on_segment(p, a, b) for a, b in segments)
    inside = clip_polyline(x[:2], y[:2], BOX)
    np.testing.assert_array_equal(inside[0], x[:2])


def test_thinning_drops_points_within_a_cell_of_the_point_before_and_keeps_piece_ends():
    x = np.array([0.0, 0.01, 0.02, 0.03, 1.0, 1.001, 2.0, 2.001, 2.002])
    y = np.zeros_like(x)
    connect = np.array([True, True, True, True, True, False, True, True, False])  # pieces 0–5 and 6–8
    tx, ty, tc = thin_polyline(x, y, connect, (0.1, 0.1))
    assert tx.tolist() == [0.0, 1.0, 1.001, 2.0, 2.002]  # 1.001 ends piece one, 2.0 starts piece two
    assert tc.tolist() == [True, True, False, True, False]
    # nothing to drop: the very arrays come back
    assert thin_polyline(x, y, connect, (1e-6, 1e-6))[0] is x


def test_a_thinned_picture_looks_the_same(qapp, monkeypatch):
    scene = default_scene().with_changes(steps=2000)  # long runs: hundreds of points a pixel in the valley
    pictures, counts = {}, {}
    # every point (no decimation by length or by the pen's width): the reference picture
    full_paths = {"THIN_PIXELS": 1e-9, "DECIMATE_ABOVE": 10**9, "PEN_FRACTION": 0.0}
    thinned_paths = {"THIN_PIXELS": offscreen.THIN_PIXELS, "DECIMATE_ABOVE": decimation.DECIMATE_ABOVE,
                     "PEN_FRACTION": decimation.PEN_FRACTION}
    for thin, settings in ((1e-9, full_paths), (offscreen.THIN_PIXELS, thinned_paths)):
        monkeypatch.setattr(offscreen, "THIN_PIXELS", settings["THIN_PIXELS"])
        monkeypatch.setattr(decimation, "DECIMATE_ABOVE", settings["DECIMATE_ABOVE"])
        monkeypatch.setattr(decimation, "PEN_FRACTION", settings["PEN_FRACTION"])
        with ExportView(scene, SLIDE, 1920, 1080, map_resolution=200) as view:
            view.set_step(scene.steps)
            counts[thin] = sum(len(path.getData()[0]) for path in view.view.paths)
            pictures[thin] = bgra_array(view.render()).astype(int)
    full, thinned = counts.values()
    assert thinned < 0.8 * full  # it does thin ...
    difference = np.abs(pictures[1e-9] - pictures[offscreen.THIN_PIXELS]).max(axis=2)
    # ... and moves lines by under a pixel beneath a 4.5-pixel pen: only antialiased fringes differ
    assert (difference > 8).mean() < 1e-4


def test_a_clipped_path_is_not_re_joined_across_its_gap_by_a_later_step(qapp):
    with ExportView(default_scene(), SLIDE, 640, 360, map_resolution=100) as view:
        view.set_step(10)
        path = view.view.paths[0]
        (xmin, xmax), (ymin, ymax) = view.plot_item.getViewBox().viewRange()
        far = xmax + 10 * (xmax - xmin)
        path.setData(np.array([xmin, 0.5 * (xmin + xmax), far, 0.5 * (xmin + xmax), xmin]),
                     np.array([ymin, ymin, 0.5 * (ymin + ymax), ymax, ymax]))
        for _ in range(2):  # the same step twice: the second pass must leave the pieces alone
            view.clip_paths()
            connect = path.opts["connect"]
            assert isinstance(connect, np.ndarray) and (~connect[:-1]).sum() == 1
            assert path.getData()[0].max() < far



def test_svg_paths_keep_every_point_a_16x_zoom_can_show(qapp, tmp_path):
    """Issue 16 item 6: long paths are decimated — a picture's to its pixels, an SVG's to 1/32 of a
    layout pixel, so every dropped point lies in the same 1/32-pixel cell as a point that is kept."""
    from app.export.render import export_view
    from core.export.plan import ExportPlan

    scene = default_scene().with_changes(steps=2000)
    counts = {}
    for suffix in ("svg", "png"):
        plan = ExportPlan.for_path(tmp_path / f"race.{suffix}", width=1280, height=720)
        with export_view(scene, plan) as view:
            view.set_step(scene.steps)
            counts[suffix] = [len(path.getData()[0]) for path in view.view.paths]
            if suffix == "svg":
                px, py = view.plot_item.getViewBox().viewPixelSize()  # data units per logical pixel
                cell = view.view.drawn_paths.cell
                # made for the laid-out view (re-made after a zoom of more than 25 %)
                assert 0.8 < cell[0] / (px / (2 * offscreen.SVG_OVERSAMPLE)) < 1.25
                for i, path in enumerate(view.view.paths):
                    row = view.model.race.effective.points[i]
                    x, y = path.getData()
                    kept = np.stack([x, y], axis=1)
                    # each original point's cell holds a kept point (the cells of consecutive points)
                    cells = {(a, b) for a, b in zip(np.floor(kept[:, 0] / cell[0]), np.floor(kept[:, 1] / cell[1]),
                                                   strict=True)}
                    every = zip(np.floor(row[:, 0] / cell[0]), np.floor(row[:, 1] / cell[1]), strict=True)
                    assert all(c in cells for c in every)
    assert all(s >= p for s, p in zip(counts["svg"], counts["png"], strict=True))
    assert sum(counts["svg"]) > sum(counts["png"])
