"""`losslab trajectory`: one optimizer's path on a surface, as JSON.

Output: {"points": [[x, y], ...], "loss": [...], "diverged_at": null | k}. The start is point 0 and
``loss`` is the unscaled surface value; a diverged run lists the points before step k only. With
``--state``, "state" adds per step what the optimizer held (core.engine.state.state_table: the gradient it
used, its buffers under torch.optim's names, the effective learning rate, the step Δθ, λmax and the
stability quantity with its limit) — the numbers the window's state panel shows.
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
    parser.add_argument("--state", action="store_true",
                        help="add per step the optimizer's state (torch's names: exp_avg, exp_avg_sq, "
                             "momentum_buffer, square_avg, sum), g, lr_eff, the step, λmax and the stability limit")
    parser.set_defaults(func=run)


def run(args) -> int:
    from app.cli.jobs import run_job
    from core.engine import run as run_engine
    from core.limits import Estimate, check_memory, surface_instructions, trajectory_estimate

    surface = surface_from_args(args)
    spec = spec_from_args(args, lr=args.lr, loss_scale=args.loss_scale)
    check_memory(trajectory_estimate(1, args.steps, surface_instructions(surface)))
    if args.state:
        from core.engine.state import state_bytes, state_table

        # the recording plus its JSON text (~2 kB a step: a dozen pairs of 17-digit numbers)
        check_memory(Estimate(0.0, state_bytes(1, args.steps) + 2_000 * (args.steps + 1),
                              f"the state of {args.steps:,} steps"))
    result = run_job(run_engine, surface, [spec], args.steps, start=args.start)  # None: the surface's own
    diverged = int(result.diverged_at[0])
    output = {
        "points": result.path(0).tolist(),
        "loss": result.path_loss(0).tolist(),
        "diverged_at": None if diverged < 0 else diverged,
    }
    if args.state:
        output["state"] = run_job(state_table, surface, [spec], args.steps, start=args.start)["runs"][0]
    return print_json(output)
