"""Issue 16 item 6: a long path is drawn decimated to half a device pixel of the view, its head still at the
run's true point, and re-decimated after a zoom; under a wide pen every path is, to a quarter of its width."""

from __future__ import annotations

import numpy as np

from app.model import SceneModel
from app.views.decimation import DECIMATE_ABOVE
from app.views.landscape import LandscapeView
from core.optim.spec import OptimizerSpec
from core.scene import OptimizerEntry, default_scene


def shown_view(qtbot, scene) -> tuple[SceneModel, LandscapeView]:
    """A shown 640×400 LandscapeView of ``scene``, its race computed."""
    model = SceneModel(scene)
    view = LandscapeView(model, resolution=60)
    qtbot.addWidget(view)
    view.resize(640, 400)
    view.show()
    qtbot.waitExposed(view)
    model.start_engine_now()
    qtbot.waitUntil(lambda: model.race is not None and model.race.scene == model.scene, timeout=60_000)
    return model, view


def test_long_paths_are_drawn_decimated_with_the_head_on_the_true_point(qtbot):
    steps = 20 * DECIMATE_ABOVE
    scene = default_scene().with_changes(optimizers=(OptimizerEntry(OptimizerSpec("sgd", lr=1e-4)),
                                                     OptimizerEntry(OptimizerSpec("adam", lr=1e-2))),
                                         steps=steps, step=steps)
    model, view = shown_view(qtbot, scene)
    qtbot.waitUntil(lambda: view.drawn_paths.cell is not None)

    def check():
        """The drawn points of each path inside the clipping box, per path (checked against the row)."""
        cell = view.drawn_paths.cell
        px, py = view.view_box.viewPixelSize()
        assert 0.8 < cell[0] / (px / 2) < 1.25 and 0.8 < cell[1] / (py / 2) < 1.25  # half a pixel
        xmin, xmax, ymin, ymax = view.drawn_paths.box  # what lies outside it is clipped away

        def within(points):
            return points[(points[:, 0] >= xmin) & (points[:, 0] <= xmax)
                          & (points[:, 1] >= ymin) & (points[:, 1] <= ymax)]

        drawn = []
        for i, path in enumerate(view.paths):
            row = model.race.effective.points[i]
            x, y = path.getData()
            assert len(x) < row.shape[0]
            kept = {(a, b) for a, b in zip(np.floor(x / cell[0]), np.floor(y / cell[1]), strict=True)}
            near = within(row)
            assert all(c in kept for c in zip(np.floor(near[:, 0] / cell[0]), np.floor(near[:, 1] / cell[1]),
                                              strict=True))
            head = view.heads[i].pos()
            assert (head.x(), head.y()) == tuple(row[-1])
            drawn.append(np.column_stack((x, y)))
        return drawn, within

    before, _ = check()
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    cx, cy = model.race.effective.points[0][steps // 2]  # somewhere along the first path
    view.view_box.setRange(xRange=(cx - (x1 - x0) / 20, cx + (x1 - x0) / 20),
                           yRange=(cy - (y1 - y0) / 20, cy + (y1 - y0) / 20), padding=0)
    qtbot.waitUntil(lambda: view.drawn_paths.cell[0] < 0.2 * (view.view_box.viewPixelSize()[0] * 10))
    after, within = check()  # zoomed 10×: finer cells, more of the points there kept
    assert len(within(after[0])) > len(within(before[0])) > 0
    model.set_step(steps // 2)  # playback reveals a prefix of the decimated path
    x, _ = view.paths[0].getData()
    assert len(x) < len(after[0])
    model.shutdown()


def test_under_the_slide_themes_wide_pen_every_path_is_decimated_to_a_quarter_of_its_width(qtbot):
    """A 3-px antialiased stroke of seven 1,000-point paths cost ~18 ms of each slider move: under a pen
    that wide a point closer than a quarter of its width is invisible, so short paths are decimated too.
    Under the dark theme's 1-px pen they are drawn whole."""
    from app.themes import DARK, SLIDE

    scene = default_scene().with_changes(steps=1000, step=1000)
    model, view = shown_view(qtbot, scene)
    rows = model.race.effective.points
    assert all(len(path.getData()[0]) == rows.shape[1] for path in view.paths)  # dark: every point
    view.set_theme(SLIDE)
    pixels = SLIDE.path_width / 4
    px, py = view.view_box.viewPixelSize()
    cell = (px * pixels, py * pixels)
    for i, path in enumerate(view.paths):
        x, y = path.getData()
        assert len(x) < 0.9 * rows.shape[1]
        kept = set(zip(np.floor(x / cell[0]), np.floor(y / cell[1]), strict=True))
        assert set(zip(np.floor(rows[i, :, 0] / cell[0]), np.floor(rows[i, :, 1] / cell[1]), strict=True)) <= kept
        head = view.heads[i].pos()
        assert (head.x(), head.y()) == tuple(rows[i, -1])
    view.set_theme(DARK)
    assert all(len(path.getData()[0]) == rows.shape[1] for path in view.paths)
    model.shutdown()


def test_a_nearly_parallel_segment_is_clipped_without_a_warning():
    """A segment whose dy is subnormal makes q / dy overflow to ±inf, which the clipping takes as it should;
    numpy's overflow warning reached the terminal (lesson 3, step 2)."""
    import warnings

    from app.views.decimation import clip_pieces

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x, y, joined, index = clip_pieces(np.array([-5.0, 5.0]), np.array([0.0, 1e-310]), (-1, 1, -1, 1))
    np.testing.assert_allclose(x, [-1.0, 1.0])
    np.testing.assert_allclose(y, [0.0, 0.0], atol=1e-300)
