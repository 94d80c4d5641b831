"""The status table's "same path as" column: runs that should coincide (one kind among SGD, Momentum and
Nesterov, equal lr·s, nothing else different) are named beside each other with the largest distance
between their recorded paths."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from app.model import SceneModel
from app.views.common import coinciding_pairs, should_coincide
from app.views.status import COLUMNS, SAME, StatusView
from core.optim.spec import OptimizerSpec
from core.scene import load as load_scene

PRESET = Path(__file__).resolve().parents[2] / "resources/presets/lesson_sgd_loss_vs_lr.json"


def test_only_product_kinds_with_equal_lr_times_scale_and_nothing_else_different_should_coincide():
    sgd = OptimizerSpec("sgd", lr=0.03, loss_scale=0.1)
    assert should_coincide(sgd, OptimizerSpec("sgd", lr=0.003))  # 0.03 × 0.1 and 0.003 differ in the last bit
    assert should_coincide(OptimizerSpec("nesterov", lr=0.02, loss_scale=0.5), OptimizerSpec("nesterov", lr=0.01))
    assert not should_coincide(sgd, OptimizerSpec("sgd", lr=0.03))  # lr·s differs
    assert not should_coincide(sgd, OptimizerSpec("momentum", lr=0.003))  # another kind
    assert not should_coincide(OptimizerSpec("adam", lr=0.03, loss_scale=0.1), OptimizerSpec("adam", lr=0.003))
    assert not should_coincide(OptimizerSpec("momentum", lr=0.01, loss_scale=0.1),
                               OptimizerSpec("momentum", lr=0.001, momentum=0.5))  # another μ
    for change in ({"clip": 1.0}, {"weight_decay": 0.01}):  # each breaks the lr·s rule
        assert not should_coincide(sgd.replace(**change), OptimizerSpec("sgd", lr=0.003).replace(**change))


def test_preset_pairs_show_their_largest_distance_beside_each_other(qtbot):
    scene = load_scene(str(PRESET))
    specs = scene.effective_specs()
    assert coinciding_pairs(specs) == [(0, 1), (2, 3)]  # the lesson's two pairs; run 5 has its own lr·s
    model = SceneModel(scene)
    table = StatusView(model)
    qtbot.addWidget(table)
    model.start_engine_now()
    qtbot.waitUntil(lambda: model.race is not None and model.race.scene == model.scene, timeout=60000)
    table.resize(1400, 300)  # room for every column whole (a narrow table elides them: test_status_columns)
    table.show()
    qtbot.waitExposed(table)
    table.refresh(model.step)
    assert COLUMNS[SAME] == "same path as" and table.columnCount() == len(COLUMNS)
    points = model.race.effective.points
    for i, j in ((0, 1), (2, 3)):
        gap = float(np.max(np.hypot(*(points[i] - points[j]).T)))  # over every recorded step
        for row, other in ((i, j), (j, i)):
            text = table.item(row, SAME).text()
            assert text.startswith(f"= run {other + 1}: max distance ")
            if gap == 0.0:
                assert "0 (exact)" in text
            else:  # float rounding only, and its size
                assert gap < 1e-12 and f"{gap:.0e}" in text and "rounding" in text
            assert table.item(row, SAME).toolTip() == text
            assert table.fontMetrics().horizontalAdvance(text) < table.columnWidth(SAME)  # nothing cut
    assert table.item(4, SAME).text() == ""  # run 5: nothing it should coincide with
    model.shutdown()


def test_a_broken_pair_loses_its_line(qtbot):
    scene = load_scene(str(PRESET))
    model = SceneModel(scene)
    table = StatusView(model)
    qtbot.addWidget(table)
    model.start_engine_now()
    qtbot.waitUntil(lambda: model.race is not None and model.race.scene == model.scene, timeout=60000)
    table.refresh(model.step)
    assert table.item(0, SAME).text()
    assert model.update_optimizer(1, lr=0.004)  # run 2 no longer has run 1's lr·s
    qtbot.waitUntil(lambda: model.race.scene == model.scene, timeout=60000)
    table.refresh(model.step)
    assert table.item(0, SAME).text() == "" and table.item(1, SAME).text() == ""
    assert table.item(2, SAME).text().startswith("= run 4: ")  # the Momentum pair still holds
    model.shutdown()
