"""Check every lesson's claims under the arithmetic of other CPUs, before a lesson ships.

    .venv/bin/python build_scripts/check_claims_numerics.py [--json FILE] [LESSON ...]

A lesson's numbers are measured on the user's machine, and torch's CPU kernels round differently on
different CPUs: MKL picks AVX-512, AVX2 or older code by the processor, and ATen's vectorised kernels do the
same. A run that settles gives the same digits everywhere; a run that bounces (SGD at a large lr, the edge of
stability) ends anywhere in its bounce, so a claim about where it ends can hold on the author's laptop and
fail on a lecturer's. Its first run flagged six claims in lessons 12, 14, 16 and 17; one was lesson 16's
final loss at lr 0.003: 1.94 with MKL's AVX-512 code and 3.72 with its AVX2 code.

This runs ``losslab lessons check --json`` once per code path that can be forced on this machine (MKL's
``MKL_CBWR`` and ATen's ``ATEN_CPU_CAPABILITY``: each variant is a whole process, ~25 s) and reports every
claim that fails in any of them, with its value in each; the exit status is 1 if one fails. It is not part
of the test suite (four runs of every lesson's measurements would double the suite's time); the suite
checks the machine it runs on.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each: a name and the environment that forces that code path (an empty one is this machine's own choice).
VARIANTS: tuple[tuple[str, dict[str, str]], ...] = (
    ("native", {}),
    ("MKL AVX2", {"MKL_CBWR": "AVX2"}),
    ("MKL compatible", {"MKL_CBWR": "COMPATIBLE"}),
    ("MKL SSE4.2, ATen scalar", {"MKL_CBWR": "SSE4_2", "ATEN_CPU_CAPABILITY": "default"}),
)


def check(name: str, extra: dict[str, str], lessons: list[str]) -> dict:
    env = {**os.environ, **extra}
    command = [sys.executable, "-m", "app.cli.main", "lessons", "check", "--json", *lessons]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        last = (done.stderr.strip().splitlines() or ["nothing on stderr"])[-1]
        raise SystemExit(f"{name}: `losslab lessons check` printed no JSON (exit {done.returncode}): "
                         f"{last[:300]}") from None


def claims(report: dict) -> dict[tuple[str, str, str], dict]:
    """Every claim of every lesson and of the presets they use, by (file, "step N" or "notes", claim id or
    its position)."""
    out = {}
    for lesson in report["lessons"]:
        for number, step in enumerate(lesson["steps"], 1):
            for position, claim in enumerate(step["claims"]):
                out[(lesson["lesson"], f"step {number}", claim.get("id") or f"#{position + 1}")] = claim
    for preset in report.get("presets", []):
        for position, claim in enumerate(preset["claims"]):
            out[(preset["preset"], "notes", claim.get("id") or f"#{position + 1}")] = claim
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lessons", nargs="*", help="lesson files (default: the built-in lessons)")
    parser.add_argument("--json", type=Path, help="also write every variant's report to this file")
    args = parser.parse_args(argv)
    with ThreadPoolExecutor(2) as pool:  # two processes at a time: this machine's two cores
        reports = dict(zip((name for name, _ in VARIANTS),
                           pool.map(lambda variant: check(*variant, args.lessons), VARIANTS), strict=True))
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1, ensure_ascii=False), encoding="utf-8")
    by_variant = {name: claims(report) for name, report in reports.items()}
    keys = sorted(set().union(*by_variant.values()))
    failing = 0
    for key in keys:
        seen = {name: found.get(key) for name, found in by_variant.items()}
        if all(claim is not None and claim["holds"] for claim in seen.values()):
            continue
        failing += 1
        print("{} {} claim {}:".format(*key))
        for name, claim in seen.items():
            print(f"    {name:>24}: " + ("missing" if claim is None else
                                         f"{'holds' if claim['holds'] else 'FAILS'}  {claim['message']}"))
    errors = [f"{name}: {error}" for name, report in reports.items() for error in report.get("errors", [])]
    for error in errors:
        print(error)
    print(f"{len(keys)} claims under {len(VARIANTS)} code paths: "
          + ("all hold in every one" if not failing and not errors else f"{failing} fail in at least one"))
    return 1 if failing or errors else 0


if __name__ == "__main__":
    sys.exit(main())
