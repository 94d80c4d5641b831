"""The built-in lessons in Simplified Chinese (issue 20): every text field of every lesson has a zh_CN text,
the Chinese quotes exactly the English's placeholders (same ids, same formats), and core.lessons' text/fill
helpers return the language asked for."""

import re
import string
from collections import Counter

import pytest

from core.claims import format_measured
from core.lessons import fill, lesson_paths, load, text

PATHS = lesson_paths()
CJK = re.compile(r"[\u4e00-\u9fff]")


def _fields(lesson):
    """(name, text field) of every translatable field of a loaded lesson."""
    yield "title", lesson.title
    yield "topic", lesson.topic
    for i, step in enumerate(lesson.steps, 1):
        yield f"step {i} title", step.title
        yield f"step {i} text", step.text
        q = step.question
        if q is not None:
            yield f"step {i} question prompt", q.prompt
            for k, choice in enumerate(q.choices, 1):
                yield f"step {i} question choice {k}", choice
            if q.explain is not None:
                yield f"step {i} question explain", q.explain


def _placeholders(s: str) -> Counter:
    """{id} / {id:fmt} placeholders of a text as (id, format, conversion)."""
    return Counter((name, spec, conv) for _, name, spec, conv in string.Formatter().parse(s) if name is not None)


def _all_fields():
    for path in PATHS:
        lesson = load(path)
        for name, value in _fields(lesson):
            yield path.name, name, value


FIELDS = list(_all_fields())


def test_there_are_lessons_to_check():
    assert len(PATHS) >= 12
    assert len(FIELDS) > 200


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_every_text_field_has_chinese(path):
    lesson = load(path)
    missing = [name for name, value in _fields(lesson)
               if not (isinstance(value, dict) and isinstance(value.get("zh_CN"), str) and value["zh_CN"].strip())]
    assert missing == [], f"{path.name}: no zh_CN text for {missing}"
    # a translation, not the English copied (choices such as "SGD", "1e-3" or "ReLU" are names and numbers,
    # the same in both languages; a sentence of English words is not)
    copied = [name for name, value in _fields(lesson)
              if re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{3,}", value["en"]) and not CJK.search(value["zh_CN"])]
    assert copied == [], f"{path.name}: English copied as Chinese in {copied}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_chinese_placeholders_are_the_english_ones(path):
    lesson = load(path)
    for name, value in _fields(lesson):
        en, zh = value["en"], value["zh_CN"]
        assert set(_placeholders(zh)) == set(_placeholders(en)), f"{path.name}: {name}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_text_and_fill_pick_the_language(path):
    lesson = load(path)
    for name, value in _fields(lesson):
        assert text(value, "zh_CN") == value["zh_CN"], f"{path.name}: {name}"
        assert text(value, "en") == value["en"], f"{path.name}: {name}"
        assert text(value) == value["en"]
        # every placeholder fills in Chinese as in English: the same number, formatted the same way
        ids = {n for n, _, _ in _placeholders(value["en"])}
        values = {i: 0.123456 for i in ids}
        en, zh = fill(value, values, "en"), fill(value, values, "zh_CN")
        assert "{" not in zh and "}" not in zh, f"{path.name}: {name}: {zh}"
        for _, spec, _ in _placeholders(value["en"]):
            shown = format_measured(0.123456, spec or "")
            assert shown in en and shown in zh, f"{path.name}: {name}: {shown} not in {zh}"
        if not ids:
            assert zh == value["zh_CN"]


def test_glossary_terms_are_used_consistently():
    """The course's terms as resources/i18n/glossary.tsv gives them, never a competing rendering."""
    zh = "\n".join(value["zh_CN"] for _, _, value in FIELDS)
    for term in ("学习率", "动量", "权重衰减", "梯度裁剪", "批量归一化", "暂退法", "偏差修正", "小批量", "损失缩放"):
        assert term in zh, term
    for avoided in ("随机失活", "批量规范化", "学习速率", "权值衰减", "丢弃法"):
        assert avoided not in zh, avoided
