"""The `harness` console script.

Two fast paths before the CLI loads: `harness status --prompt [--dir DIR]` runs on
every shell prompt, so it skips click and the command registry altogether (see
harness/prompt.py); and a `validate` goes to the resident agent when one is there
(see harness/agent_client.py), so it costs this process only the standard library.
Every other command line goes to harness.cli, unchanged; the agent is asked here,
never by harness.cli, so the two never import each other.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["main"]


def _prompt_call(args: list[str]) -> tuple[bool, Path | None]:
    """(whether this is a plain prompt call, its --dir folder or None for here)."""
    if args == ["status", "--prompt"]:
        return True, None
    if len(args) == 4 and args[:3] == ["status", "--prompt", "--dir"]:
        return True, Path(args[3])
    return False, None


def main() -> int:
    """Entry point of the `harness` script."""
    is_prompt, folder = _prompt_call(sys.argv[1:])
    if is_prompt:
        from harness.prompt import print_prompt

        return print_prompt(folder)
    from harness.agent_client import EXIT_INTERRUPTED, ask, spawn

    args = sys.argv[1:]
    try:
        served = ask(args)
    except KeyboardInterrupt:  # before the hand-over: nothing ran
        sys.stderr.write("interrupted\n")
        return EXIT_INTERRUPTED
    if served is not None:
        return served
    from harness.cli import main as cli_main

    code = cli_main(args)
    spawn(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
