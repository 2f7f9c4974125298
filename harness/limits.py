"""Every cap the host side holds hostile bytes to, defined once (STYLE 14).

Where a cap must agree with another (a problem's output limit and the results
cap; the stored text caps and results.schema.json), the check sits where the
problem or the schema is loaded, and a test holds the schema to these numbers.
"""

from __future__ import annotations

# Per-test text in results.json is capped where the in-sandbox writer truncates to fit
# (validators/ cannot import harness); the schema refuses more; a test holds all three.
from validators.results import MESSAGE_CHARS, OUTPUT_CHARS

__all__ = [
    "COPY_BYTES",
    "COPY_DEPTH",
    "COPY_FILES",
    "COPY_NAME",
    "JSON_BYTES",
    "JSON_DEPTH",
    "MESSAGE_CHARS",
    "OUTPUT_CHARS",
    "RESULTS_CAP",
    "RUN_ROW_BYTES",
    "STORED_MESSAGE_CHARS",
    "STORED_OUTPUT_CHARS",
    "YAML_BYTES",
]

# The host-side copy (harness/safecopy.py): a submission, a suite, a starter, a package.
COPY_BYTES = 64 << 20  # bytes actually read, over one copy
COPY_FILES = 10_000  # regular files and folders, over one copy
COPY_DEPTH = 32  # folders below the copied one
COPY_NAME = 255  # bytes of one file name

# Documents read back from a sandbox or a package, checked before they are parsed.
RESULTS_CAP = 32 << 20  # bytes of results.json the host reads
JSON_BYTES = 1 << 20  # any other JSON from a sandbox or a package (a track's config.json)
JSON_DEPTH = 64  # nesting of brackets in any JSON document the host parses from outside
YAML_BYTES = 1 << 20  # problem.yaml, a Kattis problem.yaml or testdata.yaml

# What the store keeps of each test, and of a whole run row (so that one validate adds
# at most about a megabyte to harness.db, whatever the submission prints).
STORED_MESSAGE_CHARS = 2000
STORED_OUTPUT_CHARS = 2000
RUN_ROW_BYTES = 512 << 10
