"""An export's vector legend speaks the interface language (issue 20): the arrow names come through the
inside dock's own translations (context VectorOverlay), so a zh_CN export shows Chinese names."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from app.export.extras import VectorsShown
from app.export.render import export_view
from app.i18n import set_language
from app.views.vectors import KINDS
from core.export.plan import ExportPlan
from core.optim.spec import OptimizerSpec
from core.scene import OptimizerEntry, default_scene, surface_source
from core.surfaces import get_surface


@pytest.fixture
def scene():
    surface = get_surface("canyon")
    specs = [OptimizerSpec("momentum", lr=0.02), OptimizerSpec("adam", lr=0.05)]
    return default_scene().with_changes(surface=surface, surface_source=surface_source(surface),
                                        start=surface.start, window=surface.window, steps=120, step=60,
                                        optimizers=tuple(OptimizerEntry(s) for s in specs))


def legend_texts(scene, tmp_path) -> list[str]:
    plan = ExportPlan.for_path(tmp_path / "arrows.png", width=960, height=540, theme="slide")
    view = export_view(scene, plan, vectors=VectorsShown(scale=2.0))
    try:
        legend = view.extras[0].legend
        scale = legend.layout.itemAt(len(KINDS), 0)  # the row under the arrows: the scale they are drawn at
        return [label.text for _sample, label in legend.items] + [scale.text]
    finally:
        view.close()


def test_a_zh_cn_export_names_the_arrows_in_chinese(qapp, scene, tmp_path):
    english = legend_texts(scene, tmp_path)
    assert english == [label for _kind, label in KINDS] + ["all arrows: vector × 2"]
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    try:
        set_language(qapp, "zh_CN")
        chinese = legend_texts(scene, tmp_path)
    finally:
        set_language(qapp, "en")
        qapp.processEvents()
    assert chinese == ["−s∇f（下坡）", "缓冲 b / Adam 的 m", "步 Δθ", "所有箭头：向量 × 2"]
    assert all(name not in chinese for name in english)
