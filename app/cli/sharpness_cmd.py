"""`losslab sharpness`: λmax of the training loss's Hessian along the twins' paths, or the edge-of-stability run.

    losslab sharpness --task digits --steps 300 --a "optimizer=sgd,lr=0.3" --b "optimizer=adam,lr=0.01" \\
        --every 25 --json
    losslab sharpness --eos [--lr 0.3] [--steps 800] [--every 25] [--depth 3] [--width 64] --json

Twin mode trains A and B as `losslab landscape` does (same options) and estimates λmax every ``--every``
steps by Lanczos on Hessian-vector products (``core.training.sharpness``), next to each run's stability
bound where one applies (2/(s·η) for SGD; momentum and Nesterov have their own; none on λmax(H) for
adaptive optimizers). For Adam and AdamW runs it also estimates the preconditioned sharpness λmax(P·H) of
the loss the optimizer sees (s·L), P = diag(1/(√v̂ + ε)) read from the optimizer's own state at each
recorded step, against Cohen et al. (2022)'s bound (2 + 2β₁)/((1 − β₁)·η) — as the panel's chart does.
``--eos`` runs Cohen et al. (2021)'s experiment on the digits: a tanh MLP (``--depth`` × ``--width``,
default 3 × 64) trained by full-batch gradient descent at η = ``--lr`` on the square loss (½·Σ over classes,
mean over images, one-hot targets; inputs centred), λmax every ``--every`` steps against 2/η.

Printed: the λmax series, the bound, the first step at which λmax reaches it and the band it stays in after.
``--json`` prints it all as JSON (NaN/inf as null). Bad values: one line, exit status 2. Importing this
module imports neither torch nor Qt.
"""

from __future__ import annotations

import math

from app.cli.landscape_cmd import add_common_arguments, check_common
from app.cli.options import print_json


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("sharpness", help="λmax of the loss Hessian along training (torch)")
    add_common_arguments(parser, steps_required=False, depth=None, activation=None)
    parser.add_argument("--every", type=int, default=25, help="estimate λmax every this many steps (default 25)")
    parser.add_argument("--eos", action="store_true",
                        help="the edge-of-stability run: full-batch GD on digits, tanh MLP, square loss")
    parser.add_argument("--lr", type=float, default=0.3, help="--eos: the GD step size η (default 0.3)")
    parser.set_defaults(func=run)


def _clean(values) -> list:
    return [float(v) if math.isfinite(v) else None for v in values]


def run(args) -> int:
    if args.every < 1:
        raise ValueError(f"--every must be >= 1, got {args.every}")
    if args.eos:
        return _run_eos(args)
    if args.steps is None:
        raise ValueError("--steps is required (or use --eos)")
    if args.steps // args.every > 1000:
        raise ValueError(f"{args.steps // args.every + 1} λmax estimates asked; at most 1001: raise --every")
    args.depth = 1 if args.depth is None else args.depth
    args.activation = args.activation or "relu"
    specs, dtype, choice = check_common(args)
    from core.training.landscape import NetLoss, init_seed, make_mlp, task_data, train_twin_paths
    from core.training.sharpness import adam_bound, preconditioned_sharpness_along, sharpness_along, stability_threshold

    data = task_data(args.task, seed=args.seed)
    model = make_mlp(data.in_dim, data.out_dim, args.depth, args.width, args.activation, seed=init_seed(args.seed))
    twins = train_twin_paths(model, data.x_train, data.y_train, specs, args.steps, loss=data.loss,
                             batch_size=args.batch_size, seed=args.seed, record_every=args.every, dtype=dtype,
                             device=choice.device, record_preconditioners=True)
    net = NetLoss(model, data.x_train, data.y_train, loss=data.loss, dtype=dtype, device=choice.device)
    result = {"task": data.name, "steps": args.steps, "every": args.every, "seed": args.seed,
              "n_params": net.n_params, "n_train": int(len(data.y_train)), "device": str(choice.device),
              "note": choice.note, "runs": {}}
    for name, spec in specs.items():
        path = twins.paths[name]
        values = sharpness_along(net, path, seed=args.seed, dtype=dtype, device=choice.device)
        bound, why = stability_threshold(spec)
        steps = [int(s) for s in twins.steps[: len(path)]]
        reached = next((s for s, v in zip(steps, values, strict=True) if bound is not None and v >= bound), None)
        result["runs"][name] = {"spec": spec.to_dict(), "label": spec.label(), "steps": steps,
                                "loss": _clean(twins.loss[name]), "sharpness": _clean(values),
                                "threshold": bound, "threshold_rule": why, "first_reach": reached,
                                "diverged_at": twins.diverged_at.get(name)}
        if name in twins.preconditioners:
            scale = spec.loss_scale
            pre_values = preconditioned_sharpness_along(lambda theta, s=scale: net(theta) * s, path,
                                                        twins.preconditioners[name], seed=args.seed, dtype=dtype,
                                                        device=choice.device)
            pre_bound = adam_bound(spec.lr, spec.beta1)
            result["runs"][name].update(
                preconditioned_sharpness=_clean(pre_values), preconditioned_threshold=pre_bound,
                preconditioned_rule="(2 + 2β₁) / ((1 − β₁)·η) on λmax(P·H), P = 1/(√v̂ + ε)",
                preconditioned_first_reach=next((s for s, v in zip(steps, pre_values, strict=True)
                                                 if math.isfinite(v) and v >= pre_bound), None))
    if args.json:
        return print_json(result)
    print(f"{result['task']}: {result['n_params']} parameters, {result['n_train']} training samples; "
          f"λmax every {args.every} steps")
    for name, entry in result["runs"].items():
        bound = entry["threshold"]
        head = f"{name.upper()} {entry['label']}: "
        if bound is not None:
            head += f"bound {bound:.4g} ({entry['threshold_rule']})"
        elif "preconditioned_sharpness" in entry:
            head += "λmax(H), no bound on it for an adaptive optimizer (its bound is on λmax(P·H), below)"
        else:
            head += entry["threshold_rule"]
        print(head)
        print("  " + "  ".join(f"{s}:{_fmt(v)}" for s, v in zip(entry["steps"], entry["sharpness"], strict=True)))
        if bound is not None:
            reach = entry["first_reach"]
            print(f"  λmax first reaches the bound at step {reach}" if reach is not None
                  else "  λmax stays below the bound")
        if "preconditioned_sharpness" in entry:
            pre_bound, reach = entry["preconditioned_threshold"], entry["preconditioned_first_reach"]
            print(f"  preconditioned λmax(P·H), bound {pre_bound:.4g} ({entry['preconditioned_rule']}):")
            print("  " + "  ".join(f"{s}:{_fmt(v)}" for s, v in
                                   zip(entry["steps"], entry["preconditioned_sharpness"], strict=True)))
            print(f"  λmax(P·H) first reaches the bound at step {reach}" if reach is not None
                  else "  λmax(P·H) stays below the bound")
    return 0


def _run_eos(args) -> int:
    import torch

    from core.training.sharpness import edge_of_stability

    steps = 800 if args.steps is None else args.steps
    if not 1 <= steps <= 100_000:
        raise ValueError(f"--steps must be between 1 and 100000, got {steps}")
    if not (math.isfinite(args.lr) and args.lr > 0):
        raise ValueError(f"--lr must be a positive number, got {args.lr}")
    if steps // args.every > 1000:
        raise ValueError(f"{steps // args.every + 1} λmax estimates asked; at most 1001: raise --every")
    if args.threads < 0:
        raise ValueError(f"--threads must be >= 0, got {args.threads}")
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.task != "digits":
        raise ValueError("--eos runs on the digits only")
    dtypes = {"float32": torch.float32, "float64": torch.float64}
    if args.dtype not in dtypes:
        raise ValueError(f"unknown --dtype {args.dtype[:20]!r}; choose float32 or float64")
    series = edge_of_stability(lr=args.lr, steps=steps, every=args.every,
                               depth=3 if args.depth is None else args.depth, width=args.width,
                               activation=args.activation or "tanh", seed=args.seed, dtype=dtypes[args.dtype])
    result = series.to_dict()
    if args.json:
        return print_json(result)
    s = result["settings"]
    print(f"edge of stability: full-batch GD, η = {series.lr:g}, 2/η = {series.threshold:.4g}; "
          f"{s['depth']}×{s['width']} {s['activation']} MLP, {series.n_params} parameters, {series.n_train} "
          f"digits, square loss ({series.seconds:.1f} s)")
    print("  step:λmax/loss  " + "  ".join(f"{k}:{_fmt(v)}/{_fmt(series.loss[k])}"
                                            for k, v in zip(series.sharpness_steps, series.sharpness, strict=True)))
    reach, band = result["first_reach"], result["hover_band"]
    if reach is None:
        print(f"  λmax stays below 2/η (largest {max(series.sharpness):.4g})")
    else:
        print(f"  λmax first reaches 2/η at step {reach}; after that it stays within "
              f"{band[0]:.1%} .. {band[1]:.1%} of 2/η (median {result['median_ratio_after_reach']:.1%}; "
              f"{result['share_within_10pct_after_reach']:.0%} of the estimates within 10 %)")
    return 0


def _fmt(value) -> str:
    return "n/a" if value is None or not math.isfinite(value) else f"{value:.4g}"
