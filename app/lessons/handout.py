"""A lesson as a handout: a PDF through Qt's own QPdfWriter (one page per step: the picture of the step's
view, its text with the measured numbers, the question and its answer) or a folder of slide-ready PNGs.

Each step is applied to the window and its view grabbed; the measurements run on the lesson's JobRunner
and the race on the model's worker, while the GUI thread only waits in short slices (progress and Cancel
stay live). Painting stays on the GUI thread. Nothing is written over until the whole export succeeded:
the PDF goes to a temporary file renamed at the end, the PNGs to temporary names renamed at the end.
Its words (headings, progress, errors) are in the interface language, context "LessonHandout"; the
lesson's own texts in the lesson's."""

from __future__ import annotations

import html
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication, QProgressDialog

from app.i18n import translate
from app.notes import render_notes
from core.export.files import atomic_target
from core.lessons import fill, text

SLIDE_SIZE = (1920, 1080)
WAIT_SLICE_S = 0.05


@dataclass
class ExportResult:
    ok: bool
    pages: int = 0
    cancelled: bool = False
    error: str = ""


@dataclass
class StepPage:
    lesson_title: str
    position: int
    count: int
    title: str
    body: str
    question_html: str  # the question, its choices and the answer with its measured numbers ("" if none)
    picture: QImage


class Cancelled(Exception):
    pass


def _question_html(session) -> str:
    question = session.step.question
    if question is None:
        return ""
    choices = session.choices()
    items = "".join(f"<li>{'<b>' if i == question.answer else ''}{html.escape(c)}"
                    f"{' ✓</b>' if i == question.answer else ''}</li>" for i, c in enumerate(choices))
    explain = fill(question.explain, session.results(), session.lang)
    predict, answer = translate("LessonHandout", "Predict:"), translate("LessonHandout", "Answer:")
    return (f"<p><b>{predict}</b> {html.escape(session.prompt())}</p><ol type='A'>{items}</ol>"
            f"<p><b>{answer}</b> {html.escape(choices[question.answer])}. {html.escape(explain)}</p>")


def collect_pages(controller, progress=None) -> list[StepPage]:
    """Apply each step in turn, wait for its race and its numbers, grab its view. ``progress(i, n)``
    returns False to cancel (raises Cancelled). The lesson is left at the step it was on."""
    session, window = controller.session, controller.window
    start = session.position
    pages = []
    try:
        for index in range(session.count):
            if progress is not None and progress(index, session.count) is False:
                raise Cancelled
            controller.go(index)
            while not (controller.is_measured(index) and not window.model.computing):
                controller.runner.wait(WAIT_SLICE_S)
                window.model.wait_idle(WAIT_SLICE_S)
                QApplication.processEvents()
                if progress is not None and progress(index, session.count) is False:
                    raise Cancelled
            controller.release_for_picture()  # the picture shows the controls as they are once answered
            if session.step.tab == "race":
                window.player.to_end()  # the whole run in the picture
            QApplication.processEvents()
            picture = window.tabs.currentWidget().grab().toImage()
            pages.append(StepPage(text(session.lesson.title, session.lang), index, session.count, session.title(),
                                  session.text(), _question_html(session), picture))
    finally:
        if controller.session is session:
            controller.go(start)
    return pages


def _document(page: StepPage, width: float, device, point_size: float) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    font = doc.defaultFont()
    font.setPointSizeF(point_size)
    doc.setDefaultFont(font)
    # Black on the white page: left to itself the document takes the window palette's text colour, which
    # in the dark theme is a light grey that all but vanishes on paper.
    doc.setDefaultStyleSheet("body, p, li, div, span, b, i { color: #000000; }")
    doc.setHtml(render_notes(page.body) + page.question_html)
    doc.setTextWidth(width)
    return doc


def _header(painter: QPainter, page: StepPage, x: float, y: float, width: float, scale: float) -> float:
    font = painter.font()
    font.setPointSizeF(9 * scale)
    painter.setFont(font)
    painter.setPen(QColor("#555555"))
    small = painter.fontMetrics().height()
    painter.drawText(QRectF(x, y, width, small), Qt.AlignmentFlag.AlignLeft,
                     translate("LessonHandout", "{lesson} — step {number} of {count}").format(
                         lesson=page.lesson_title, number=page.position + 1, count=page.count))
    y += small * 1.4
    font.setPointSizeF(16 * scale)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#000000"))
    big = painter.fontMetrics().height()
    painter.drawText(QRectF(x, y, width, big * 2), Qt.TextFlag.TextWordWrap, page.title)
    font.setBold(False)
    painter.setFont(font)
    return y + big * 1.5


def _picture(painter: QPainter, image: QImage, box: QRectF) -> float:
    """Draw ``image`` scaled into ``box`` (aspect kept, top-left aligned); its bottom."""
    if image.isNull() or image.width() == 0:
        return box.top()
    scale = min(box.width() / image.width(), box.height() / image.height())
    target = QRectF(box.left(), box.top(), image.width() * scale, image.height() * scale)
    painter.drawImage(target, image)
    return target.bottom()


def _paint_pdf(pages: list[StepPage], path: Path) -> None:
    writer = QPdfWriter(str(path))
    writer.setTitle(pages[0].lesson_title if pages else translate("LessonHandout", "losslab lesson"))
    writer.setCreator("losslab")
    writer.setResolution(150)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(translate("LessonHandout", "cannot write {path}").format(path=path))
    try:
        width, height = writer.width(), writer.height()
        for i, page in enumerate(pages):
            if i:
                writer.newPage()
            y = _header(painter, page, 0, 0, width, 1.0)
            y = _picture(painter, page.picture, QRectF(0, y, width, height * 0.45)) + height * 0.02
            doc = _document(page, width, writer, 10.5)
            painter.save()
            painter.translate(0, y)
            doc.drawContents(painter, QRectF(0, 0, width, height - y))
            painter.restore()
    finally:
        painter.end()


def _paint_slide(page: StepPage) -> QImage:
    image = QImage(*SLIDE_SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    image.setDotsPerMeterX(3780)  # 96 dpi: point sizes come out as on a screen
    image.setDotsPerMeterY(3780)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    try:
        margin = 48
        width = SLIDE_SIZE[0] - 2 * margin
        y = _header(painter, page, margin, margin, width, 2.0)
        left = width * 0.6
        _picture(painter, page.picture, QRectF(margin, y, left, SLIDE_SIZE[1] - y - margin))
        doc = _document(page, width - left - 32, image, 17)
        painter.translate(margin + left + 32, y)
        doc.drawContents(painter, QRectF(0, 0, width - left - 32, SLIDE_SIZE[1] - y - margin))
    finally:
        painter.end()
    return image


def _progress(controller, ask_cancel: bool, label: str):
    if not ask_cancel:
        return None, None
    dialog = QProgressDialog(label, translate("LessonHandout", "Cancel"), 0, controller.session.count,
                             controller.window)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)

    def progress(i: int, n: int) -> bool:
        dialog.setValue(i)
        return not dialog.wasCanceled()

    return dialog, progress


def export_pdf(controller, path, ask_cancel: bool = False, progress=None) -> ExportResult:
    """Write the lesson shown by ``controller`` as a PDF handout at ``path`` (replaced only on success)."""
    if controller.session is None:
        return ExportResult(False, error=translate("LessonHandout", "No lesson is open"))
    path = Path(path)
    dialog, dialog_progress = _progress(controller, ask_cancel, translate("LessonHandout", "Preparing the handout…"))
    try:
        pages = collect_pages(controller, progress or dialog_progress)
        with atomic_target(path, suffix=".pdf.tmp") as tmp:  # as every other save (core.export.files)
            _paint_pdf(pages, tmp)
            if tmp.stat().st_size == 0:
                raise OSError(translate("LessonHandout", "the PDF writer produced nothing at {path}").format(
                    path=path))
        return ExportResult(True, len(pages))
    except Cancelled:
        return ExportResult(False, cancelled=True)
    except OSError as exc:
        return ExportResult(False, error=translate("LessonHandout", "Handout not written: {error}").format(error=exc))
    finally:
        if dialog is not None:
            dialog.close()


def export_slides(controller, folder, ask_cancel: bool = False, progress=None) -> ExportResult:
    """Write the lesson as ``step_01.png``, … (1920×1080) into ``folder``; existing files are replaced only
    once every slide was written."""
    if controller.session is None:
        return ExportResult(False, error=translate("LessonHandout", "No lesson is open"))
    folder = Path(folder)
    dialog, dialog_progress = _progress(controller, ask_cancel, translate("LessonHandout", "Preparing the slides…"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        pages = collect_pages(controller, progress or dialog_progress)
        # each slide through its own atomic_target, all renamed together when the stack closes without an
        # error (a failed one removes every temporary and renames none)
        with ExitStack() as slides:
            for page in pages:
                final = folder / f"{controller.session.lesson.id}_step_{page.position + 1:02d}.png"
                tmp = slides.enter_context(atomic_target(final, suffix=".png.tmp"))
                if not _paint_slide(page).save(str(tmp), "PNG"):
                    raise OSError(translate("LessonHandout", "cannot write {path}").format(path=final))
        return ExportResult(True, len(pages))
    except Cancelled:
        return ExportResult(False, cancelled=True)
    except OSError as exc:
        return ExportResult(False, error=translate("LessonHandout", "Slides not written: {error}").format(error=exc))
    finally:
        if dialog is not None:
            dialog.close()
