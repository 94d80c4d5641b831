"""`losslab lessons check [--json] [FILE ...]` and `losslab lessons list`: every claim of every lesson holds
(at least 12 lessons, 120 claims); a malformed lesson is named with its file, line and reason; a false claim
fails naming the lesson, the step, the claim and the measured value."""

import argparse
import json
import re

from app.cli import lessons_cmd
from core.lessons import lesson_paths


def lessons(capsys, *argv):
    parser = argparse.ArgumentParser()
    lessons_cmd.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["lessons", *argv])
    code = args.func(args)
    return code, capsys.readouterr().out


def test_every_claim_of_every_lesson_holds(capsys):
    code, out = lessons(capsys, "check", "--json")
    data = json.loads(out)
    failing = [(lesson["lesson"], c.get("id"), c["message"]) for lesson in data["lessons"]
               for step in lesson["steps"] for c in step["claims"] if not c["holds"]]
    assert code == 0 and data["ok"] and not failing and not data["errors"], failing or data["errors"]
    assert len(data["lessons"]) == len(lesson_paths()) >= 12
    claims = [c for lesson in data["lessons"] for step in lesson["steps"] for c in step["claims"]]
    assert data["claims"] == len(claims) >= 120
    kinds = {c["kind"] for c in claims}
    assert {"measure", "ratio", "reaches_loss", "step_size"} <= kinds
    # the presets the lessons use are checked too, and their claims hold
    assert data["presets"] and all(p["ok"] for p in data["presets"]) and data["preset_claims"] > 0
    # every placeholder of every text was filled with a measured number
    for lesson in data["lessons"]:
        for step in lesson["steps"]:
            assert "{" not in step["text"] and "{" not in step.get("explain", ""), (lesson["lesson"], step["title"])


def test_list_names_every_lesson_with_its_steps_and_claims(capsys):
    code, out = lessons(capsys, "list")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == len(lesson_paths())
    assert re.fullmatch(r"01_minibatch_sgd\.json: Mini-batch SGD and its noise \(\d steps, \d+ claims\)", lines[0])
    code, out = lessons(capsys, "list", "--json")
    rows = json.loads(out)["lessons"]
    assert [r["lesson"] for r in rows] == [p.name for p in lesson_paths()] and all(r["steps"] >= 3 for r in rows)


def small_lesson(claims):
    return {"losslab_lesson": 1, "id": "t", "title": "t", "topic": "t",
            "steps": [{"title": "s", "text": "SGD at step {sgd}.", "scene": {"preset": "lesson_canyon"},
                       "claims": claims}]}


def test_a_false_claim_fails_naming_lesson_step_claim_and_measured_value(capsys, tmp_path):
    path = tmp_path / "false.json"
    path.write_text(json.dumps(small_lesson([
        {"kind": "reaches_loss", "id": "sgd", "run": 0, "loss": 1e-4},
        {"kind": "reaches_before", "runs": [0, 1], "loss": 1e-4, "about": "SGD first"},
        {"kind": "measure", "id": "flat", "measure": "schedule",
         "config": {"schedule": "cosine", "steps": 10, "step": 6}, "value": "factor", "min": 0.9}])),
        encoding="utf-8")
    code, out = lessons(capsys, "check", str(path))
    lines = out.strip().splitlines()
    assert code == 1 and len(lines) == 3
    assert lines[0].startswith("false.json: step 1: claim #2 reaches_before (SGD first) fails:")
    assert lines[1].startswith("false.json: step 1: claim flat fails: schedule.factor = ")
    assert float(re.search(r"\[measured ([^\]]+)\]", lines[1]).group(1)) < 0.9
    assert lines[2].endswith("2 failure(s)")
    code, out = lessons(capsys, "check", str(path), "--json")
    assert code == 1 and not json.loads(out)["ok"]


def test_a_malformed_lesson_is_reported_with_file_line_and_reason(capsys, tmp_path):
    source = json.dumps(small_lesson([{"kind": "teleports", "id": "sgd"}]), indent=2)
    path = tmp_path / "bad.json"
    path.write_text(source, encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "losslab_lesson": 1,\n  "id": oops\n}\n', encoding="utf-8")
    code, out = lessons(capsys, "check", str(path), str(broken))
    lines = out.strip().splitlines()
    line = source[:source.index('"teleports"')].count("\n") + 1
    assert code == 1
    assert lines[0] == f"{path}:{line}: step 1: claim 1: unknown kind 'teleports'; choose one of: " + \
        lines[0].split("choose one of: ", 1)[1]
    assert lines[1].startswith(f"{broken}:3: not valid JSON")
    assert lines[-1].endswith("2 failure(s)")


def test_json_may_come_before_or_after_the_files(capsys, tmp_path):
    """`losslab lessons check --json FILE`, as documented: refused as an unrecognized FILE before."""
    path = tmp_path / "ok.json"
    path.write_text(json.dumps(small_lesson([{"kind": "reaches_loss", "id": "sgd", "run": 0, "loss": 10.0}])),
                    encoding="utf-8")
    for argv in (("check", "--json", str(path)), ("check", str(path), "--json")):
        code, out = lessons(capsys, *argv)
        data = json.loads(out)
        assert code == 0 and data["ok"] and [lesson["lesson"] for lesson in data["lessons"]] == ["ok.json"]
