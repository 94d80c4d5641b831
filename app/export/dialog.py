"""File ▸ Export…: PNG, SVG, GIF, MP4, CSV or JSON of the current scene, as the window shows it; CSV/JSON
also of the scale map's sweeps once that map is computed.

Every export runs as a job that keeps the window live, with a progress bar and Cancel (issue 16 item 6):
stills as an app.export.picture_job.PictureJob, animations as an app.export.render.AnimationJob, data and
a tab's picture as an app.export.data_job.WriteJob. Before one starts, its size is checked
(app.export.estimate): refused with one line if it cannot fit in memory, asked about if estimated over a
minute. A failure is shown with its reason; a cancelled or failed export leaves an existing file as it was.
When the window shows "Inside the optimizer", its vectors (and the state plots, in stills) are exported
too (app.export.extras).

The window opens it with ``open_export_dialog(window, scene, theme_name, sweeps)``.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QEventLoop, Qt, QThread, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.export.data_job import SweepData, data_job
from app.export.estimate import check_export
from app.export.extras import VectorsShown
from app.export.offscreen import MAX_PIXELS, MIN_PIXELS
from app.export.picture_job import PictureJob
from app.export.render import AnimationJob, animation_steps
from app.export.tab import export_tab_image, tab_job
from app.i18n import translate
from app.themes import get_theme
from core.export.animation import MAX_FPS
from core.export.files import failure_reason
from core.export.plan import ANIMATION_FORMATS, DATA_FORMATS, FORMATS, PICTURE_FORMATS, ExportPlan
from core.scene import Scene

__all__ = ["ExportDialog", "InsideShown", "SweepData", "open_export_dialog"]  # SweepData: the window's import

FORMAT_TITLES = {
    "png": QT_TRANSLATE_NOOP("ExportDialog", "PNG image"),
    "svg": QT_TRANSLATE_NOOP("ExportDialog", "SVG vector graphics"),
    "gif": QT_TRANSLATE_NOOP("ExportDialog", "GIF animation"), "mp4": QT_TRANSLATE_NOOP("ExportDialog", "MP4 video"),
    "csv": QT_TRANSLATE_NOOP("ExportDialog", "CSV data"), "json": QT_TRANSLATE_NOOP("ExportDialog", "JSON data"),
}
SIZES = ((QT_TRANSLATE_NOOP("ExportDialog", "1280 × 720"), 1280, 720),
         (QT_TRANSLATE_NOOP("ExportDialog", "1920 × 1080 (Full HD)"), 1920, 1080),
         (QT_TRANSLATE_NOOP("ExportDialog", "2560 × 1440"), 2560, 1440),
         (QT_TRANSLATE_NOOP("ExportDialog", "3840 × 2160 (4K)"), 3840, 2160),
         (QT_TRANSLATE_NOOP("ExportDialog", "1024 × 768 (4:3)"), 1024, 768))
DATA_SOURCES = ((QT_TRANSLATE_NOOP("ExportDialog", "Race trajectories (step, x, y, loss per optimizer)"), "race"),
                (QT_TRANSLATE_NOOP("ExportDialog", "Scale map sweeps (final loss per lr × loss scale)"), "sweeps"))
THEMES = ((QT_TRANSLATE_NOOP("ExportDialog", "Slide (light, thick lines)"), "slide"),
          (QT_TRANSLATE_NOOP("ExportDialog", "Dark (as on screen)"), "dark"))
CUSTOM = QT_TRANSLATE_NOOP("ExportDialog", "Custom")
NO_SWEEPS = QT_TRANSLATE_NOOP("ExportDialog", "Open the Scale map tab and let the map finish; its sweeps can then "
                                              "be exported")
ROWS = (("format", QT_TRANSLATE_NOOP("ExportDialog", "Format")), ("file", QT_TRANSLATE_NOOP("ExportDialog", "File")),
        ("size", QT_TRANSLATE_NOOP("ExportDialog", "Size")), ("dpi", QT_TRANSLATE_NOOP("ExportDialog", "Resolution")),
        ("theme", QT_TRANSLATE_NOOP("ExportDialog", "Theme")), ("data", QT_TRANSLATE_NOOP("ExportDialog", "Data")),
        ("fps", QT_TRANSLATE_NOOP("ExportDialog", "Frame rate")),
        ("duration", QT_TRANSLATE_NOOP("ExportDialog", "Duration")),
        ("steps", QT_TRANSLATE_NOOP("ExportDialog", "Steps")))


@dataclass(frozen=True)
class InsideShown:
    """What the window's "Inside the optimizer" shows, for the export: its vectors, the state panel's picture."""

    vectors: VectorsShown | None = None
    state: QImage | None = None


class ExportDialog(QDialog):
    exported = Signal(str)  # the path, once written

    def __init__(self, scene: Scene, theme_name: str = "slide", folder: str | Path | None = None,
                 parent: QWidget | None = None, *, sweeps: SweepData | None = None, prefer_sweeps: bool = False,
                 tab: QWidget | None = None, tab_title: str = "", inside: InsideShown | None = None, confirm=None):
        """``tab``: the tab the teacher is looking at when it is not the race (the Scale map): PNG and SVG
        then picture that tab (app.export.tab), and the dialog says so. ``inside``: what the window's insides
        show; ``confirm(estimate) -> bool``: asked before an export estimated over a minute (default: a
        message box)."""
        super().__init__(parent)
        self.scene, self.sweeps, self.tab, self.tab_title = scene, sweeps, tab, tab_title
        self.inside = inside or InsideShown()
        self.confirm = confirm
        self.job = None  # the export running: PictureJob, AnimationJob or WriteJob
        self.format, self.preset, self.theme, self.data_source = QComboBox(), QComboBox(), QComboBox(), QComboBox()
        for key in FORMATS:
            self.format.addItem("", key)
        for _title, w, h in SIZES:
            self.preset.addItem("", (w, h))
        self.preset.addItem("", None)
        for _title, key in THEMES:
            self.theme.addItem("", key)
        for _title, key in DATA_SOURCES:
            self.data_source.addItem("", key)
        self.path = QLineEdit(str(Path(folder or Path.home()) / f"{_stem(scene)}.png"))
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        self.width_box, self.height_box = _spin(MIN_PIXELS, MAX_PIXELS[0], 1920), _spin(MIN_PIXELS, MAX_PIXELS[1], 1080)
        self.preset.setCurrentIndex(1)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        self.dpi = _spin(0, 768, 0)
        self.transparent, self.title_box, self.inset_box = QCheckBox(), QCheckBox(), QCheckBox()
        self.vectors_box, self.state_box = QCheckBox(), QCheckBox()
        self.vectors_box.setChecked(self.inside.vectors is not None)
        self.state_box.setChecked(self.inside.state is not None)
        self.theme.setCurrentIndex(max(0, self.theme.findData(theme_name)))
        if sweeps is None:
            self.data_source.model().item(1).setEnabled(False)
        elif prefer_sweeps:
            self.data_source.setCurrentIndex(1)
        self.fps, self.duration = QDoubleSpinBox(), QDoubleSpinBox()
        self.fps.setRange(1, 60)
        self.fps.setValue(30)
        self.duration.setRange(0, 600)
        self.duration.setDecimals(1)
        self.first = _spin(0, scene.steps, 0)
        self.last = _spin(0, scene.steps, scene.step if scene.step > 0 else scene.steps)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.tab_note, self.message, self.to_label = QLabel(), QLabel(), QLabel()
        self.tab_note.setObjectName("exportTabNote")
        self.tab_note.setWordWrap(True)
        self.tab_note.setVisible(tab is not None)
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self._lay_out()
        self.format.currentIndexChanged.connect(self._format_changed)
        self.data_source.currentIndexChanged.connect(self._format_changed)
        self.path.textEdited.connect(self._path_edited)
        self.retranslate()
        self._format_changed()

    def _lay_out(self) -> None:
        rows = {"file": _row(self.path, self.browse), "size": _row(self.preset, self.width_box, QLabel("×"),
                                                                  self.height_box),
                "steps": _row(self.first, self.to_label, self.last)}
        widgets = {"format": self.format, "dpi": self.dpi, "theme": self.theme, "data": self.data_source,
                   "fps": self.fps, "duration": self.duration}
        form = QFormLayout()
        self.row_labels = {}
        for key, _text in ROWS:
            self.row_labels[key] = QLabel()
            field = rows.get(key) or widgets[key]
            form.addRow(self.row_labels[key], field)
            if key == "dpi":
                for box in (self.transparent, self.title_box, self.inset_box, self.vectors_box, self.state_box):
                    form.addRow("", box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in (self.tab_note, self.progress, self.message, self.buttons):
            layout.addWidget(widget)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export"))
        for combo, titles in ((self.format, [FORMAT_TITLES[k] for k in FORMATS]), (self.theme, [t for t, _ in THEMES]),
                              (self.preset, [t for t, _w, _h in SIZES] + [CUSTOM]),
                              (self.data_source, [t for t, _ in DATA_SOURCES])):
            for i, title in enumerate(titles):
                combo.setItemText(i, translate("ExportDialog", title))
        self.data_source.setItemData(1, translate("ExportDialog", NO_SWEEPS) if self.sweeps is None else None,
                                     Qt.ItemDataRole.ToolTipRole)
        for key, text in ROWS:
            self.row_labels[key].setText(translate("ExportDialog", text))
        self.browse.setText(self.tr("Browse…"))
        self.to_label.setText(self.tr("to"))
        for box in (self.width_box, self.height_box):
            box.setSuffix(self.tr(" px"))
        self.dpi.setSuffix(self.tr(" dpi"))
        self.dpi.setSpecialValueText(self.tr("automatic"))
        self.dpi.setToolTip(self.tr("Automatic: the layout of a 1280 × 720 picture, scaled to the size chosen"))
        self.fps.setSuffix(self.tr(" fps"))
        self.duration.setSuffix(self.tr(" s"))
        self.duration.setSpecialValueText(self.tr("a frame a step (≤ 10 s)"))
        self.transparent.setText(self.tr("Transparent background"))
        self.title_box.setText(self.tr("Title (the scene's) above the map"))
        self.inset_box.setText(self.tr("Loss-curve inset in the map's corner"))
        self.vectors_box.setText(self.tr("Vectors at the heads, as Inside the optimizer shows them"))
        self.state_box.setText(self.tr("State plots of Inside the optimizer (PNG and SVG)"))
        self.tab_note.setText(self.tr("PNG and SVG picture the {tab} tab, the one you are looking at; animations and "
                                      "data export the race.").format(tab=self.tab_title or self.tr("current")))
        self.export_button.setText(self.tr("Export"))

    def changeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ---- fields ------------------------------------------------------------------------------------
    def selected_format(self) -> str:
        return self.format.currentData()

    def exports_sweeps(self) -> bool:
        """Whether the export writes the scale map's sweeps (CSV/JSON with that source chosen)."""
        return self.selected_format() in DATA_FORMATS and self.data_source.currentData() == "sweeps"

    def set_path(self, path: str | Path) -> None:
        self.path.setText(str(path))
        self._path_edited(str(path))

    def _path_edited(self, text: str) -> None:
        index = self.format.findData(Path(text).suffix.lower().lstrip("."))
        if index >= 0 and index != self.format.currentIndex():
            self.format.blockSignals(True)
            self.format.setCurrentIndex(index)
            self.format.blockSignals(False)
            self._enable_fields()

    def _format_changed(self) -> None:
        text = self.path.text().strip()
        if text:  # a name the dialog proposed follows the format (and the data source); a typed one stays
            stems = (_stem(self.scene), f"{_stem(self.scene)}-sweeps")
            path = Path(text).with_suffix("." + self.selected_format())
            self.path.setText(str(path.with_name(stems[self.exports_sweeps()] + path.suffix)
                                  if path.stem in stems else path))
        self._enable_fields()

    def _enable_fields(self) -> None:
        fmt = self.selected_format()
        picture, animation, still = fmt not in DATA_FORMATS, fmt in ANIMATION_FORMATS, fmt in PICTURE_FORMATS
        for widget in (self.preset, self.width_box, self.height_box, self.theme):
            widget.setEnabled(picture)
        self.data_source.setEnabled(fmt in DATA_FORMATS)
        for widget in (self.dpi, self.transparent, self.inset_box):
            widget.setEnabled(still)
        self.title_box.setEnabled(still and bool(self.scene.title))
        self.vectors_box.setEnabled((still and self.tab is None or animation) and self.inside.vectors is not None)
        self.state_box.setEnabled(still and self.tab is None and self.inside.state is not None)
        for widget in (self.fps, self.duration, self.first):
            widget.setEnabled(animation)
        self.last.setEnabled(picture)
        self.fps.setMaximum(MAX_FPS["gif"] if fmt == "gif" else 60)

    def _apply_preset(self) -> None:
        size = self.preset.currentData()
        if size is not None:
            self.width_box.setValue(size[0])
            self.height_box.setValue(size[1])

    def _browse(self) -> None:
        fmt = self.selected_format()
        every_file = self.tr("All files (*)")  # outside the f-string, where lupdate can read it
        kinds = f"{translate('ExportDialog', FORMAT_TITLES[fmt])} (*.{fmt});;{every_file}"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path.text(), kinds)
        if path:
            self.set_path(path)

    def plan(self) -> ExportPlan:
        """The export the fields describe; raises ValueError (ExportError) with the reason."""
        fmt = self.selected_format()
        plan = ExportPlan.for_path(Path(self.path.text().strip()).expanduser(), theme=self.theme.currentData(),
                                   transparent=self.transparent.isChecked() and self.transparent.isEnabled(),
                                   fps=self.fps.value(), duration=self.duration.value() or None,
                                   dpi=(self.dpi.value() or None) if fmt in PICTURE_FORMATS else None,
                                   first=self.first.value() if fmt in ANIMATION_FORMATS else -1,
                                   last=self.last.value())
        if plan.format != fmt:
            raise ValueError(self.tr("the file name ends in .{suffix} but the format is {format}").format(
                suffix=plan.format, format=fmt.upper()))
        width, height = self.width_box.value(), self.height_box.value()
        if fmt == "mp4":  # 4:2:0 video needs even sizes
            width, height = width - width % 2, height - height % 2
        return dataclasses.replace(plan, width=width, height=height)

    def picture_options(self) -> dict:
        """A picture's extras: the scene's title, a loss-curve inset, the vectors and the state plots."""
        options = {"vectors": self.inside.vectors if self.vectors_box.isChecked() and self.vectors_box.isEnabled()
                   else None}
        if self.selected_format() in PICTURE_FORMATS:
            options.update(title=self.title_box.isChecked() and self.title_box.isEnabled(),
                           inset=self.inset_box.isChecked() and self.inset_box.isEnabled(),
                           state=self.inside.state if self.state_box.isChecked() and self.state_box.isEnabled()
                           else None)
        return options

    # ---- running -----------------------------------------------------------------------------------
    def start_export(self) -> None:
        if self.job is not None:
            return
        try:
            plan = self.plan()
            frames = len(animation_steps(self.scene, plan)) if plan.format in ANIMATION_FORMATS else 1
            refusal = check_export(self, self.scene, plan, frames, self.confirm)
            if refusal is not None:
                self._show_message(refusal)
                return
            job = self._make_job(plan)
        except (OSError, ValueError) as exc:
            self._show_error(failure_reason(exc))
            return
        if job is None:  # a tab that pictured itself, already written
            self._done(str(plan.path))
            return
        self.job = job
        job.progress.connect(lambda fraction: self.progress.setValue(round(fraction * 1000)))
        job.finished.connect(self._done)
        job.failed.connect(self._show_error)
        job.cancelled.connect(lambda: self._show_message(self.tr("Export cancelled; no file was written.")))
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(self._job_ended)
        self.progress.setValue(0)
        self.progress.show()
        self.export_button.setEnabled(False)
        self._show_message(self.tr("Writing…") if plan.format in DATA_FORMATS else self.tr("Rendering…"))
        job.start()

    def _make_job(self, plan: ExportPlan):
        if plan.format in DATA_FORMATS:
            return data_job(self.scene, plan, self.sweeps if self.exports_sweeps() else None, self)
        if plan.format in ANIMATION_FORMATS:
            return AnimationJob(self.scene, plan, self, vectors=self.picture_options()["vectors"])
        if self.tab is not None:
            job = tab_job(self.tab, plan.path, (plan.width, plan.height), get_theme(plan.theme), self)
            if job is None:
                export_tab_image(self.tab, plan.path, (plan.width, plan.height), get_theme(plan.theme))
            return job
        return PictureJob(self.scene, plan, self, **self.picture_options())

    def wait(self, timeout: float = 60.0) -> bool:
        """Run the event loop until the export running has ended (tests, scripts); False on timeout."""
        deadline = time.monotonic() + timeout
        while self.job is not None and time.monotonic() < deadline:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            QThread.msleep(2)
        return self.job is None

    def _job_ended(self, *_args) -> None:
        self.export_button.setEnabled(True)
        self.progress.hide()
        self.job = None

    def _cancel_or_close(self) -> None:
        if self.job is not None:
            self.job.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()
        super().reject()

    def _done(self, path: str) -> None:
        self._show_message(self.tr("Exported {name}").format(name=path))
        self.exported.emit(path)

    def _show_error(self, reason: str) -> None:
        self.message.setStyleSheet("color: #d55e00;")
        self.message.setText(self.tr("Export failed: {error}").format(error=reason))

    def _show_message(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)


def _spin(lo: int, hi: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setValue(value)
    return box


def _row(*widgets) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
    return row


def _stem(scene: Scene) -> str:
    title = "".join(c if c.isalnum() or c in "-_" else "_" for c in (scene.title or "losslab")).strip("_")
    return title[:60] or "losslab"


def inside_shown(window, scene: Scene) -> InsideShown:
    """What ``window``'s "Inside the optimizer" dock shows now (nothing when it is closed): its vectors (with
    the recorded state when it is this scene's) and a picture of its state panel."""
    dock = getattr(window, "inside_dock", None)
    if dock is None or not dock.isVisible():
        return InsideShown()
    vectors = None
    if dock.overlay.shown:
        inside = dock.inside.inside
        state = inside.state if inside is not None and inside.race.scene == scene else None
        vectors = VectorsShown(dock.overlay.scale, state)
    panel = dock.panel
    state_image = panel.grab().toImage() if panel.isVisible() else None
    return InsideShown(vectors, state_image)


def open_export_dialog(window, scene: Scene, theme_name: str, sweeps: SweepData | None = None,
                       prefer_sweeps: bool = False, tab: QWidget | None = None, tab_title: str = "") -> ExportDialog:
    """Show the export dialog for ``scene`` (and the scale map's ``sweeps``, if computed) over ``window``
    (non-modal; deleted when closed); ``tab``/``tab_title``: pictures show that tab (ExportDialog)."""
    dialog = ExportDialog(scene, "slide" if theme_name == "slide" else "dark", parent=window, sweeps=sweeps,
                          prefer_sweeps=prefer_sweeps, tab=tab, tab_title=tab_title,
                          inside=inside_shown(window, scene))
    dialog.exported.connect(lambda path: window.statusBar().showMessage(
        translate("ExportDialog", "Exported {name}").format(name=path), 8000))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
