"""`losslab experiment NAME`: every experiment runs headlessly and prints its numbers."""

import json

import pytest

from app.cli.main import main
from core.experiments import EXPERIMENTS


@pytest.mark.parametrize("name", list(EXPERIMENTS))
def test_json_output_has_the_experiments_table(name, capsys):
    assert main(["experiment", name, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["name"] == name and data["rows"] and data["explanation"]


def test_text_output_prints_the_table_and_explanation(capsys):
    assert main(["experiment", "clipping", "--clip", "2"]) == 0
    out = capsys.readouterr().out
    assert "clip = 2" in out and "max distance" in out and "clip_grad_norm_" in out


def test_an_option_the_experiment_lacks_is_a_one_line_error(capsys):
    assert main(["experiment", "clipping", "--eps", "1e-3"]) == 2
    assert "no option --eps" in capsys.readouterr().err
    assert main(["experiment", "nope"]) == 2
