"""How big the host side is: ``python -m tests.bench.sizes [ROOT]``.

Prints the number of modules and lines under ``harness/``, the ten largest modules,
the ten longest functions (by ast: first line to last, decorators excluded), and how
often the name ``Any`` appears (the issue 12 measure of untyped plumbing).  ROOT is a
checkout (default: this one), so a tree of another commit can be measured the same way.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Sizes", "measure"]

ROOT = Path(__file__).resolve().parents[2]
_ANY = re.compile(r"\bAny\b")


@dataclass(frozen=True)
class Sizes:
    """The figures of one tree."""

    modules: int
    lines: int
    largest: tuple[tuple[str, int], ...]  # (module, lines), largest first
    longest: tuple[tuple[str, int], ...]  # (module:function, lines), longest first
    any_count: int
    any_lines: int  # lines naming Any (what `grep -rn '\\bAny\\b' harness | wc -l` counts)


def _functions(path: Path, name: str) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [(f"{name}:{node.name}", (node.end_lineno or node.lineno) - node.lineno + 1)
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def measure(root: Path = ROOT, top: int = 10) -> Sizes:
    """The figures of ``root/harness``."""
    package = root / "harness"
    modules = sorted(package.rglob("*.py"))
    lines: list[tuple[str, int]] = []
    functions: list[tuple[str, int]] = []
    anys = any_lines = 0
    for path in modules:
        name = str(path.relative_to(root))
        text = path.read_text()
        lines.append((name, len(text.splitlines())))
        functions += _functions(path, name)
        anys += len(_ANY.findall(text))
        any_lines += sum(1 for line in text.splitlines() if _ANY.search(line))
    by_size = sorted(lines, key=lambda row: (-row[1], row[0]))
    by_length = sorted(functions, key=lambda row: (-row[1], row[0]))
    return Sizes(modules=len(modules), lines=sum(n for _, n in lines),
                 largest=tuple(by_size[:top]), longest=tuple(by_length[:top]), any_count=anys,
                 any_lines=any_lines)


def render(sizes: Sizes) -> str:
    out = [f"modules under harness/: {sizes.modules}, lines: {sizes.lines}",
           "largest modules:"]
    out += [f"  {n:5d}  {name}" for name, n in sizes.largest]
    out.append("longest functions:")
    out += [f"  {n:5d}  {name}" for name, n in sizes.longest]
    out.append(f"`Any` in harness/: {sizes.any_count} (on {sizes.any_lines} lines)")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    root = Path(argv[0]).resolve() if argv else ROOT
    print(render(measure(root)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
