"""Numbers one tap away: in HTML, « le 119 », « au 17 », « le 114 par SMS »… become ``tel:``
(``sms:`` for the 114) links, so that an agent on a phone calls without retyping. Print and
text keep the words as written (HTML builders only).

Only the national numbers the guide teaches, written after an article (« le 119 », « au 15 »,
« du 3018 ») or set alone in bold (« **119** — Allô Enfance en Danger »), and never a date (« le 15 décembre »), an age, an hour, an article of a code
(« l'article 114 » has no article before the number) or a number inside a longer one. Never
inside a link, a title, code, or a quiz option's label (tapping the option must choose it,
not dial). Runs after the views are filled (``doctree-resolved``), so quoted rules get links
too.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

NUMEROS = ("119", "112", "114", "15", "17", "18", "3018", "3114", "3919")
_MOIS = ("janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre"
         "|decembre")
NUMERO = re.compile(
    # Not a quoted title (« Le 119 : quand et comment appeler », a module's name).
    r"(?<!«[ \u00a0\u202f])(?<![\w-])(?P<article>[Ll]e|[Aa]u|[Dd]u)(?P<espace>[ \u00a0\u202f]+)(?P<numero>" + "|".join(NUMEROS) + r")"
    r"(?![\w,.]\d|\d|[\w/°%-])"  # not 119,5 / 15/06 / 17e / 18-25
    r"(?![ \u00a0\u202f]*(?:er\b|h\b|heures?\b|ans?\b|mois\b|jours?\b|minutes?\b|%|" + _MOIS + r"))")


def _exclu(noeud: nodes.Node) -> bool:
    from .arbre import ancetres
    from .quiz.noeuds import quiz_option_texte

    return any(isinstance(parent, (nodes.reference, nodes.title, nodes.literal, nodes.literal_block, nodes.raw,
                                   nodes.FixedTextElement, quiz_option_texte))
               or "reperes-sans-tel" in parent.get("classes", []) for parent in ancetres(noeud))


def lien(numero: str) -> nodes.reference:
    schema = "sms" if numero == "114" else "tel"
    titre = f"Envoyer un SMS au {numero}" if schema == "sms" else f"Appeler le {numero}"
    return nodes.reference(numero, numero, refuri=f"{schema}:{numero}", reftitle=titre,
                           classes=["reperes-tel"])


def _en_gras(doctree: nodes.Node) -> int:
    """« le **17** », « **119** — Allô Enfance en Danger », a table of numbers: a number set
    alone in bold or italics is pointed at, never a date or an age."""
    total = 0
    for mise in list(doctree.findall(lambda n: isinstance(n, (nodes.strong, nodes.emphasis)))):
        numero = mise.astext().strip()
        if numero not in NUMEROS or not isinstance(mise.parent, nodes.TextElement) or _exclu(mise):
            continue
        mise.children = []
        mise += lien(numero)
        total += 1
    return total


def relier(doctree: nodes.Node) -> int:
    """Turn the numbers of ``doctree``'s text into links; returns how many."""
    total = _en_gras(doctree)
    for texte in list(doctree.findall(nodes.Text)):
        source = str(texte)
        # A link must sit in running text (Sphinx's HTML writer refuses one elsewhere).
        if not any(n in source for n in NUMEROS) or not isinstance(texte.parent, nodes.TextElement) or _exclu(texte):
            continue
        morceaux: list[nodes.Node] = []
        debut = 0
        for m in NUMERO.finditer(source):
            morceaux.append(nodes.Text(source[debut:m.start("numero")]))
            morceaux.append(lien(m.group("numero")))
            debut = m.end("numero")
            total += 1
        if not morceaux:
            continue
        morceaux.append(nodes.Text(source[debut:]))
        texte.parent.replace(texte, [m for m in morceaux if not isinstance(m, nodes.Text) or str(m)])
    return total


def _relier(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    # A web builder that turns links into text (the Moodle bank) says so.
    if app.builder.format == "html" and getattr(app.builder, "reperes_liens_tel", True):
        relier(doctree)


def setup_telephones(app: Sphinx) -> None:
    # After vues._remplacer (priority 500): the rules quoted by {regle} are text by then.
    app.connect("doctree-resolved", _relier, priority=700)
