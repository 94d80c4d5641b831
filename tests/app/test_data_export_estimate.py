"""The export dialog's estimate of a CSV/JSON export counts its text (issue 16 item 7): the rows a race writes,
not only the run, so a long one is asked about before it starts."""

from __future__ import annotations

import pytest

from app.export.estimate import check_export, export_estimate
from core import limits
from core.export.plan import ExportPlan
from core.optim.spec import OptimizerSpec
from core.scene import MAX_OPTIMIZERS, MAX_STEPS, OptimizerEntry, default_scene


@pytest.fixture
def biggest_race():
    """The largest race a scene may hold: every optimizer slot, every step."""
    specs = [OptimizerSpec("adam", lr=0.001 * (i + 1)) for i in range(MAX_OPTIMIZERS)]
    return default_scene().with_changes(steps=MAX_STEPS, optimizers=tuple(OptimizerEntry(s) for s in specs))


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_the_estimate_is_the_runs_and_its_rows_of_text(biggest_race, tmp_path, kind):
    plan = ExportPlan.for_path(tmp_path / f"race.{kind}")
    estimate = export_estimate(biggest_race, plan)
    run = limits.trajectory_estimate(MAX_OPTIMIZERS, MAX_STEPS)
    rows = MAX_OPTIMIZERS * (MAX_STEPS + 1)
    assert estimate.seconds >= run.seconds + rows * min(limits.TEXT_SECONDS_PER_ROW.values())
    assert estimate.seconds > 10 * run.seconds  # the text, not the run, is what takes the time
    assert f"{rows:,} rows" in estimate.what


def test_a_data_export_over_the_line_is_asked_about_and_a_no_writes_nothing(biggest_race, tmp_path, monkeypatch):
    plan = ExportPlan.for_path(tmp_path / "race.csv")
    seconds = export_estimate(biggest_race, plan).seconds
    asked = []
    monkeypatch.setattr(limits, "CONFIRM_SECONDS", seconds / 2)  # a slower machine's line, in effect
    reason = check_export(None, biggest_race, plan, confirm=lambda estimate: asked.append(estimate) or False)
    assert len(asked) == 1 and asked[0].seconds == seconds
    assert reason is not None and "Not exported" in reason
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(limits, "CONFIRM_SECONDS", seconds * 2)
    assert check_export(None, biggest_race, plan, confirm=lambda estimate: asked.append(estimate) or False) is None
    assert len(asked) == 1  # under the line: no question
