"""The translation pipeline: extract, merge, compile and check the zh_CN catalogue.

    .venv/bin/python build_scripts/i18n.py update   # lupdate + adopt pre-translations + lrelease
    .venv/bin/python build_scripts/i18n.py check    # (also --check) exit 1 on any unfinished, vanished or
                                                    # stale entry; writes nothing
    .venv/bin/python build_scripts/i18n.py update --tsv new.tsv   # first add translations written as
                                                    # context<TAB>source<TAB>translation lines ("\\n" = newline)

Files under resources/i18n/:

losslab_zh_CN.ts   what ``pyside6-lupdate`` finds in app/**/*.py and core/**/*.py (``self.tr("…")``,
                   ``translate("Context", "…")``, ``QT_TRANSLATE_NOOP("Context", "…")``), written with
                   ``-locations none`` so the file changes only when a string does.
pending_zh_CN.ts   translations prepared ahead of the tr() pass, for strings the sources show but do not
                   wrap yet (context = the class the string is written in). ``update`` moves an entry into
                   losslab_zh_CN.ts as soon as lupdate finds its (context, source) there, and moves a string
                   that vanished from the sources back here, so no translation is ever lost.
pyqtgraph_zh_CN.ts pyqtgraph's own strings (context menus of plots, its export dialog), read from the
                   installed pyqtgraph's ``translate("ViewBox", …)`` calls.
losslab_zh_CN.qm   the three compiled together by ``pyside6-lrelease`` (loaded by app/i18n.py).
glossary.tsv       English term → zh_CN → note: the words every translation uses.

``check`` runs lupdate into a temporary copy and fails when a source string has no finished translation
anywhere (unfinished), when losslab_zh_CN.ts holds a string the sources no longer have (vanished), when a
pending entry or a pyqtgraph entry is unfinished, or when the committed .ts/.qm differ from what
``update`` would write (stale: run update).
"""

from __future__ import annotations

import argparse
import ast
import html
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "i18n"
LANG = "zh_CN"
MAIN = FOLDER / f"losslab_{LANG}.ts"
PENDING = FOLDER / f"pending_{LANG}.ts"
PYQTGRAPH = FOLDER / f"pyqtgraph_{LANG}.ts"
QM = FOLDER / f"losslab_{LANG}.qm"
BIN = Path(sys.executable).parent
# pyqtgraph files whose strings a losslab user can meet (plot context menus, the export dialog).
PYQTGRAPH_FILES = (
    "graphicsItems/ViewBox/ViewBoxMenu.py", "graphicsItems/ViewBox/axisCtrlTemplate_generic.py",
    "graphicsItems/PlotItem/PlotItem.py", "graphicsItems/PlotItem/plotConfigTemplate_generic.py",
    "GraphicsScene/GraphicsScene.py", "GraphicsScene/exportDialogTemplate_generic.py",
    "exporters/SVGExporter.py", "exporters/ImageExporter.py", "exporters/CSVExporter.py",
    "exporters/PrintExporter.py", "exporters/HDF5Exporter.py", "exporters/Matplotlib.py",
)


# ---- the .ts format ---------------------------------------------------------------------------------
class Message:
    __slots__ = ("context", "source", "comment", "translation", "kind")

    def __init__(self, context: str, source: str, translation: str = "", kind: str | None = None,
                 comment: str | None = None):
        self.context, self.source, self.comment = context, source, comment
        self.translation = translation
        self.kind = kind  # None (finished), "unfinished", "vanished", "obsolete"

    @property
    def key(self) -> tuple[str, str, str | None]:
        return self.context, self.source, self.comment

    @property
    def finished(self) -> bool:
        return self.kind is None and bool(self.translation)


def read_ts(path: Path) -> list[Message]:
    if not path.is_file():
        return []
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            messages.append(Message(name, message.findtext("source") or "",
                                    (translation.text or "") if translation is not None else "",
                                    translation.get("type") if translation is not None else "unfinished",
                                    message.findtext("comment")))
    return messages


def _esc(text: str) -> str:
    return html.escape(text, quote=False).replace('"', "&quot;").replace("'", "&apos;")


def ts_text(messages: list[Message]) -> str:
    """Qt's TS 2.1 in lupdate's layout (contexts and messages sorted, so the file diffs well)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", f'<TS version="2.1" language="{LANG}">']
    by_context: dict[str, list[Message]] = {}
    for message in messages:
        by_context.setdefault(message.context, []).append(message)
    for context in sorted(by_context):
        lines += ["<context>", f"    <name>{_esc(context)}</name>"]
        for message in sorted(by_context[context], key=lambda m: (m.source, m.comment or "")):
            lines += ["    <message>", f"        <source>{_esc(message.source)}</source>"]
            if message.comment:
                lines.append(f"        <comment>{_esc(message.comment)}</comment>")
            kind = f' type="{message.kind}"' if message.kind else ""
            lines += [f"        <translation{kind}>{_esc(message.translation)}</translation>", "    </message>"]
        lines.append("</context>")
    lines.append("</TS>")
    return "\n".join(lines) + "\n"


def write_ts(path: Path, messages: list[Message]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ts_text(messages), encoding="utf-8")


# ---- extraction -------------------------------------------------------------------------------------
def source_files() -> list[Path]:
    return sorted(p for folder in ("app", "core") for p in (ROOT / folder).rglob("*.py")
                  if "__pycache__" not in p.parts)


def run_lupdate(ts_path: Path) -> None:
    """lupdate the sources into ts_path (which may not exist yet)."""
    files = [str(p.relative_to(ROOT)) for p in source_files()]
    command = [str(BIN / "pyside6-lupdate"), "-locations", "none", "-target-language", LANG,
               *files, "-ts", str(ts_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"pyside6-lupdate failed: {done.stderr.strip() or done.stdout.strip()}")


def pyqtgraph_strings() -> list[tuple[str, str]]:
    """(context, source) of every literal ``translate("Ctx", "text")`` in PYQTGRAPH_FILES."""
    import pyqtgraph

    base = Path(pyqtgraph.__file__).parent
    found: dict[tuple[str, str], None] = {}
    for name in PYQTGRAPH_FILES:
        path = base / name
        if not path.is_file():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = getattr(node, "func", None)
            called = getattr(func, "id", None) or getattr(func, "attr", None)
            if isinstance(node, ast.Call) and called in ("translate", "_translate") and len(node.args) >= 2 \
                    and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]):
                found[(node.args[0].value, node.args[1].value)] = None
    return list(found)


# ---- merging ----------------------------------------------------------------------------------------
def merge(lupdated: list[Message], pending: list[Message]) -> tuple[list[Message], list[Message], list[Message]]:
    """(main, pending, vanished): main = what the sources hold, each filled from pending where it has no
    finished translation; the pending entries adopted leave pending; vanished main entries go back to
    pending (with their translations), and are also returned for the report."""
    waiting = {m.key: m for m in pending}
    waiting_loose = {(m.context, m.source): m for m in pending}
    main, vanished = [], []
    for message in lupdated:
        if message.kind in ("vanished", "obsolete"):
            vanished.append(message)
            continue
        ready = waiting.pop(message.key, None) or waiting_loose.get((message.context, message.source))
        if ready is not None:
            waiting.pop(ready.key, None)
            if not message.finished and ready.finished:
                message.translation, message.kind = ready.translation, None
        main.append(message)
    for message in vanished:
        if message.translation and message.key not in waiting:
            waiting[message.key] = Message(message.context, message.source, message.translation,
                                           None, message.comment)
    return main, list(waiting.values()), vanished


def sync_pyqtgraph(existing: list[Message]) -> list[Message]:
    known = {(m.context, m.source): m for m in existing}
    return [known.get(key) or Message(key[0], key[1], "", "unfinished") for key in pyqtgraph_strings()]


def run_lrelease(ts_files: list[Path], qm_path: Path) -> None:
    command = [str(BIN / "pyside6-lrelease"), "-silent", *map(str, ts_files), "-qm", str(qm_path)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"pyside6-lrelease failed: {done.stderr.strip() or done.stdout.strip()}")


def compile_qm(main: list[Message], pending: list[Message], pyqtgraph: list[Message], qm_path: Path) -> None:
    """One .qm of all three: pending entries too, so a string translates the moment it is wrapped."""
    with tempfile.TemporaryDirectory() as tmp:
        combined = Path(tmp) / "all.ts"
        in_main = {m.key for m in main}
        write_ts(combined, [*main, *(m for m in pending if m.key not in in_main), *pyqtgraph])
        run_lrelease([combined], qm_path)


def build(folder: Path) -> dict:
    """Everything `update` would write, computed in ``folder`` (a temporary one for check)."""
    lupdated_ts = folder / MAIN.name
    if MAIN.is_file():
        shutil.copyfile(MAIN, lupdated_ts)
    run_lupdate(lupdated_ts)
    main, pending, vanished = merge(read_ts(lupdated_ts), read_ts(PENDING))
    pyqtgraph = sync_pyqtgraph(read_ts(PYQTGRAPH))
    qm = folder / QM.name
    compile_qm(main, pending, pyqtgraph, qm)
    return {"main": main, "pending": pending, "vanished": vanished, "pyqtgraph": pyqtgraph, "qm": qm}


def read_tsv(path: Path) -> list[Message]:
    """Translations written by hand as ``context<TAB>source<TAB>translation`` lines (a newline inside a text
    is written as the two characters \\n; blank lines and lines starting with # are skipped)."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not all(f.strip() for f in fields):
            raise SystemExit(f"{path}:{number}: expected context<TAB>source<TAB>translation")
        context, source, translation = (f.replace("\\n", "\n") for f in fields)
        found.append(Message(context, source, translation))
    return found


def add_to_pending(messages: list[Message]) -> int:
    """Put hand-written translations into pending_zh_CN.ts (a later entry for the same key wins); ``update``
    then adopts each one whose string the sources wrap. Returns how many were added or changed."""
    pending = {m.key: m for m in read_ts(PENDING)}
    changed = 0
    for message in messages:
        known = pending.get(message.key)
        if known is None or not known.finished or known.translation != message.translation:
            pending[message.key] = message
            changed += 1
    write_ts(PENDING, list(pending.values()))
    return changed


def update(tsv: list[Path] = ()) -> int:
    if tsv:
        added = add_to_pending([m for path in tsv for m in read_tsv(path)])
        print(f"{added} translations added from {', '.join(map(str, tsv))}")
    with tempfile.TemporaryDirectory() as tmp:
        result = build(Path(tmp))
        write_ts(MAIN, result["main"])
        write_ts(PENDING, result["pending"])
        write_ts(PYQTGRAPH, result["pyqtgraph"])
        # beside the target, then renamed over it: a running app never reads a half-written catalogue
        staged = QM.with_suffix(".qm.tmp")
        shutil.copyfile(result["qm"], staged)
        os.replace(staged, QM)
    report(result, stream=sys.stdout)
    return 0


def report(result: dict, stream) -> list[str]:
    problems = []
    for name in ("main", "pending", "pyqtgraph"):
        for m in result[name]:
            if not m.finished:
                problems.append(f"unfinished [{name}] {m.context}: {m.source!r}")
    for m in result["vanished"]:
        problems.append(f"vanished {m.context}: {m.source!r} (no longer in the sources)")
    done = sum(m.finished for m in result["main"])
    print(f"zh_CN: {done} of {len(result['main'])} source strings translated, {len(result['pending'])} "
          f"prepared for strings not wrapped yet, {len(result['pyqtgraph'])} of pyqtgraph's", file=stream)
    return problems


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        result = build(Path(tmp))
        problems = report(result, stream=sys.stdout)
        expected = {MAIN: ts_text(result["main"]), PENDING: ts_text(result["pending"]),
                    PYQTGRAPH: ts_text(result["pyqtgraph"])}
        for path, text in expected.items():
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                problems.append(f"stale {path.relative_to(ROOT)}: run build_scripts/i18n.py update")
        if not QM.is_file() or QM.read_bytes() != result["qm"].read_bytes():
            problems.append(f"stale {QM.relative_to(ROOT)}: run build_scripts/i18n.py update")
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="losslab's zh_CN translation pipeline")
    parser.add_argument("command", nargs="?", choices=("update", "check"), default="update")
    parser.add_argument("--check", action="store_true", help="same as the check command")
    parser.add_argument("--tsv", type=Path, nargs="+", default=[],
                        help="update: first add these context<TAB>source<TAB>translation files to the pending ones")
    args = parser.parse_args(argv)
    return check() if args.check or args.command == "check" else update(args.tsv)


if __name__ == "__main__":
    sys.exit(main())
