"""core.i18n: core's refusal messages go through an installable translator (the window installs Qt's, the
command line none), so the same refusal reads Chinese in a zh_CN window and English on the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core import i18n
from core.optim.spec import OptimizerSpec
from core.scene import SceneError, load
from core.surfaces.formula import FormulaError, parse_formula

ROOT = Path(__file__).resolve().parents[2]

# A stand-in catalogue: (context, English template) → translation, as a .qm would hold them
CATALOGUE = {
    ("core.params", "{name} must be {rule}, not {value}"): "{name} 必须是{rule}，而不是 {value}",
    ("core.params", "a positive number up to {high}"): "不超过 {high} 的正数",
    ("core.formula", "formula at character {position}: {reason}"): "公式第 {position} 个字符处：{reason}",
    ("core.formula", "unknown name '{name}'; the variables are x and y, the constants pi and e"):
        "未知名称“{name}”；变量是 x 和 y，常数是 pi 和 e",
    ("core.scene", "{name} is not valid JSON ({where}: {reason})"): "{name} 不是有效的 JSON（{where}：{reason}）",
    ("core.scene", "line {line}, column {column}"): "第 {line} 行第 {column} 列",
}
asked: list[tuple[str, str]] = []


def fake_translator(context: str, text: str) -> str:
    asked.append((context, text))
    return CATALOGUE.get((context, text), text)


@pytest.fixture
def translated():
    asked.clear()
    i18n.set_translator(fake_translator)
    yield
    i18n.set_translator(None)


def refusal(make) -> str:
    with pytest.raises(ValueError) as caught:
        make()
    return str(caught.value)


def test_a_refused_learning_rate_reads_in_the_installed_language_then_english_again(translated):
    assert refusal(lambda: OptimizerSpec("sgd", lr=-1.0)) == "lr 必须是不超过 1e10 的正数，而不是 -1.0"
    i18n.set_translator(None)
    assert refusal(lambda: OptimizerSpec("sgd", lr=-1.0)) == "lr must be a positive number up to 1e10, not -1.0"


def test_a_formula_refusal_keeps_its_position_in_the_translated_frame(translated):
    with pytest.raises(FormulaError) as caught:
        parse_formula("x + zz")
    assert str(caught.value) == "公式第 5 个字符处：未知名称“zz”；变量是 x 和 y，常数是 pi 和 e"
    assert caught.value.position == 4


def test_a_scene_file_refusal_is_translated_with_its_pieces(translated, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"losslab_scene": 1,\n  oops}', encoding="utf-8")
    with pytest.raises(SceneError) as caught:
        load(path)
    message = str(caught.value)
    assert message.startswith("broken.json 不是有效的 JSON（第 2 行第 3 列：")
    assert ("core.scene", "line {line}, column {column}") in asked


def test_without_a_translator_core_texts_pass_through_unchanged():
    i18n.set_translator(None)
    assert i18n.translate("core.params", "nesterov needs a momentum above 0") == "nesterov needs a momentum above 0"
    assert refusal(lambda: OptimizerSpec("nesterov", momentum=0.0)) == "nesterov needs a momentum above 0"


def test_the_command_line_prints_its_refusal_in_english(tmp_path):
    # a fresh interpreter, as a user runs it: nothing installs a translator there
    result = subprocess.run(
        [sys.executable, "-m", "app.cli.main", "trajectory", "--surface", "bowl", "--optimizer", "sgd",
         "--lr", "-1", "--steps", "3"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "HOME": str(tmp_path)})
    assert result.returncode == 2
    assert "lr must be a positive number up to 1e10, not -1.0" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr)


def test_every_core_template_is_extractable():
    """lupdate reads only literal translate("Context", "text") calls: a translate() whose arguments are built
    at run time would never reach the catalogue. Every call in core/ names a literal context and text, except
    the look-ups of QT_TRANSLATE_NOOP-marked table entries (their literals are marked where they are written)."""
    import ast

    lookups = {("core.formula", "what"), ("core.export", "word"), ("core.params", "template")}  # marked ones
    for path in (ROOT / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "translate":
                context, text = node.args[:2]
                assert isinstance(context, ast.Constant), f"{path}:{node.lineno}"
                if isinstance(text, ast.Name):
                    assert (context.value, text.id) in lookups, f"{path}:{node.lineno}"
                else:
                    assert isinstance(text, ast.Constant) and isinstance(text.value, str), f"{path}:{node.lineno}"
