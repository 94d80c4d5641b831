"""`losslab landscape`: train twins A and B, then print (or save) their loss over a plane through their paths.

    losslab landscape --task digits --steps 300 --a "optimizer=adam,lr=0.01" --b "optimizer=sgd,lr=0.5" \\
        --plane pca --grid 51 -o slice.json|slice.png|slice.svg|slice.mp4

A and B start from the same initial weights (an MLP of ``--depth`` hidden layers of ``--width`` units) and
train on the task's training split (80 %, seeded, stratified); ``--a``/``--b`` use the optimizer spec text of
``losslab train`` (see ``core.training.optim_spec``). Planes (``core.training.landscape``): ``pca`` — the
plane of most motion of both paths (``--center mean``, the least-squares best plane, or ``final``: A's final
point at the origin); ``random`` — filter-normalised Gaussian directions at A's final point (Li et al. 2018);
``hessian`` — the top-2 Hessian eigenvectors there. The slice is the training loss over a ``--grid``² grid
(``--extent AMIN,AMAX,BMIN,BMAX``; default: the projected paths with a margin).

Printed (what the panel shows): the plane's explained variance (PCA) or eigenvalues (Hessian), the slice's
loss range, and per run the off-plane share of its motion and the true loss against the plane's loss at
its start, middle and end. ``--json`` prints everything as JSON; ``-o FILE.json`` saves it; ``-o FILE.png``
or ``.svg`` draws the slice (colours, contours, colour bar) with both projected paths and their off-plane
read-outs, as the panel does (``app.training.landscape_picture``, off screen); ``-o FILE.mp4`` animates the
paths. Every file is written to a temporary and renamed: a failure leaves an existing file untouched. The
suffix and the folder are checked before training. Bad values: one line, exit status 2. Importing this
module imports neither torch nor Qt.

JSON: {"task", "steps", "seed", "model", "loss", "n_params", "n_train", "n_test", "plane": {"kind",
"center", "explained", "eigenvalues", "seed"}, "extent", "grid", "slice": {"alphas", "betas", "loss" (rows
are β), "level", "extent"}, "runs": {"a"|"b": {"spec", "label", "diverged_at", "steps", "readout":
{"coords", "true_loss", "plane_loss", "off_plane", "off_plane_total"}, "train": {"loss", "accuracy"},
"test": {...}}}, "seconds"}; NaN/inf are written as null.
"""

from __future__ import annotations

import json
import math
import sys

from app.cli.options import print_json

DEFAULT_A = "optimizer=adam,lr=0.01"
DEFAULT_B = "optimizer=sgd,lr=0.5"
PLANES = ("pca", "random", "hessian")


def add_common_arguments(parser, steps_required: bool = True, depth: int | None = 1,
                         activation: str | None = "relu") -> None:
    """The task, model and twin-training options shared with `losslab sharpness` (which leaves --steps,
    --depth and --activation unset by default: its --eos run has its own defaults)."""
    parser.add_argument("--task", default="digits",
                        help="digits (default), spirals, moons, circles, xor, blobs or regression-1d")
    parser.add_argument("--steps", type=int, required=steps_required, default=None, help="training steps")
    parser.add_argument("--a", default=DEFAULT_A, metavar="SPEC", help=f"run A's optimizer (default {DEFAULT_A!r})")
    parser.add_argument("--b", default=DEFAULT_B, metavar="SPEC", help=f"run B's optimizer (default {DEFAULT_B!r})")
    parser.add_argument("--depth", type=int, default=depth, help="hidden layers (default 1; --eos 3)")
    parser.add_argument("--width", type=int, default=64, help="units per hidden layer (default 64)")
    parser.add_argument("--activation", default=activation,
                        help="relu, tanh, sigmoid or gelu (default relu; --eos tanh)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the data split, weights and directions")
    parser.add_argument("--batch-size", dest="batch_size", type=int, default=0,
                        help="mini-batch size (0 = full batch, the default)")
    parser.add_argument("--dtype", default="float32", help="float32 (default) or float64")
    parser.add_argument("--device", default="cpu", help="cpu or cuda (falls back to cpu with a note)")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = torch's default)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("landscape", help="the twins' loss over a plane through their paths (torch)")
    add_common_arguments(parser)
    parser.add_argument("--plane", default="pca", choices=PLANES, help="pca (default), random or hessian")
    parser.add_argument("--center", default="mean", choices=("mean", "final"),
                        help="PCA plane origin: the paths' mean (default) or A's final point")
    parser.add_argument("--grid", type=int, default=51, help="grid points per side (default 51)")
    parser.add_argument("--extent", default=None, metavar="AMIN,AMAX,BMIN,BMAX",
                        help="the slice's window in plane coordinates (default: around the paths)")
    parser.add_argument("--record-every", dest="record_every", type=int, default=None,
                        help="keep θ every this many steps (default: every step, thinned to ~1000 points)")
    parser.add_argument("-o", "--output", default=None, metavar="FILE",
                        help="save the result: .json (the data), .png or .svg (the slice with both paths) or "
                             ".mp4 (the paths animated on it)")
    parser.set_defaults(func=run)


def check_common(args):
    """(specs, dtype, device choice) from the shared options, or ValueError with a one-line reason."""
    from core.training.device import resolve_device
    from core.training.optim_spec import OptimSpec

    specs = {}
    for name in ("a", "b"):
        try:
            specs[name] = OptimSpec.parse(getattr(args, name))
        except ValueError as exc:
            raise ValueError(f"--{name}: {exc}") from None
    if not 1 <= args.steps <= 100_000:
        raise ValueError(f"--steps must be between 1 and 100000, got {args.steps}")
    if not 1 <= args.depth <= 32 or not 1 <= args.width <= 4096:
        raise ValueError(f"--depth must be 1..32 and --width 1..4096, got {args.depth} and {args.width}")
    if args.seed < 0:
        raise ValueError(f"--seed must be >= 0, got {args.seed}")
    if args.batch_size < 0:
        raise ValueError(f"--batch-size must be >= 0 (0 = full batch), got {args.batch_size}")
    if args.threads < 0:
        raise ValueError(f"--threads must be >= 0, got {args.threads}")
    import torch

    dtypes = {"float32": torch.float32, "float64": torch.float64}
    if args.dtype not in dtypes:
        raise ValueError(f"unknown --dtype {args.dtype[:20]!r}; choose float32 or float64")
    choice = resolve_device(args.device)
    if choice.note:
        print(f"losslab: note: {choice.note}", file=sys.stderr)
    if args.threads:
        torch.set_num_threads(args.threads)
    return specs, dtypes[args.dtype], choice


def _extent(text):
    if text is None:
        return None
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(map(math.isfinite, values)) or not (values[0] < values[1] and values[2] < values[3]):
        raise ValueError("--extent is written AMIN,AMAX,BMIN,BMAX with AMIN < AMAX and BMIN < BMAX, "
                         f"not {_short(text)}")
    return values


def run(args) -> int:
    output = args.output
    kind = None
    if output is not None:
        from app.training.landscape_picture import check_folder, output_kind

        kind = output_kind(output)
        check_folder(output)
        if kind in ("picture", "animation"):
            from app.launch import hide_platform_chatter

            hide_platform_chatter()  # before the QApplication: Qt's offscreen chatter says nothing to a user
    if not 2 <= args.grid <= 401:
        raise ValueError(f"--grid must be between 2 and 401, got {args.grid}")
    extent = _extent(args.extent)
    specs, dtype, choice = check_common(args)
    from core.training.landscape import landscape_experiment

    result = landscape_experiment(args.task, specs, args.steps, plane=args.plane, grid=args.grid,
                                  depth=args.depth, width=args.width, activation=args.activation, seed=args.seed,
                                  batch_size=args.batch_size, center=args.center, extent=extent,
                                  record_every=args.record_every, dtype=dtype, device=choice.device)
    result["note"] = choice.note
    if kind == "json":
        from core.export.files import failure_reason, write_bytes_atomically

        try:
            write_bytes_atomically(output, (json.dumps(result, allow_nan=False) + "\n").encode("utf-8"))
        except OSError as exc:
            raise ValueError(f"cannot write {output}: {failure_reason(exc)}") from None
    elif kind == "picture":
        from app.training.landscape_picture import write_picture

        write_picture(result, output)
    elif kind == "animation":
        from app.training.landscape_picture import write_animation

        write_animation(result, output)
    if args.json:
        return print_json(result)
    for line in summary_lines(result):
        print(line)
    if output is not None:
        print(f"saved {output}")
    return 0


def _short(text: str, limit: int = 60) -> str:
    """``text`` quoted, cut to ``limit`` characters (a refusal stays one short line whatever was typed)."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _fmt(value, spec=".4g") -> str:
    return "n/a" if value is None else format(value, spec)


def summary_lines(result: dict) -> list[str]:
    """The panel's read-outs as text."""
    model = result["model"]
    plane = result["plane"]
    lines = [f"{result['task']}: {model['in_dim']}-" + "-".join([str(model["width"])] * model["depth"])
             + f"-{model['out_dim']} {model['activation']}, {result['n_params']} parameters, "
             f"{result['n_train']} training / {result['n_test']} test samples; {result['steps']} steps "
             f"({result['seconds']['train']:.1f} s)"]
    if plane["kind"] == "pca":
        ex = plane["explained"]
        lines.append(f"plane: PCA of both paths (origin: {plane['center']}); the two directions explain "
                     f"{ex[0]:.1%} + {ex[1]:.1%} of the paths' variance")
    elif plane["kind"] == "hessian":
        ev = plane["eigenvalues"]
        lines.append(f"plane: top-2 Hessian eigenvectors at A's final point (λ1 = {_fmt(ev[0])}, λ2 = {_fmt(ev[1])})")
    else:
        lines.append(f"plane: filter-normalised random directions at A's final point (seed {plane['seed']})")
    loss = [v for row in result["slice"]["loss"] for v in row if v is not None]
    a0, a1, b0, b1 = result["extent"]
    lines.append(f"slice {result['grid']}×{result['grid']} over α ∈ [{a0:.4g}, {a1:.4g}], β ∈ [{b0:.4g}, {b1:.4g}]: "
                 f"loss {_fmt(min(loss) if loss else None)} .. {_fmt(max(loss) if loss else None)} "
                 f"({result['seconds']['plane_and_slice']:.1f} s)")
    for name, run_ in result["runs"].items():
        r = run_["readout"]
        steps = run_["steps"]
        picks = sorted({0, len(steps) // 2, len(steps) - 1})
        points = "; ".join(f"step {steps[i]}: true {_fmt(r['true_loss'][i])}, plane {_fmt(r['plane_loss'][i])}"
                           for i in picks)
        status = f", diverged at step {run_['diverged_at']}" if run_["diverged_at"] else ""
        lines.append(f"{name.upper()} {run_['label']}: off-plane {_fmt(r['off_plane_total'], '.1%')} of its "
                     f"displacement{status}; {points}")
        train, test = run_["train"], run_["test"]
        score = (f"train accuracy {_fmt(train['accuracy'], '.1%')}, test accuracy {_fmt(test['accuracy'], '.1%')}"
                 if train["accuracy"] is not None else "")
        lines.append(f"  final train loss {_fmt(train['loss'])}, test loss {_fmt(test['loss'])}"
                     + (f", {score}" if score else ""))
    return lines
