"""Seeded generators of hostile and careless input for the reliability suite (no third-party fuzzer:
every case is reproducible from its seed and index, and printed when it fails)."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRESETS = sorted((ROOT / "resources" / "presets").glob("*.json"))

_ATOMS = ["x", "y", "pi", "e", "0", "1", "2", "0.5", "1e-3", "3", "10", "1e308", "1e-320", "7.25"]
_FUNCTIONS = ["exp", "log", "sqrt", "sin", "cos", "tan", "tanh", "abs"]
_OPERATORS = ["+", "-", "*", "/", "^", "**"]
_JUNK = ["", " ", "(", ")", ",", "x y", "import", "__class__", "lambda", "[", "]", "'", "\"", "\\", ";", ":",
         "@", "%", "<<", "1j", "True", "None", "os.system('x')", "…", "\u202e", "\x00", "𝑥", "⁻", "½"]


def formula(rng: random.Random, depth: int = 0) -> str:
    """A random formula: mostly grammatical (so the deep paths are reached), with bombs and junk mixed in."""
    roll = rng.random()
    if depth > rng.choice([2, 4, 8]) or roll < 0.25:
        return rng.choice(_ATOMS)
    if roll < 0.55:
        return f"{formula(rng, depth + 1)} {rng.choice(_OPERATORS)} {formula(rng, depth + 1)}"
    if roll < 0.75:
        return f"{rng.choice(_FUNCTIONS)}({formula(rng, depth + 1)})"
    if roll < 0.85:
        return f"({formula(rng, depth + 1)})"
    if roll < 0.9:
        return f"-{formula(rng, depth + 1)}"
    return rng.choice(_JUNK) + formula(rng, depth + 1)


def bomb(rng: random.Random) -> str:
    """The shapes that used to hang or crash: huge powers, towers, deep nesting, giant literals, long sums."""
    n = rng.randint(2, 60)
    kind = rng.randrange(12)
    if kind == 0:
        return f"({rng.randint(1, 9)}/{rng.randint(2, 9)})^({rng.randint(2, 10)}^{rng.randint(5, 18)})*x^2"
    if kind == 1:
        return "^".join([rng.choice(["x", "(x+1)", "(x+y)", "2", "y"])] * n)
    if kind == 2:
        return f"{rng.choice(_FUNCTIONS)}(" * n + "x" + ")" * n
    if kind == 3:
        return str(rng.randint(1, 9)) + "0" * rng.randint(300, 900) + "*x"
    if kind == 4:
        return "+".join(rng.choice(["x", "y", "x*y", "x^2", "2*y"]) for _ in range(rng.randint(40, 300)))
    if kind == 5:
        text = "2*x"
        for _ in range(n):
            text = f"({text})^{rng.choice([2, 3, 60])}"
        return text
    if kind == 6:
        return "*".join(f"(x + {i}*y)" for i in range(n))
    if kind == 7:
        return "(" * n + "x" + ")" * n
    if kind == 8:
        return f"(2*x)^({rng.choice(['10^15', '10^6', '1e300', '-10^9'])})"
    if kind == 9:
        return "x" + "+x" * rng.randint(400, 1200)
    if kind == 10:
        return f"{rng.choice(['abs', 'sqrt', 'log'])}({rng.choice(['sqrt(x)', 'log(x)', 'x^y', 'x^0.5'])})"
    return "-" * n + "x"


# ----------------------------------------------------------------------------- scene files

_ODD_VALUES = [
    None, True, False, 0, -1, 1, 2**63, 2**64, -(2**63) - 1, 10**400, 1e308, -1e308, 5e-324, 1e-320, 0.0,
    -0.0, "", "x", "nan", "inf", "-inf", "NaN", "1e309", [], {}, [1, 2, 3], {"a": 1}, "<b>bold</b>",
    "<img src=\"/dev/zero\">", "<table>" * 30, "\u202e\u0000", "x" * 5000, [[[[[[[[]]]]]]]],
    {"formula": "(1/2)^(10^15)*x^2"}, {"formula": "^".join(["x"] * 40)}, {"name": "canyon"},
    {"weighted": {"first": "x^2", "second": "y^2", "a": 1e308, "b": -1}},
]


def _paths(data):
    """Every (path, value) in a JSON document, parents before children (pre-order). Walked with a stack:
    a recursive generator passes each item up through every level, quadratic in a 400-deep nesting."""
    stack = [((), data)]
    while stack:
        prefix, value = stack.pop()
        yield prefix, value
        if isinstance(value, dict):
            stack.extend(((*prefix, key), child) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*prefix, i), value[i]) for i in range(len(value) - 1, -1, -1))


def _get(data, path):
    for key in path:
        data = data[key]
    return data


def _set(data, path, value):
    _get(data, path[:-1])[path[-1]] = value


def mutate_scene(rng: random.Random, data: dict):
    """One to three random mutations of a scene document: odd values, wrong types, deleted or extra
    keys, scaled numbers, deep nesting. Returns a new document (or something that is not one)."""
    if rng.random() < 0.03:
        return rng.choice(_ODD_VALUES)
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        paths = [p for p, _ in _paths(data) if p]
        if not paths:
            break
        path = rng.choice(paths)
        action = rng.randrange(6)
        try:
            if action == 0:
                _set(data, path, rng.choice(_ODD_VALUES))
            elif action == 1:
                parent = _get(data, path[:-1])
                del parent[path[-1]]
            elif action == 2:
                value = _get(data, path)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    _set(data, path, value * rng.choice([-1, 0, 1e300, 1e-300, 2**40, 10**20]))
            elif action == 3:
                _set(data, path, {"deep": [[[[[[[[[[rng.random()]]]]]]]]]]})
            elif action == 4:
                nested = rng.random()
                for _ in range(rng.randint(50, 400)):
                    nested = [nested]
                _set(data, path, nested)
            else:
                parent = _get(data, path[:-1])
                if isinstance(parent, dict):
                    parent[rng.choice(["extra", "notes", "title", "__proto__", "x" * 100])] = rng.choice(_ODD_VALUES)
        except (KeyError, IndexError, TypeError, OverflowError):  # a huge int times 1e300
            continue
    return data


def preset_documents() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in PRESETS]


# ----------------------------------------------------------------------------- command lines

_VALUES = ["0", "1", "-1", "5", "0.1", "1e-9", "1e308", "-1e308", "nan", "inf", "abc", "", "1e400",
           "9223372036854775808", "18446744073709551616", "-5:10", "10:5", "0:3", "1e-4:1:3", "1:1e-4:0",
           "1e-4:1:100000", "x", "-x^2+y^2", "(1/2)^(10^15)*x^2", "1,2", "nan,1", "100000x100000", "12x12",
           "64x64", "optimizer=sgd,lr=0.1", "optimizer=adam,lr=1e308", "optimizer=nope", "lr=", "=,=,"]


def cli_argv(rng: random.Random, tmp: Path) -> list[str]:
    """A random, mostly plausible argument vector for one headless subcommand (never --yes, --help or the
    window): options from the command's own set with values from a hostile list."""
    command = rng.choice(["trajectory", "sweep", "train", "experiment", "render", "surfaces"])
    steps = rng.choice(["1", "5", "20", "-3", "0", "x", "10000000", "1000000", "1e3"])
    if command == "surfaces":
        argv = ["surfaces"] + rng.sample(["--json", "--bogus", "x"], rng.randint(0, 2))
    elif command == "trajectory":
        argv = ["trajectory", rng.choice(["--surface", "--formula"]),
                rng.choice(["canyon", "rosenbrock", "nope", "x^2+y^2", "-x", "sqrt(x)", "(1/2)^(10^15)*x^2"]),
                "--optimizer", rng.choice(["sgd", "adam", "rmsprop", "bogus"]), "--lr", rng.choice(_VALUES),
                "--steps", steps]
    elif command == "sweep":
        argv = ["sweep", "--surface", rng.choice(["canyon", "saddle", "bogus"]), "--optimizer",
                rng.choice(["sgd", "adam"]), "--lr", rng.choice(["1e-4:1:4", "1e-4:1:512", "1:0:3", "x"]),
                "--loss-scale", rng.choice(["1e-2:1e2:4", "1e-2:1e2:512", "0:1:3", "1"]), "--steps", steps]
        if rng.random() < 0.3:
            argv += ["-o", str(tmp / rng.choice(["s.csv", "s.json", "s.txt", "missing/s.csv"]))]
    elif command == "train":
        argv = ["train", "--task", rng.choice(["spirals", "xor", "regression-1d", "bogus"]), "--steps",
                rng.choice(["1", "3", "-1", "10000000", "x"])]
        if rng.random() < 0.5:
            argv += [rng.choice(["--depth", "--width"]), rng.choice(["1", "4", "0", "33", "4096", "x"])]
    elif command == "experiment":
        argv = ["experiment", rng.choice(["scale", "epsilon", "noise", "clipping", "bogus"])]
    else:
        scene = tmp / "scene.json"
        argv = ["render", str(rng.choice([scene, tmp / "missing.json", "/dev/zero", tmp])), "-o",
                str(tmp / rng.choice(["r.csv", "r.json", "r.txt", "nodir/r.csv"])), "--quiet"]
        if rng.random() < 0.5:
            argv += [rng.choice(["--steps", "--fps", "--duration", "--size", "--dpi"]), rng.choice(_VALUES)]
    for _ in range(rng.randint(0, 2)):
        extra = rng.choice(["--seed", "--noise", "--clip", "--start", "--loss-scale", "--eps", "--momentum", "--bogus"])
        if command in ("trajectory", "sweep", "train", "experiment"):
            argv += [extra, rng.choice(_VALUES)]
    return argv
