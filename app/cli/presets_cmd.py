"""`losslab presets check [--json] [FILE ...]`: evaluate every claim of every preset (core.claims).

Each preset's runs are computed once with the engine; every claim in its ``claims`` list is evaluated on
them, and the placeholders of its notes are checked against the claims' ids. Text output: one line per
failure naming the preset, the claim and the measured value, then a summary line; ``--json`` prints every
result. The exit status is 1 when anything fails (a claim, a placeholder, a file that does not load).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from app.cli.options import print_json


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("presets", help="check the presets' claims against the engine")
    parser.add_argument("action", choices=("check",), help="check: evaluate every claim of every preset")
    parser.add_argument("files", nargs="*", metavar="FILE",
                        help="scene files to check instead of the built-in presets")
    parser.add_argument("--json", action="store_true", help="print every result as JSON")
    parser.set_defaults(func=run)


@dataclass
class PresetReport:
    path: Path
    title: str = ""
    results: list = field(default_factory=list)  # core.claims.ClaimResult
    errors: list[str] = field(default_factory=list)  # a file that does not load, a bad placeholder

    @property
    def ok(self) -> bool:
        return not self.errors and all(r.holds for r in self.results)

    def failures(self) -> list[str]:
        """One line per failure: the preset, the claim and what was measured."""
        lines = [f"{self.path.name}: {error}" for error in self.errors]
        for i, result in enumerate(self.results):
            if not result.holds:
                about = result.claim.args.get("about")
                name = result.claim.label(i) + (f" ({about})" if about else "")
                lines.append(f"{self.path.name}: claim {name} fails: {result.message} "
                             f"[measured {_number(result.measured)}]")
        return lines

    def to_dict(self) -> dict:
        return {"preset": self.path.name, "title": self.title, "ok": self.ok, "errors": self.errors,
                "claims": [r.to_dict() for r in self.results]}


def _number(value: float) -> str:
    return f"{value:.6g}" if math.isfinite(value) else "nothing"


def preset_paths() -> list[Path]:
    """The built-in presets in menu order."""
    from app.resources import presets

    return [path for _, path in presets()]


def check_file(path: Path) -> PresetReport:
    """Load one scene file and evaluate its claims and notes' placeholders."""
    from core.claims import check_scene
    from core.scene import SceneError, load

    report = PresetReport(Path(path))
    try:
        scene = load(path)
    except SceneError as exc:
        report.errors.append(f"does not load: {exc}")
        return report
    report.title = scene.title
    report.results, report.errors = check_scene(scene)
    return report


def check_all(paths=None) -> list[PresetReport]:
    return [check_file(Path(p)) for p in (preset_paths() if paths is None else paths)]


def run(args) -> int:
    reports = check_all(args.files or None)
    ok = all(r.ok for r in reports)
    if args.json:
        print_json({"ok": ok, "presets": [r.to_dict() for r in reports],
                    "claims": sum(len(r.results) for r in reports)})
        return 0 if ok else 1
    for report in reports:
        for line in report.failures():
            print(line)
    claims = sum(len(r.results) for r in reports)
    failed = sum(not c.holds for r in reports for c in r.results) + sum(len(r.errors) for r in reports)
    verdict = "all hold" if ok else f"{failed} failure(s)"
    print(f"{len(reports)} preset(s), {claims} claim(s): {verdict}")
    return 0 if ok else 1
