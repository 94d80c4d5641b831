"""A read-only panel with an experiment's (or a preset's) explanation for students."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser

from app.i18n import current_language
from app.notes import keep_marks, render_notes
from core.experiments.catalog import SCALE_TEXT

SCALE_TITLE = "Loss ÷10 vs lr ÷10"


class ExplanationPanel(QTextBrowser):
    """Shows a title, an optional summary line of numbers and the explanation text (kept as written:
    line breaks and the aligned update equations matter)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenExternalLinks(False)
        self._title = ""
        self._shown: tuple | None = None  # what is on show: the window re-sends it on every scene change

    @property
    def title(self) -> str:
        return self._title

    def show_text(self, title: str, text: str, summary: str = "") -> None:
        if (title, text, summary) == self._shown:
            return
        self._shown = (title, text, summary)
        self._title = title
        parts = [f"<h3>{html.escape(title)}</h3>"]
        if summary:
            parts.append(f"<p><b>{html.escape(summary)}</b></p>")
        for paragraph in text.strip().split("\n\n"):
            lines = paragraph.split("\n")
            if any(line.lstrip().startswith(("θ", "g", "m", "v", "b", "SGD:", "Adam", "Momentum", "∇"))
                   and ("←" in line or "=" in line) for line in lines):
                parts.append("<pre>" + keep_marks(html.escape(paragraph)) + "</pre>")  # equations keep their alignment
            else:
                parts.append(_prose(lines))
        self.setHtml("\n".join(parts))

    def show_experiment(self, result) -> None:
        """``result``: a core.experiments.ExperimentResult."""
        self.show_text(result.title, result.explanation, result.summary)

    def show_scene_notes(self, scene, notes: str | None = None) -> None:
        """``scene``: a core.scene.Scene (a preset's title and notes; ``notes``: them with their measured
        numbers, if the caller has them). A scene without notes gets the headline question's explanation
        — what the scale map is there to answer — not an empty panel."""
        lang = current_language()
        title = scene.title_in(lang)
        notes = scene.notes_in(lang) if notes is None else notes
        if notes:
            shown = ("notes", title, notes)
            if shown != self._shown:  # escaped: a scene file is data someone sent (app.notes)
                self._shown = shown
                self._title = title or "Scene"
                self.setHtml(f"<h3>{html.escape(self._title)}</h3>" + render_notes(notes))
        else:
            self.show_text(SCALE_TITLE, SCALE_TEXT)


def _prose(lines: list[str]) -> str:
    """A paragraph as HTML; lines starting with "•" (and the lines that continue them) become a list."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        line = line.strip()
        if line.startswith("•"):
            blocks.append([line.lstrip("• ")])
        else:
            blocks[-1].append(line)
    text = " ".join(blocks[0])
    out = f"<p>{keep_marks(html.escape(text))}</p>" if text else ""
    if len(blocks) > 1:
        out += "<ul>" + "".join(f"<li>{keep_marks(html.escape(' '.join(b)))}</li>" for b in blocks[1:]) + "</ul>"
    return out
