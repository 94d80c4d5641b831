"""Translation of core's user-facing messages, without Qt.

core/ raises refusals ("lr must be a positive number", a formula's "… is not allowed") that the window
shows as they are. Each such text is written as ``translate("core.area", "template {field}")`` and
formatted afterwards, so pyside6-lupdate (run over core/ by build_scripts/i18n.py) extracts it into the
catalogue. The function passes the text through whatever translator is installed: none by default, so the
command line stays English; the app installs QCoreApplication.translate (app/i18n.py, set_language).
A message is translated when it is built, in the language in force then.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity


def translate(context: str, text: str) -> str:
    """``text`` in the current language (``context`` is the catalogue's context, e.g. "core.params")."""
    return _translator(context, text)


def set_translator(fn: Translator | None) -> None:
    """Install ``fn(context, text) -> text`` as the translator, or remove it with None (English again)."""
    global _translator
    _translator = fn if fn is not None else _identity


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate looks for)
    """Marks a literal in a module-level table for the catalogue; look it up with translate() when shown."""
    return text
