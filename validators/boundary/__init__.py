"""The process boundary of pytest mode: the submission runs in a process of its own.

The tests' process imports the submission's modules as proxies (``Boundary``);
the submission's process answers requests (``serve``).  Plain data crosses by
value in an encoding whose decoder runs no code; everything else stays where it
lives as a handle.  See docs/isolation.md.  Standard library only.
"""

from __future__ import annotations

from validators.boundary.boundary import Boundary, Spawn, TestOutcome
from validators.boundary.faults import SubmissionCrashed, SubmissionTimeout
from validators.boundary.server import serve
from validators.boundary.spawn import local_spawn

__all__ = ["Boundary", "Spawn", "SubmissionCrashed", "SubmissionTimeout", "TestOutcome", "local_spawn",
           "serve"]
