"""Bilingual scene texts: a title/notes may be {"en": …, "zh_CN": …}; read back per language, saved in the
same shape, validated, and the zh_CN notes' placeholders are checked and filled like the English ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.claims import check_scene, scene_notes
from core.scene import SceneError, default_scene, from_dict, load, save

PRESETS = Path(__file__).resolve().parents[2] / "resources" / "presets"
STAGED_TITLES = json.loads((PRESETS.parent / "i18n" / "preset_titles_zh_CN.json").read_text(encoding="utf-8"))


def _data(**texts) -> dict:
    data = default_scene().to_dict()
    data.update(texts)
    return data


def test_plain_strings_stay_plain_and_fall_back_to_english():
    scene = from_dict(_data(title="Canyon", notes="A narrow valley."))
    assert scene.title_in("zh_CN") == "Canyon" and scene.notes_in("zh_CN") == "A narrow valley."
    assert scene.to_dict()["title"] == "Canyon" and scene.to_dict()["notes"] == "A narrow valley."


def test_both_languages_read_and_saved_in_the_same_shape(tmp_path):
    title = {"en": "Canyon", "zh_CN": "峡谷"}
    notes = {"en": "A narrow valley.", "zh_CN": "一条狭窄的山谷。"}
    scene = from_dict(_data(title=title, notes=notes))
    assert scene.title == "Canyon" and scene.notes == "A narrow valley."  # English stays the plain field
    assert scene.title_in("zh_CN") == "峡谷" and scene.text("notes", "zh_CN") == "一条狭窄的山谷。"
    assert scene.title_in("en") == "Canyon"
    path = tmp_path / "s.json"
    save(scene, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["title"] == title and saved["notes"] == notes
    assert load(path) == scene


@pytest.mark.parametrize("value, message", [
    ({"zh_CN": "峡谷"}, '"en"'),
    ({"en": "Canyon", "fr": "Canyon"}, "unknown language"),
    ({"en": "Canyon", "zh_CN": 3}, "must be text"),
    (["Canyon"], "must be text"),
])
def test_bad_text_fields_are_refused(value, message):
    with pytest.raises(SceneError, match=message):
        from_dict(_data(title=value))


def test_zh_cn_placeholders_are_checked_and_filled():
    data = _data(notes={"en": "steps {n}", "zh_CN": "步数 {n}，{nope}"},
                 claims=[{"kind": "value", "id": "n", "quantity": "largest_curvature", "point": [1, 1]}])
    scene = from_dict(data)
    _, errors = check_scene(scene)
    assert errors == ["notes (zh_CN): placeholder {nope} names no claim id"]


def test_every_preset_has_chinese_notes_with_the_english_placeholders():
    import string
    for path in sorted(PRESETS.glob("*.json")):
        scene = load(path)
        _, errors = check_scene(scene)
        assert errors == [], (path.name, errors)
        english = {name for _, name, _, _ in string.Formatter().parse(scene.notes) if name}
        chinese = {name for _, name, _, _ in string.Formatter().parse(scene.notes_in("zh_CN")) if name}
        assert scene.notes_in("zh_CN") != scene.notes, path.name
        # titles: in the file, or staged in resources/i18n/preset_titles_zh_CN.json until the Presets menu
        # (app/resources.presets) reads {"en", "zh_CN"} titles
        assert scene.title_in("zh_CN") != scene.title or STAGED_TITLES.get(path.name), path.name
        assert chinese == english, path.name


def test_scene_notes_fill_the_chosen_language():
    path = next(p for p in sorted(PRESETS.glob("*.json")) if "{" in json.loads(p.read_text())["notes"].__str__())
    scene = load(path)
    results, _ = check_scene(scene)
    english, chinese = scene_notes(scene, results), scene_notes(scene, results, "zh_CN")
    assert "{" not in english and "{" not in chinese
    assert chinese != english
