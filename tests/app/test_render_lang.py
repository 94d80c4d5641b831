"""`losslab render --lang zh_CN`: the picture's words in Chinese, drawn with the bundled font (no tofu),
and the caller's language left as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app import i18n
from app.cli.main import main

PRESET = Path(__file__).resolve().parents[2] / "resources" / "presets" / "race_beale.json"
TOFU = "\ue000" * 8  # private-use code points: no font has them, each is drawn as a box (or nothing)


def _render(scene: Path, out: Path, lang: str) -> QImage:
    code = main(["render", str(scene), "-o", str(out), "--size", "640x360", "--title", "--lang", lang, "--quiet"])
    assert code == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (640, 360)
    return image


def test_render_in_chinese_draws_the_chinese_title_with_real_glyphs(qapp, tmp_path):
    i18n.set_language(qapp, "en")
    data = json.loads(PRESET.read_text(encoding="utf-8"))
    assert any("\u4e00" <= c <= "\u9fff" for c in data["title"]["zh_CN"])  # the preset has a Chinese title
    english = _render(PRESET, tmp_path / "en.png", "en")
    chinese = _render(PRESET, tmp_path / "zh.png", "zh_CN")
    assert i18n.current_language() == "en"  # the command put the language back
    # The same scene with boxes instead of hanzi in its Chinese title: everything else in the picture is
    # the same, so a difference is the title's glyphs (not tofu, not missing).
    data["title"]["zh_CN"] = TOFU
    boxes_scene = tmp_path / "boxes.json"
    boxes_scene.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    boxes = _render(boxes_scene, tmp_path / "boxes.png", "zh_CN")
    assert chinese != english
    assert chinese != boxes
    # and the English render is not changed by the --lang option's existence: same as without it
    assert main(["render", str(PRESET), "-o", str(tmp_path / "plain.png"), "--size", "640x360", "--title",
                 "--quiet"]) == 0
    assert QImage(str(tmp_path / "plain.png")) == english


def test_a_screenshot_in_chinese_prints_nothing_but_its_result(tmp_path):
    """`losslab --screenshot … --lang zh_CN` in a real process: exit 0, a picture of the asked size, and no
    Qt platform chatter ("propagateSizeHints") or traceback on stderr (issue 15's small ones)."""
    import subprocess
    import sys

    out = tmp_path / "shot.png"
    done = subprocess.run([sys.executable, "-m", "app.cli.main", "--screenshot", str(out), "--size", "640x400",
                           "--lang", "zh_CN"], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert "propagateSizeHints" not in done.stderr and "Traceback" not in done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (640, 400)


def test_an_svg_rendered_in_chinese_carries_the_glyphs_of_its_text(qapp, tmp_path):
    """Issue 20: a zh_CN SVG export draws on a machine without Chinese fonts — the font is inside the file,
    holding every hanzi its text elements use (and an English SVG embeds nothing)."""
    import base64
    import io
    import re

    TTFont = pytest.importorskip("fontTools.ttLib", reason="fontTools (dev extras) not installed").TTFont
    out = tmp_path / "zh.svg"
    assert main(["render", str(PRESET), "-o", str(out), "--size", "640x360", "--title", "--lang", "zh_CN",
                 "--quiet"]) == 0
    svg = out.read_text(encoding="utf-8")
    shown = "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    hanzi = {ord(c) for c in shown if "\u4e00" <= c <= "\u9fff"}
    assert hanzi  # the title, at least
    data = re.search(r"@font-face[^}]*base64,([A-Za-z0-9+/=]+)", svg).group(1)
    assert hanzi <= set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap())
    english = tmp_path / "en.svg"
    assert main(["render", str(PRESET), "-o", str(english), "--size", "640x360", "--title", "--lang", "en",
                 "--quiet"]) == 0
    assert "@font-face" not in english.read_text(encoding="utf-8")
