"""Scene notes are data from a file someone sent: rendered as escaped text with a tiny documented subset
(app.notes), never as raw HTML."""

from __future__ import annotations

import os

from PySide6.QtGui import QTextDocument

from app.notes import render_notes


def _plain(rich: str) -> str:
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def test_the_subset_paragraphs_bullets_emphasis_and_bold(qapp):
    rich = render_notes("First line\nsecond line\n\n- one *quiet* point\n- a **loud** one\nafter", "Title")
    assert rich.startswith("<b>Title</b>")
    assert "<p>First line<br>second line</p>" in rich
    assert "<ul><li>one <i>quiet</i> point</li><li>a <b>loud</b> one</li></ul><p>after</p>" in rich
    assert "2 * 3 * 4" in _plain(render_notes("2 * 3 * 4"))  # lone asterisks stay asterisks


def test_hostile_markup_is_shown_as_text(qapp, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    hostile = (f'x < 3 and y > 2 & <img src="/dev/zero"> <img src="{fifo}"> <script>alert(1)</script> '
               + "<table><tr><td>" * 40 + ' <a href="file:///etc/passwd">link</a> <b>not bold</b>')
    rich = render_notes(hostile, title="<img src='/dev/zero'>")
    for tag in ("<img", "<table", "<script", "<a ", "<b>not"):
        assert tag not in rich
    plain = _plain(rich)
    assert "x < 3 and y > 2 &" in plain and '<img src="/dev/zero">' in plain and "<b>not bold</b>" in plain


def test_hats_are_drawn_on_their_letter(qapp):
    rich = render_notes("m̂ and v̂, ŝ")
    assert "<i>m\u0302</i>" in rich and "<i>v\u0302</i>" in rich  # Qt places the mark right in italics
    assert "\u015d" in rich  # ŝ has a precomposed letter


def test_the_window_shows_hostile_notes_escaped(window, tmp_path):
    fifo = tmp_path / "notes-pipe"
    os.mkfifo(fifo)
    scene = window.model.scene.with_changes(title="A <i>title</i>",
                                            notes=f'x < 3\n\n<img src="/dev/zero"><img src="{fifo}">')
    window.model.set_scene(scene)  # returns at once: nothing is loaded from those paths
    label = window.scene_notes
    assert "<img" not in label.text() and label.isVisible()
    plain = _plain(label.text())
    assert "x < 3" in plain and "A <i>title</i>" in plain and '<img src="/dev/zero">' in plain


def test_the_window_fills_a_presets_numbers_off_the_ui_thread(window, qtbot):
    from pathlib import Path

    from core.claims import scene_notes
    from core.scene import load

    path = Path(__file__).resolve().parents[2] / "resources" / "presets" / "lesson_adam_step.json"
    assert window.open_scene(path)
    assert "{" in window.model.scene.notes  # the file quotes measured numbers through placeholders
    assert window.scene_notes.wait(30.0)
    assert window.scene_notes.notes == scene_notes(load(path))
    assert "{" not in _plain(window.scene_notes.text())
