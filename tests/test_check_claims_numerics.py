"""build_scripts/check_claims_numerics.py: a claim that fails under any forced code path is reported with its
value under each, and makes the exit status 1; each variant's process gets that variant's environment."""

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def script():
    spec = importlib.util.spec_from_file_location("check_claims_numerics",
                                                  ROOT / "build_scripts" / "check_claims_numerics.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def report(final_loss: float) -> dict:
    holds = final_loss >= 2
    claim = {"kind": "measure", "id": "l_low", "holds": holds, "measured": final_loss,
             "message": f"chain.final_loss = {final_loss} (wanted ≥ 2)"}
    steady = {"kind": "measure", "id": "l0", "holds": True, "measured": 7.7, "message": "chain.first_loss = 7.7"}
    preset = {"preset": "p.json", "claims": [{"kind": "paths_equal", "holds": True, "message": "0"}]}
    return {"ok": holds, "errors": [], "presets": [preset],
            "lessons": [{"lesson": "16_x.json", "steps": [{"claims": [steady]}, {"claims": [claim]}]}]}


def test_a_claim_failing_under_one_code_path_is_reported_with_every_value(script, monkeypatch, capsys):
    values = {"native": 1.935, "MKL AVX2": 3.719}
    monkeypatch.setattr(script, "VARIANTS", (("native", {}), ("MKL AVX2", {"MKL_CBWR": "AVX2"})))
    monkeypatch.setattr(script, "check", lambda name, extra, lessons: report(values[name]))
    assert script.main([]) == 1
    out = capsys.readouterr().out
    assert "16_x.json step 2 claim l_low:" in out and "l0" not in out and "p.json" not in out
    assert "FAILS  chain.final_loss = 1.935" in out and "holds  chain.final_loss = 3.719" in out
    assert "3 claims under 2 code paths: 1 fail in at least one" in out

    values["native"] = 2.5
    assert script.main([]) == 0
    assert "all hold in every one" in capsys.readouterr().out


def test_each_variant_runs_the_lesson_check_in_its_own_environment(script, monkeypatch):
    seen = []

    def run(command, cwd, env, capture_output, text):
        seen.append((command[-3:], env.get("MKL_CBWR"), env.get("ATEN_CPU_CAPABILITY")))
        return subprocess.CompletedProcess(command, 0, stdout='{"lessons": []}', stderr="")

    monkeypatch.setattr(script.subprocess, "run", run)
    monkeypatch.delenv("MKL_CBWR", raising=False)
    monkeypatch.delenv("ATEN_CPU_CAPABILITY", raising=False)
    assert script.main(["my_lesson.json"]) == 0
    assert sorted(seen, key=str) == sorted([(["check", "--json", "my_lesson.json"], cbwr, aten) for cbwr, aten in
                                            [(None, None), ("AVX2", None), ("COMPATIBLE", None),
                                             ("SSE4_2", "default")]], key=str)


def test_a_variant_that_prints_no_json_stops_the_script_with_its_error(script, monkeypatch):
    monkeypatch.setattr(script.subprocess, "run", lambda command, **_: subprocess.CompletedProcess(
        command, 1, stdout="", stderr="Traceback …\nImportError: no torch"))
    with pytest.raises(SystemExit, match="native: `losslab lessons check` printed no JSON.*no torch"):
        script.main([])
