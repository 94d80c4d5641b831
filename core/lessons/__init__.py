"""Guided lessons: a lesson is a sequence of steps, each a scene, a short text, an optional predict-then-run
question and the controls shown — plain JSON under ``resources/lessons/`` (one file per lesson, read in
file-name order), readable and editable by a teacher in a text editor.

A complete small lesson::

    {"losslab_lesson": 1,
     "id": "momentum_demo",
     "title": {"en": "Momentum in a canyon", "zh_CN": "峡谷中的动量"},
     "topic": "Momentum",
     "steps": [
       {"title": "SGD zig-zags",
        "text": "SGD reaches loss 1e-4 at step {sgd}; momentum at step {mom}.",
        "scene": {"preset": "lesson_canyon"},
        "tab": "race",
        "controls": ["optimizers", "playback"],
        "question": {"prompt": "Which reaches the floor first?",
                     "choices": ["SGD", "Momentum"], "answer": 1,
                     "explain": "Momentum: step {mom} against SGD's {sgd}."},
        "claims": [{"kind": "reaches_loss", "id": "sgd", "run": 0, "loss": 1e-4},
                   {"kind": "reaches_loss", "id": "mom", "run": 1, "loss": 1e-4}]},
       {"title": "Per-layer gradients at initialisation",
        "text": "Tanh with N(0, 0.01²) weights: layer 1's gradient norm is {g1:.1e}.",
        "scene": {"preset": "lesson_canyon", "training": {"task": "spirals", "steps": 100}},
        "tab": "training",
        "controls": ["training.model", "training.runs", "training.playback"],
        "claims": [{"kind": "measure", "id": "g1", "measure": "init_grad_norms",
                    "config": {"activation": "tanh", "init": "normal", "std": 0.01},
                    "value": "first", "max": 1e-8}]}
     ]}

Top level: ``losslab_lesson`` (the format version, 1), ``id`` (letters, digits, ``_``, ``-``), ``title``,
``topic`` and ``steps`` (1 to 12). A step: ``title``, ``text`` and ``scene`` are required; ``tab``
(default ``race``), ``controls`` (default: all), ``question`` and ``claims`` are optional.

Text fields (lesson title/topic, step title/text, question prompt/choices/explain) are a plain string or
``{"en": "...", "zh_CN": "..."}`` (English required); :func:`text` picks a language. A step's text and a
question's ``explain`` quote measured numbers through ``{id}`` / ``{id:.2g}`` placeholders naming a claim
of the same step, filled in by :func:`fill` once the claims are evaluated (:func:`evaluate_step`).

``scene``: either an inline scene object as core.scene reads it (``losslab_scene`` may be left out), or
``{"preset": NAME}`` naming a file of ``resources/presets/`` (the name only: no paths), optionally with
``"training": {...}`` (a core.training.config.TrainingConfig) and/or ``"scale_map": {...}`` replacing the
preset's. A lesson runs nothing but the engine and the named measurements: it holds no code and names no
file outside the presets folder.

``tab``: ``race``, ``scale_map`` or ``training`` — which view the step opens. ``views`` (optional): what
opens beside it — ``inside`` (the race's "Inside the optimizer": vectors, state, step by step) or
``landscape`` (the training tab's loss landscape of the twin networks). ``controls``: the control
groups the window shows in that step (the others are hidden), from :data:`CONTROLS`:

    surface            the surface picker, formula field and start point
    optimizers         the optimizer table (add, remove, hyper-parameters)
    scale              the global lr × and loss × sliders (and their lock)
    playback           play / pause / step slider of the race
    view               zoom, contour and trail options of the landscape
    scale_map          the scale map's settings (resolution, ranges)
    training.data      the training tab's task, samples, noise, batch size
    training.model     depth, width, activation, initialisation, dropout, batch norm
    training.runs      runs A and B: optimizer, lr, loss scale, decay, clipping, schedule
    training.playback  start / pause / reset of training

``question``: ``prompt``, ``choices`` (2–6), ``answer`` (the right choice's index, from 0) and
``explain`` (shown with the answer, after the run).

``claims``: a list of checked statements, each with an optional ``id`` (quoted by placeholders) and
``about``. Two families:

* the race kinds of :mod:`core.claims` (``reaches_loss``, ``converges``, ``paths_equal``, …), evaluated on
  one engine run of the step's scene;
* training measurements (torch, :mod:`core.training.measures`):
  ``{"kind": "measure", "measure": NAME, "config": {...}, "value": KEY, "min": ..., "max": ...}`` — the
  number KEY of measurement NAME run with ``config`` (for ``twin``, ``config`` may be left out: the step's
  scene's training config is used);
  ``{"kind": "ratio", "measure": ..., "config": ..., "value": KEY, "over": KEY2 | {"measure", "config",
  "value"}, "min": ..., "max": ...}`` — value ÷ (KEY2 of the same measurement, or another one's value).
  Each (measure, config) pair is run once per check, whatever the number of claims reading it.
  A measurement runs on the user's CPU, and torch rounds differently on different CPUs: a run that bounces
  ends anywhere in its bounce there. Claim what every CPU gives (a mean over the last steps, ``tail_loss``
  or ``late_loss``, not the last step's loss), and check with ``build_scripts/check_claims_numerics.py``,
  which evaluates the claims under MKL's and ATen's other code paths.

:func:`load` refuses a malformed file with a :class:`LessonError` whose message is ``FILE:LINE: reason``
(one line). :func:`check_lesson` evaluates every claim and placeholder (``losslab lessons check``).
:class:`LessonSession` holds a lesson being taught (step shown, next/back/go, visible controls, the
question and its answer with measured numbers): the state a window displays.
"""

from core.lessons.evaluate import (  # noqa: F401 (the package's API)
    LessonReport,
    MeasureCache,
    StepResults,
    check_lesson,
    check_lessons,
    evaluate_step,
    fill,
)
from core.lessons.format import (  # noqa: F401 (the package's API)
    CONTROLS,
    LANGUAGES,
    TABS,
    VIEWS,
    Lesson,
    LessonError,
    Question,
    Step,
    lesson_paths,
    lessons_folder,
    load,
    loads,
    preset_names,
    text,
)
from core.lessons.session import Answer, LessonSession  # noqa: F401 (the package's API)
