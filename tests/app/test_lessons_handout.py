"""A lesson as a PDF handout (one page per step, with the measured answer) and as slide PNGs; a cancelled
export leaves the files already there untouched."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata

import pytest
from PySide6.QtGui import QImage

from app.lessons.handout import SLIDE_SIZE, export_pdf, export_slides
from app.lessons.install import install_lessons
from core.lessons import evaluate_step, fill
from tests.app.lesson_samples import TEACHER_LESSON


@pytest.fixture
def lessons(window, tmp_path):
    controller = install_lessons(window)
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(TEACHER_LESSON), encoding="utf-8")
    assert controller.open_lesson(path)
    yield controller
    controller.leave()
    controller.shutdown()


def page_count(path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def hidden_files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_the_handout_has_one_page_per_step_with_the_measured_answer(window, lessons, tmp_path):
    lessons.next()  # the export goes through every step and comes back here
    out = tmp_path / "handout.pdf"
    result = export_pdf(lessons, out)
    assert result.ok and result.pages == 2
    assert out.read_bytes().startswith(b"%PDF") and page_count(out) == 2
    assert lessons.session.position == 1
    assert not hidden_files(tmp_path)  # no temporary left
    if shutil.which("pdftotext"):
        step = lessons.session.lesson.steps[0]
        expected = fill(step.question.explain, evaluate_step(step))
        first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(out), "-"], capture_output=True,
                               text=True, check=True).stdout
        first = unicodedata.normalize("NFKC", first)  # the PDF's "ﬁ" ligatures
        assert "Canyon race" in first and "Which reaches loss 1e-4 first?" in first
        assert " ".join(expected.split()) in " ".join(first.split())


def test_a_cancelled_export_leaves_the_existing_files_untouched(window, lessons, tmp_path):
    out = tmp_path / "handout.pdf"
    out.write_bytes(b"an earlier handout")
    result = export_pdf(lessons, out, progress=lambda i, n: i < 1)  # cancelled on the second step
    assert result.cancelled and not result.ok
    assert out.read_bytes() == b"an earlier handout"
    assert not hidden_files(tmp_path)  # no temporary left


def test_slides_are_one_png_per_step(window, lessons, tmp_path):
    folder = tmp_path / "slides"
    result = export_slides(lessons, folder)
    assert result.ok and result.pages == 2
    files = sorted(folder.glob("*.png"))
    assert [f.name for f in files] == ["teacher_canyon_step_01.png", "teacher_canyon_step_02.png"]
    image = QImage(str(files[0]))
    assert (image.width(), image.height()) == SLIDE_SIZE
    assert not hidden_files(folder)


def test_a_handout_saved_through_a_link_writes_the_linked_file(window, lessons, tmp_path):
    """As every other save (core.export.files.atomic_target): the link stays a link."""
    real = tmp_path / "real.pdf"
    real.write_bytes(b"an earlier handout")
    link = tmp_path / "handout.pdf"
    link.symlink_to(real)
    assert export_pdf(lessons, link).ok
    assert link.is_symlink() and real.read_bytes().startswith(b"%PDF")
    assert not hidden_files(tmp_path)


def test_handout_text_is_black_on_the_page_even_under_the_dark_window_palette(qapp):
    """The dark theme's palette has light text: a handout's words must not inherit it (grey on paper)."""
    from PySide6.QtGui import QColor, QImage, QPainter, QPalette

    from app.lessons.handout import StepPage, _document

    saved = qapp.palette()
    dark = QPalette(saved)
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8e8e8"))
    qapp.setPalette(dark)
    try:
        image = QImage(600, 200, QImage.Format.Format_RGB32)
        image.fill(QColor("#ffffff"))
        page = StepPage("L", 0, 1, "T", "Momentum reaches loss 1e-4 at step 106.", "", QImage())
        painter = QPainter(image)
        _document(page, 580, image, 14).drawContents(painter)
        painter.end()
    finally:
        qapp.setPalette(saved)
    darkest = min(QColor(image.pixel(x, y)).lightness() for x in range(0, 600, 2) for y in range(0, 60))
    assert darkest < 80  # black glyphs, not the palette's light grey
