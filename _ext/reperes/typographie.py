"""French typography: non-breaking spaces where French wants them.

docutils' smartquotes turns typed "…" into « … » with no-break spaces, but leaves
alone what editors type directly (« … », « ; », « ? »). This transform puts a
narrow no-break space (U+202F) before ; ! ? and a no-break space (U+00A0) before
: and inside « », so that a line never starts with a lone punctuation mark, on
screen and on paper. Code and literal text are left as typed.

The same rule applies to the text the extension inserts at write time (a module's card,
the catalogue, the dashboard…): :func:`franciser` is called on every rendered view, and
also turns a typed apostrophe into ’ there, since smartquotes only ran at read time.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .arbre import ancetres as _ancetres

# (pattern, replacement): an ordinary space, or none, before the mark.
REGLES = [
    (re.compile(r"(?<=\S) ([;!?])"), "\u202f\\1"),
    (re.compile(r"(?<=\S) :(?=\s|$)"), "\u00a0:"),
    (re.compile(r"« "), "«\u00a0"),
    (re.compile(r" »"), "\u00a0»"),
]
# "l'{term}`ASE`": smartquotes sees a quote at the end of a text node and closes it (”);
# a letter before it means it was an apostrophe.
APOSTROPHE_FINALE = re.compile(r"(?<=[A-Za-zÀ-ÿ])[”»]$")
# "d'« Allô »": smartquotes reads the apostrophe before « as a closing quote.
APOSTROPHE_AVANT_GUILLEMET = re.compile(r"(?<=[A-Za-zÀ-ÿ])”(?=[\s\u00a0]*«)")
EXCLUS = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.doctest_block, nodes.math,
          nodes.math_block)


APOSTROPHE = re.compile(r"(?<=[A-Za-zÀ-ÿ])'(?=[A-Za-zÀ-ÿ])")


SIGNES = re.compile(r"[;:!?«»]")


def espacer(texte: str) -> str:
    if not SIGNES.search(texte):  # most text nodes hold none of these marks
        return texte
    for motif, remplacement in REGLES:
        texte = motif.sub(remplacement, texte)
    return texte


def franciser_texte(texte: str) -> str:
    """French spacing and apostrophes in a string inserted at write time."""
    return APOSTROPHE.sub("’", espacer(texte))


def franciser(racine: nodes.Node) -> None:
    """French spacing and apostrophes in every text under ``racine`` (inserted at write time)."""
    for texte in list(racine.findall(nodes.Text)):
        if any(isinstance(a, EXCLUS) for a in _ancetres(texte)):
            continue
        nouveau = franciser_texte(texte.astext())
        if nouveau != texte.astext():
            texte.parent.replace(texte, nodes.Text(nouveau))


class TypographieFrancaise(SphinxTransform):
    # After smartquotes (priority 855): quotes are already « ».
    default_priority = 860

    def apply(self, **kwargs) -> None:
        if not (self.config.language or "").startswith("fr"):
            return
        for texte in list(self.document.findall(nodes.Text)):
            if any(isinstance(a, EXCLUS) for a in _ancetres(texte)):
                continue
            nouveau = APOSTROPHE_AVANT_GUILLEMET.sub("’", espacer(texte.astext()))
            if texte.parent.index(texte) < len(texte.parent) - 1:
                nouveau = APOSTROPHE_FINALE.sub("’", nouveau)
            if nouveau != texte.astext():
                texte.parent.replace(texte, nodes.Text(nouveau))


def setup_typographie(app) -> None:
    app.add_transform(TypographieFrancaise)
