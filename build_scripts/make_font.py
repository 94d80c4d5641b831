"""Regenerate resources/fonts/NotoSansSC-losslab.otf: the Simplified-Chinese face of Noto Sans CJK,
subset to the characters losslab shows.

    .venv/bin/python build_scripts/make_font.py [--source NotoSansCJK-Regular.ttc] [--check]

Source: Debian's fonts-noto-cjk (``apt-get install -y fonts-noto-cjk``), face "Noto Sans CJK SC" of
/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc (SIL Open Font License 1.1). The characters kept:

* every non-ASCII character of the translations (resources/i18n/*.ts, resources/i18n/glossary.tsv), the
  presets and lessons (resources/presets/*.json, resources/lessons/*.json) and the app's own sources
  (app/, core/: the symbols it draws, γ, ∇, ‖θA − θB‖ …);
* a base set: ASCII, Latin-1, Greek, general punctuation, arrows, the math operators the app uses, CJK
  and full-width punctuation, and the 3,755 most frequent hanzi (GB 2312 level 1), so a teacher's own
  lesson text mostly renders.

Noto Sans CJK has no sub/superscript digits (₁ ², ᵗ) nor combining marks (the hat of m̂): those keep coming
from the platform's Latin font, which every system has; ``--check`` therefore reports only the
characters of CJK scripts (hanzi, CJK and full-width punctuation) the bundled font lacks.

The family is renamed "LossLab Noto Sans SC" (the OFL allows it; Noto has no Reserved Font Name) so the
subset never shadows, nor is shadowed by, a full Noto Sans CJK installed on the system. Hinting is
dropped (CJK CFF hints are large and Qt renders unhinted outlines well). ``--check`` exits 1 when the
bundled font lacks a character the texts need (run after editing a translation, a lesson or a preset).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts" / "NotoSansSC-losslab.otf"
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
COPYRIGHT = Path("/usr/share/doc/fonts-noto-cjk/copyright")
FACE = "Noto Sans CJK SC"
FAMILY = "LossLab Noto Sans SC"
LIMIT_BYTES = 2 * 1024 * 1024

def common_hanzi() -> str:
    """GB 2312 level 1: the 3,755 most frequently used hanzi (rows 16-55 of the standard, in pinyin order)."""
    return "".join(bytes([row, cell]).decode("gb2312") for row in range(0xB0, 0xD8) for cell in range(0xA1, 0xFF)
                   if not (row == 0xD7 and cell > 0xF9))


# Teaching vocabulary that a lesson is likely to use even where the list above lacks it.
TEACHING_HANZI = ("梯度损失函数优化器权重衰减裁剪批量归一初始鞍点收敛发散矩阵特征值条件偏差修正调度"
                  "随机失活暂退层输入出激活")

BASE_RANGES = (
    (0x20, 0x7E),      # ASCII
    (0xA0, 0xFF),      # Latin-1
    (0x391, 0x3A9), (0x3B1, 0x3C9),  # Greek
    (0x2010, 0x2027), (0x2030, 0x203A),  # dashes, quotes, …, ‰
    (0x2070, 0x209C),  # superscript and subscript digits
    (0x2190, 0x2199),  # arrows
    (0x3000, 0x303F),  # CJK punctuation
    (0xFF01, 0xFF5E),  # full-width forms (，：；（）！？)
)
MATH = "γμταβ₁₂εληθκσ∇√←→↑↓×÷≈≤≥‖·−±∞∂∑∏∫⋅∈≠≡∝°²³▸▶■□●○◆…"


def texts_needing_glyphs() -> dict[str, str]:
    """Path → text of every file whose characters the font must cover."""
    found = {}
    globs = [("resources/i18n", "*.ts"), ("resources/i18n", "*.tsv"), ("resources/presets", "*.json"),
             ("resources/lessons", "*.json"), ("app", "**/*.py"), ("core", "**/*.py")]
    for folder, pattern in globs:
        for path in sorted((ROOT / folder).glob(pattern)):
            found[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return found


def needed_characters() -> set[int]:
    """Code points the texts use (non-ASCII, printable), plus the base set."""
    chars: set[int] = set()
    for text in texts_needing_glyphs().values():
        text = re.sub(r"&#x([0-9a-fA-F]+);", lambda m: chr(int(m.group(1), 16)), text)
        chars.update(ord(c) for c in text if ord(c) > 0x7E and c.isprintable())
    return chars


def base_characters() -> set[int]:
    chars = {c for lo, hi in BASE_RANGES for c in range(lo, hi + 1)}
    chars.update(ord(c) for c in common_hanzi() + TEACHING_HANZI + MATH)
    return chars


def _face_index(source: Path) -> int:
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(source), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == FACE:
            return index
    raise SystemExit(f"{source} has no face named '{FACE}'")


def build(source: Path, out: Path) -> tuple[int, int]:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), fontNumber=_face_index(source), lazy=False)
    have = set(font.getBestCmap())
    wanted = needed_characters() | base_characters()
    unicodes = sorted(wanted & have)
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14, 16, 17]
    options.name_languages = [0x409]
    options.notdef_outline = True
    # No ligatures or contextual forms: a PDF maps each drawn glyph back to one character (its text stays
    # searchable and copyable: with liga/locl the digits and "fi" came out of PDFs as nothing).
    options.layout_features = ["kern", "vert", "vrt2"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = f"{FAMILY} Regular"
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "") + "-Regular"
        elif record.nameID == 3:
            record.string = f"{record.toUnicode()}; losslab subset"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [FAMILY.replace(" ", "") + "-Regular"]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    font.save(str(tmp))
    tmp.replace(out)
    return len(unicodes), out.stat().st_size


def is_cjk(char: str) -> bool:
    """Hanzi, CJK radicals and punctuation, CJK compatibility and full-width forms: what the bundled
    font is for (Latin, Greek and math symbols come from the platform's own font first)."""
    code = ord(char)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F
            or 0xFF00 <= code <= 0xFFEF or code >= 0x20000)


def licence_text(source: Path, copyright_file: Path = COPYRIGHT) -> str:
    """The font's copyright notice (name ID 0) and the SIL OFL 1.1, verbatim from the Debian package's
    copyright file (its ' .' lines are the licence's blank lines)."""
    from fontTools.ttLib import TTFont

    notice = TTFont(str(source), fontNumber=_face_index(source), lazy=True)["name"].getDebugName(0)
    lines, inside = [], False
    for line in copyright_file.read_text(encoding="utf-8").splitlines():
        if line == "License: SIL-1.1":  # the last one is the stand-alone stanza that holds the text
            lines, inside = [], True
            continue
        if inside:
            if not line.startswith(" "):
                inside = False
                continue
            lines.append("" if line.strip() == "." else line[1:])
    if not lines:
        raise SystemExit(f"no SIL-1.1 licence text in {copyright_file}")
    return f"{notice}\n\nThis Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n" + \
        "\n".join(lines).rstrip() + "\n"


def missing(font_file: Path = OUT) -> dict[str, set[str]]:
    """CJK characters (:func:`is_cjk`) the texts in resources/ use that the bundled font lacks, by file."""
    from fontTools.ttLib import TTFont

    have = set(TTFont(str(font_file), lazy=True).getBestCmap())
    result = {}
    for path, text in texts_needing_glyphs().items():
        if not path.startswith("resources/"):
            continue  # the sources' own symbols are a best effort
        lacking = {c for c in text if is_cjk(c) and ord(c) not in have}
        if lacking:
            result[path] = lacking
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="NotoSansCJK-Regular.ttc")
    parser.add_argument("--check", action="store_true", help="only report characters the font lacks")
    args = parser.parse_args(argv)
    if not args.check:
        if not args.source.is_file():
            print(f"{args.source} not found: apt-get install -y fonts-noto-cjk, or give --source", file=sys.stderr)
            return 2
        count, size = build(args.source, OUT)
        (OUT.parent / "OFL.txt").write_text(licence_text(args.source), encoding="utf-8")
        print(f"{OUT.relative_to(ROOT)}: {count} characters, {size / 1024:.0f} KiB")
        if size > LIMIT_BYTES:
            print(f"larger than {LIMIT_BYTES // 1024} KiB", file=sys.stderr)
            return 1
    lacking = missing()
    for path, chars in lacking.items():
        print(f"{path}: not in the font: {''.join(sorted(chars))}", file=sys.stderr)
    return 1 if lacking else 0


if __name__ == "__main__":
    sys.exit(main())
