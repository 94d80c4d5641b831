"""core.lessons: the lesson format, its validation (FILE:LINE: reason), the text helper and claim evaluation;
core.training.measures against torch computed here."""

import json
import math

import numpy as np
import pytest
import torch

from core.engine.run import Cancelled
from core.lessons import (
    CONTROLS,
    LessonError,
    MeasureCache,
    check_lesson,
    evaluate_step,
    fill,
    lesson_paths,
    load,
    loads,
    preset_names,
    text,
)
from core.training import measures

SMALL = {
    "losslab_lesson": 1, "id": "demo", "title": {"en": "Demo", "zh_CN": "演示"}, "topic": "Momentum",
    "steps": [
        {"title": "Canyon", "text": "SGD reaches 1e-4 at step {sgd}; momentum at {mom}.",
         "scene": {"preset": "lesson_canyon"}, "tab": "race", "controls": ["optimizers", "playback"],
         "question": {"prompt": "Which first?", "choices": ["SGD", "Momentum"], "answer": 1,
                      "explain": "Momentum: {mom} against {sgd}."},
         "claims": [{"kind": "reaches_loss", "id": "sgd", "run": 0, "loss": 1e-4},
                    {"kind": "reaches_loss", "id": "mom", "run": 1, "loss": 1e-4},
                    {"kind": "reaches_before", "runs": [1, 0], "loss": 1e-4}]},
        {"title": "Gradients at init", "text": "Layer 1: {g1:.1e}.",
         "scene": {"surface": {"formula": "x^2 + 10*y^2"}, "optimizers": [{"kind": "sgd", "lr": 0.01}],
                   "training": {"task": "moons", "steps": 20}},
         "tab": "training", "controls": ["training.model"],
         "claims": [{"kind": "measure", "id": "g1", "measure": "init_grad_norms",
                     "config": {"depth": 3, "width": 8, "activation": "tanh", "init": "normal", "std": 0.01},
                     "value": "first", "max": 1e-3},
                    {"kind": "ratio", "measure": "init_grad_norms",
                     "config": {"depth": 3, "width": 8, "activation": "tanh", "init": "normal", "std": 0.01},
                     "value": "first", "over": "output", "max": 1e6}]},
    ]}


def write(tmp_path, data, name="lesson.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, indent=2, ensure_ascii=False),
                    encoding="utf-8")
    return path


def refused(tmp_path, data) -> LessonError:
    path = write(tmp_path, data)
    with pytest.raises(LessonError) as info:
        load(path)
    error = info.value
    assert str(error) == f"{path}:{error.line}: {error.reason}" and "\n" not in str(error)
    return error


def line_of(source: str, needle: str) -> int:
    return source[:source.index(needle)].count("\n") + 1


def test_the_built_in_lessons_load_in_course_order_with_three_to_six_steps():
    lessons = [load(p) for p in lesson_paths()]
    assert len(lessons) >= 16
    topics = [text(lesson.topic) for lesson in lessons]
    assert topics[:13] == ["mini-batch SGD", "Momentum", "RMSProp and AdaGrad", "Adam", "regularisation", "dropout",
                           "vanishing and exploding gradients", "initialisation", "activations",
                           "batch normalisation", "gradient clipping", "learning-rate schedules",
                           "the interview question"]
    assert [t.split(":")[0] for t in topics[13:16]] == ["exercise"] * 3
    for lesson in lessons:
        assert 3 <= len(lesson.steps) <= 6, lesson.path
        assert all(set(step.controls) <= set(CONTROLS) for step in lesson.steps)
        assert sum(step.question is not None for step in lesson.steps) >= 1, lesson.path
    assert sum(lesson.claim_count for lesson in lessons) >= 120
    assert {name for lesson in lessons for name in lesson.preset_names()} <= set(preset_names())


def test_text_picks_the_language_and_falls_back_to_english(tmp_path):
    lesson = load(write(tmp_path, SMALL))
    assert text(lesson.title, "zh_CN") == "演示" and text(lesson.title) == "Demo"
    assert text(lesson.topic, "zh_CN") == "Momentum"  # a plain string in every language
    assert text({"en": "only English"}, "zh_CN") == "only English"


def test_a_small_lesson_evaluates_its_race_and_training_claims_and_fills_its_texts(tmp_path):
    lesson = load(write(tmp_path, SMALL))
    report = check_lesson(lesson)
    assert report.ok and report.claim_count == 5, report.failures()
    race = report.steps[0]
    steps = {r.claim.id: r.measured for r in race.results if r.claim.id}
    assert steps["mom"] < steps["sgd"]
    assert fill(lesson.steps[0].text, race) == f"SGD reaches 1e-4 at step {steps['sgd']:.0f}; " \
                                               f"momentum at {steps['mom']:.0f}."
    assert fill(lesson.steps[0].question.explain, race).startswith(f"Momentum: {steps['mom']:.0f}")
    # the training claim quotes exactly what the measurement returns
    g1 = measures.measure("init_grad_norms", SMALL["steps"][1]["claims"][0]["config"])["first"]
    assert report.steps[1].values["g1"] == g1
    assert fill(lesson.steps[1].text, report.steps[1]) == f"Layer 1: {g1:.1e}."


def test_a_false_claim_fails_with_its_measured_value(tmp_path):
    data = json.loads(json.dumps(SMALL))
    data["steps"][0]["claims"].append({"kind": "reaches_before", "runs": [0, 1], "loss": 1e-4, "about": "SGD first"})
    data["steps"][1]["claims"][0]["min"] = 1.0  # the gradient is far below 1
    report = check_lesson(load(write(tmp_path, data)))
    assert not report.ok
    lines = report.failures()
    assert len(lines) == 2
    assert lines[0].startswith("lesson.json: step 1: claim #4 reaches_before (SGD first) fails:")
    assert lines[1].startswith("lesson.json: step 2: claim g1 fails: init_grad_norms.first = ")
    assert "[measured " in lines[1] and "wanted ≥ 1" in lines[1]


def test_a_measurement_is_made_once_per_config():
    lesson = loads(json.dumps(SMALL), "x.json")
    cache = MeasureCache()
    evaluate_step(lesson.steps[1], cache)
    evaluate_step(lesson.steps[1], cache)
    assert cache.runs == 1


@pytest.mark.parametrize("change, needle, reason", [
    (lambda d: d["steps"][0].update(colour="red"), '"colour"', "unknown field 'colour' in step 1"),
    (lambda d: d["steps"][0]["question"].update(answer=2), '"answer"', "'answer' must be the index of a choice"),
    (lambda d: d["steps"][0].update(scene={"preset": "no_such_preset"}), '"preset"', "unknown preset 'no_such_preset'"),
    (lambda d: d["steps"][0].update(scene={"preset": "../../etc/passwd"}), '"preset"', "unknown preset"),
    (lambda d: d["steps"][0]["claims"][1].update(kind="teleports"), '"teleports"', "unknown kind 'teleports'"),
    (lambda d: d["steps"][1]["claims"][0].update(measure="os.system"), '"os.system"', "unknown measure 'os.system'"),
    (lambda d: d["steps"][1]["claims"][0]["config"].update(path="/etc"), '"path"', "takes no 'path'"),
    (lambda d: d["steps"][0].update(controls=["surface", "everything"]), '"everything"', "unknown control group"),
    (lambda d: d["steps"][0].update(tab="shell"), '"tab"', "unknown tab 'shell'"),
    (lambda d: d["steps"][0].update(text="quotes {nothing}"), '"text": "quotes', "{nothing} names no claim id"),
    (lambda d: d.update(title={"zh_CN": "只有中文"}), '"title"', "needs an English text"),
    # a race claim's error points at the claim's opening brace, the line above its "kind"
    (lambda d: d["steps"][0]["claims"][0].update(run="me"), '{\n          "kind": "reaches_loss"',
     "a run is an optimizer's index"),
])
def test_a_malformed_lesson_is_refused_with_file_line_and_reason(tmp_path, change, needle, reason):
    data = json.loads(json.dumps(SMALL))
    change(data)
    source = json.dumps(data, indent=2, ensure_ascii=False)
    error = refused(tmp_path, source)
    assert reason in error.reason
    assert error.line == line_of(source, needle), (error, needle)


def test_bad_json_is_refused_at_the_line_of_the_syntax_error(tmp_path):
    source = json.dumps(SMALL, indent=2).replace('"tab": "race",', '"tab": "race",,', 1)
    error = refused(tmp_path, source)
    assert error.line == line_of(source, ",,") and error.reason.startswith("not valid JSON")


def test_files_that_are_not_lessons_are_refused_in_one_line(tmp_path):
    assert "lacks 'steps'" in refused(tmp_path, {"losslab_lesson": 1, "id": "x", "title": "t", "topic": "t"}).reason
    assert "version" in refused(tmp_path, dict(SMALL, losslab_lesson=2)).reason
    assert refused(tmp_path, "[1, 2]").reason == "the lesson must be an object"
    with pytest.raises(LessonError, match="cannot be read"):
        load(tmp_path / "missing.json")
    with pytest.raises(LessonError, match="not a regular file"):
        load(tmp_path)


def test_a_teacher_inline_scene_with_a_bad_value_is_refused_naming_the_scene(tmp_path):
    data = json.loads(json.dumps(SMALL))
    data["steps"][1]["scene"]["optimizers"][0]["lr"] = -1
    source = json.dumps(data, indent=2)
    error = refused(tmp_path, source)
    assert error.reason.startswith("step 2: bad scene:") and error.line == line_of(source, "\"formula\"") - 2


# --- measures against torch -------------------------------------------------------------------------

def test_init_grad_norms_equal_a_network_built_and_differentiated_here():
    from core.training.config import ModelConfig
    from core.training.digits import digits_split
    from core.training.models import ModelSpec, build_mlp, linear_layers

    got = measures.init_grad_norms(depth=3, width=8, activation="relu", init="he", batch=32, seed=3)
    split = digits_split(0.2, seed=3)
    x = torch.as_tensor(split.x_train[:32], dtype=torch.float32)
    x = (x - x.mean(0)) / (x.std(0) + 1e-6)
    net = build_mlp(ModelSpec(64, 10, ModelConfig(depth=3, width=8, activation="relu", init="he")), seed=3)
    torch.nn.functional.cross_entropy(net(x), torch.as_tensor(split.y_train[:32])).backward()
    expected = [float(layer.weight.grad.norm()) for layer in linear_layers(net)]
    assert [got[f"layer_{i + 1}"] for i in range(4)] == pytest.approx(expected, rel=1e-6)
    assert got["spread"] == pytest.approx(max(expected[:3]) / min(expected[:3]), rel=1e-6)


def test_normal_init_draws_the_asked_standard_deviation():
    small = measures.init_grad_norms(depth=10, width=64, activation="tanh", init="normal", std=0.01)
    unit = measures.init_grad_norms(depth=10, width=64, activation="tanh", init="normal", std=1.0)
    assert small["max"] < 1e-8 < 1.0 < unit["first"]


def test_the_schedule_measure_is_the_trainers_formula():
    assert measures.schedule("cosine", steps=100, step=51)["factor"] == pytest.approx(0.5)
    assert measures.schedule("step", steps=300, step=101)["factor"] == pytest.approx(0.1)
    assert measures.schedule("constant", steps=10, step=7)["factor"] == 1.0


def test_the_chain_explodes_without_clipping_and_not_with_it():
    loose = measures.chain(lr=0.01)
    clipped = measures.chain(lr=0.01, clip=1.0)
    assert loose["nan"] == 1.0 and loose["diverged"] > 1 and loose["grad_max"] > 10 * loose["grad_init"]
    assert clipped["nan"] == 0.0 and clipped["final_loss"] < clipped["first_loss"]
    assert clipped["grad_init"] == loose["grad_init"]  # the same chain: only the update differs


def test_the_chains_late_loss_and_swing_are_over_its_last_finite_losses():
    one = measures.chain(lr=0.01, clip=1.0, steps=1)
    assert one["late_loss"] == one["final_loss"] == one["first_loss"] and one["late_swing"] == 0.0
    # clipped, the first 20 losses run from the highest (the first) to the lowest (the 20th)
    short = measures.chain(lr=0.01, clip=1.0, steps=measures.LATE_STEPS)
    longer = measures.chain(lr=0.01, clip=1.0, steps=measures.LATE_STEPS + 30)
    assert short["late_swing"] == pytest.approx(short["first_loss"] - short["final_loss"])
    assert longer["final_loss"] < longer["late_loss"] < short["late_loss"]
    assert 0 < longer["late_swing"] < short["late_swing"]
    loose = measures.chain(lr=0.01)  # turns NaN: only the finite losses before it count
    assert math.isfinite(loose["late_loss"]) and math.isfinite(loose["late_swing"]) and loose["nan"] == 1.0


def test_dropout_inference_is_deterministic_and_training_mode_is_not():
    out = measures.dropout_modes(n_train=100, steps=30, width=32, passes=4)
    assert out["eval_repeat_diff"] == 0.0 and out["flip"] > 0
    assert 0.9 < out["scale_ratio"] < 1.1


def test_twin_reports_what_the_trainer_records():
    from core.training.config import TrainingConfig
    from core.training.twin import TwinTrainer

    config = {"task": "moons", "steps": 30, "a": {"optimizer": "sgd", "lr": 0.1},
              "b": {"optimizer": "adam", "lr": 0.01}}
    out = measures.twin(**config)
    trainer = TwinTrainer(TrainingConfig.from_dict(config))
    records = trainer.run()
    scores = trainer.evaluate()
    assert out["final_loss_a"] == pytest.approx(scores["a"]["loss"], rel=1e-6)
    assert out["final_loss_b"] == pytest.approx(scores["b"]["loss"], rel=1e-6)
    assert out["loss_first_a"] == pytest.approx(records[0].loss_a, rel=1e-6)
    losses = np.array([r.loss_b for r in records])
    assert out["rough_b"] == pytest.approx(np.abs(np.diff(losses[15:])).mean(), rel=1e-6)
    assert out["diverged_a"] == -1 and math.isfinite(out["distance"])


def test_bad_measure_arguments_are_refused_in_one_line():
    with pytest.raises(measures.MeasureError, match="unknown measure"):
        measures.measure("nope", {})
    with pytest.raises(measures.MeasureError, match="takes no 'file'"):
        measures.measure("chain", {"file": "x"})
    with pytest.raises(measures.MeasureError, match="bad training config"):
        measures.measure("twin", {"task": "nothing"})


def stop_after(n: int):
    """A progress callback that answers stop on its ``n``-th call, and the fractions it was told."""
    told: list[float] = []

    def progress(fraction: float) -> bool:
        told.append(fraction)
        return len(told) < n

    return progress, told


TWIN = {"task": "moons", "steps": 40, "a": {"optimizer": "sgd", "lr": 0.1}, "b": {"optimizer": "adam", "lr": 0.01}}


@pytest.mark.parametrize("name, config, calls", [
    ("twin", TWIN, 40),  # once per training step
    ("train_test", {"steps": 30, "width": 16}, 30),
    ("chain", {"steps": 20, "clip": 1.0}, 20),  # clipped: it does not diverge (and break off) early
])
def test_a_measurement_tells_its_progress_each_step_and_stops_when_told(name, config, calls):
    whole, told = stop_after(10**9)
    reference = measures.measure(name, config, whole)
    assert len(told) == calls and told == sorted(told) and told[-1] == 1.0
    progress, told = stop_after(5)
    with pytest.raises(Cancelled):
        measures.measure(name, config, progress)
    assert len(told) == 5  # stopped at once, not at the end
    assert measures.measure(name, config) == reference  # nothing of the stopped run was kept or changed


def test_a_stopped_edge_of_stability_measurement_is_not_cached():
    config = {"lr": 0.3, "steps": 30, "every": 10, "width": 16}
    progress, told = stop_after(3)
    with pytest.raises(Cancelled):
        measures.measure("edge_of_stability", config, progress)
    assert len(told) == 3
    whole, told = stop_after(10**9)
    out = measures.measure("edge_of_stability", config, whole)  # measured, not a cached stop
    assert len(told) == 30 and out["loss_end"] < out["loss_start"]


def test_a_stopped_step_is_not_evaluated_and_keeps_what_it_finished(tmp_path):
    data = json.loads(json.dumps(SMALL))
    data["steps"][1]["claims"].append({"kind": "measure", "measure": "twin", "config": TWIN, "value": "final_loss_a",
                                       "max": 10})
    lesson = load(write(tmp_path, data))
    cache = MeasureCache()
    progress, told = stop_after(3)
    with pytest.raises(Cancelled):  # not a claim that fails: nothing of the step is reported
        evaluate_step(lesson.steps[1], cache, progress)
    assert cache.runs == 1  # init_grad_norms (no steps to report) finished; the twin run did not
    result = evaluate_step(lesson.steps[1], cache)
    assert result.ok and cache.runs == 2


# --- the session a window displays -----------------------------------------------------------------

def test_a_session_moves_through_steps_and_answers_with_measured_numbers(tmp_path):
    from core.lessons import LessonSession

    session = LessonSession(load(write(tmp_path, SMALL)), lang="zh_CN")
    assert session.progress == "1 / 2" and session.title() == "Canyon"
    assert session.visible("optimizers") and not session.visible("surface")
    assert session.prompt() == "Which first?" and session.choices() == ["SGD", "Momentum"]
    assert not session.back() and session.position == 0
    wrong = session.answer(0)
    values = session.results().values
    assert not wrong.correct and wrong.right == 1
    assert wrong.explanation == f"Momentum: {values['mom']:.0f} against {values['sgd']:.0f}."
    assert session.answer(1).correct and session.answers[0].chosen == 1
    with pytest.raises(ValueError, match="from 0 to 1"):
        session.answer(5)
    assert session.next() and session.progress == "2 / 2" and not session.next()
    assert session.visible("training.model") and not session.visible("optimizers")
    assert session.prompt() is None and session.choices() == []
    with pytest.raises(ValueError, match="no question"):
        session.answer(0)
    assert session.text().startswith("Layer 1: ") and "{" not in session.text()
    assert not session.go(2) and not session.go(-1) and session.go(0) and session.position == 0


def test_the_documented_example_is_a_valid_lesson_whose_claims_hold():
    import core.lessons

    doc = core.lessons.__doc__
    start = doc.index('    {"losslab_lesson": 1,')
    end = doc.index("\n\n", start)
    lesson = loads(doc[start:end], "example.json")
    assert len(lesson.steps) == 2 and text(lesson.title, "zh_CN") == "峡谷中的动量"
    assert check_lesson(lesson).ok


@pytest.mark.parametrize("measure, config, key", [
    ("init_grad_norms", {"width": 100000}, '"width"'),
    ("train_test", {"steps": 10**9}, '"steps": 1000000000'),
    ("twin", {"task": "moons", "steps": 10**6}, "\"steps\": 1000000"),
    ("twin", {"task": "moons", "model": {"width": 4096}}, '"config"'),
    ("twin", {"task": "moons", "device": "cuda"}, '"device"'),
])
def test_a_lesson_cannot_ask_for_unbounded_work(tmp_path, measure, config, key):
    data = json.loads(json.dumps(SMALL))
    data["steps"][1]["claims"][0].update(measure=measure, config=config)
    data["steps"][1]["claims"].pop()
    source = json.dumps(data, indent=2)
    error = refused(tmp_path, source)
    assert "at most" in error.reason or "CPU" in error.reason
    assert error.line == line_of(source, key)


@pytest.mark.parametrize("config", [{"std": "x"}, {"passes": 0}, {"width": 0}, {"init": "zeros"}])
def test_an_odd_measure_value_fails_its_claim_in_one_line_without_raising(tmp_path, config):
    data = json.loads(json.dumps(SMALL))
    claim = data["steps"][1]["claims"][0]
    claim.update(measure="dropout_modes" if "passes" in config else "init_grad_norms", config=config)
    data["steps"][1]["claims"].pop()
    report = check_lesson(load(write(tmp_path, data)))
    [line] = report.failures()
    assert "cannot be evaluated: " in line and "\n" not in line


@pytest.mark.parametrize("lr", [0.3, 0.9])  # 2/η never reached in 40 steps; reached after a few
def test_the_edge_of_stability_measure_summarises_the_gd_series(lr, one_torch_thread):
    from core.training.sharpness import edge_of_stability

    config = {"lr": lr, "steps": 40, "every": 5, "depth": 1, "width": 8}
    got = measures.measure("edge_of_stability", config)
    series = edge_of_stability(**config)
    assert got["threshold"] == 2 / lr and got["sharpness_start"] == series.sharpness[0]
    assert got["loss_end"] == series.loss[-1] and got["sharpness_max"] == series.sharpness.max()
    reach = series.first_reach()
    rises = np.diff(series.loss) > 0
    if reach is None:
        assert got["first_reach"] == -1 and math.isnan(got["median_ratio"]) and math.isnan(got["share_within_10"])
        assert got["increases_before"] == rises.sum()
        return
    assert 0 < got["first_reach"] == reach and series.sharpness[series.sharpness_steps < reach].max() < 2 / lr
    ratio = series.sharpness[series.sharpness_steps >= reach] * lr / 2
    assert got["median_ratio"] == pytest.approx(np.median(ratio)) and got["max_ratio"] == pytest.approx(ratio.max())
    assert got["share_within_10"] == pytest.approx(np.mean(np.abs(ratio - 1) <= 0.1))
    assert got["increases_before"] + got["increases_after"] == rises.sum()
    assert got["loss_at_reach"] == series.loss[reach]
    assert measures.measure("edge_of_stability", config) == got  # a second call is the cached result, unchanged


def test_the_edge_of_stability_measure_refuses_too_many_estimates():
    with pytest.raises(measures.MeasureError, match="λmax estimates asked"):
        measures.measure("edge_of_stability", {"steps": 3000, "every": 1})
    with pytest.raises(measures.MeasureError, match="lr must be a number") as info:
        measures.measure("edge_of_stability", {"lr": [0.3]})
    assert "\n" not in str(info.value)
    with pytest.raises(measures.MeasureError, match="lr must be a positive number"):
        measures.measure("edge_of_stability", {"lr": -1, "steps": 2})
