"""Disjoint sets (union–find): grouping linked sentences and near-duplicate versions.

Align (connected components of the candidate graph) and collate (statements, takes) group
things by chains of links.  Written here rather than taken from scipy: scipy's is the one
part of scipy the pipeline would need, and having scipy installed makes ``import nltk`` load
``scipy.stats`` (a second of start-up).  The small union–find libraries on PyPI recurse
without union by size, so a long chain of links would hit Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

Element = TypeVar("Element", bound=Hashable)


class DisjointSet(Generic[Element]):
    """Elements in disjoint groups; ``sets[x]`` is the root that names ``x``'s group.

    Union by size and path splitting: every operation takes near-constant time, iteratively.
    """

    def __init__(self, elements: Iterable[Element] = ()) -> None:
        self._parent: dict[Element, Element] = {}
        self._size: dict[Element, int] = {}
        for element in elements:
            self.add(element)

    def add(self, element: Element) -> None:
        """A group of its own for ``element``; nothing changes if it is already there."""
        if element not in self._parent:
            self._parent[element] = element
            self._size[element] = 1

    def __getitem__(self, element: Element) -> Element:
        """The root of ``element``'s group (KeyError if it was never added)."""
        parent = self._parent
        while (up := parent[element]) != element:
            parent[element] = parent[up]  # path splitting: point at the grandparent
            element = up
        return element

    def merge(self, one: Element, other: Element) -> bool:
        """Join the two elements' groups; False if they were in one group already."""
        a, b = self[one], self[other]
        if a == b:
            return False
        if self._size[a] < self._size[b]:
            a, b = b, a
        self._parent[b] = a
        self._size[a] += self._size.pop(b)
        return True

    def subsets(self) -> list[set[Element]]:
        """Every group, in the order its first element was added."""
        groups: dict[Element, set[Element]] = {}
        for element in list(self._parent):
            groups.setdefault(self[element], set()).add(element)
        return list(groups.values())
