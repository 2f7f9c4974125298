"""Court citation graph.

Implement the API described in the statements. The same file grows level by level:
level 1 (cases, citations, transitive citers), level 2 (cycles, precedence order),
level 3 (shortest citation path), level 4 (authority scores).
"""

from __future__ import annotations


class CycleError(ValueError):
    """Raised by precedence_order() when the citations contain a cycle."""


class CitationGraph:
    """Which court cases cite which. A citation goes from the citing case to the cited one."""

    def __init__(self) -> None:
        pass

    # ----------------------------------------------------------------- level 1
    def add_case(self, case_id: str) -> None:
        """Add a case with no citations; adding a known case does nothing.

        Raises ValueError unless case_id is a non-empty str.
        """
        raise NotImplementedError

    def add_citation(self, citing: str, cited: str) -> None:
        """Record that `citing` cites `cited`, adding either case if it is new.

        Duplicates have no further effect. Raises ValueError for a self-citation or an
        invalid case id.
        """
        raise NotImplementedError

    def cases(self) -> list[str]:
        """All case ids, sorted ascending."""
        raise NotImplementedError

    def cites(self, case_id: str) -> list[str]:
        """The cases `case_id` cites directly, sorted. KeyError if unknown."""
        raise NotImplementedError

    def cited_by(self, case_id: str) -> list[str]:
        """The cases citing `case_id` directly, sorted. KeyError if unknown."""
        raise NotImplementedError

    def all_citing(self, case_id: str) -> list[str]:
        """Every case citing `case_id` directly or indirectly, sorted, without `case_id`.

        KeyError if unknown. Must not use recursion (chains can be 100,000 long).
        """
        raise NotImplementedError

    # ----------------------------------------------------------------- level 2
    def find_cycle(self) -> list[str] | None:
        """One cycle [c0, ..., cm] (c0 cites c1, ..., cm cites c0), or None if acyclic."""
        raise NotImplementedError

    def precedence_order(self) -> list[str]:
        """All cases, each after every case it cites; ties: smallest id first.

        Raises CycleError if the citations contain a cycle.
        """
        raise NotImplementedError

    # ----------------------------------------------------------------- level 3
    def shortest_path(self, source: str, target: str) -> list[str] | None:
        """Fewest-cases citation chain [source, ..., target], lexicographically smallest
        among the shortest; [source] if source == target; None if unreachable.

        KeyError if either case is unknown.
        """
        raise NotImplementedError

    # ----------------------------------------------------------------- level 4
    def authority_scores(
        self, damping: float = 0.85, tol: float = 1e-6, max_iter: int = 200
    ) -> dict[str, float]:
        """PageRank score of every case (dangling cases spread their score over all cases)."""
        raise NotImplementedError

    def top_authorities(self, k: int, damping: float = 0.85) -> list[tuple[str, float]]:
        """The k highest-scoring (case_id, score) pairs; ties (after round(score, 9)) by id."""
        raise NotImplementedError
