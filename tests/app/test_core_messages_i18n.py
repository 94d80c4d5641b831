"""The window's language reaches core's refusal messages: app.i18n.set_language installs core.i18n's
translator (QCoreApplication.translate over the compiled catalogue) for zh_CN and removes it for English."""

from __future__ import annotations

import pytest

from app import i18n
from core.optim.spec import OptimizerSpec
from core.scene import SceneError, load
from core.surfaces.formula import FormulaError, parse_formula


def refusal(make, error=ValueError) -> str:
    with pytest.raises(error) as caught:
        make()
    return str(caught.value)


def has_hanzi(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def zh(qapp):
    i18n.set_language(qapp, "zh_CN")
    yield qapp
    i18n.set_language(qapp, "en")


def test_core_refusals_follow_the_window_language(zh):
    lr = refusal(lambda: OptimizerSpec("sgd", lr=-1.0))
    assert lr == "lr 必须是不超过 1e10 的正数，而不是 -1.0"
    formula = refusal(lambda: parse_formula("x + zz"), FormulaError)
    assert formula.startswith("公式第 5 个字符处：未知名称 'zz'")
    i18n.set_language(zh, "en")
    assert refusal(lambda: OptimizerSpec("sgd", lr=-1.0)) == "lr must be a positive number up to 1e10, not -1.0"
    english = refusal(lambda: parse_formula("x + zz"), FormulaError)
    assert english.startswith("formula at character 5: unknown name 'zz'")


def test_a_scene_file_refusal_reads_chinese_in_a_chinese_window(zh, tmp_path):
    path = tmp_path / "big.json"
    path.write_text('{"losslab_scene": 1, "steps": -3}', encoding="utf-8")
    message = refusal(lambda: load(path), SceneError)
    assert has_hanzi(message), message
    path.write_text("not json", encoding="utf-8")
    assert refusal(lambda: load(path), SceneError).startswith("big.json 不是有效的 JSON（第 1 行第 1 列：")
