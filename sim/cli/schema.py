"""``peacesim schema``: the JSON Schema of scenario files or sweep specs."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.common import console


def add_parser(sub) -> None:
    schema = sub.add_parser(
        "schema", help="the JSON Schema of scenario files or sweep specs (for editors, checkers)"
    )
    schema.add_argument("kind", choices=("scenario", "sweep"), help="which config file")
    schema.add_argument("--out", default=None, help="a file to write (default: print it)")
    schema.set_defaults(func=command)


def command(args: argparse.Namespace) -> None:
    """``peacesim schema KIND``: the JSON Schema of a config file, printed or written."""
    from sim.sweeps.schema import schema_text

    text = schema_text(args.kind)
    if args.out is None:
        print(text, end="")
        return
    Path(args.out).write_text(text, encoding="utf-8")
    console.print(f"Wrote {args.out}")
