"""Where ``resources/`` (presets, icons) lives: beside the source tree, or inside a PyInstaller bundle."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path


def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's boot loader
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)


# The Presets menu in teaching order (file stems; each preset's title carries its number). A preset file
# not listed here comes after these, by title.
LESSON_ORDER = (
    "lesson_sgd_loss_vs_lr", "lesson_chaos", "lesson_stability_limit", "lesson_adam_loss_scale",
    "lesson_epsilon", "lesson_adam_step", "lesson_rmsprop_first_steps", "lesson_weighted_losses",
    "lesson_weight_decay", "lesson_weight_decay_restored", "lesson_clipping", "lesson_noise",
    "lesson_canyon", "lesson_saddle", "lesson_rosenbrock", "race_beale", "race_himmelblau",
    "lesson_mixed_precision", "lesson_stability_edge",
)


def presets(lang: str = "en") -> list[tuple[str, Path]]:
    """(title, path) of every preset scene in teaching order (:data:`LESSON_ORDER`, then any other by
    title); the title in ``lang`` where the file has one ({"en": …, "zh_CN": …}), else in English.
    Unreadable files are skipped (the menu should still open), and a missing title falls back to the file
    name."""
    folder = resource_path("presets")
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            title = _title(title_field(path), lang) or path.stem
        except (OSError, ValueError, AttributeError):
            continue
        found.append((title, path))
    rank = {stem: i for i, stem in enumerate(LESSON_ORDER)}
    return sorted(found, key=lambda item: (rank.get(item[1].stem, len(rank)), item[0].lower()))


def title_field(path: Path):
    """The "title" field of the JSON file at ``path`` (a string, or {"en": …, "zh_CN": …}; None when absent),
    read again only when the file changes: the Presets and Lessons menus ask for every file's title each time
    they are translated (55 reads and parses of the 36 files while a window opened, and as many at every
    language switch).
    OSError, ValueError (not JSON) or AttributeError (not an object) as reading and parsing it raise."""
    stat = path.stat()
    return _title_field(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _title_field(path: str, _mtime_ns: int, _size: int):
    return json.loads(Path(path).read_text(encoding="utf-8")).get("title")


def _title(value, lang: str) -> str:
    """A scene file's title field (a string, or {"en": …, "zh_CN": …}: core.scene's shape) in ``lang``."""
    if isinstance(value, dict):
        value = value.get(lang) or value.get("en")
    return value if isinstance(value, str) else ""
