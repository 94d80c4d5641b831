"""A scene: everything the window shows, as plain data — loaded, validated and saved atomically.

JSON layout (version 1)::

    {"losslab_scene": 1,
     "title": "...", "notes": "...",                       # optional, shown by presets; each may also be
                                                            # {"en": "...", "zh_CN": "..."} (English required)
     "surface": {"name": "canyon", "params": {"condition": 50, "angle": 20}}
              | {"formula": "x^2 + 10*y^2"}
              | {"weighted": {"first": <name or formula surface>, "second": <...>, "a": 1, "b": 1}},
     "start": [x, y], "window": [xmin, xmax, ymin, ymax], "steps": 300, "step": 0,
     "lr_factor": 1.0, "loss_scale": 1.0, "lock_product": false,
     "ghosts": true,                                         # optional: show the ghost runs (default: the
                                                             # viewer's own View ▸ Show ghosts setting)
     "optimizers": [{"kind": "sgd", "lr": 0.01, ...OptimizerSpec fields..., "enabled": true}, ...],
     "claims": [{"kind": ..., ...}, ...],                   # optional, see core.claims
     "scale_map": {"resolution": 32, ...},                   # optional, see core.scale_map
     "training": {"task": "spirals", ...}}                   # optional, see core.training.config

The effective run of optimizer i uses lr = spec.lr × lr_factor and loss scale = spec.loss_scale ×
loss_scale; its "ghost" reference run uses spec.lr and spec.loss_scale. A file that is not JSON, not a
losslab scene, or holds a bad value is refused with a :class:`SceneError` naming the problem.

The scene stores how its surface is named (``surface_source``, what the file holds) and derives the
surface from it (built once and cached; a new source builds a new surface), so no second copy can go
stale. :func:`validate` checks everything a later action reaches: every optimizer's lr × lr_factor and
loss_scale × loss_scale stay inside the optimizer table's ranges, the view window is finite and of a
usable width; :func:`load` reads only regular files, at most MAX_FILE_BYTES.
"""

from __future__ import annotations

import copy
import json
import math
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.claims import Claim, ClaimError, parse_claims
from core.export.files import write_bytes_atomically
from core.i18n import translate
from core.optim.spec import PARAMETERS, OptimizerSpec
from core.scale_map import ScaleMapRequest, finite_number, short_repr
from core.surfaces.surface import Surface, get_surface, surface_from_formula
from core.training.config import TrainingConfig  # torch-free: plain data

FORMAT_VERSION = 1
TEXT_FIELDS = ("title", "notes")  # text fields that may hold several languages
TEXT_LANGUAGES = ("en", "zh_CN")  # the languages a text field may hold ("en" required)
MAX_OPTIMIZERS = 16  # a race with more is unreadable
MAX_STEPS = 100_000
FACTOR_RANGE = (1e-4, 1e4)  # the global lr-factor and loss-scale sliders
MAX_FILE_BYTES = 2_000_000
MAX_WINDOW_WIDTH = 1e12  # wider, and the map's grid and the axes lose all meaning
MIN_WINDOW_SPACINGS = 1e6  # narrower than this many float spacings at its centre, the map is blank


class SceneError(ValueError):
    """A scene file or value that cannot be used; the message says why."""


@dataclass(frozen=True)
class OptimizerEntry:
    spec: OptimizerSpec
    enabled: bool = True


@dataclass(frozen=True)
class Scene:
    surface_source: dict  # how the surface is named: what the file holds; the surface is derived from it
    optimizers: tuple[OptimizerEntry, ...]
    start: tuple[float, float]
    window: tuple[float, float, float, float]
    steps: int = 300
    step: int = 0
    lr_factor: float = 1.0
    loss_scale: float = 1.0
    lock_product: bool = False
    ghosts: bool | None = None  # show the ghosts when this scene opens (None: leave the viewer's setting)
    title: str = ""  # English (the file's plain string or its "en")
    notes: str = ""
    claims: tuple[Claim, ...] = ()  # checked statements about the runs (core.claims)
    scale_map: ScaleMapRequest | None = None  # the scale map's settings (None: its defaults)
    # The training tab's configuration (core.training.config.TrainingConfig; None: the tab's defaults).
    # Optional in files; the training engineer's panel decides when it reads and writes it.
    training: TrainingConfig | None = None
    # Other languages' texts: (language, field, text) with field "title" or "notes", e.g.
    # (("zh_CN", "notes", "…"),). Saved back as {"en": …, "zh_CN": …}; read through text().
    translations: tuple[tuple[str, str, str], ...] = ()
    # (source it was built from, surface): carried along by with_changes, rebuilt if the source differs
    _built: tuple[dict, Surface] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if not isinstance(self.surface_source, dict):
            raise SceneError(translate("core.scene", "'surface' must be an object with a 'name', a 'formula' or "
                                                     "'weighted'"))
        if self._built is None or self._built[0] != self.surface_source:
            object.__setattr__(self, "_built", (copy.deepcopy(self.surface_source),
                                                surface_from_source(self.surface_source)))

    @property
    def surface(self) -> Surface:
        """The surface ``surface_source`` names (built once per source)."""
        built = self._built
        if built[0] != self.surface_source:  # the source dict was changed in place: follow it
            built = (copy.deepcopy(self.surface_source), surface_from_source(self.surface_source))
            object.__setattr__(self, "_built", built)
        return built[1]

    def text(self, name: str, lang: str = "en") -> str:
        """The scene's ``name`` ("title" or "notes") in ``lang``, falling back to English."""
        if name not in TEXT_FIELDS:
            raise ValueError(f"a scene has no text field '{name}'")
        for code, key, value in self.translations:
            if code == lang and key == name and value:
                return value
        return getattr(self, name)

    def title_in(self, lang: str = "en") -> str:
        return self.text("title", lang)

    def notes_in(self, lang: str = "en") -> str:
        return self.text("notes", lang)

    def texts(self, name: str) -> dict[str, str]:
        """Every language's text of ``name``: {"en": …, "zh_CN": …} (English always present)."""
        out = {"en": getattr(self, name)}
        out.update({code: value for code, key, value in self.translations if key == name})
        return out

    def effective_specs(self) -> list[OptimizerSpec]:
        """The runs the race shows: the global factors applied to every optimizer."""
        return [e.spec.replace(lr=e.spec.lr * self.lr_factor, loss_scale=e.spec.loss_scale * self.loss_scale)
                for e in self.optimizers]

    def reference_specs(self) -> list[OptimizerSpec]:
        """The ghosts: each optimizer at its own lr and loss scale (global factors at 1)."""
        return [e.spec for e in self.optimizers]

    def with_changes(self, **changes) -> Scene:
        """A validated copy. ``surface=`` takes an already built surface (with ``surface_source=`` when
        its source is not the one :func:`surface_source` derives, e.g. a weighted surface)."""
        if "surface" in changes:
            surface = changes.pop("surface")
            source = changes.setdefault("surface_source", surface_source(surface))
            changes["_built"] = (copy.deepcopy(source), surface)
        scene = replace(self, **changes)
        validate(scene)
        return scene

    def _saved_text(self, name: str):
        """A plain string when only English exists, else {"en": …, "zh_CN": …} (the file's shape)."""
        texts = self.texts(name)
        return texts["en"] if len(texts) == 1 else texts

    def to_dict(self) -> dict:
        return {
            "losslab_scene": FORMAT_VERSION,
            "title": self._saved_text("title"),
            "notes": self._saved_text("notes"),
            "surface": copy.deepcopy(self.surface_source),
            "start": list(self.start),
            "window": list(self.window),
            "steps": self.steps,
            "step": self.step,
            "lr_factor": self.lr_factor,
            "loss_scale": self.loss_scale,
            "lock_product": self.lock_product,
            **({"ghosts": self.ghosts} if self.ghosts is not None else {}),
            "optimizers": [{**e.spec.to_dict(), "enabled": e.enabled} for e in self.optimizers],
            **({"claims": [c.to_dict() for c in self.claims]} if self.claims else {}),
            **({"scale_map": self.scale_map.to_dict()} if self.scale_map is not None else {}),
            **({"training": self.training.to_dict()} if self.training is not None else {}),
        }


def surface_source(surface: Surface) -> dict:
    if surface.program is not None:
        return {"formula": surface.formula}
    return {"name": surface.name, "params": dict(surface.params)}


# The first scene a teacher sees: its notes state what the runs do, through claims (checked by the tests
# like every preset's), and ask the question the app exists for.
DEFAULT_TITLE = "Four optimizers on Rosenbrock's valley"
DEFAULT_NOTES = (
    "Four optimizers race down Rosenbrock's curved valley toward its minimum at (1, 1); after 500 steps SGD "
    "is at loss {sgd:.2g}, Momentum at {mom:.2g}, RMSProp at {rms:.2g} and Adam at {adam:.2g}.\n\n"
    "The question behind this app: is dividing the loss by 10 the same as dividing the learning rate by 10? "
    "Drag the loss-scale slider to 0.1: SGD and Momentum leave their ghosts (the runs without the global "
    "factors; up to {sgd_x:.2g} and {mom_x:.2g} away), because for them only lr × loss scale matters, while "
    "Adam stays on its ghost (largest distance {adam_x:.0e}). The Presets menu walks through why, lesson by "
    "lesson.")
DEFAULT_TRANSLATIONS = (
    ("zh_CN", "title", "Rosenbrock 山谷中的四个优化器"),
    ("zh_CN", "notes",
     "四个优化器沿 Rosenbrock 弯曲的山谷奔向 (1, 1) 处的最小值；500 步后 SGD 的损失为 {sgd:.2g}，"
     "Momentum 为 {mom:.2g}，RMSProp 为 {rms:.2g}，Adam 为 {adam:.2g}。\n\n"
     "本应用要回答的问题：把损失除以 10 与把学习率除以 10 是一回事吗？把损失缩放滑块拖到 0.1："
     "SGD 和 Momentum 离开了它们的影子（不含全局系数的运行；最远分别相距 {sgd_x:.2g} 和 {mom_x:.2g}），"
     "因为对它们而言只有 学习率 × 损失缩放 起作用；而 Adam 仍停在影子上（最大距离 {adam_x:.0e}）。"
     "预设菜单逐课讲解其中的原因。"),
)
DEFAULT_CLAIMS = (
    {"kind": "loss_at", "id": "sgd", "run": 0, "min": 0.1},
    {"kind": "loss_at", "id": "mom", "run": 1},
    {"kind": "loss_at", "id": "rms", "run": 2},
    {"kind": "loss_at", "id": "adam", "run": 3},
    {"kind": "paths_differ", "id": "sgd_x", "runs": [0, "g0"], "min": 0.05, "with": {"loss_scale": 0.1}},
    {"kind": "paths_differ", "id": "mom_x", "runs": [1, "g1"], "min": 0.05, "with": {"loss_scale": 0.1}},
    {"kind": "paths_equal", "id": "adam_x", "runs": [3, "g3"], "tol": 1e-05, "with": {"loss_scale": 0.1}},
)


def default_scene() -> Scene:
    surface = get_surface("rosenbrock")
    specs = [OptimizerSpec("sgd", lr=1e-3), OptimizerSpec("momentum", lr=1e-3),
             OptimizerSpec("rmsprop", lr=1e-2), OptimizerSpec("adam", lr=5e-2)]
    source = surface_source(surface)
    return Scene(surface_source=source, optimizers=tuple(OptimizerEntry(s) for s in specs),
                 start=surface.start, window=surface.window, steps=500, title=DEFAULT_TITLE,
                 notes=DEFAULT_NOTES, claims=parse_claims([dict(c) for c in DEFAULT_CLAIMS]),
                 translations=DEFAULT_TRANSLATIONS, _built=(copy.deepcopy(source), surface))


def from_dict(data) -> Scene:
    if not isinstance(data, dict) or "losslab_scene" not in data:
        raise SceneError(translate("core.scene", "not a losslab scene (no 'losslab_scene' version field)"))
    if data["losslab_scene"] != FORMAT_VERSION:
        raise SceneError(translate("core.scene", "scene format version {version} is not supported (this losslab reads "
                                                 "version {format_version})").format(
            version=short_repr(data["losslab_scene"]), format_version=FORMAT_VERSION))
    known = {"losslab_scene", "title", "notes", "surface", "start", "window", "steps", "step", "lr_factor",
             "loss_scale", "lock_product", "ghosts", "optimizers", "claims", "scale_map",
             "training"}
    unknown = set(data) - known
    if unknown:
        raise SceneError(_clip(translate("core.scene", "unknown field(s): {names}").format(
            names=', '.join(sorted(short_repr(str(k), 30) for k in unknown)))))
    try:
        surface, source = _surface(data.get("surface"))
        optimizers = data.get("optimizers")
        if not isinstance(optimizers, list) or not optimizers:
            raise SceneError(translate("core.scene", "'optimizers' must be a non-empty list"))
        if len(optimizers) > MAX_OPTIMIZERS:  # before building them: validate() says it again
            raise SceneError(translate("core.scene", "at most {max_optimizers} optimizers").format(
                max_optimizers=MAX_OPTIMIZERS))
        entries = []
        for i, item in enumerate(optimizers):
            if not isinstance(item, dict):
                raise SceneError(translate("core.scene", "optimizer {i} must be an object").format(i=i + 1))
            item = dict(item)
            enabled = item.pop("enabled", True)
            if not isinstance(enabled, bool):
                raise SceneError(translate("core.scene", "optimizer {i}: 'enabled' must be true or false").format(
                    i=i + 1))
            try:
                entries.append(OptimizerEntry(OptimizerSpec.from_dict(item), enabled))
            except (TypeError, ValueError) as exc:
                reason = translate("core.scene", "optimizer {i}: {reason}").format(i=i + 1, reason=exc)
                raise SceneError(_clip(reason)) from None
        title, title_tr = _texts(data.get("title", ""), "title")
        notes, notes_tr = _texts(data.get("notes", ""), "notes")
        scale_map, training = data.get("scale_map"), data.get("training")
        if training is not None and not isinstance(training, dict):
            raise SceneError(translate("core.scene", "'training' must be an object"))
        scene = Scene(
            surface_source=source,
            _built=(copy.deepcopy(source), surface),
            optimizers=tuple(entries),
            start=_pair(data.get("start", list(surface.start)), "start"),
            window=_window(data.get("window", list(surface.window))),
            steps=_int(data.get("steps", 300), "steps"),
            step=_int(data.get("step", 0), "step"),
            lr_factor=_float(data.get("lr_factor", 1.0), "lr_factor"),
            loss_scale=_float(data.get("loss_scale", 1.0), "loss_scale"),
            lock_product=_bool(data.get("lock_product", False), "lock_product"),
            ghosts=None if data.get("ghosts") is None else _bool(data["ghosts"], "ghosts"),
            title=title,
            notes=notes,
            translations=title_tr + notes_tr,
            claims=parse_claims(data.get("claims", [])),
            scale_map=None if scale_map is None else ScaleMapRequest.from_dict(scale_map),
            training=None if training is None else TrainingConfig.from_dict(training),
        )
    except SceneError:
        raise
    except ClaimError as exc:
        raise SceneError(str(exc)) from None
    except (ValueError, TypeError) as exc:  # a bad formula, hyper-parameter or setting: say which part
        raise SceneError(_clip(str(exc))) from None
    validate(scene)
    return scene


def validate(scene: Scene) -> None:
    if len(scene.optimizers) > MAX_OPTIMIZERS:
        raise SceneError(translate("core.scene", "at most {max_optimizers} optimizers").format(
            max_optimizers=MAX_OPTIMIZERS))
    if not 1 <= scene.steps <= MAX_STEPS:
        raise SceneError(translate("core.scene", "steps must be from 1 to {max_steps}, not {steps}").format(
            max_steps=MAX_STEPS, steps=short_repr(scene.steps)))
    if not 0 <= scene.step <= scene.steps:
        raise SceneError(translate("core.scene", "step must be from 0 to steps ({steps}), not {step}").format(
            steps=scene.steps, step=short_repr(scene.step)))
    lo, hi = FACTOR_RANGE
    for name in ("lr_factor", "loss_scale"):
        value = getattr(scene, name)
        if not (math.isfinite(value) and lo <= value <= hi):
            raise SceneError(translate("core.scene", "{name} must be from {lo} to {hi}, not {value}").format(
                name=name, lo=f"{lo:g}", hi=f"{hi:g}", value=short_repr(value)))
    if not all(math.isfinite(v) for v in scene.start):
        raise SceneError(translate("core.scene", "start must be two finite numbers"))
    _check_window(scene.window)
    _check_effective(scene)
    for entry in scene.translations:
        if (not isinstance(entry, tuple) or len(entry) != 3 or entry[0] not in TEXT_LANGUAGES[1:]
                or entry[1] not in TEXT_FIELDS or not isinstance(entry[2], str)):
            raise SceneError(translate("core.scene", "a translation must be (language, 'title' or 'notes', text), "
                                                     "not {entry}").format(
                entry=short_repr(entry)))


def _check_effective(scene: Scene) -> None:
    """Every run the race can show stays inside the optimizer table's ranges: lr × lr_factor and
    loss_scale × loss_scale (what the factor sliders multiply) — not only each factor alone."""
    for i, entry in enumerate(scene.optimizers):
        for name, factor, label in (("lr", scene.lr_factor, "lr ×"), ("loss_scale", scene.loss_scale, "loss ×")):
            own = getattr(entry.spec, name)
            parameter = PARAMETERS[name]
            value = own * factor
            if not (math.isfinite(value) and value > 0 and parameter.contains(value)):
                raise SceneError(translate("core.scene", "optimizer {i}: {name} {own} with {label} {factor} would "
                                                         "be {value}; {name} must be {rule}").format(
                    i=i + 1, name=name, own=f"{own:g}", label=label, factor=f"{factor:g}", value=f"{value:g}",
                    rule=parameter.rule_text()))


def _check_window(window) -> None:
    xmin, xmax, ymin, ymax = window
    if not all(math.isfinite(v) for v in window) or not (xmin < xmax and ymin < ymax):
        raise SceneError(translate("core.scene", "the view window must be finite with xmin < xmax and ymin < ymax"))
    for low, high, axis in ((xmin, xmax, "x"), (ymin, ymax, "y")):
        width = high - low
        if not width <= MAX_WINDOW_WIDTH:
            raise SceneError(translate("core.scene", "the view window is too wide in {axis} ({width}; at most "
                                                     "{max_window_width})").format(
                axis=axis, width=f"{width:.3g}", max_window_width=f"{MAX_WINDOW_WIDTH:g}"))
        centre = low / 2 + high / 2
        if width < MIN_WINDOW_SPACINGS * math.ulp(centre):
            raise SceneError(translate("core.scene", "the view window is too narrow in {axis} ({width} around "
                                                     "{centre}): zoomed in past what floating-point numbers can "
                                                     "tell apart").format(
                axis=axis, width=f"{width:.3g}", centre=f"{centre:.6g}"))


def load(path: str | os.PathLike) -> Scene:
    """Read and validate a scene file; raises SceneError with the reason (the caller keeps its scene).
    Only a regular file is read (a device, FIFO or folder is refused before it is opened), and at most
    MAX_FILE_BYTES + 1 bytes of it."""
    path = Path(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise SceneError(translate("core.scene", "{name} is not a regular file").format(name=path.name))
        # O_NONBLOCK: if the path turned into a FIFO since, opening it still returns at once
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise SceneError(translate("core.scene", "{name} is not a regular file").format(name=path.name))
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise SceneError(translate("core.scene", "cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise SceneError(translate("core.scene", "{name} is too large to be a scene (over {limit} bytes)").format(
            name=path.name, limit=f"{MAX_FILE_BYTES:,}"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SceneError(translate("core.scene", "{name} is not a text file").format(name=path.name)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = translate("core.scene", "line {line}, column {column}").format(line=exc.lineno, column=exc.colno)
        raise SceneError(translate("core.scene", "{name} is not valid JSON ({where}: {reason})").format(
            name=path.name, where=where, reason=exc.msg)) from None
    except RecursionError:
        raise SceneError(translate("core.scene", "{name} is nested too deeply to be a scene").format(
            name=path.name)) from None
    return from_dict(data)


def save(scene: Scene, path: str | os.PathLike) -> None:
    """Write atomically: a temporary file in the same folder, then a rename over the target."""
    write_bytes_atomically(path, json.dumps(scene.to_dict(), indent=2, allow_nan=False).encode("utf-8"))


def _surface(data, allow_weighted: bool = True) -> tuple[Surface, dict]:
    if not isinstance(data, dict):
        raise SceneError(translate("core.scene", "'surface' must be an object with a 'name', a 'formula' or "
                                                 "'weighted'"))
    if "weighted" in data and allow_weighted:
        return _weighted(data)
    if "formula" in data:
        if set(data) - {"formula"}:
            raise SceneError(translate("core.scene", "a formula surface takes only 'formula'"))
        if not isinstance(data["formula"], str):
            raise SceneError(translate("core.scene", "'formula' must be text"))
        return surface_from_formula(data["formula"]), {"formula": data["formula"]}
    if "name" not in data or set(data) - {"name", "params"}:
        raise SceneError(translate("core.scene", "'surface' must be {'name': ..., 'params': {...}}, {'formula': "
                                                 "...} or {'weighted': ...}"))
    params = data.get("params", {})
    if not isinstance(params, dict) or not all(finite_number(v) for v in params.values()):
        raise SceneError(translate("core.scene", "surface 'params' must map names to finite numbers"))
    if not isinstance(data["name"], str):
        raise SceneError(translate("core.scene", "surface 'name' must be text"))
    surface = get_surface(data["name"], **params)
    return surface, {"name": data["name"], "params": dict(surface.params)}


def _weighted(data) -> tuple[Surface, dict]:
    """a·L₁ + b·L₂ of two named or formula surfaces; the view and start are the first one's."""
    from core.surfaces.weighted import weighted_surface

    spec = data["weighted"]
    if set(data) != {"weighted"} or not isinstance(spec, dict) or set(spec) != {"first", "second", "a", "b"}:
        raise SceneError(translate("core.scene", "a weighted surface is {'weighted': {'first': ..., 'second': ..., "
                                                 "'a': ..., 'b': ...}}"))
    first, first_source = _surface(spec["first"], allow_weighted=False)
    second, second_source = _surface(spec["second"], allow_weighted=False)
    a, b = _float(spec["a"], "a"), _float(spec["b"], "b")
    return weighted_surface(first, second, a, b), weighted_source(first_source, second_source, a, b)


def weighted_source(first: dict, second: dict, a: float, b: float) -> dict:
    """The scene's surface entry for a·first + b·second (each a name or formula entry)."""
    return {"weighted": {"first": first, "second": second, "a": a, "b": b}}


def surface_from_source(source: dict) -> Surface:
    """Build the surface a scene entry describes (raises SceneError with the reason)."""
    try:
        return _surface(source)[0]
    except SceneError:
        raise
    except ValueError as exc:
        raise SceneError(str(exc)) from None


def _clip(message: str, limit: int = 300) -> str:
    """A refusal stays one short line, whatever value a lower layer echoed."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[:limit - 1] + "…"


def _float(value, name) -> float:
    if not finite_number(value):
        raise SceneError(translate("core.scene", "'{name}' must be a finite number, not {value}").format(
            name=name, value=short_repr(value)))
    return float(value)


def _int(value, name) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SceneError(translate("core.scene", "'{name}' must be a whole number, not {value}").format(
            name=name, value=short_repr(value)))
    return value


def _bool(value, name) -> bool:
    if not isinstance(value, bool):
        raise SceneError(translate("core.scene", "'{name}' must be true or false, not {value}").format(
            name=name, value=short_repr(value)))
    return value


def _text(value, name) -> str:
    if not isinstance(value, str) or len(value) > 20_000:
        raise SceneError(translate("core.scene", "'{name}' must be text (at most 20,000 characters)").format(
            name=name))
    return value


def _texts(value, name) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """A text field: a string (English) or {"en": …, "zh_CN": …} → (English, other languages' entries)."""
    if isinstance(value, dict):
        unknown = [str(k) for k in value if k not in TEXT_LANGUAGES]
        if unknown:
            raise SceneError(_clip(translate("core.scene", "'{name}': unknown language(s) {names}; use "
                                                           "{text_languages}").format(
                name=name, names=', '.join(short_repr(k, 20) for k in unknown),
                text_languages=', '.join(TEXT_LANGUAGES))))
        if "en" not in value:
            raise SceneError(translate("core.scene", "'{name}' must have its English text under \"en\"").format(
                name=name))
        english = _text(value["en"], name)
        others = tuple((code, name, _text(value[code], f"{name}.{code}")) for code in TEXT_LANGUAGES
                       if code != "en" and code in value)
        return english, others
    return _text(value, name), ()


def _pair(value, name) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise SceneError(translate("core.scene", "'{name}' must be [x, y]").format(name=name))
    return _float(value[0], name), _float(value[1], name)


def _window(value) -> tuple[float, float, float, float]:
    if not isinstance(value, list | tuple) or len(value) != 4:
        raise SceneError(translate("core.scene", "'window' must be [xmin, xmax, ymin, ymax]"))
    xmin, xmax, ymin, ymax = (_float(v, "window") for v in value)
    if not (xmin < xmax and ymin < ymax):
        raise SceneError(translate("core.scene", "'window' must have xmin < xmax and ymin < ymax"))
    return xmin, xmax, ymin, ymax
