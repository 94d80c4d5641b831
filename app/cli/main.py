"""The `losslab` command: the window by default, subcommands for headless work.

Each subcommand lives in its own module of this package exposing ``add_parser(subparsers)`` (which
registers its arguments and sets ``func``) — importing them must not import Qt or torch, so the
headless commands start fast and run without a display.
"""

from __future__ import annotations

import argparse
import re
import sys

from app.cli import experiment_cmd, render_cmd, surfaces_cmd, sweep_cmd, train_cmd, trajectory_cmd
from app.launch import add_gui_arguments

SUBCOMMANDS = [surfaces_cmd, trajectory_cmd, sweep_cmd, train_cmd, experiment_cmd, render_cmd]


class UsageError(Exception):
    """A bad option value: reported as one line on stderr with a non-zero exit."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump: the contract is "a one-line message"
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="losslab", description=__doc__.splitlines()[0])
    add_gui_arguments(parser)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for module in SUBCOMMANDS:
        module.add_parser(sub)
    return parser


def attach_negative_values(argv: list[str]) -> list[str]:
    """argparse reads `--start -1.2,1` as two options; join such values: `--start=-1.2,1`."""
    out: list[str] = []
    for token in argv:
        if out and out[-1].startswith("--") and "=" not in out[-1] and re.match(r"^-[0-9.]", token):
            out[-1] = f"{out[-1]}={token}"
        else:
            out.append(token)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = attach_negative_values(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            from app.launch import run_gui  # Qt is imported only when the window is wanted

            return run_gui(args)
        return args.func(args)
    except (UsageError, ValueError) as exc:  # bad option, formula, hyper-parameter, scene: one clear line
        print(f"losslab: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
