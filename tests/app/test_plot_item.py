"""How every plot is made (app.views.plot_item): axes whose title is rendered only when it changes, view boxes
that never build the context menu the app switches off, the top and right axes hidden."""

import pyqtgraph as pg
import pytest

from app.views.plot_item import SteadyTitleAxis, add_plot_item


@pytest.fixture
def plots(qtbot):
    """A plot made by add_plot_item and one of pyqtgraph's own, side by side, both with a titled left axis."""
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    steady = add_plot_item(widget, 0, 0)
    plain = widget.addPlot(row=0, col=1)
    for plot in (steady, plain):
        plot.setLabel("left", "loss")
    widget.resize(600, 300)
    widget.show()
    qtbot.waitExposed(widget)
    yield steady, plain  # the widget lives until the test ends (qtbot holds it weakly)


def _count_title_renders(axis) -> list:
    calls = []
    render = axis.label.setHtml
    axis.label.setHtml = lambda html: (calls.append(html), render(html))
    return calls


def test_a_range_change_renders_the_title_only_when_its_text_changes(plots):
    steady, plain = plots
    renders = {plot: _count_title_renders(plot.getAxis("left")) for plot in plots}
    for k in range(1, 30):  # ranges whose title is "loss" throughout
        for plot in plots:
            plot.setYRange(0, 10 * k, padding=0)
    assert renders[steady] == [] and len(renders[plain]) >= 29  # pyqtgraph's own axis renders it every time
    for plot in plots:  # below 1, pyqtgraph scales the ticks and says so in the title
        plot.setYRange(0, 0.002, padding=0)
        plot.getAxis("left").setPen("r")  # the title's colour follows the axis pen
    assert len(renders[steady]) == 2
    shown = [plot.getAxis("left").label.toHtml() for plot in plots]
    assert shown[0] == shown[1] and "loss (x0.001)" in shown[0]
    assert steady.getAxis("left").width() == plain.getAxis("left").width()


def test_the_view_boxes_build_no_context_menu(plots):
    steady, plain = plots
    assert steady.getViewBox().menu is None and plain.getViewBox().menu is not None
    assert not steady.menuEnabled() and not steady.getViewBox().menuEnabled()
    view = steady.getViewBox()
    assert view.getMenu(None) is None and view.getContextMenus(None) == []


def test_every_plot_of_the_window_is_made_by_new_plot_item(window, qtbot):
    """The race map, the loss plot, the insides dock's charts, the Training tab and the scale map: every axis a
    SteadyTitleAxis, the top and right ones hidden (pyqtgraph's colour bars, built inside pyqtgraph, are the
    only plots not made by new_plot_item)."""
    from app.window_tabs import SCALE_MAP_TAB, TRAINING_TAB, tab_index

    window.show_inside(True)
    for tab in (SCALE_MAP_TAB, TRAINING_TAB):  # each built when first shown
        window.tabs.setCurrentIndex(tab_index(window.tabs, tab))
    qtbot.waitUntil(lambda: window.training_panel is not None and window.scale_map is not None)
    plots = [item for view in window.findChildren(pg.GraphicsView) for item in view.scene().items()
             if isinstance(item, pg.PlotItem) and not isinstance(item, pg.ColorBarItem)]
    assert len(plots) >= 8
    plain = [(plot, side) for plot in plots for side in ("left", "bottom", "right", "top")
             if not isinstance(plot.getAxis(side), SteadyTitleAxis)]
    assert not plain, plain[:3]
    shown = [(plot, side) for plot in plots for side in ("right", "top") if plot.getAxis(side).isVisible()]
    assert not shown, shown[:3]
    assert all(plot.getViewBox().menu is None for plot in plots)
