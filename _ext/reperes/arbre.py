"""Walking a doctree: what several features need and no feature owns."""

from __future__ import annotations

from docutils import nodes


def ancetres(noeud: nodes.Node):
    """The node's parents, nearest first."""
    parent = noeud.parent
    while parent is not None:
        yield parent
        parent = parent.parent
