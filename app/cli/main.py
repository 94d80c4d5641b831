"""The `losslab` command: the window by default, subcommands for headless work.

Each subcommand lives in its own module of this package exposing ``add_parser(subparsers)`` (which
registers its arguments and sets ``func``) — importing them must not import Qt or torch, so the
headless commands start fast and run without a display.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys

from app.cli import (
    experiment_cmd,
    landscape_cmd,
    lessons_cmd,
    presets_cmd,
    render_cmd,
    sharpness_cmd,
    surfaces_cmd,
    sweep_cmd,
    train_cmd,
    trajectory_cmd,
)
from app.launch import add_gui_arguments

SUBCOMMANDS = [surfaces_cmd, trajectory_cmd, sweep_cmd, train_cmd, experiment_cmd, render_cmd, presets_cmd,
               lessons_cmd, landscape_cmd, sharpness_cmd]


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


def explain_usage(message: str, argv: list[str]) -> str:
    """argparse's words, plus the fix where they would puzzle: a value that starts with '-' (a formula
    such as -x^2+y^2) is read as an option unless it is attached with '='."""
    match = re.match(r"argument (--[\w-]+)(?:/[\w-]+)*: expected one argument", message) or \
        re.match(r"argument (?:-\w/)?(--[\w-]+): expected one argument", message)
    if match:
        option = match.group(1)
        value = next((b for a, b in zip(argv, argv[1:], strict=False) if a == option and b.startswith("-")), None)
        example = f"{option}={value}" if value else f"{option}=-VALUE"
        return f"{message}; a value starting with '-' must be attached with '=': {example}"
    return message


def _one_line(text: str) -> str:
    return " ".join(str(text).split()) or "failed"


def _quiet_stdout() -> None:
    """stdout's reader has gone (`losslab … | head`): send what is still buffered nowhere, so that
    Python's exit flush does not print a BrokenPipeError of its own."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    interactive = argv is None  # run as the `losslab` program (not called from Python, e.g. a test)
    argv = attach_negative_values(sys.argv[1:] if argv is None else list(argv))
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            from app.launch import run_gui  # Qt is imported only when the window is wanted

            return run_gui(args)
        if interactive:
            from app.cli.jobs import install_interrupt_handler

            install_interrupt_handler()
        code = args.func(args)
        sys.stdout.flush()
        return code
    except UsageError as exc:  # bad option: one clear line, with the fix where argparse's words puzzle
        print(f"losslab: error: {_one_line(explain_usage(str(exc), argv))}", file=sys.stderr)
        return 2
    except ValueError as exc:  # bad option value, formula, hyper-parameter, scene, job too large
        print(f"losslab: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped reading (| head): not an error of ours
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        print("losslab: interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print("losslab: error: not enough memory for this job; make it smaller", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. stdout is a full disk
        from core.export.files import failure_reason

        if exc.errno == errno.EPIPE:
            _quiet_stdout()
            return 0
        print(f"losslab: error: {_one_line(failure_reason(exc))}", file=sys.stderr)
        return 2
    except RecursionError:
        print("losslab: error: the input is nested too deeply", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - a bug: still one line, never a traceback
        if os.environ.get("LOSSLAB_DEBUG"):
            raise
        print(f"losslab: error: internal error ({type(exc).__name__}: {_one_line(exc)[:200]}); "
              "run with LOSSLAB_DEBUG=1 for the details and please report it", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
