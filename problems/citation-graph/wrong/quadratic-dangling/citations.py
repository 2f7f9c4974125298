"""Known slow: correct, but every case re-sums the dangling score (O(N * dangling)
per iteration)."""

from __future__ import annotations

import heapq
from collections import deque


class CycleError(ValueError):
    """Raised by precedence_order() when the citations contain a cycle."""


def _check_id(case_id: object) -> str:
    if not isinstance(case_id, str) or not case_id:
        raise ValueError(f"a case id must be a non-empty str, got {case_id!r}")
    return case_id


class CitationGraph:
    def __init__(self) -> None:
        # case -> the cases it cites (insertion-ordered dict used as an ordered set)
        self._out: dict[str, dict[str, None]] = {}
        # case -> the cases citing it
        self._in: dict[str, dict[str, None]] = {}

    # ----------------------------------------------------------------- level 1
    def add_case(self, case_id: str) -> None:
        _check_id(case_id)
        if case_id not in self._out:
            self._out[case_id] = {}
            self._in[case_id] = {}

    def add_citation(self, citing: str, cited: str) -> None:
        _check_id(citing)
        _check_id(cited)
        if citing == cited:
            raise ValueError(f"a case cannot cite itself: {citing!r}")
        self.add_case(citing)
        self.add_case(cited)
        self._out[citing][cited] = None
        self._in[cited][citing] = None

    def _known(self, case_id: str) -> str:
        if case_id not in self._out:
            raise KeyError(case_id)
        return case_id

    def cases(self) -> list[str]:
        return sorted(self._out)

    def __len__(self) -> int:
        return len(self._out)

    def cites(self, case_id: str) -> list[str]:
        return sorted(self._out[self._known(case_id)])

    def cited_by(self, case_id: str) -> list[str]:
        return sorted(self._in[self._known(case_id)])

    def all_citing(self, case_id: str) -> list[str]:
        self._known(case_id)
        seen = {case_id}
        stack = [case_id]
        while stack:
            node = stack.pop()
            for citer in self._in[node]:
                if citer not in seen:
                    seen.add(citer)
                    stack.append(citer)
        seen.discard(case_id)
        return sorted(seen)

    # ----------------------------------------------------------------- level 2
    def find_cycle(self) -> list[str] | None:
        white, grey, black = 0, 1, 2
        colour = dict.fromkeys(self._out, white)
        for root in sorted(self._out):
            if colour[root] != white:
                continue
            colour[root] = grey
            path = [root]
            iters = [iter(self._out[root])]
            while iters:
                advanced = False
                for nxt in iters[-1]:
                    if colour[nxt] == white:
                        colour[nxt] = grey
                        path.append(nxt)
                        iters.append(iter(self._out[nxt]))
                        advanced = True
                        break
                    if colour[nxt] == grey:
                        return path[path.index(nxt):]
                if not advanced:
                    colour[path.pop()] = black
                    iters.pop()
        return None

    def precedence_order(self) -> list[str]:
        remaining = {case: len(cited) for case, cited in self._out.items()}
        heap = [case for case, n in remaining.items() if n == 0]
        heapq.heapify(heap)
        order: list[str] = []
        while heap:
            case = heapq.heappop(heap)
            order.append(case)
            for citer in self._in[case]:
                remaining[citer] -= 1
                if remaining[citer] == 0:
                    heapq.heappush(heap, citer)
        if len(order) != len(self._out):
            raise CycleError("the citations contain a cycle")
        return order

    # ----------------------------------------------------------------- level 3
    def shortest_path(self, source: str, target: str) -> list[str] | None:
        self._known(source)
        self._known(target)
        # BFS from the source, neighbours in sorted order, first discovery wins:
        # the parent chain is then the lexicographically smallest shortest path.
        parent: dict[str, str | None] = {source: None}
        queue = deque([source])
        while queue and target not in parent:
            node = queue.popleft()
            for nxt in sorted(self._out[node]):
                if nxt not in parent:
                    parent[nxt] = node
                    queue.append(nxt)
        if target not in parent:
            return None
        path = [target]
        while (prev := parent[path[-1]]) is not None:
            path.append(prev)
        path.reverse()
        return path

    # ----------------------------------------------------------------- level 4
    def authority_scores(
        self, damping: float = 0.85, tol: float = 1e-6, max_iter: int = 200
    ) -> dict[str, float]:
        if not 0.0 <= damping < 1.0:
            raise ValueError("damping must be in [0, 1)")
        if not tol > 0:
            raise ValueError("tol must be positive")
        if max_iter < 1:
            raise ValueError("max_iter must be at least 1")
        names = list(self._out)
        n = len(names)
        if n == 0:
            return {}
        index = {name: i for i, name in enumerate(names)}
        incoming = [[index[u] for u in self._in[name]] for name in names]
        outdeg = [len(self._out[name]) for name in names]
        dangling = [i for i in range(n) if outdeg[i] == 0]
        rank = [1.0 / n] * n
        base = (1.0 - damping) / n
        for _ in range(max_iter):
            share = [r / d if d else 0.0 for r, d in zip(rank, outdeg)]
            new = [
                base + damping * (sum(share[u] for u in inc) + sum(rank[i] for i in dangling) / n)
                for inc in incoming
            ]
            delta = sum(abs(a - b) for a, b in zip(new, rank))
            rank = new
            if delta < tol:
                break
        return {name: float(rank[i]) for i, name in enumerate(names)}

    def top_authorities(self, k: int, damping: float = 0.85) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        scores = self.authority_scores(damping=damping)
        ranked = sorted(scores.items(), key=lambda item: (-round(item[1], 9), item[0]))
        return ranked[:k]
