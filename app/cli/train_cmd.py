"""`losslab train`: train the twin networks A and B headless and print what the training panel shows.

    losslab train --task spirals --depth 2 --width 16 --activation relu --steps 200 --seed 0 \\
        --a "optimizer=sgd,lr=0.1,loss_scale=1" --b "optimizer=sgd,lr=0.01,loss_scale=10" --json

A and B start from the same initial weights and see the same seeded batches; only their optimizer specs
differ (keys: see ``core.training.optim_spec``). The defaults are the classic experiment: A at lr 0.1 on
the plain loss, B at lr 0.01 on loss × 10.

JSON output (``--json``; NaN/inf are written as null)::

    {
      "task": "spirals", "steps": 200, "steps_run": 200, "seed": 0, "dtype": "float32", "batch_size": 64,
      "n_train": 320, "n_test": 80,    # every task is split, seeded (stratified for classification)
      "device": "cpu",                 # where it actually ran
      "note": null,                    # e.g. why a CUDA request fell back to the CPU (also on stderr)
      "model": {"in_dim": 2, "out_dim": 2, "depth": 2, "width": 16, "activation": "relu", ...},
      "layers": ["hidden 1", "hidden 2", "output"],
      "a": {
        "spec": {"optimizer": "sgd", "lr": 0.1, "loss_scale": 1.0, ...},   # resolved, defaults filled in
        "label": "sgd lr=0.1 loss×1",
        "loss": [...],                 # per step: the unscaled mini-batch loss before that step's update
        "final_loss": 0.31,            # the training split (80 %), eval mode, after the last step
        "accuracy": 0.87,              # the training split, eval mode (null for regression)
        "r2": 0.97,                    # regression only
        "test_loss": 0.35, "test_accuracy": 0.84,   # the held-out 20 % (test_r2 for regression)
        "diverged_at": null,           # or the step k whose loss/gradient was NaN/inf (the run stopped there)
        "grad_norms_first": [...], "grad_norms_last": [...]   # per-layer ‖∇L‖ (unscaled loss)
      },
      "b": {...},
      "param_distance": [...],         # ‖θA − θB‖ after each step
      "final_param_distance": 0.0
    }

Without ``--json`` a short text summary is printed. Bad values raise ValueError with a one-line reason
(``losslab: error: …``, exit status 2). Importing this module imports neither torch nor Qt.

Before torch is loaded the run's time and memory are estimated from its size (core.limits: parameters ×
weights, gradient and optimizer state × dtype bytes for both networks, plus data and per-step records):
one that cannot fit in memory is refused with the estimate, one estimated over a minute needs ``--yes``.
Progress goes to stderr; Ctrl-C stops the run at once (exit 130).
"""

from __future__ import annotations

import sys

from app.cli.options import add_job_arguments, bounded_float, print_json, seed

MAX_NOISE = 10.0  # data noise beyond this hides every pattern (and 1e308 overflows the data)

DEFAULT_A = "optimizer=sgd,lr=0.1,loss_scale=1"
DEFAULT_B = "optimizer=sgd,lr=0.01,loss_scale=10"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("train", help="train twin networks A and B (torch) and print the results")
    parser.add_argument("--task", required=True,
                        help="digits (the 8×8 images), spirals, moons, circles, xor, blobs or regression-1d")
    parser.add_argument("--depth", type=int, default=2, help="hidden layers (default 2)")
    parser.add_argument("--width", type=int, default=16, help="units per hidden layer (default 16)")
    parser.add_argument("--activation", default="relu", help="relu, tanh, sigmoid or gelu (default relu)")
    parser.add_argument("--init", default="default", help="default, xavier, he or normal (default: torch's)")
    parser.add_argument("--init-std", type=float, default=0.01, help="σ of --init normal: N(0, σ²) weights "
                                                                    "(default 0.01)")
    parser.add_argument("--dropout", type=float, default=0.0, help="dropout probability (default 0)")
    parser.add_argument("--batchnorm", action="store_true", help="batch norm after each hidden Linear")
    parser.add_argument("--steps", type=int, required=True, help="training steps")
    parser.add_argument("--seed", type=seed, default=0, help="seed of the data, weights and batch order")
    parser.add_argument("--batch-size", dest="batch_size", type=int, default=64,
                        help="mini-batch size (0 = full batch; default 64)")
    parser.add_argument("--samples", type=int, default=512, help="data set size (default 512)")
    parser.add_argument("--noise", type=bounded_float(0.0, MAX_NOISE), default=None,
                        help=f"data noise, 0 to {MAX_NOISE:g} (default: the task's)")
    parser.add_argument("--device", default="cpu", help="cpu or cuda (falls back to cpu with a note)")
    parser.add_argument("--dtype", default="float32", help="float32 (default) or float64")
    parser.add_argument("--a", default=DEFAULT_A, metavar="SPEC", help=f"run A's optimizer (default {DEFAULT_A!r})")
    parser.add_argument("--b", default=DEFAULT_B, metavar="SPEC", help=f"run B's optimizer (default {DEFAULT_B!r})")
    parser.add_argument("--json", action="store_true", help="print the JSON described in `losslab train` docs")
    add_job_arguments(parser)
    parser.set_defaults(func=run)


def config_from_args(args):
    """The :class:`TwinConfig` the arguments describe (ValueError with a one-line reason if bad)."""
    from core.training.optim_spec import OptimSpec
    from core.training.twin import TwinConfig

    specs = {}
    for name in ("a", "b"):
        try:
            specs[name] = OptimSpec.parse(getattr(args, name))
        except ValueError as exc:
            raise ValueError(f"--{name}: {exc}") from None
    return TwinConfig(task=args.task, depth=args.depth, width=args.width, activation=args.activation,
                      init=args.init, init_std=args.init_std, dropout=args.dropout, batchnorm=args.batchnorm,
                      a=specs["a"], b=specs["b"],
                      steps=args.steps, seed=args.seed, batch_size=args.batch_size, n_samples=args.samples,
                      noise=args.noise, device=args.device, dtype=args.dtype)


def estimate_for(config):
    """The :class:`core.limits.Estimate` of a twin run (no torch needed)."""
    from core.limits import train_estimate
    from core.training.datasets import MIN_SAMPLES, make_dataset

    data = make_dataset(config.task, MIN_SAMPLES, config.noise, config.seed)  # only for its dimensions
    model = config.model
    return train_estimate(in_dim=data.in_dim, out_dim=data.out_dim, depth=model.depth, width=model.width,
                          steps=config.steps, batch_size=config.batch_size, samples=config.n_samples,
                          optimizers=(config.a.optimizer, config.b.optimizer),
                          dtype_bytes=8 if config.dtype == "float64" else 4,
                          batchnorm=bool(getattr(model, "batchnorm", False)))


def _train(config, progress):
    from core.training.twin import TwinTrainer

    trainer = TwinTrainer(config)
    if trainer.device_choice.note:
        print(f"losslab: note: {trainer.device_choice.note}", file=sys.stderr)
    chunk = max(1, config.steps // 200)
    while not trainer.finished:
        trainer.run(chunk)
        progress(trainer.step_count / config.steps)
    return trainer.summary()


def run(args) -> int:
    from app.cli.jobs import Progress, announce, run_job

    config = config_from_args(args)
    announce(estimate_for(config), yes=args.yes, quiet=args.quiet)
    progress = Progress("training", enabled=not args.quiet)
    summary = run_job(_train, config, progress)
    progress.done()
    if args.json:
        return print_json(summary)
    from core.training.datasets import REGRESSION_TASKS

    print(f"task {summary['task']}, {summary['steps_run']} steps on {summary['device']}, "
          f"layers {len(summary['layers'])}")
    for name in ("a", "b"):
        entry = summary[name]
        score_name = "r2" if summary["task"] in REGRESSION_TASKS else "accuracy"
        score = entry.get(score_name)
        status = f"diverged at step {entry['diverged_at']}" if entry["diverged_at"] else "ok"
        shown = [] if entry["final_loss"] is None else [f"final loss {_fmt(entry['final_loss'])}"]
        if score is not None:  # a diverged run has no score: say nothing rather than "n/a"
            shown.append(f"train {score_name} {_fmt(score)}")
        test = entry.get(f"test_{score_name}")
        if test is not None:
            shown.append(f"test {score_name} {_fmt(test)}")
        print(f"{name.upper()}: {entry['label']}: {', '.join(shown + [status])}")
    print(f"‖θA − θB‖ = {_fmt(summary['final_param_distance'])}")
    return 0


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.6g}"
