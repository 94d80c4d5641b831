"""Issue 15 item 9: where the surface is undefined (NaN) the map is hatched grey, named in the colour bar,
never painted like a high loss; overflow (inf) stays a high loss."""

from __future__ import annotations

import numpy as np

from app.model import SceneModel
from app.themes import SLIDE
from app.views.landscape import LandscapeView
from app.views.surface_map import UNDEFINED_LABEL, compute_map, undefined_rgba
from core.scene import default_scene, surface_source
from core.surfaces import surface_from_formula


def test_nan_cells_are_marked_undefined_and_inf_is_not():
    surface = surface_from_formula("log(x)+y^2")
    window = (-2.0, 2.0, -1.0, 1.0)
    m = compute_map(surface, window, 41)
    xs = np.linspace(-2, 2, 41)
    gx, gy = np.meshgrid(xs, np.linspace(-1, 1, 41))
    expected = np.isnan(surface.value(gx, gy))
    assert expected.any() and not expected.all()
    np.testing.assert_array_equal(m.undefined, expected)
    rgba = undefined_rgba(m.undefined, light=False)
    assert (rgba[..., 3][expected] == 255).all() and (rgba[..., 3][~expected] == 0).all()
    grey = rgba[expected][:, :3]
    assert (grey[:, 0] == grey[:, 1]).all() and (grey[:, 1] == grey[:, 2]).all()
    assert len(np.unique(grey[:, 0])) == 2  # hatching: two shades
    exp = compute_map(surface_from_formula("exp(x^2)"), (-40.0, 40.0, -1.0, 1.0), 41)
    assert not exp.has_undefined  # inf is an overflow, a high loss, not "undefined"


def test_landscape_hatches_the_undefined_region_and_names_it(qtbot):
    surface = surface_from_formula("sqrt(x*y)")
    scene = default_scene().with_changes(surface=surface, surface_source=surface_source(surface),
                                         window=(-2.0, 2.0, -2.0, 2.0), start=(1.0, 1.0))
    model = SceneModel(scene)
    view = LandscapeView(model, resolution=60)
    qtbot.addWidget(view)
    model.start_engine_now()
    qtbot.waitUntil(lambda: view.surface_map is not None, timeout=60_000)
    assert view.undefined.isVisible() and view.undefined.image is not None
    assert UNDEFINED_LABEL in view.colorbar.axis.labelText
    shown = view.undefined.image[..., 3] == 255
    np.testing.assert_array_equal(shown, view.surface_map.undefined)
    view.set_theme(SLIDE)
    assert UNDEFINED_LABEL in view.colorbar.axis.labelText
    model.shutdown()


def test_hover_readout_follows_a_surface_change(qtbot):
    from PySide6.QtCore import QPointF

    from core.surfaces import get_surface

    bowl = get_surface("bowl")
    scene = default_scene().with_changes(surface=bowl, surface_source=surface_source(bowl), window=bowl.window,
                                         start=bowl.start)
    model = SceneModel(scene)
    view = LandscapeView(model, resolution=40)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    model.start_engine_now()
    qtbot.waitUntil(lambda: model.ready, timeout=60_000)
    (x0, x1), (y0, y1) = view.view_box.viewRange()
    point = QPointF((x0 + x1) / 2 + 0.1, (y0 + y1) / 2 + 0.2)
    view.graphics.scene().sigMouseMoved.emit(view.view_box.mapViewToScene(point))
    before = view.readout.text()
    assert before == view.describe_point(point.x(), point.y()) and "f = " in before
    model.set_formula("x^2 + 3*y^2 + 7")
    qtbot.waitUntil(lambda: view.readout.text() != before)
    assert view.readout.text() == view.describe_point(point.x(), point.y())
    f = float(model.surface.value(np.array([point.x()]), np.array([point.y()]))[0])
    assert f"f = {f:.5g}" in view.readout.text()
    model.shutdown()


def test_the_status_table_says_a_run_left_the_domain(qtbot):
    """Issue 15 trap 9: a run into log(x)'s undefined half is 'left the domain at step k' in the table the
    class reads (it was 'diverged at step 394'), in the warning colour, with no hedge in its tooltip."""
    from app.views.status import COLUMNS, StatusView
    from core.optim.spec import OptimizerSpec
    from core.scene import OptimizerEntry

    surface = surface_from_formula("log(x)+y^2", start=(1.0, 1.0), window=(-1.0, 3.0, -2.0, 2.0))
    scene = default_scene().with_changes(
        surface=surface, surface_source=surface_source(surface), start=(1.0, 1.0), window=(-1.0, 3.0, -2.0, 2.0),
        optimizers=(OptimizerEntry(OptimizerSpec("sgd", lr=0.3)), OptimizerEntry(OptimizerSpec("sgd", lr=1e-3))),
        steps=100, step=100)
    model = SceneModel(scene)
    table = StatusView(model)
    qtbot.addWidget(table)
    model.start_engine_now()
    qtbot.waitUntil(lambda: model.race is not None, timeout=60_000)
    d = int(model.race.effective.diverged_at[0])
    assert d > 0 and model.race.effective.diverged_at[1] < 0
    table.refresh(100)
    state = COLUMNS.index("state")
    assert table.item(0, state).text() == f"left the domain at step {d}"
    assert table.item(1, state).text() == "finished"
    assert table.item(0, state).toolTip() == ""  # the engine said which: nothing hedged
    assert table.item(0, state).foreground().color().name().lower() == "#d55e00"
    model.shutdown()
