"""`python -m tests.bench` (what `make bench` runs); `--render` rewrites BENCHMARKS.md."""

import sys

from tests.bench.bench import main, render

sys.exit(render() if sys.argv[1:] == ["--render"] else main())
