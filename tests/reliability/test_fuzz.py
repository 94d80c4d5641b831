"""The fuzz suite (issue 16): thousands of seeded random formulas, scene documents and command lines, each of
which must end in a success or a one-line refusal — never a traceback, a hang or unbounded memory.

Seeded (LOSSLAB_FUZZ_SEED, default 16) so a failure is reproducible: the failing case is in the message.
The in-process cases share a hang guard (SIGALRM); the subprocess cases run under a 1 GiB address-space
limit and a 5 s CPU limit, with a wall-clock bound only against hangs.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import fuzz_cases as cases  # noqa: E402

from app.cli.main import main  # noqa: E402
from core import scene as scene_io  # noqa: E402
from core.surfaces.formula import FormulaError, parse_formula  # noqa: E402
from core.surfaces.program import compile_program  # noqa: E402

SEED = int(os.environ.get("LOSSLAB_FUZZ_SEED", "16"))
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hang_guard():
    """Fail (not hang) if a whole fuzz test runs past 240 s — a bound against hangs, not a timing test."""
    def fail(*_):
        raise AssertionError("a fuzz case hung")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(240)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


MAX_MESSAGE = 400  # a refusal is read in one glance; some messages still echo a long value (reported)


def one_line(message: str, case) -> None:
    assert message and "\n" not in message.strip() and "Traceback" not in message, (case, message)


def test_random_formulas_and_bombs_parse_or_are_refused(hang_guard):
    rng = random.Random(SEED)
    accepted = refused = 0
    for i in range(2500):
        text = cases.bomb(rng) if i % 4 == 0 else cases.formula(rng)
        try:
            expr = parse_formula(text)
            if i % 4 == 0 or i % 10 == 1:  # bombs and a sample of the rest are compiled, gradient and all
                compile_program(expr)
            accepted += 1
        except FormulaError as exc:
            one_line(str(exc), text)
            assert len(str(exc)) <= MAX_MESSAGE, (text, str(exc)[:200])
            refused += 1
    assert accepted > 300 and refused > 300  # the generator reaches both outcomes


def _roundtrip(scene, case) -> None:
    """A scene that loads must save and load again (issue 16 item 3: no value that later breaks Save)."""
    again = scene_io.from_dict(json.loads(json.dumps(scene.to_dict(), allow_nan=False)))
    assert again.to_dict() == scene.to_dict(), case


# Failures the suite found in files this suite's author does not own, reported to their owners: the test
# reports them as an expected failure until they are fixed, and fails on anything else.
KNOWN_ISSUES: set[tuple[str, str]] = set()  # none reported and open


def _known(exc: BaseException) -> bool:
    frames = traceback.extract_tb(exc.__traceback__)
    return any((frame.filename.endswith(path) and type(exc).__name__ == kind)
               for frame in frames for path, kind in KNOWN_ISSUES)


def test_mutated_scene_documents_load_or_are_refused(hang_guard):
    rng = random.Random(SEED)
    documents = cases.preset_documents()
    loaded = refused = 0
    known = []
    for _ in range(1500):
        document = cases.mutate_scene(rng, rng.choice(documents))
        try:
            scene = scene_io.from_dict(document)
        except ValueError as exc:
            one_line(str(exc), str(document)[:300])
            assert len(str(exc)) <= MAX_MESSAGE, f"a {len(str(exc))}-character message: {str(exc)[:60]}…"
            refused += 1
            continue
        except Exception as exc:  # noqa: BLE001 - a traceback would reach the user
            if not _known(exc):
                raise AssertionError(f"{type(exc).__name__}: {exc} for {str(document)[:300]}") from exc
            known.append(f"{type(exc).__name__}: {exc}")
            continue
        _roundtrip(scene, str(document)[:300])
        loaded += 1
    assert loaded > 50 and refused > 300
    if known:
        pytest.xfail(f"{len(known)} known, reported issue(s): {known[0]}")


@pytest.mark.parametrize("content", [
    b"", b"\xff\xfe\x00", b"{", b"[" * 100_000, b'{"losslab_scene": 1, "steps": ' + b"9" * 5000 + b"}",
    b'{"losslab_scene": ' + b"1" * 400 + b"}", b"null", b'"scene"', b"1e999", b'{"a": NaN}',
    json.dumps({"losslab_scene": 1, "title": "<img src='/dev/zero'>" * 100, "notes": "<table>" * 1000}).encode(),
])
def test_corrupt_scene_files_are_refused_in_one_line(tmp_path, content):
    path = tmp_path / "scene.json"
    path.write_bytes(content)
    try:
        scene_io.load(path)
    except ValueError as exc:
        one_line(str(exc), content[:80])


def test_random_command_lines_succeed_or_refuse_in_one_line(tmp_path, capsys, hang_guard):
    rng = random.Random(SEED)
    scene_io.save(scene_io.default_scene().with_changes(steps=30), tmp_path / "scene.json")
    outcomes = {0: 0, 2: 0}
    for _ in range(300):
        argv = cases.cli_argv(rng, tmp_path)
        code = main(argv)
        out, err = capsys.readouterr()
        assert code in (0, 2), (argv, code, err)
        assert "Traceback" not in err and "Traceback" not in out, (argv, err)
        if code == 2:
            lines = err.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("losslab: error: "), (argv, err)
        outcomes[code] += 1
    assert outcomes[0] > 10 and outcomes[2] > 100
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporaries left


def _limits(cpu_seconds: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    return apply


@pytest.mark.parametrize("argv", [
    ["trajectory", "--formula", "(1/2)^(10^15)*x^2", "--optimizer", "sgd", "--lr", "0.1", "--steps", "5"],
    ["trajectory", "--formula", "^".join(["x"] * 40), "--optimizer", "sgd", "--lr", "0.1", "--steps", "5"],
    ["trajectory", "--formula", "*".join(f"(x+{i}*y)" for i in range(70)), "--optimizer", "sgd", "--lr", "0.1",
     "--steps", "5"],
    ["trajectory", "--formula", "(2*x)^(10^15)", "--optimizer", "sgd", "--lr", "0.1", "--steps", "5"],
    ["render", "/dev/zero", "-o", "x.png"],
    ["render", "DEEP", "-o", "x.csv"],
    ["render", "BIGINT", "-o", "x.csv"],
    ["trajectory", "--surface", "canyon", "--optimizer", "sgd", "--lr", "0.1", "--steps", "1000000"],
])
def test_hostile_commands_stay_within_1_gib_and_5_cpu_seconds(tmp_path, argv):
    """Refusals within 5 CPU-seconds; the one real job (a 1,000,000-step race, whose first run in a fresh
    clone also compiles the engine) within 1 GiB but 120 CPU-seconds."""
    (tmp_path / "DEEP").write_text("[" * 1_000_000)
    (tmp_path / "BIGINT").write_text('{"losslab_scene": 1, "steps": ' + "9" * 5000 + "}")
    cpu = 120 if "1000000" in argv else 5
    done = subprocess.run([sys.executable, "-m", "app.cli.main", *argv], cwd=tmp_path, preexec_fn=_limits(cpu),
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode in (0, 2), (argv, done.returncode, done.stderr[-500:])
    assert "Traceback" not in done.stderr, done.stderr[-500:]
    if done.returncode == 2:
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("losslab: error: "), done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["BIGINT", "DEEP"]
