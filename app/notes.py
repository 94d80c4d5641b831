"""Scene notes as safe rich text: a scene file is data someone sent, so its title and notes are escaped
whole, then a tiny subset of Markdown is applied to the escaped text:

* a blank line starts a new paragraph; other line breaks are kept;
* lines starting with "- " are bullets;
* ``**bold**`` and ``*emphasis*`` (on one line).

Nothing else: no images, links, tables, styles or raw HTML — "<img src=...>" shows as those characters,
and "x < 3" shows as written. A letter with a combining mark becomes its precomposed letter where
Unicode has one (ŝ); otherwise (m̂, v̂: no precomposed form) the pair is set in italics, as a math
variable: Qt's rich text draws a bare combining circumflex over the wrong letter (screenshots, checked
by eye: the hat of "m̂" landed on the next word), and in an italic span it sits on its own letter.
"""

from __future__ import annotations

import html
import re
import unicodedata

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_MARKED = re.compile(r"(\w)([\u0300-\u036f]+)")


def keep_marks(text: str) -> str:
    """Precomposed letters where Unicode has them (ŝ, â, ô…); other letter + combining-mark pairs (m̂, v̂)
    in an italic span, where Qt draws the mark over its letter."""
    def fix(match: re.Match) -> str:
        pair = match.group(0)
        composed = unicodedata.normalize("NFC", pair)
        if len(composed) == 1:
            return composed
        return f"<i>{pair}</i>"

    return _MARKED.sub(fix, text)


def _inline(escaped: str) -> str:
    escaped = _BOLD.sub(r"<b>\1</b>", escaped)
    escaped = _EMPHASIS.sub(r"<i>\1</i>", escaped)
    return keep_marks(escaped)


def _block(lines: list[str]) -> str:
    """One paragraph: runs of bullet lines become lists, other runs prose with their line breaks."""
    out, run, bullets = [], [], False
    for line in lines + [None]:
        is_bullet = line is not None and line.startswith("- ")
        if run and (line is None or is_bullet != bullets):
            out.append("<ul>" + "".join(f"<li>{item}</li>" for item in run) + "</ul>" if bullets
                       else "<p>" + "<br>".join(run) + "</p>")
            run = []
        if line is not None:
            bullets = is_bullet
            run.append(_inline(html.escape(line[2:].strip() if is_bullet else line)))
    return "".join(out)


def render_notes(notes: str, title: str = "") -> str:
    """The rich text a QLabel or QTextBrowser shows for a scene's ``title`` and ``notes``."""
    parts = [f"<b>{_inline(html.escape(title))}</b>"] if title else []
    for block in re.split(r"\n[ \t]*\n", notes.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            parts.append(_block(lines))
    return "".join(parts)
