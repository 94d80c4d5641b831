"""Where ``resources/`` (presets, icons) lives: beside the source tree, or inside a PyInstaller bundle."""

from __future__ import annotations

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


def presets() -> list[tuple[str, Path]]:
    """(title, path) of every preset scene, sorted by title; unreadable files are skipped (the menu
    should still open), and their title falls back to the file name."""
    folder = resource_path("presets")
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            title = json.loads(path.read_text(encoding="utf-8")).get("title") or path.stem
        except (OSError, ValueError, AttributeError):
            continue
        found.append((str(title), path))
    return sorted(found, key=lambda item: item[0].lower())
