"""Arguments shared by the headless commands: the surface, the start point and one optimizer."""

from __future__ import annotations

import argparse
import json
import math
import sys

from core.optim.spec import KINDS, OptimizerSpec

HYPER_OPTIONS = ("momentum", "dampening", "alpha", "beta1", "beta2", "eps", "weight_decay")


def finite_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"'{text}' is not a finite number")
    return value


def seed(text: str) -> int:
    """A noise/data seed: a whole number from 0 to 2**63 − 1 (what the generators accept)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a seed is a whole number, not '{text:.40}'") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"a seed must be from 0 to 2**63 − 1, not {text:.40}")
    return value


def bounded_float(low: float, high: float):
    """An argparse type: a finite number from ``low`` to ``high``, refused with the bounds otherwise."""
    def parse(text: str) -> float:
        value = finite_float(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:g} to {high:g}, not {text:.40}")
        return value

    parse.__name__ = "number"
    return parse


def add_job_arguments(parser: argparse.ArgumentParser) -> None:
    """--yes (run a job estimated over a minute) and --quiet (no estimate or progress on stderr)."""
    parser.add_argument("--yes", action="store_true",
                        help="run even if the job is estimated to take over a minute")
    parser.add_argument("--quiet", action="store_true", help="no estimate or progress on stderr")


def point(text: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"a point is written X,Y (e.g. -1.2,1), not '{text}'")
    x, y = (finite_float(p) for p in parts)
    return x, y


def add_surface_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--surface", help="a built-in surface (see `losslab surfaces`)")
    which.add_argument("--formula", help="a custom surface in x and y, e.g. 'x^2 + 10*y^2'")
    parser.add_argument("--start", type=point, help="start point X,Y (default: the surface's)")


def add_optimizer_arguments(parser: argparse.ArgumentParser, *, lr_required: bool = True) -> None:
    parser.add_argument("--optimizer", required=True, choices=KINDS, metavar="NAME",
                        help="one of: " + ", ".join(KINDS))
    if lr_required:
        parser.add_argument("--lr", type=finite_float, required=True, help="learning rate")
    for name in HYPER_OPTIONS:
        parser.add_argument("--" + name.replace("_", "-"), dest=name, type=finite_float, default=None)
    parser.add_argument("--clip", type=finite_float, default=0.0, help="max gradient norm (0 = off)")
    parser.add_argument("--noise", type=finite_float, default=0.0, help="gradient noise std (0 = off)")
    parser.add_argument("--seed", type=seed, default=0, help="seed of the gradient noise (0 … 2**63 − 1)")


def surface_from_args(args):
    from core.surfaces import get_surface, surface_from_formula

    if args.surface is not None:
        return get_surface(args.surface)
    return surface_from_formula(args.formula)


def spec_from_args(args, **overrides) -> OptimizerSpec:
    values = {name: getattr(args, name) for name in HYPER_OPTIONS if getattr(args, name) is not None}
    values.update(clip=args.clip, noise=args.noise, seed=args.seed)
    values.update(overrides)
    return OptimizerSpec(args.optimizer, **values)


def print_json(data) -> int:
    json.dump(data, sys.stdout, allow_nan=False)  # NaN is never valid output: fail loudly instead
    sys.stdout.write("\n")
    return 0
