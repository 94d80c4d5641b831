"""`losslab trajectory … --state --json`: the state it prints is torch.optim's own state, step by step."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from app.cli.main import main
from core.surfaces.surface import get_surface


def _torch_states(kind: str, start, lr: float, steps: int, **options):
    surface = get_surface("canyon")
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = {"adam": torch.optim.Adam, "momentum": torch.optim.SGD, "rmsprop": torch.optim.RMSprop}[kind](
        [theta], lr=lr, **options)
    states = []
    for _ in range(steps):
        optimizer.zero_grad()
        _, gx, gy = surface.value_and_gradient(np.array([theta[0].item()]), np.array([theta[1].item()]))
        theta.grad = torch.tensor([gx[0], gy[0]], dtype=torch.float64)
        optimizer.step()
        states.append({name: value.detach().numpy().copy() for name, value in optimizer.state[theta].items()
                       if torch.is_tensor(value) and value.ndim == 1})
    return states


@pytest.mark.parametrize(("kind", "cli", "options", "names"), [
    ("adam", ["--optimizer", "adam", "--lr", "0.05"], {}, ["exp_avg", "exp_avg_sq"]),
    ("momentum", ["--optimizer", "momentum", "--lr", "0.01", "--momentum", "0.9"], {"momentum": 0.9},
     ["momentum_buffer"]),
    ("rmsprop", ["--optimizer", "rmsprop", "--lr", "0.01"], {}, ["square_avg"]),
])
def test_state_is_torchs_state(capsys, kind, cli, options, names):
    start = (-4.5, -0.5)
    assert main(["trajectory", "--surface", "canyon", *cli, "--steps", "30", "--start", "-4.5,-0.5",
                 "--state", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)["state"]
    lr = float(cli[cli.index("--lr") + 1])
    expected = _torch_states(kind, start, lr, 30, **options)
    assert printed["steps"] == 30
    for name in names:
        got = np.array(printed[name])
        want = np.array([s[name] for s in expected])
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-300, err_msg=name)


def test_state_is_absent_unless_asked(capsys):
    assert main(["trajectory", "--surface", "canyon", "--optimizer", "sgd", "--lr", "0.01", "--steps", "3",
                 "--json"]) == 0
    assert "state" not in json.loads(capsys.readouterr().out)
