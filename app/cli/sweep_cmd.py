"""`losslab sweep`: a log-spaced lr × loss-scale grid run as one batch, as JSON.

Output: {"lr": [N], "loss_scale": [M], "final_loss": N×M, "diverged_at": N×M}; final_loss is the
unscaled surface value after the last step (null where the run diverged), diverged_at null where not.
"""

from __future__ import annotations

from app.cli.options import (
    add_optimizer_arguments,
    add_surface_arguments,
    null_where,
    print_json,
    spec_from_args,
    surface_from_args,
)


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("sweep", help="run an lr × loss-scale grid")
    add_surface_arguments(parser)
    add_optimizer_arguments(parser, lr_required=False)
    parser.add_argument("--lr", required=True, help="LO:HI:N, log-spaced")
    parser.add_argument("--loss-scale", dest="loss_scale", required=True, help="LO:HI:M, log-spaced")
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from core.engine.sweep import parse_range, sweep

    lrs = parse_range(args.lr, "--lr")
    scales = parse_range(args.loss_scale, "--loss-scale")
    surface = surface_from_args(args)
    spec = spec_from_args(args, lr=float(lrs[0]))
    result = sweep(surface, spec, lrs, scales, args.steps, start=args.start or surface.start)
    diverged = result.diverged_at >= 0
    return print_json({
        "lr": result.lr.tolist(),
        "loss_scale": result.loss_scale.tolist(),
        "final_loss": null_where(result.final_loss, diverged),
        "diverged_at": [[None if d < 0 else int(d) for d in row] for row in result.diverged_at.tolist()],
    })
