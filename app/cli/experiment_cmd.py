"""`losslab experiment NAME`: run one of the lesson's experiments headlessly and print its numbers.

Text output: the title, the summary line, the table and the explanation; ``--json`` prints
{"name", "title", "summary", "columns", "rows", "explanation", ...} instead.
"""

from __future__ import annotations

import inspect

from app.cli.options import finite_float, print_json, seed

# Options named as the experiment functions' keywords (only experiments that take one accept it).
OPTIONS = ("factor", "eps", "k", "steps", "decay", "clip", "sigma", "seed")
NAMES = ("scale", "epsilon", "weighting", "weight-decay", "clipping", "noise")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("experiment", help="reproduce a lesson experiment (" + ", ".join(NAMES) + ")")
    parser.add_argument("name", choices=NAMES, metavar="NAME", help="one of: " + ", ".join(NAMES))
    parser.add_argument("--factor", type=finite_float, help="the scale factor s compared (default per experiment)")
    parser.add_argument("--eps", type=finite_float, help="Adam's ε (epsilon)")
    parser.add_argument("--k", type=finite_float, help="common / ratio factor of the weights (weighting)")
    parser.add_argument("--decay", type=finite_float, help="weight decay λ (weight-decay)")
    parser.add_argument("--clip", type=finite_float, help="max gradient norm (clipping)")
    parser.add_argument("--sigma", type=finite_float, help="gradient noise σ (noise)")
    parser.add_argument("--seed", type=seed, help="noise seed (noise), 0 … 2**63 − 1")
    parser.add_argument("--steps", type=int, help="steps per run")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run)


def run(args) -> int:
    from core.experiments.catalog import EXPERIMENTS

    function = EXPERIMENTS[args.name]
    accepted = inspect.signature(function).parameters
    options = {}
    for option in OPTIONS:
        value = getattr(args, option)
        if value is None:
            continue
        if option not in accepted:
            raise ValueError(f"experiment '{args.name}' has no option --{option}")
        options[option] = value
    from app.cli.jobs import run_job

    result = run_job(function, **options)
    if args.json:
        return print_json(result.to_dict())
    print(result.title)
    print("=" * len(result.title))
    if result.summary:
        print(result.summary)
    print()
    print(result.table())
    print()
    print(result.explanation)
    return 0
