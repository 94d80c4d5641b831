"""The Presets and Lessons menus' titles: a file is read again only when it changes."""

import json
import os

from app import resources
from app.lessons.menu import lesson_title


def test_a_title_is_read_once_and_again_after_its_file_changes(tmp_path, monkeypatch):
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps({"title": {"en": "Momentum", "zh_CN": "动量"}, "steps": []}), encoding="utf-8")
    reads = []
    real_loads = resources.json.loads
    monkeypatch.setattr(resources.json, "loads", lambda text: (reads.append(1), real_loads(text))[1])
    assert [lesson_title(path, lang) for lang in ("en", "zh_CN", "en")] == ["Momentum", "动量", "Momentum"]
    assert len(reads) == 1
    path.write_text(json.dumps({"title": "Momentum, again", "steps": []}), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a clock too coarse to tell
    assert lesson_title(path) == "Momentum, again" and len(reads) == 2
    path.write_text("{not json", encoding="utf-8")
    assert lesson_title(path) == "lesson"  # unreadable: the file's name, as before
    path.unlink()
    assert lesson_title(path) == "lesson"


def test_the_presets_menu_lists_every_preset_with_its_title_in_each_language():
    for lang in ("en", "zh_CN"):
        listed = resources.presets(lang)
        files = sorted(resources.resource_path("presets").glob("*.json"))
        assert sorted(path for _, path in listed) == files
        for title, path in listed:
            field = json.loads(path.read_text(encoding="utf-8"))["title"]
            assert title == (field.get(lang) or field["en"] if isinstance(field, dict) else field)
