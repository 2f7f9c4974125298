"""Entry point inside the sandbox: ``python3 -I -c 'from validators.__main__ import main; main()'``.

Always exits 0 when it could write results: a failing submission is a result.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="validators")
    parser.add_argument("mode", choices=["pytest", "collect", "io", "checker", "zygote", "serve"])
    parser.add_argument("--suite", default="/job/tests")
    parser.add_argument("--submission", default="")
    parser.add_argument("--outputs", default="/job/outputs")
    parser.add_argument("--entry", default="solution.py")
    parser.add_argument("--out", default="/out/results.json")
    parser.add_argument("--nonce", default="")
    parser.add_argument("--time-limit", type=float, default=2.0)
    parser.add_argument("--output-limit", type=int, default=1 << 20)
    parser.add_argument("--capture-chars", type=int, default=2000)
    parser.add_argument("--ready", default="/job/ready.json")
    parser.add_argument("--idle", type=float, default=4 * 3600)
    parser.add_argument("--fd", type=int, default=-1, help="serve: the inherited socket")
    parser.add_argument("--isolation", choices=["process", "inprocess"], default="inprocess")
    return parser


def _serve(args: argparse.Namespace) -> int:
    """The submission's process: answer the tests' requests on the inherited socket."""
    import socket

    from validators.boundary import serve

    serve(socket.socket(fileno=args.fd), args.submission)
    return 0


def main(argv: list[str] | None = None) -> None:
    """Dispatch to the mode's runner and exit with its code."""
    args = _parser().parse_args(argv)
    if args.mode in ("pytest", "collect"):
        from validators.pytest_runner import run_pytest

        code = run_pytest(args)
    elif args.mode == "io":
        from validators.io_driver import run_io

        code = run_io(args)
    elif args.mode == "serve":
        code = _serve(args)
    elif args.mode == "zygote":
        from validators.zygote import run_zygote

        code = run_zygote(args)
    else:
        from validators.checker_driver import run_checker

        code = run_checker(args)
    sys.stdout.flush()
    sys.exit(code)


if __name__ == "__main__":
    main()
