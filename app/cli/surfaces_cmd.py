"""`losslab surfaces [--json]`: the built-in surfaces with formula, start, window and minima."""

from __future__ import annotations

from app.cli.options import print_json


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("surfaces", help="list the built-in surfaces")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args) -> int:
    from core.surfaces import builtin_names, get_surface

    surfaces = [get_surface(name) for name in builtin_names()]
    if args.json:
        return print_json([s.describe() for s in surfaces])
    for s in surfaces:
        print(f"{s.name:<12} {s.formula}")
    return 0
