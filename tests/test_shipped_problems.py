"""Every shipped problem passes `harness check`: the same code path authors use, in Docker.

This test is how the problem set stays honest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

EXPECTED = {"tokenize-and-index", "doc-chunker", "citation-graph", "memory-fs", "kv-store",
            "llm-rate-limiter", "source-highlighter", "gpu-scheduler", "latency-report",
            "billing-intervals", "bpe-tokenizer", "ann-index", "batch-inference",
            "job-leases", "feature-join", "query-tuning"}


def test_list_shows_the_sixteen_problems(cli: Callable[..., Any]) -> None:
    result = cli("list", "--json")
    data = json.loads(result.out)
    rows = {r["id"]: r for r in data["problems"]}
    assert set(rows) == EXPECTED and not data["broken"]
    for row in rows.values():
        assert row["levels"] in (3, 4)
        rounds = {"take-home", "paired-round"} & set(row["tags"])
        assert len(rounds) == 1, f"{row['id']}: tag it take-home or paired-round, once"
        if "take-home" in rounds:  # the one-hour take-home, solved in one sitting
            assert row["duration"] == 60, row["id"]
        else:  # four levels of follow-ups in a paired round
            assert 60 < row["duration"] <= 90, row["id"]
    assert len([r for r in rows.values() if "take-home" in r["tags"]]) >= 3


def test_list_table_never_cuts_an_id(cli: Callable[..., Any],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The id is what the candidate types next: whole, on one line, in an 80-column pipe."""
    monkeypatch.setenv("COLUMNS", "80")
    out = cli("list").out
    first_cells = {line.split("│")[0].strip() for line in out.splitlines() if "│" in line}
    assert first_cells >= EXPECTED, first_cells



def test_topic_tags_find_the_follow_up_problems(cli: Callable[..., Any]) -> None:
    """Issue 15: the topics the paired round goes on to are tags `harness list --tag` finds."""
    want = {"database": {"query-tuning", "ann-index", "feature-join"},
            "embeddings": {"bpe-tokenizer", "ann-index"},
            "serving": {"batch-inference"},
            "data-pipelines": {"feature-join", "bpe-tokenizer", "job-leases"},
            "systems": {"job-leases", "batch-inference"}}
    for tag, ids in want.items():
        rows = json.loads(cli("list", "--tag", tag, "--json").out)["problems"]
        assert {r["id"] for r in rows} >= ids, tag

@pytest.mark.docker
def test_check_all_shipped_problems(cli: Callable[..., Any], figure: Any) -> None:
    result = cli("check", "--all", "--json")
    assert result.out, result  # nothing printed: the error is on stderr
    report = json.loads(result.out)
    # Each failing step in full, one a line: the reason names the tests and the limit
    # they hit, which pytest's shortened repr of a dict would cut away.
    failures = "\n".join(f"{p['problem']}: {s['name']}: {s['reason']}"
                         for p in report["problems"] for s in p["steps"] if not s["ok"])
    assert result.code == 0 and not failures, failures
    assert {p["problem"] for p in report["problems"]} == EXPECTED
    for problem in report["problems"]:
        names = [s["name"] for s in problem["steps"]]
        assert sum(n.startswith("wrong solution") for n in names) >= 2, problem["problem"]
        margin = next(s for s in problem["steps"] if s["name"] == "time-limit margin")
        figure(f"{problem['problem']}: {margin['reason']}")
