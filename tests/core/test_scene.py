"""Scene files: round trip, atomic writes, and corrupt or foreign files refused with the reason."""

import json
import os

import pytest

from core import scene as scenes
from core.optim.spec import OptimizerSpec
from core.scene import OptimizerEntry, SceneError


def test_round_trip_keeps_everything(tmp_path):
    original = scenes.default_scene().with_changes(
        steps=321, step=12, lr_factor=0.5, loss_scale=8.0, lock_product=True, title="t", notes="n",
        optimizers=(OptimizerEntry(OptimizerSpec("adamw", lr=0.03, weight_decay=0.1, clip=2.0)),
                    OptimizerEntry(OptimizerSpec("nesterov", lr=1e-3, noise=0.2, seed=5), enabled=False)))
    path = tmp_path / "scene.json"
    scenes.save(original, path)
    loaded = scenes.load(path)
    assert loaded == original
    assert loaded.effective_specs()[0].lr == pytest.approx(0.015)
    assert loaded.effective_specs()[0].loss_scale == 8.0 and loaded.reference_specs()[0].loss_scale == 1.0


def test_formula_and_parameterised_surfaces_round_trip(tmp_path):
    data = scenes.default_scene().to_dict()
    for surface in ({"formula": "x^2 + 3*y^2"}, {"name": "canyon", "params": {"condition": 80.0, "angle": 10.0}}):
        data["surface"] = surface
        path = tmp_path / "s.json"
        path.write_text(json.dumps(data))
        loaded = scenes.load(path)
        assert scenes.from_dict(loaded.to_dict()) == loaded
        assert loaded.to_dict()["surface"] == surface


@pytest.mark.parametrize("content, reason", [
    ("{not json", "not valid JSON"),
    ("[1, 2, 3]", "not a losslab scene"),
    ('{"hello": "world"}', "not a losslab scene"),
    ('{"losslab_scene": 99}', "version 99"),
    ("\x00\x01\x02", "not valid JSON"),
    ("[" * 100000, "nested too deeply"),
])
def test_corrupt_or_foreign_files_are_refused_with_the_reason(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(SceneError, match=reason):
        scenes.load(path)


@pytest.mark.parametrize("change, reason", [
    ({"surface": {"formula": "__import__('os')"}}, "unknown function"),
    ({"surface": {"name": "nope"}}, "unknown surface"),
    ({"steps": -5}, "steps"),
    ({"steps": "many"}, "steps"),
    ({"step": 10**9}, "step"),
    ({"lr_factor": 0.0}, "lr_factor"),
    ({"loss_scale": 1e9}, "loss_scale"),
    ({"start": [0, float("nan")]}, "start"),
    ({"window": [1, 0, 0, 1]}, "window"),
    ({"optimizers": []}, "non-empty"),
    ({"optimizers": [{"kind": "adam", "lr": -1}]}, "optimizer 1: lr"),
    ({"optimizers": [{"kind": "sgd", "beta1": 0.9}]}, "no hyper-parameter"),
    ({"optimizers": [{"lr": 0.1}]}, "kind"),
    ({"surprise": 1}, "unknown field"),
    ({"optimizers": [{"kind": "sgd", "lr": 0.1}] * 17}, "at most 16 optimizers"),
])
def test_bad_values_are_refused_naming_the_field(tmp_path, change, reason):
    data = {**scenes.default_scene().to_dict(), **change}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SceneError, match=reason):
        scenes.load(path)


def test_a_failed_save_leaves_the_old_file_untouched(tmp_path, monkeypatch):
    path = tmp_path / "scene.json"
    scenes.save(scenes.default_scene(), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        scenes.save(scenes.default_scene().with_changes(steps=7), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["scene.json"]  # no temporary file left behind


def test_saved_files_get_ordinary_permissions(tmp_path):
    path = tmp_path / "scene.json"
    scenes.save(scenes.default_scene(), path)
    assert path.stat().st_mode & 0o044  # readable by group/others, not mkstemp's 0600


def test_weighted_surfaces_round_trip_and_weigh_their_components(tmp_path):
    from core.surfaces import get_surface, surface_from_formula

    first, second = {"formula": "(x - 1)^2 + 3*(y - 1)^2"}, {"name": "canyon", "params": {"condition": 10.0,
                                                                                         "angle": 0.0}}
    data = {**scenes.default_scene().to_dict(), "surface": scenes.weighted_source(first, second, 2.0, 0.5)}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(data))
    loaded = scenes.load(path)
    assert loaded.to_dict()["surface"] == data["surface"]
    l1, l2 = surface_from_formula(first["formula"]), get_surface("canyon", condition=10.0, angle=0.0)
    xs, ys = [0.3, -1.7, 2.0], [1.1, 0.4, -2.5]
    expected = 2.0 * l1.value(xs, ys) + 0.5 * l2.value(xs, ys)
    assert loaded.surface.value(xs, ys) == pytest.approx(expected, rel=1e-13)
    assert loaded.surface.params == {"a": 2.0, "b": 0.5}
    for bad, reason in [({"first": first, "second": second, "a": -1.0, "b": 1.0}, "weight a"),
                        ({"first": first, "second": second, "a": 1.0}, "weighted surface is"),
                        ({"first": {"weighted": {}}, "second": second, "a": 1.0, "b": 1.0}, "must be")]:
        with pytest.raises(SceneError, match=reason):
            scenes.from_dict({**data, "surface": {"weighted": bad}})


def test_a_scene_holds_at_most_16_optimizers_however_it_is_changed():
    scene = scenes.default_scene()
    entries = (OptimizerEntry(OptimizerSpec("sgd", lr=0.01)),) * 16
    assert len(scene.with_changes(optimizers=entries).optimizers) == 16
    with pytest.raises(SceneError, match="at most 16 optimizers"):
        scene.with_changes(optimizers=(*entries, entries[0]))
