"""Reading and validating lesson files (the format is described in :mod:`core.lessons`)."""

from __future__ import annotations

import copy
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from core.claims import KINDS as RACE_KINDS
from core.claims import Claim, ClaimError, notes_errors, parse_claims
from core.i18n import translate

FORMAT_VERSION = 1
MAX_FILE_BYTES = 1_000_000
MAX_STEPS = 12
TABS = ("race", "scale_map", "training")
# Views a step may open beside its tab: the optimizer's insides on the race (vectors, state, step by step),
# the network's loss landscape on the training tab.
VIEWS = {"inside": "race", "landscape": "training"}
CONTROLS = ("surface", "optimizers", "scale", "playback", "view", "scale_map",
            "training.data", "training.model", "training.runs", "training.playback")
LANGUAGES = ("en", "zh_CN")
TRAINING_KINDS = ("measure", "ratio")

_TOP = ("losslab_lesson", "id", "title", "topic", "steps")
_STEP = ("title", "text", "scene", "tab", "controls", "views", "question", "claims")
_QUESTION = ("prompt", "choices", "answer", "explain")
_MEASURE_KEYS = {"measure": frozenset({"id", "about", "measure", "config", "value", "min", "max"}),
                 "ratio": frozenset({"id", "about", "measure", "config", "value", "over", "min", "max"})}
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")
_PRESET = re.compile(r"[A-Za-z0-9_]{1,64}\Z")
_CLAIM_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}\Z")


class LessonError(ValueError):
    """A lesson file that cannot be used: ``str()`` is ``FILE:LINE: reason``."""

    def __init__(self, file: str, line: int, reason: str):
        self.file, self.line, self.reason = file, line, reason
        super().__init__(f"{file}:{line}: {reason}")


def text(value, lang: str = "en") -> str:
    """A text field in ``lang`` (``"zh_CN"``, …), falling back to English; a plain string is itself."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get(lang) or value.get("en", "")
    return ""


@dataclass(frozen=True)
class Question:
    prompt: object  # text field (str or {"en", "zh_CN"})
    choices: tuple
    answer: int
    explain: object = ""


@dataclass(frozen=True)
class Step:
    title: object
    text: object
    scene: object  # core.scene.Scene
    scene_source: str  # "preset NAME" or "inline"
    tab: str = "race"
    controls: tuple[str, ...] = CONTROLS
    question: Question | None = None
    race_claims: tuple[Claim, ...] = ()  # evaluated on the scene by core.claims
    measure_claims: tuple[dict, ...] = ()  # "measure" / "ratio" claims (core.training.measures)
    claim_order: tuple[tuple[str, int], ...] = ()  # (family, index) of each claim as written
    line: int = 0  # where the step starts in its file
    views: tuple[str, ...] = ()  # of VIEWS: opened beside the tab for this step

    @property
    def claim_count(self) -> int:
        return len(self.claim_order)

    def texts(self) -> list[tuple[str, object]]:
        """(name, text field) of every field that may quote claims."""
        out = [("text", self.text)]
        if self.question is not None:
            out.append(("question.explain", self.question.explain))
        return out


@dataclass(frozen=True)
class Lesson:
    id: str
    title: object
    topic: object
    steps: tuple[Step, ...]
    path: Path | None = None
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def claim_count(self) -> int:
        return sum(s.claim_count for s in self.steps)

    def preset_names(self) -> list[str]:
        return [s.scene_source.split(" ", 1)[1] for s in self.steps if s.scene_source.startswith("preset ")]


# --- where things are -------------------------------------------------------------------------------

def _resources() -> Path:
    from core.training.digits import resources_root  # numpy only: the same lookup as the app's

    return resources_root()


def lessons_folder() -> Path:
    return _resources() / "lessons"


def presets_folder() -> Path:
    return _resources() / "presets"


def preset_names() -> list[str]:
    folder = presets_folder()
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


def lesson_paths() -> list[Path]:
    """The built-in lessons in course order (file-name order)."""
    folder = lessons_folder()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


# --- positions of JSON values -----------------------------------------------------------------------

class _Locator:
    """The line of every value in a JSON text, by path (a tuple of keys and indices); a light scan
    that assumes the text already parsed (json.loads decided that)."""

    def __init__(self, source: str):
        self.s, self.i, self.lines = source, 0, {}
        try:
            self._value(())
        except (IndexError, ValueError):  # cannot happen on parsed JSON; lines fall back to 1
            pass

    def _line(self) -> int:
        return self.s.count("\n", 0, self.i) + 1

    def _ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\r\n":
            self.i += 1

    def _string(self) -> str:
        start = self.i
        self.i += 1
        while self.s[self.i] != '"':
            self.i += 2 if self.s[self.i] == "\\" else 1
        self.i += 1
        return json.loads(self.s[start:self.i])

    def _value(self, path: tuple, line: int | None = None):
        self._ws()
        self.lines[path] = line or self._line()
        c = self.s[self.i]
        if c == "{":
            self.i += 1
            self._ws()
            if self.s[self.i] == "}":
                self.i += 1
                return
            while True:
                self._ws()
                key_line = self._line()
                key = self._string()
                self._ws()
                self.i += 1  # ':'
                self._value(path + (key,), key_line)
                self._ws()
                c = self.s[self.i]
                self.i += 1
                if c == "}":
                    return
        elif c == "[":
            self.i += 1
            self._ws()
            if self.s[self.i] == "]":
                self.i += 1
                return
            k = 0
            while True:
                self._value(path + (k,))
                k += 1
                self._ws()
                c = self.s[self.i]
                self.i += 1
                if c == "]":
                    return
        elif c == '"':
            self._string()
        else:
            m = re.compile(r"[-+0-9.eEa-zA-Z]+").match(self.s, self.i)
            self.i = m.end()

    def line(self, path: tuple) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


# --- loading ----------------------------------------------------------------------------------------

class _Fail(Exception):
    def __init__(self, path: tuple, reason: str):
        super().__init__(reason)
        self.path, self.reason = path, reason


def load(path) -> Lesson:
    """Read and validate a lesson file (a regular file of at most 1 MB); LessonError if malformed."""
    path = Path(path)
    name = str(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise LessonError(name, 1, translate("core.lessons", "not a regular file"))
        if info.st_size > MAX_FILE_BYTES:
            raise LessonError(name, 1, translate("core.lessons", "larger than {megabytes} MB").format(
                megabytes=MAX_FILE_BYTES // 1_000_000))
        source = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise LessonError(name, 1, translate("core.lessons", "cannot be read ({reason})").format(
            reason=exc.strerror or exc)) from None
    except UnicodeDecodeError:
        raise LessonError(name, 1, translate("core.lessons", "not UTF-8 text")) from None
    return loads(source, name, path)


def loads(source: str, name: str = "<lesson>", path: Path | None = None) -> Lesson:
    """Validate a lesson from its JSON text; ``name`` is the file named in errors."""
    try:
        data = json.loads(source)
    except json.JSONDecodeError as exc:
        reason = translate("core.lessons", "not valid JSON: {reason} (column {column})").format(
            reason=exc.msg, column=exc.colno)
        raise LessonError(name, exc.lineno, reason) from None
    except RecursionError:
        raise LessonError(name, 1, translate("core.lessons", "nested too deeply")) from None
    try:
        return _lesson(data, path)
    except _Fail as fail:
        raise LessonError(name, _Locator(source).line(fail.path), fail.reason) from None


def _fields(obj, where: tuple, what: str, known: tuple, required: tuple):
    if not isinstance(obj, dict):
        raise _Fail(where, translate("core.lessons", "{what} must be an object").format(what=what))
    for key in obj:
        if key not in known:
            raise _Fail(where + (key,), translate("core.lessons", "unknown field {key} in {what}; known: {known}")
                        .format(key=f"{key!r:.40}", what=what, known=", ".join(known)))
    for key in required:
        if key not in obj:
            raise _Fail(where, translate("core.lessons", "{what} lacks {key}").format(what=what, key=f"{key!r}"))


def _text_field(value, where: tuple, what: str, limit: int = 4000):
    if isinstance(value, str):
        if not value.strip() or len(value) > limit:
            raise _Fail(where, translate("core.lessons", "{what} must be non-empty text of at most {limit} "
                                                         "characters").format(
                what=what, limit=limit))
        return value
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in LANGUAGES:
                raise _Fail(where + (key,), translate("core.lessons", "{what}: unknown language {key}; use "
                                                                      "{languages}").format(
                    what=what, key=f"{key!r:.20}", languages=', '.join(LANGUAGES)))
            _text_field(item, where + (key,), f"{what} ({key})", limit)
        if "en" not in value:
            raise _Fail(where, translate("core.lessons", '{what} needs an English text ("en")').format(what=what))
        return dict(value)
    raise _Fail(where, translate("core.lessons", '{what} must be text or {{"en": ..., "zh_CN": ...}}').format(
        what=what))


def _lesson(data, path: Path | None) -> Lesson:
    _fields(data, (), "the lesson", _TOP, _TOP)
    if data["losslab_lesson"] != FORMAT_VERSION:
        raise _Fail(("losslab_lesson",), translate("core.lessons", "lesson format version {version} is not "
                                                                   "supported (this losslab reads version "
                                                                   "{format_version})").format(
            version=f"{data['losslab_lesson']!r:.20}", format_version=FORMAT_VERSION))
    if not isinstance(data["id"], str) or not _ID.match(data["id"]):
        raise _Fail(("id",), translate("core.lessons", "'id' must be a name of letters, digits, _ and -"))
    title = _text_field(data["title"], ("title",), "'title'", 200)
    topic = _text_field(data["topic"], ("topic",), "'topic'", 200)
    steps = data["steps"]
    if not isinstance(steps, list) or not 1 <= len(steps) <= MAX_STEPS:
        raise _Fail(("steps",), translate("core.lessons", "'steps' must be a list of 1 to {max_steps} steps").format(
            max_steps=MAX_STEPS))
    return Lesson(data["id"], title, topic, tuple(_step(s, ("steps", i), i) for i, s in enumerate(steps)),
                  path, copy.deepcopy(data))


def _step(data, where: tuple, index: int) -> Step:
    what = translate("core.lessons", "step {number}").format(number=index + 1)
    _fields(data, where, what, _STEP, ("title", "text", "scene"))
    title = _text_field(data["title"], where + ("title",), f"{what}: 'title'", 200)
    body = _text_field(data["text"], where + ("text",), f"{what}: 'text'")
    tab = data.get("tab", "race")
    if tab not in TABS:
        raise _Fail(where + ("tab",), translate("core.lessons", "{what}: unknown tab {tab}; choose one of: {tabs}")
                    .format(what=what, tab=f"{tab!r:.30}", tabs=", ".join(TABS)))
    controls = data.get("controls", list(CONTROLS))
    if not isinstance(controls, list):
        raise _Fail(where + ("controls",), translate("core.lessons", "{what}: 'controls' must be a list of control "
                                                                     "groups").format(
            what=what))
    for k, name in enumerate(controls):
        if name not in CONTROLS:
            raise _Fail(where + ("controls", k), translate("core.lessons", "{what}: unknown control group {name}; "
                                                                           "choose from: {controls}").format(
                what=what, name=f"{name!r:.40}", controls=', '.join(CONTROLS)))
    views = data.get("views", [])
    if not isinstance(views, list):
        raise _Fail(where + ("views",), translate("core.lessons", "{what}: 'views' must be a list, e.g. "
                                                                  '["inside"]').format(
            what=what))
    for k, name in enumerate(views):
        if name not in VIEWS:
            raise _Fail(where + ("views", k), translate("core.lessons", "{what}: unknown view {name}; choose from: "
                                                                        "{views}").format(
                what=what, name=f"{name!r:.40}", views=', '.join(VIEWS)))
        if VIEWS[name] != tab:
            raise _Fail(where + ("views", k), translate("core.lessons", "{what}: the {name} view opens on the "
                                                                        "{views} tab, not {tab}").format(
                what=what, name=name, views=VIEWS[name], tab=tab))
    scene, source = _scene(data["scene"], where + ("scene",), what)
    question = _question(data["question"], where + ("question",), what) if "question" in data else None
    race, measured, order, ids = _claims(data.get("claims", []), where + ("claims",), what)
    if tab == "training" and scene.training is None and any(
            c["measure"] == "twin" and "config" not in c for c in measured):
        raise _Fail(where + ("scene",), translate("core.lessons", "{what}: a twin measure without 'config' needs "
                                                                  "the scene's 'training'").format(
            what=what))
    step = Step(title, body, scene, source, tab, tuple(controls), question, race, measured, order,
                views=tuple(views))
    for name, field_value in step.texts():
        for lang in LANGUAGES:
            if isinstance(field_value, dict) and lang not in field_value:
                continue
            errors = notes_errors(text(field_value, lang), [Claim("value", {"id": i}) for i in ids])
            if errors:
                key = ("question", "explain") if name.startswith("question") else ("text",)
                raise _Fail(where + key, f"{what}: {name}: {errors[0].removeprefix('notes: ')}")
    return step


def _scene(data, where: tuple, what: str):
    from core.scene import SceneError, from_dict

    if not isinstance(data, dict):
        raise _Fail(where, translate("core.lessons", '{what}: \'scene\' must be an object (a scene, or {{"preset": '
                                                     "NAME}})").format(
            what=what))
    if "preset" in data:
        extra = set(data) - {"preset", "training", "scale_map"}
        if extra:
            key = sorted(extra)[0]
            raise _Fail(where + (key,), translate("core.lessons", "{what}: a preset scene takes only 'training' "
                                                                  "and 'scale_map' besides 'preset', not {key}").format(
                what=what, key=f"{key!r:.40}"))
        name = data["preset"]
        if not isinstance(name, str) or not _PRESET.match(name) or name not in preset_names():
            raise _Fail(where + ("preset",), translate("core.lessons", "{what}: unknown preset {name}; choose one "
                                                                       "of: {names}").format(
                what=what, name=f"{name!r:.60}", names=', '.join(preset_names())))
        try:
            scene_data = json.loads((presets_folder() / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise _Fail(where + ("preset",), translate("core.lessons", "{what}: preset {name} cannot be read "
                                                                       "({reason})").format(
                what=what, name=name, reason=exc)) from None
        for key in ("training", "scale_map"):
            if key in data:
                scene_data[key] = data[key]
        scene_data.pop("claims", None)  # the preset's own claims are checked with the presets
        source = f"preset {name}"
    else:
        scene_data = {"losslab_scene": 1, **data}
        source = "inline"
    try:
        return from_dict(scene_data), source
    except SceneError as exc:
        reason = translate("core.lessons", "{what}: bad scene: {reason}").format(what=what, reason=exc)
        raise _Fail(where, reason) from None


def _question(data, where: tuple, what: str) -> Question:
    _fields(data, where, f"{what}: the question", _QUESTION, ("prompt", "choices", "answer"))
    prompt = _text_field(data["prompt"], where + ("prompt",), f"{what}: 'prompt'")
    choices = data["choices"]
    if not isinstance(choices, list) or not 2 <= len(choices) <= 6:
        raise _Fail(where + ("choices",), translate("core.lessons", "{what}: 'choices' must be a list of 2 to 6 "
                                                                    "answers").format(
            what=what))
    choices = tuple(_text_field(c, where + ("choices", k), f"{what}: choice {k + 1}", 300)
                    for k, c in enumerate(choices))
    answer = data["answer"]
    if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(choices):
        raise _Fail(where + ("answer",), translate("core.lessons", "{what}: 'answer' must be the index of a "
                                                                   "choice, 0 to {choices}, not {answer}").format(
            what=what, choices=len(choices) - 1, answer=f"{answer!r:.20}"))
    explain = _text_field(data["explain"], where + ("explain",), f"{what}: 'explain'") if "explain" in data else ""
    return Question(prompt, choices, answer, explain)


def _claims(data, where: tuple, what: str):
    from core.training.measures import MeasureError, check_arguments  # torch is imported lazily there

    if not isinstance(data, list):
        raise _Fail(where, translate("core.lessons", "{what}: 'claims' must be a list").format(what=what))
    race_items, measured, order, ids = [], [], [], []
    for k, item in enumerate(data):
        at = where + (k,)
        if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
            raise _Fail(at, translate("core.lessons", "{what}: claim {number} must be an object with a 'kind'").format(
                what=what, number=k + 1))
        kind = item["kind"]
        label = translate("core.lessons", "{what}: claim {number} ({kind})").format(
            what=what, number=k + 1, kind=f"{kind:.30}")
        if "id" in item:
            if not isinstance(item["id"], str) or not _CLAIM_ID.match(item["id"]):
                raise _Fail(at + ("id",), translate("core.lessons", "{label}: 'id' must be a name of letters, "
                                                                    "digits and _").format(
                    label=label))
            if item["id"] in ids:
                raise _Fail(at + ("id",), translate("core.lessons", "{label}: id {id} is used twice in the step")
                            .format(label=label, id=f"{item['id']!r}"))
            ids.append(item["id"])
        if kind in RACE_KINDS:
            try:
                parse_claims([item])
            except ClaimError as exc:
                raise _Fail(at, f"{label}: {exc.reason}") from None
            order.append(("race", len(race_items)))
            race_items.append(item)
            continue
        if kind not in TRAINING_KINDS:
            raise _Fail(at + ("kind",), translate("core.lessons", "{what}: claim {number}: unknown kind {kind}; choose "
                                                                  "one of: {names}").format(
                what=what, number=k + 1, kind=f"{kind!r:.40}", names=', '.join((*RACE_KINDS, *TRAINING_KINDS))))
        for key in item:
            if key != "kind" and key not in _MEASURE_KEYS[kind]:
                raise _Fail(at + (key,), translate("core.lessons", "{label}: unknown field {key}").format(
                    label=label, key=f"{key!r:.40}"))
        for key in ("measure", "value") + (("over",) if kind == "ratio" else ()):
            if key not in item:
                raise _Fail(at, translate("core.lessons", "{label}: missing {key}").format(
                    label=label, key=f"{key!r}"))
        refs = [(item, at)]
        if kind == "ratio" and isinstance(item["over"], dict):
            over = item["over"]
            unknown = set(over) - {"measure", "config", "value"}
            if unknown or not {"measure", "value"} <= set(over):
                raise _Fail(at + ("over",), translate("core.lessons", "{label}: 'over' is a value name or "
                                                                      '{{"measure", "config", "value"}}').format(
                    label=label))
            refs.append((over, at + ("over",)))
        elif kind == "ratio" and not isinstance(item["over"], str):
            raise _Fail(at + ("over",), translate("core.lessons", "{label}: 'over' must be a value name or an "
                                                                  "object").format(
                label=label))
        for ref, ref_at in refs:
            if not isinstance(ref["value"], str):
                raise _Fail(ref_at + ("value",), translate("core.lessons", "{label}: 'value' must be the name of a "
                                                                           "measured number").format(
                    label=label))
            try:
                check_arguments(ref["measure"] if isinstance(ref["measure"], str) else repr(ref["measure"]),
                                ref.get("config", {}))
            except MeasureError as exc:
                key = getattr(exc, "key", None)
                raise _Fail(ref_at + (("config", key) if key else ("measure",)), f"{label}: {exc}") from None
        for key in ("min", "max"):
            value = item.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                raise _Fail(at + (key,), translate("core.lessons", "{label}: '{key}' must be a number").format(
                    label=label, key=key))
        if "about" in item and not isinstance(item["about"], str):
            raise _Fail(at + ("about",), translate("core.lessons", "{label}: 'about' must be text").format(
                label=label))
        order.append(("measure", len(measured)))
        measured.append(copy.deepcopy(item))
    try:
        race = parse_claims(race_items)
    except ClaimError as exc:  # checked one by one above; kept for safety
        raise _Fail(where, f"{what}: {exc}") from None
    return race, tuple(measured), tuple(order), ids
