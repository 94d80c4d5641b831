"""`losslab presets check [--json]`: every claim of every preset, a failing claim named with its measured
value and a non-zero exit; and the Presets menu's teaching order."""

import argparse
import json
import re

from app.cli import presets_cmd
from app.resources import LESSON_ORDER, presets
from core.scene import load


def check(capsys, *argv):
    parser = argparse.ArgumentParser()
    presets_cmd.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["presets", "check", *argv])
    code = args.func(args)
    return code, capsys.readouterr().out


def test_every_presets_claims_hold_and_there_are_at_least_sixty(capsys):
    code, out = check(capsys, "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"], [c["message"] for p in data["presets"] for c in p["claims"] if not c["holds"]]
    claims = [c for p in data["presets"] for c in p["claims"]]
    assert data["claims"] == len(claims) >= 60 and all(c["holds"] for c in claims)
    assert {p["preset"] for p in data["presets"]} == {path.name for _, path in presets()}
    code, text = check(capsys)
    assert code == 0 and text.strip() == f"{len(data['presets'])} preset(s), {len(claims)} claim(s): all hold"


def test_a_false_claim_fails_naming_the_preset_the_claim_and_the_measured_value(capsys, tmp_path):
    data = json.loads(next(path for _, path in presets() if path.stem == "lesson_sgd_loss_vs_lr")
                      .read_text(encoding="utf-8"))
    sgd = next(i for i, o in enumerate(data["optimizers"]) if o["kind"] == "sgd")
    data["optimizers"].append({"kind": "adam", "lr": 0.05})
    adam = len(data["optimizers"]) - 1
    data["claims"].append({"kind": "paths_equal", "id": "sgd_is_adam", "about": "SGD equals Adam",
                           "runs": [sgd, adam], "tol": 1e-9})
    bad = tmp_path / "false.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out = check(capsys, str(bad))
    assert code == 1
    [line, summary] = out.strip().splitlines()
    assert line.startswith("false.json: claim sgd_is_adam (SGD equals Adam) fails: max distance")
    measured = re.search(r"\[measured ([^\]]+)\]", line).group(1)
    assert float(measured) > 0.1 and "1 failure(s)" in summary
    code, out = check(capsys, str(bad), "--json")
    result = json.loads(out)["presets"][0]["claims"][-1]
    assert code == 1 and not result["holds"] and f"{result['measured']:.6g}" == measured


def test_unknown_placeholders_and_unloadable_files_are_failures_too(capsys, tmp_path):
    scene = {"losslab_scene": 1, "title": "t", "notes": "measured {nothing:.2g}", "surface": {"name": "bowl"},
             "optimizers": [{"kind": "sgd", "lr": 0.01}],
             "claims": [{"kind": "converges", "run": 0, "loss": 1.0, "id": "done"}]}
    notes = tmp_path / "notes.json"
    notes.write_text(json.dumps(scene), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, out = check(capsys, str(notes), str(broken))
    assert code == 1
    assert "notes.json: notes: placeholder {nothing} names no claim" in out
    assert "broken.json: does not load:" in out and "Traceback" not in out


def test_presets_menu_is_in_teaching_order_and_numbered():
    listed = presets()
    assert [path.stem for _, path in listed] == list(LESSON_ORDER)
    for number, (title, path) in enumerate(listed, start=1):
        assert title.startswith(f"{number}. ") and load(path).title == title
