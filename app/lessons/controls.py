"""What of the window a lesson step shows: its tab, the views beside it, and its controls. Each control
group of core.lessons.CONTROLS is a set of the window's widgets; a step shows its groups and hides the
others, and leaving the lesson puts every widget back as it was. The scene's own notes are hidden for the
whole lesson (the lesson's text stands in for them, and a preset's notes quote claims that a lesson step
does not carry)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.i18n import translate
from core.lessons import CONTROLS

TAB_KEYS = {"race": "Race", "scale_map": "Scale map", "training": "Training"}  # MainWindow's tab titles


class LessonControls:
    """The control groups of ``window`` (a MainWindow) and what they looked like before the lesson."""

    def __init__(self, window):
        self.window = window
        self._saved: dict[int, tuple[QWidget, bool]] = {}  # id → (widget, was hidden) before the lesson

    def group_widgets(self, group: str) -> list[QWidget]:
        """The window's widgets of one control group of core.lessons.CONTROLS (those that exist now)."""
        w = self.window
        found: list[QWidget] = {
            "surface": [w.surface_panel], "optimizers": [w.optimizer_panel], "scale": [w.scale_panel],
            "playback": [w.playback],
        }.get(group, [])
        view = getattr(w, "scale_map", None)
        if group == "scale_map" and view is not None:  # its settings rows: each box and its label
            found = view.controls.setting_widgets()
        panel = w.training_panel
        if panel is not None and group.startswith("training."):
            found = {"training.data": [panel.setup.data_box], "training.model": [panel.setup.model_box],
                     "training.runs": [panel.run_a, panel.run_b], "training.playback": [panel.actions]}.get(group, [])
        return [widget for widget in found if widget is not None]

    def show_tab(self, tab: str) -> None:
        """The step's tab (core.lessons' "race", "scale_map", "training"), found by its key (the English
        title the window keeps as tab data) or by its label, English or translated."""
        key = TAB_KEYS.get(tab, "Race")
        tabs = self.window.tabs
        names = {key, translate("MainWindow", key)}
        for i in range(tabs.count()):
            if tabs.tabBar().tabData(i) == key or tabs.tabText(i) in names:
                tabs.setCurrentIndex(i)
                return

    def show_views(self, views) -> None:
        """Open the views a step names beside its tab (core.lessons.VIEWS), close the ones it does not."""
        window = self.window
        if "inside" in views or window.inside_dock is not None:
            window.show_inside("inside" in views)
        panel = window.training_panel
        if panel is not None:
            panel.views.setCurrentWidget(panel.landscape if "landscape" in views else panel.views.widget(0))

    def always_hidden(self) -> list[QWidget]:
        """Widgets a lesson always hides: the scene's own notes."""
        notes = getattr(self.window, "scene_notes", None)
        return [notes] if notes is not None else []

    def hide_notes(self) -> None:
        for widget in self.always_hidden():
            widget.setVisible(False)

    def save(self) -> None:
        """Remember each group widget's visibility (once: the first lesson step's 'before')."""
        for group in CONTROLS:
            for widget in self.group_widgets(group):
                self._saved.setdefault(id(widget), (widget, widget.isHidden()))

    def show_step(self, visible) -> None:
        """Show the groups for which ``visible(group)`` is true, hide the others and the notes."""
        self.save()  # the training panel or the scale map may have appeared since
        self.hide_notes()
        for group in CONTROLS:
            for widget in self.group_widgets(group):
                widget.setVisible(visible(group))
        self.window.show_controls()  # the controls column goes when none of its groups is shown

    def restore(self) -> None:
        for widget, hidden in self._saved.values():
            widget.setHidden(hidden)
        self._saved = {}
        for widget in self.always_hidden():  # shown when it has something to say, as it does itself
            widget.setVisible(bool(widget.text()))
        self.window.show_controls()
