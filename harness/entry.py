"""The `harness` console script.

One fast path before the CLI loads: `harness status --prompt [--dir DIR]` runs on
every shell prompt, so it skips click and the command registry altogether (see
harness/prompt.py).  Every other command line goes to harness.cli, unchanged.
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
    from harness.cli import main as cli_main

    return cli_main()
