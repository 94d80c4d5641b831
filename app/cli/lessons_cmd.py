"""`losslab lessons check [--json] [FILE ...]` and `losslab lessons list [--json]` (core.lessons).

check: load every lesson (the built-in ones under resources/lessons/, or the files given), evaluate every
claim of every step — race claims on one engine run of the step's scene, training claims through
core.training.measures, each measurement made once — and the claims of every preset a lesson uses.
Text output: one line per failure (a file that does not load: ``FILE:LINE: reason``; a claim: the lesson,
the step, the claim and its measured value), then a summary line; ``--json`` prints every result. The exit
status is 1 when anything fails.

list: one line per built-in lesson: its file, title, number of steps and of claims.
"""

from __future__ import annotations

import math
from pathlib import Path

from app.cli.options import print_json


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("lessons", help="list the guided lessons or check their claims")
    # Sub-commands, not an "action" positional: beside a FILE list, "check --json FILE" was refused as an
    # unrecognized argument (argparse had matched the empty FILE list before --json)
    actions = parser.add_subparsers(dest="action", required=True, metavar="{check,list}")
    check = actions.add_parser("check", help="evaluate every claim of every lesson (or of the files given)")
    check.add_argument("files", nargs="*", metavar="FILE", help="lesson files to check instead of the built-in ones")
    listing = actions.add_parser("list", help="the built-in lessons in course order")
    for sub in (check, listing):
        sub.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.set_defaults(func=run)


def run(args) -> int:
    if args.action == "list":
        return _list(args)
    return _check(args)


def _load_all(paths):
    from core.lessons import LessonError, load

    lessons, errors = [], []
    for path in paths:
        try:
            lessons.append(load(path))
        except LessonError as exc:
            errors.append(str(exc))
    return lessons, errors


def _paths(args) -> list[Path]:
    from core.lessons import lesson_paths

    return [Path(f) for f in args.files] if args.files else lesson_paths()


def _list(args) -> int:
    from core.lessons import lesson_paths, text

    lessons, errors = _load_all(lesson_paths())
    rows = [{"lesson": lesson.path.name, "id": lesson.id, "title": text(lesson.title), "topic": text(lesson.topic),
             "steps": len(lesson.steps), "claims": lesson.claim_count} for lesson in lessons]
    if args.json:
        print_json({"ok": not errors, "lessons": rows, "errors": errors})
    else:
        for row in rows:
            print(f"{row['lesson']}: {row['title']} ({row['steps']} steps, {row['claims']} claims)")
        for error in errors:
            print(error)
    return 1 if errors else 0


def _number(value: float) -> str:
    return f"{value:.6g}" if math.isfinite(value) else "nothing"


def _check(args) -> int:
    from app.cli.presets_cmd import check_file
    from core.lessons import check_lessons
    from core.lessons.format import presets_folder

    lessons, errors = _load_all(_paths(args))
    reports = check_lessons(lessons)
    presets = sorted({name for lesson in lessons for name in lesson.preset_names()})
    preset_reports = [check_file(presets_folder() / f"{name}.json") for name in presets]
    claims = sum(r.claim_count for r in reports)
    failures = [line for r in reports for line in r.failures()]
    preset_failures = [f"preset {line}" for r in preset_reports for line in r.failures()]
    ok = not errors and not failures and not preset_failures
    if args.json:
        print_json({"ok": ok, "lessons": [r.to_dict() for r in reports], "errors": errors,
                    "claims": claims, "presets": [r.to_dict() for r in preset_reports],
                    "preset_claims": sum(len(r.results) for r in preset_reports)})
        return 0 if ok else 1
    for line in errors + failures + preset_failures:
        print(line)
    count = len(errors) + len(failures) + len(preset_failures)
    verdict = "all hold" if ok else f"{count} failure(s)"
    print(f"{len(lessons) + len(errors)} lesson(s), {claims} claim(s) "
          f"(and {sum(len(r.results) for r in preset_reports)} in {len(presets)} preset(s) used): {verdict}")
    return 0 if ok else 1
