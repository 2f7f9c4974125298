"""Entry point inside the sandbox: ``python3 -I -c 'from validators.__main__ import main; main()'``.

Always exits 0 when it could write results: a failing submission is a result.
"""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["PRELOADABLE", "main"]

# What a submission server may import ahead, before the submission is there: the
# image's own packages, never a name the submission could provide (the server's
# sys.path gets the submission only after these imports).
PRELOADABLE = ("numpy",)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="validators")
    parser.add_argument("mode", choices=["pytest", "collect", "io", "checker", "zygote",
                                         "supervise", "serve"])
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
    parser.add_argument("--hand-back", default="", help="zygote: the folder the host reads")
    parser.add_argument("--fd", type=int, default=-1, help="serve: the inherited socket")
    parser.add_argument("--isolation", choices=["process", "inprocess"], default="process")
    # serve and zygote: modules a submission server imports before the submission is there
    parser.add_argument("--preload", action="append", default=[], choices=PRELOADABLE)
    # supervise: the job's own mode, and the uids of the tests and of the submission
    parser.add_argument("--run", choices=["pytest", "collect", "io", "checker"], default="pytest")
    parser.add_argument("--tests-uid", type=int, default=0)
    parser.add_argument("--submission-uid", type=int, default=0)
    parser.add_argument("--private", default="/job/private")
    return parser


def _serve(args: argparse.Namespace) -> int:
    """The submission's process: answer the tests' requests on the inherited socket."""
    import socket

    from validators.boundary import serve

    serve(socket.socket(fileno=args.fd), args.submission, tuple(args.preload))
    return 0


def main(argv: list[str] | None = None) -> None:
    """Dispatch to the mode's runner and exit with its code."""
    args = _parser().parse_args(argv)
    args.nonce = args.nonce or os.environ.pop("HARNESS_NONCE", "")  # never in an argv
    args.resume = []  # (test id, why) the supervisor's watchdog ended, for a restarted run
    if args.mode == "supervise":
        from validators.launch import run_supervised

        code = run_supervised(args)
    elif args.mode in ("pytest", "collect"):
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
