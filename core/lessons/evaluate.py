"""Evaluating a lesson's claims: race kinds on one engine run of the step's scene (core.claims), training
measurements through core.training.measures (each (measure, config) pair run once per cache)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from core.claims import Claim, ClaimResult, evaluate, fill_notes, format_measured
from core.lessons.format import Lesson, Step, text

Progress = Callable[[float], bool]  # a measurement's progress callback: False stops it


@dataclass
class StepResults:
    """Every claim's result of one step, in the order written."""

    results: list[ClaimResult] = field(default_factory=list)

    @property
    def values(self) -> dict[str, float]:
        return {r.claim.id: r.measured for r in self.results if r.claim.id}

    @property
    def ok(self) -> bool:
        return all(r.holds for r in self.results)


def fill(value, results: StepResults | Mapping[str, float], lang: str = "en") -> str:
    """The text field ``value`` in ``lang`` with its ``{id}`` placeholders replaced by measured numbers."""
    values = results.values if isinstance(results, StepResults) else results
    return fill_notes(text(value, lang), values)


def _bounds_text(args) -> str:
    parts = ([f"≥ {args['min']:g}"] if "min" in args else []) + ([f"≤ {args['max']:g}"] if "max" in args else [])
    return " and ".join(parts) or "any value"


class MeasureCache:
    """Measurements already made, by (name, config)."""

    def __init__(self):
        self._done: dict[str, dict[str, float]] = {}
        self.runs = 0

    def get(self, name: str, config: dict, progress: Progress | None = None) -> dict[str, float]:
        from core.training.measures import measure

        key = json.dumps([name, _normal(name, config)], sort_keys=True)
        if key not in self._done:
            self._done[key] = measure(name, config, progress)
            self.runs += 1
        return self._done[key]


def _normal(name: str, config: dict) -> dict:
    """A twin config with every default written out, so the same run is recognised however it is written
    (a claim's explicit config and the scene's training config); other measures as given."""
    if name != "twin":
        return config
    from core.training.config import TrainingConfig  # torch-free

    try:
        return TrainingConfig.from_dict(config).to_dict()
    except (TypeError, ValueError):
        return config  # the measure itself reports the error


def _number(step: Step, ref: dict, cache: MeasureCache, progress: Progress | None) -> float:
    from core.training.measures import MeasureError

    name = ref["measure"]
    config = ref.get("config")
    if config is None:
        if name != "twin" or step.scene.training is None:
            config = {}
        else:
            config = step.scene.training.to_dict()
    try:
        values = cache.get(name, config, progress)
    except MeasureError as exc:
        raise _Cannot(str(exc)) from None
    if ref["value"] not in values:
        raise _Cannot(f"measure {name} has no value {ref['value']!r}; it has {', '.join(values)}")
    return float(values[ref["value"]])


class _Cannot(Exception):
    pass


def _measure_result(step: Step, args: dict, cache: MeasureCache, progress: Progress | None) -> ClaimResult:
    claim = Claim(args["kind"], {k: v for k, v in args.items() if k != "kind"})
    try:
        value = _number(step, args, cache, progress)
        what = f"{args['measure']}.{args['value']}"
        if args["kind"] == "ratio":
            over = args["over"]
            ref = {"measure": args["measure"], "config": args.get("config"), "value": over} \
                if isinstance(over, str) else over
            if ref.get("config") is None:
                ref = {k: v for k, v in ref.items() if k != "config"}
            denominator = _number(step, ref, cache, progress)
            what += f" ÷ {ref['measure']}.{ref['value']}"
            value = value / denominator if denominator != 0 else math.inf
    except _Cannot as exc:
        return ClaimResult(claim, False, math.nan, f"cannot be evaluated: {exc}")
    holds = math.isfinite(value) and ("min" not in args or value >= args["min"]) \
        and ("max" not in args or value <= args["max"])
    return ClaimResult(claim, holds, value,
                       f"{what} = {format_measured(value, '.4g')} (wanted {_bounds_text(args)})")


def evaluate_step(step: Step, cache: MeasureCache | None = None, progress: Progress | None = None) -> StepResults:
    """Evaluate every claim of ``step``: the race kinds on one run of its scene, the measurements through
    ``cache`` (a new one if None). A claim that cannot be evaluated does not hold. Nothing raises, except
    core.engine.run.Cancelled when ``progress`` (handed to each measurement, core.training.measures.measure)
    returns False: the step is then not evaluated at all, and its finished measurements stay in ``cache``."""
    cache = cache or MeasureCache()
    race = evaluate(step.scene, step.race_claims) if step.race_claims else []
    out = StepResults()
    for family, index in step.claim_order:
        if family == "race":
            out.results.append(race[index])
        else:
            out.results.append(_measure_result(step, step.measure_claims[index], cache, progress))
    return out


@dataclass
class LessonReport:
    lesson: Lesson
    steps: list[StepResults] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.steps)

    @property
    def claim_count(self) -> int:
        return sum(len(s.results) for s in self.steps)

    def failures(self) -> list[str]:
        """One line per failing claim: lesson, step, claim and the measured value."""
        lines = []
        name = self.lesson.path.name if self.lesson.path else self.lesson.id
        for k, step in enumerate(self.steps):
            for i, result in enumerate(step.results):
                if not result.holds:
                    about = result.claim.args.get("about")
                    label = result.claim.label(i) + (f" ({about})" if about else "")
                    measured = f"{result.measured:.6g}" if math.isfinite(result.measured) else "nothing"
                    lines.append(f"{name}: step {k + 1}: claim {label} fails: {result.message} "
                                 f"[measured {measured}]")
        return lines

    def to_dict(self) -> dict:
        return {"lesson": self.lesson.path.name if self.lesson.path else self.lesson.id, "id": self.lesson.id,
                "title": text(self.lesson.title), "ok": self.ok,
                "steps": [{"title": text(step.title), "ok": res.ok, "claims": [r.to_dict() for r in res.results],
                           "text": fill(step.text, res),
                           **({"explain": fill(step.question.explain, res)} if step.question else {})}
                          for step, res in zip(self.lesson.steps, self.steps, strict=True)]}


def check_lesson(lesson: Lesson, cache: MeasureCache | None = None) -> LessonReport:
    """Every claim of every step of ``lesson`` evaluated (measurements shared through ``cache``)."""
    cache = cache or MeasureCache()
    return LessonReport(lesson, [evaluate_step(step, cache) for step in lesson.steps])


def check_lessons(lessons: Sequence[Lesson]) -> list[LessonReport]:
    cache = MeasureCache()
    return [check_lesson(lesson, cache) for lesson in lessons]
