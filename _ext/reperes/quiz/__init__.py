"""The quiz: a self-check question written as a Markdown checklist (a contract, README).

- ``analyse``: pure functions on the source (split by line, fingerprint, fixed order);
- ``noeuds``: the nodes;
- ``directive``: the ``quiz`` and ``explication`` directives (checks, nodes, domain record);
- ``html``: the form, the answer key and the validation panel, and their HTML visitors;
- ``banque``: the module's validation bank, out of the page, in its own encoded script;
- ``imprime``: numbered questions with boxes and an answer key, for every other builder.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .directive import ExplicationDirective, QuizDirective
from .html import VISITEURS, QuizHtml
from .imprime import QuizImprime


def _passer(self, node) -> None:
    """Non-HTML builders get plain nodes from QuizImprime; a stray node renders its children."""


def setup_quiz(app: Sphinx) -> None:
    generique = {fmt: (_passer, _passer) for fmt in ("latex", "text", "man", "texinfo")}
    for noeud, html in VISITEURS.items():
        app.add_node(noeud, html=html, **generique)
    app.add_directive("quiz", QuizDirective)
    app.add_directive("explication", ExplicationDirective)
    app.add_post_transform(QuizHtml)
    app.add_post_transform(QuizImprime)
