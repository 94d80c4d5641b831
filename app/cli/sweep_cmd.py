"""`losslab sweep`: a log-spaced lr × loss-scale grid run as one batch, as JSON on stdout or as a file.

Output: {"lr": [N], "loss_scale": [M], "final_loss": N×M, "final_point": N×M×2, "diverged_at": N×M};
final_loss is the unscaled surface value after the last step (null where the run diverged), diverged_at
null where not. ``-o FILE.csv|json`` writes the file the window's export writes for a scale map instead
(core.export.data: a row per cell / a "sweeps" list), atomically.

Before the grid runs, its estimated time and memory are printed on stderr (core.limits); a grid that
would not fit in memory is refused, one estimated over a minute needs ``--yes``. Progress goes to stderr;
Ctrl-C stops it at once (exit 130, no file).
"""

from __future__ import annotations

from app.cli.options import (
    add_job_arguments,
    add_optimizer_arguments,
    add_surface_arguments,
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
    parser.add_argument("--json", action="store_true", help="print JSON (the default without -o)")
    parser.add_argument("-o", "--output", default=None, help="write FILE.csv or FILE.json instead of printing")
    add_job_arguments(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    from app.cli.jobs import Progress, announce, run_job
    from core.engine.run import MAX_STEPS
    from core.engine.sweep import parse_range, sweep
    from core.export.data import data_format, optimizer_labels, sweep_record, write_sweeps
    from core.export.plan import check_target
    from core.limits import surface_instructions, sweep_estimate

    if args.output is not None:  # a bad extension or folder is refused before the grid is run
        data_format(args.output)
        check_target(args.output)
    lrs = parse_range(args.lr, "--lr")
    scales = parse_range(args.loss_scale, "--loss-scale")
    surface = surface_from_args(args)
    spec = spec_from_args(args, lr=float(lrs[0]))
    if not isinstance(args.steps, int) or not 1 <= args.steps <= MAX_STEPS:
        raise ValueError(f"--steps must be from 1 to {MAX_STEPS:,}, not {args.steps}")
    announce(sweep_estimate(lrs.size * scales.size, args.steps, surface_instructions(surface)), yes=args.yes,
             quiet=args.quiet)
    progress = Progress("sweep", enabled=not args.quiet)
    result = run_job(sweep, surface, spec, lrs, scales, args.steps, start=args.start,  # None: the surface's
                     progress=progress)
    progress.done()
    if args.output is not None:
        try:
            run_job(write_sweeps, args.output, [result], optimizer_labels([spec]), [spec], args.steps)
        except OSError as exc:  # the disk filled up, the folder vanished: nothing was left behind
            raise ValueError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        return 0
    return print_json(sweep_record(result))
