"""No import cycle between the CLI and the agent (issue 12): the console script asks
the agent before it loads the CLI, and the CLI never loads the agent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from harness.detached import detached


def loaded_after(statement: str) -> set[str]:
    """The harness modules a fresh interpreter has loaded after ``statement``."""
    probe = (f"{statement}\nimport sys\n"
             "sys.stderr.write(' '.join(m for m in sys.modules if m.startswith(('harness', 'click'))))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd="/",
                          timeout=120, check=True)
    return set(done.stderr.split())


def test_the_cli_does_not_load_the_agent() -> None:
    """Not when imported, nor when it runs a command."""
    loaded = loaded_after("import harness.cli\nharness.cli.main(['--version'])")
    assert "harness.cli" in loaded
    assert not {m for m in loaded if m.startswith("harness.agent")}, loaded


def test_the_agent_does_not_load_the_cli_at_import_time() -> None:
    loaded = loaded_after("import harness.agent, harness.agent_child, harness.agent_client")
    assert "harness.agent" in loaded
    assert "harness.cli" not in loaded and "click" not in loaded


def test_the_console_script_loads_the_cli_only_when_it_runs_a_command() -> None:
    assert "harness.cli" not in loaded_after("import harness.entry")


def test_a_detached_helper_starts_from_the_root(tmp_path: Path) -> None:
    """The agent and warm.py's helper pin no folder a test (or a candidate) later deletes."""
    out = tmp_path / "cwd"
    with out.open("wb") as sink:
        helper = detached([sys.executable, "-c", "import os; print(os.getcwd())"], sink)
        assert helper is not None
        helper.wait(120)
    assert out.read_text().strip() == "/"
