"""File ▸ Export…: PNG, SVG, GIF, MP4, CSV or JSON of the current scene, as the window shows it; CSV/JSON
also of the scale map's sweeps once that map is computed.

Stills are painted and written directly (Qt paints the plot items on this thread); data (CSV/JSON: the
race re-run, or the map's sweeps) is written on an :class:`app.jobs.JobRunner`; animations run as an
:class:`~app.export.render.AnimationJob` — frames painted between events, encoding on a worker thread —
with a progress bar and Cancel, so the window stays live. A failure is shown with its reason.

The window opens it with ``open_export_dialog(window, scene, theme_name, sweeps)``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
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

from app.export.image import png_bytes
from app.export.offscreen import MAX_PIXELS, MIN_PIXELS
from app.export.render import AnimationJob, export_scene, render_picture
from app.export.tab import export_tab_image
from app.jobs import JobRunner
from app.themes import get_theme
from core.engine.sweep import SweepResult
from core.export.animation import MAX_FPS
from core.export.data import optimizer_labels, write_sweeps
from core.export.files import failure_reason, write_bytes_atomically
from core.export.plan import ANIMATION_FORMATS, DATA_FORMATS, FORMATS, PICTURE_FORMATS, ExportPlan
from core.optim.spec import OptimizerSpec
from core.scene import Scene

FORMAT_TITLES = {
    "png": "PNG image", "svg": "SVG vector graphics", "gif": "GIF animation", "mp4": "MP4 video",
    "csv": "CSV data", "json": "JSON data",
}
SIZES = (("1280 × 720", 1280, 720), ("1920 × 1080 (Full HD)", 1920, 1080), ("2560 × 1440", 2560, 1440),
         ("3840 × 2160 (4K)", 3840, 2160), ("1024 × 768 (4:3)", 1024, 768))
DATA_SOURCES = (("Race trajectories (step, x, y, loss per optimizer)", "race"),
                ("Scale map sweeps (final loss per lr × loss scale)", "sweeps"))
NO_SWEEPS = "Open the Scale map tab and let the map finish; its sweeps can then be exported"


@dataclass(frozen=True)
class SweepData:
    """A computed scale map as data: one lr × loss-scale sweep per optimizer."""

    results: tuple[SweepResult, ...]
    specs: tuple[OptimizerSpec, ...]
    steps: int

    def write(self, path: str | Path) -> None:
        write_sweeps(path, self.results, optimizer_labels(self.specs), self.specs, self.steps)


class ExportDialog(QDialog):
    exported = Signal(str)  # the path, once written

    def __init__(self, scene: Scene, theme_name: str = "slide", folder: str | Path | None = None,
                 parent: QWidget | None = None, *, sweeps: SweepData | None = None, prefer_sweeps: bool = False,
                 tab: QWidget | None = None, tab_title: str = ""):
        """``tab``: the tab the teacher is looking at when it is not the race (the Scale map): PNG and SVG
        then picture that tab (app.export.tab.export_tab_image), and the dialog says so."""
        super().__init__(parent)
        self.tab = tab
        self.tab_title = tab_title or "current"
        self.data_jobs = JobRunner(self, name="losslab-export-data")
        self.setWindowTitle("Export")
        self.scene = scene
        self.sweeps = sweeps
        self.job: AnimationJob | None = None

        self.format = QComboBox()
        for key in FORMATS:
            self.format.addItem(FORMAT_TITLES[key], key)
        self.path = QLineEdit(str(Path(folder or Path.home()) / f"{_stem(scene)}.png"))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        self.preset = QComboBox()
        for title, w, h in SIZES:
            self.preset.addItem(title, (w, h))
        self.preset.addItem("Custom", None)
        self.width_box = _spin(MIN_PIXELS, MAX_PIXELS[0], 1920, " px")
        self.height_box = _spin(MIN_PIXELS, MAX_PIXELS[1], 1080, " px")
        self.preset.setCurrentIndex(1)
        self.preset.currentIndexChanged.connect(self._apply_preset)
        size_row = QHBoxLayout()
        size_row.addWidget(self.preset)
        size_row.addWidget(self.width_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_box)
        self.dpi = QSpinBox()
        self.dpi.setRange(0, 768)
        self.dpi.setSpecialValueText("automatic")
        self.dpi.setSuffix(" dpi")
        self.dpi.setToolTip("Automatic: the layout of a 1280 × 720 picture, scaled to the size chosen")
        self.transparent = QCheckBox("Transparent background")
        self.title_box = QCheckBox("Title (the scene's) above the map")
        self.title_box.setEnabled(bool(scene.title))
        self.inset_box = QCheckBox("Loss-curve inset in the map's corner")
        self.theme = QComboBox()
        self.theme.addItem("Slide (light, thick lines)", "slide")
        self.theme.addItem("Dark (as on screen)", "dark")
        self.theme.setCurrentIndex(max(0, self.theme.findData(theme_name)))

        self.data_source = QComboBox()
        for title, key in DATA_SOURCES:
            self.data_source.addItem(title, key)
        if sweeps is None:
            self.data_source.model().item(1).setEnabled(False)
            self.data_source.setItemData(1, NO_SWEEPS, Qt.ItemDataRole.ToolTipRole)
        elif prefer_sweeps:
            self.data_source.setCurrentIndex(1)

        self.fps = QDoubleSpinBox()
        self.fps.setRange(1, 60)
        self.fps.setValue(30)
        self.fps.setSuffix(" fps")
        self.duration = QDoubleSpinBox()
        self.duration.setRange(0, 600)
        self.duration.setDecimals(1)
        self.duration.setSpecialValueText("a frame a step (≤ 10 s)")
        self.duration.setSuffix(" s")
        self.first = _spin(0, scene.steps, 0)
        self.last = _spin(0, scene.steps, scene.step if scene.step > 0 else scene.steps)
        steps_row = QHBoxLayout()
        steps_row.addWidget(self.first)
        steps_row.addWidget(QLabel("to"))
        steps_row.addWidget(self.last)

        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("File", path_row)
        form.addRow("Size", size_row)
        form.addRow("Resolution", self.dpi)
        form.addRow("", self.transparent)
        form.addRow("", self.title_box)
        form.addRow("", self.inset_box)
        form.addRow("Theme", self.theme)
        form.addRow("Data", self.data_source)
        form.addRow("Frame rate", self.fps)
        form.addRow("Duration", self.duration)
        form.addRow("Steps", steps_row)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.tab_note = QLabel(f"PNG and SVG picture the {self.tab_title} tab, the one you are looking at; "
                               "animations and data export the race." if tab is not None else "")
        self.tab_note.setObjectName("exportTabNote")
        self.tab_note.setWordWrap(True)
        self.tab_note.setVisible(tab is not None)
        self.message = QLabel()
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._cancel_or_close)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tab_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.format.currentIndexChanged.connect(self._format_changed)
        self.data_source.currentIndexChanged.connect(self._format_changed)
        self.path.textEdited.connect(self._path_edited)
        self._format_changed()

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
        suffix = Path(text).suffix.lower().lstrip(".")
        index = self.format.findData(suffix)
        if index >= 0 and index != self.format.currentIndex():
            self.format.blockSignals(True)
            self.format.setCurrentIndex(index)
            self.format.blockSignals(False)
            self._enable_fields()

    def _format_changed(self) -> None:
        fmt = self.selected_format()
        text = self.path.text().strip()
        if text:
            self.path.setText(str(_with_stem(Path(text).with_suffix("." + fmt), self._default_stems(),
                                             self._default_stems()[self.exports_sweeps()])))
        self._enable_fields()

    def _default_stems(self) -> tuple[str, str]:
        """The file names this dialog proposes: the race's, and the sweeps' (so one does not overwrite
        the other)."""
        return _stem(self.scene), f"{_stem(self.scene)}-sweeps"

    def _enable_fields(self) -> None:
        fmt = self.selected_format()
        picture, animation = fmt not in DATA_FORMATS, fmt in ANIMATION_FORMATS
        for widget in (self.preset, self.width_box, self.height_box, self.theme):
            widget.setEnabled(picture)
        self.data_source.setEnabled(fmt in DATA_FORMATS)
        self.dpi.setEnabled(fmt in PICTURE_FORMATS)
        self.transparent.setEnabled(fmt in PICTURE_FORMATS)
        self.title_box.setEnabled(fmt in PICTURE_FORMATS and bool(self.scene.title))
        self.inset_box.setEnabled(fmt in PICTURE_FORMATS)
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
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(),
                                              f"{FORMAT_TITLES[fmt]} (*.{fmt});;All files (*)")
        if path:
            self.set_path(path)

    def plan(self) -> ExportPlan:
        """The export the fields describe; raises ValueError (ExportError) with the reason."""
        fmt = self.selected_format()
        path = Path(self.path.text().strip()).expanduser()
        plan = ExportPlan.for_path(path, theme=self.theme.currentData(),
                                   transparent=self.transparent.isChecked() and self.transparent.isEnabled(),
                                   fps=self.fps.value(), duration=self.duration.value() or None,
                                   dpi=(self.dpi.value() or None) if fmt in PICTURE_FORMATS else None,
                                   first=self.first.value() if fmt in ANIMATION_FORMATS else -1,
                                   last=self.last.value())
        if plan.format != fmt:
            raise ValueError(f"the file name ends in .{plan.format} but the format is {fmt.upper()}")
        width, height = self.width_box.value(), self.height_box.value()
        if fmt == "mp4":  # 4:2:0 video needs even sizes
            width, height = width - width % 2, height - height % 2
        return dataclasses.replace(plan, width=width, height=height)

    # ---- running -----------------------------------------------------------------------------------
    def start_export(self) -> None:
        try:
            plan = self.plan()
        except ValueError as exc:
            self._show_error(str(exc))
            return
        self._show_message("")
        if plan.format in ANIMATION_FORMATS:
            self._start_animation(plan)
            return
        if plan.format in DATA_FORMATS:
            self._start_data(plan)
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # pictures: Qt paints on this thread
        if self.tab is not None:
            try:
                export_tab_image(self.tab, plan.path, (plan.width, plan.height), get_theme(plan.theme))
            except (OSError, ValueError) as exc:
                self._show_error(failure_reason(exc))
                return
            finally:
                QGuiApplication.restoreOverrideCursor()
            self._done(str(plan.path))
            return
        try:
            options = self.picture_options()
            if plan.format == "png":
                image, dpi = render_picture(self.scene, plan, **options)  # long paths decimated: ~2.5 s at 8K
            else:
                export_scene(self.scene, plan, **options)
        except (OSError, ValueError) as exc:
            self._show_error(failure_reason(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        if plan.format == "png":  # encoding an 8K PNG takes seconds: on the job runner, the window live
            self._start_write(plan, lambda: write_bytes_atomically(plan.path, png_bytes(image, dpi)))
            return
        self._done(str(plan.path))

    def picture_options(self) -> dict:
        """A still picture's extras: the scene's title above the map, a loss-curve inset."""
        return {"title": self.title_box.isChecked() and self.title_box.isEnabled(),
                "inset": self.inset_box.isChecked() and self.inset_box.isEnabled()}

    def _start_write(self, plan: ExportPlan, write) -> None:
        def work(_progress):
            write()
            return str(plan.path)

        def ended(path: str | None = None, reason: str | None = None) -> None:
            self.export_button.setEnabled(True)
            if reason is None:
                self._done(path)
            else:
                self._show_error(reason)

        self.export_button.setEnabled(False)
        self._show_message("Writing…")
        self.data_jobs.submit(work, ended, on_error=lambda exc: ended(reason=failure_reason(exc)))

    def _start_data(self, plan: ExportPlan) -> None:
        """CSV/JSON (the race re-run, or the map's sweeps) on a job runner: the window stays live. Such a
        write runs to its end once started (there is nothing to cancel halfway)."""
        sweeps, scene = (self.sweeps if self.exports_sweeps() else None), self.scene

        def work(_progress):
            if sweeps is not None:
                sweeps.write(plan.path)
            else:
                export_scene(scene, plan)
            return str(plan.path)

        def ended(path: str | None = None, reason: str | None = None) -> None:
            self.export_button.setEnabled(True)
            if reason is None:
                self._done(path)
            else:
                self._show_error(reason)

        self.export_button.setEnabled(False)
        self._show_message("Writing…")
        self.data_jobs.submit(work, ended, on_error=lambda exc: ended(reason=failure_reason(exc)))

    def wait(self, timeout: float = 60.0) -> bool:
        """Until a data export has been written and reported (tests, scripts)."""
        return self.data_jobs.wait(timeout)

    def _start_animation(self, plan: ExportPlan) -> None:
        self.job = AnimationJob(self.scene, plan, self)
        self.job.progress.connect(lambda f: self.progress.setValue(round(f * 1000)))
        self.job.finished.connect(self._done)
        self.job.failed.connect(self._show_error)
        self.job.cancelled.connect(lambda: self._show_message("Export cancelled; no file was written."))
        for signal in (self.job.finished, self.job.failed, self.job.cancelled):
            signal.connect(self._job_ended)
        self.progress.setValue(0)
        self.progress.show()
        self.export_button.setEnabled(False)
        self._show_message("Rendering…")
        self.job.start()

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
        self._show_message(f"Exported {path}")
        self.exported.emit(path)

    def _show_error(self, reason: str) -> None:
        self.message.setStyleSheet("color: #d55e00;")
        self.message.setText(f"Export failed: {reason}")

    def _show_message(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)


def _spin(lo: int, hi: int, value: int, suffix: str = "") -> QSpinBox:
    box = QSpinBox()
    box.setRange(lo, hi)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


def _stem(scene: Scene) -> str:
    title = "".join(c if c.isalnum() or c in "-_" else "_" for c in (scene.title or "losslab")).strip("_")
    return title[:60] or "losslab"


def _with_stem(path: Path, proposed: tuple[str, ...], stem: str) -> Path:
    """``path`` renamed to ``stem`` if its name is one the dialog proposed (never a name the user typed)."""
    return path.with_name(stem + path.suffix) if path.stem in proposed else path


def open_export_dialog(window, scene: Scene, theme_name: str, sweeps: SweepData | None = None,
                       prefer_sweeps: bool = False, tab: QWidget | None = None, tab_title: str = "") -> ExportDialog:
    """Show the export dialog for ``scene`` (and the scale map's ``sweeps``, if computed) over ``window``
    (non-modal; deleted when closed); ``tab``/``tab_title``: pictures show that tab (ExportDialog)."""
    dialog = ExportDialog(scene, "slide" if theme_name == "slide" else "dark", parent=window, sweeps=sweeps,
                          prefer_sweeps=prefer_sweeps, tab=tab, tab_title=tab_title)
    dialog.exported.connect(lambda path: window.statusBar().showMessage(f"Exported {path}", 8000))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
