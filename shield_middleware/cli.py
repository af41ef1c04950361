"""The ``shield-middleware`` command.

    shield-middleware scan TEXT | --file F | -     print the verdict as JSON
    shield-middleware eval --data F.jsonl [--json] [--plot out.png]   detection quality report
    shield-middleware demo [--port N]              serve the guarded example chat app on 127.0.0.1

Exit codes of ``scan``: 0 pass, 1 annotate, 2 block; 64 usage error, 66 input file unreadable,
65 input not UTF-8.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from .config import MLConfig

EXIT_PASS, EXIT_ANNOTATE, EXIT_BLOCK = 0, 1, 2
EX_USAGE, EX_DATAERR, EX_NOINPUT = 64, 65, 66


class _Parser(argparse.ArgumentParser):
    # argparse exits with 2 on usage errors, which would read as "block" here.
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EX_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="shield-middleware", description="Guard for LLM applications.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    scan = sub.add_parser("scan", help="scan a text and print the verdict as JSON")
    scan.add_argument("text", nargs="?", help="the text to scan, or - for standard input")
    scan.add_argument("--file", "-f", help="read the text from this file")
    scan.add_argument("--config", help="MLConfig TOML file, or a route-policy file (its [shield] table)")
    scan.add_argument("--preset", choices=["production", "edge", "high_accuracy"], default=None)
    scan.add_argument("--heuristics-only", action="store_true", help="never load the model")
    scan.add_argument("--no-sanitized", action="store_true", help="leave the sanitized text out")

    ev = sub.add_parser("eval", help="detection quality on labelled JSONL data")
    ev.add_argument("--data", required=True, action="append", help="JSONL file (repeatable)")
    ev.add_argument("--category", help="the category scored by 0/1 labels (e.g. secrets)")
    ev.add_argument("--config", help="MLConfig TOML file, or a route-policy file (its [shield] table)")
    ev.add_argument("--preset", choices=["production", "edge", "high_accuracy"], default=None)
    ev.add_argument("--heuristics-only", action="store_true", help="never load the model")
    ev.add_argument("--limit", type=_positive, default=None, help="evaluate at most N rows per file")
    ev.add_argument("--json", action="store_true", help="print the report as JSON")
    ev.add_argument("--plot", help="write ROC curves and the sweep to this PNG (needs the plot extra)")

    demo = sub.add_parser("demo", help="serve the guarded example chat app on 127.0.0.1")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=_port, default=8000)
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {value}")
    return number


def _port(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 1 to 65535, got {value}")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "scan":
        return _scan(args)
    if args.command == "eval":
        return _eval(args)
    if args.command == "demo":
        from .demo import serve

        return serve(host=args.host, port=args.port)
    raise AssertionError(args.command)  # pragma: no cover - argparse enforces the choices


def _read_input(args: argparse.Namespace) -> str:
    if args.file is not None and args.text is not None:
        raise _UsageError("give either TEXT or --file, not both")
    try:
        if args.file is not None:
            with open(args.file, "rb") as fh:
                return fh.read().decode("utf-8")
        if args.text == "-":
            return sys.stdin.buffer.read().decode("utf-8")
    except OSError as exc:
        raise _InputError(EX_NOINPUT, f"cannot read input: {exc}") from None
    except UnicodeDecodeError as exc:
        raise _InputError(EX_DATAERR, f"input is not UTF-8: {exc}") from None
    if args.text is None:
        raise _UsageError("nothing to scan: give TEXT, --file F or -")
    text: str = args.text
    return text


class _InputError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


class _UsageError(_InputError):
    def __init__(self, message: str) -> None:
        super().__init__(EX_USAGE, message)


def _config(args: argparse.Namespace) -> MLConfig:
    from .config import HybridMode, MLConfig, _read_toml

    if args.config and args.preset:
        raise _UsageError("give --config or --preset, not both (a config file names its own preset)")
    if args.config:
        try:
            data = _read_toml(args.config)
        except OSError as exc:
            raise _InputError(EX_NOINPUT, f"cannot read config: {exc}") from None
        if "shield" in data or "route" in data:
            # A route-policy file (examples/policy.toml): its [shield] table is the config.
            from .middleware.policy import load_policies

            config = load_policies(args.config)[0]
        else:
            config = MLConfig.from_dict(data)
    else:
        config = MLConfig.preset(args.preset or "production")
    if args.heuristics_only:
        config = config.with_overrides({"hybrid_mode": HybridMode.HEURISTIC.value})
    return config


def _output(text: str) -> None:
    """Print `text`; a reader that went away (``| head``) ends the output quietly, as with other
    command-line tools, and the exit status still says the verdict."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        # What is still buffered would fail again at exit: point stdout at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _scan(args: argparse.Namespace) -> int:
    from .shield import Shield

    try:
        text = _read_input(args)
        config = _config(args)
    except _InputError as exc:
        print(f"shield-middleware: {exc}", file=sys.stderr)
        return exc.code
    except ValueError as exc:
        print(f"shield-middleware: bad config: {exc}", file=sys.stderr)
        return EX_USAGE
    verdict = Shield(config).scan(text)
    _output(json.dumps(verdict.to_dict(include_sanitized=not args.no_sanitized), indent=2))
    return {"pass": EXIT_PASS, "annotate": EXIT_ANNOTATE, "block": EXIT_BLOCK}[verdict.action.value]


def _eval(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .evaluate import evaluate, format_report, load_examples, progress_stream
    from .shield import Shield

    try:
        config = _config(args)
        _check_eval_args(args)
    except _InputError as exc:
        print(f"shield-middleware: {exc}", file=sys.stderr)
        return exc.code
    except ValueError as exc:
        print(f"shield-middleware: bad config: {exc}", file=sys.stderr)
        return EX_USAGE
    examples = []
    for name in args.data:
        try:
            rows = load_examples(Path(name), args.category)
        except OSError as exc:
            print(f"shield-middleware: cannot read {name}: {exc}", file=sys.stderr)
            return EX_NOINPUT
        except ValueError as exc:
            print(f"shield-middleware: {exc}", file=sys.stderr)
            return EX_DATAERR
        examples += rows[: args.limit] if args.limit else rows
    if not examples:
        print("shield-middleware: no examples in " + ", ".join(args.data), file=sys.stderr)
        return EX_DATAERR
    report, curves = evaluate(Shield(config), examples, progress=progress_stream(not args.json))
    if args.plot:
        from .plot import plot_report

        try:
            plot_report(report, curves, Path(args.plot))
        except RuntimeError as exc:
            print(f"shield-middleware: {exc}", file=sys.stderr)
            return 69
    _output(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def _check_eval_args(args: argparse.Namespace) -> None:
    """What would otherwise fail only after the whole evaluation, or score a typo as 0.5."""
    from . import categories as cat

    if args.category is not None and args.category not in cat.ALL_CATEGORIES:
        raise _UsageError(f"unknown category {args.category!r}; expected one of {sorted(set(cat.ALL_CATEGORIES))}")
    if args.plot:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise _InputError(69, "--plot needs matplotlib: pip install -e '.[plot]'") from None


if __name__ == "__main__":
    raise SystemExit(main())
