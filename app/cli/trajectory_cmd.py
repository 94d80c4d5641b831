"""`losslab trajectory`: one optimizer's path on a surface, as JSON.

Output: {"points": [[x, y], ...], "loss": [...], "diverged_at": null | k}. The start is point 0 and
``loss`` is the unscaled surface value; a diverged run lists the points before step k only.
"""

from __future__ import annotations

from app.cli.options import (
    add_optimizer_arguments,
    add_surface_arguments,
    finite_float,
    print_json,
    spec_from_args,
    surface_from_args,
)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("trajectory", help="run one optimizer and print its path")
    add_surface_arguments(parser)
    add_optimizer_arguments(parser)
    parser.add_argument("--loss-scale", dest="loss_scale", type=finite_float, default=1.0)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from app.cli.jobs import run_job
    from core.engine import run as run_engine
    from core.limits import check_memory, surface_instructions, trajectory_estimate

    surface = surface_from_args(args)
    spec = spec_from_args(args, lr=args.lr, loss_scale=args.loss_scale)
    check_memory(trajectory_estimate(1, args.steps, surface_instructions(surface)))
    result = run_job(run_engine, surface, [spec], args.steps, start=args.start)  # None: the surface's own
    diverged = int(result.diverged_at[0])
    return print_json({
        "points": result.path(0).tolist(),
        "loss": result.path_loss(0).tolist(),
        "diverged_at": None if diverged < 0 else diverged,
    })
