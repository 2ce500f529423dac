"""Pages that show data collected from other pages (catalogue, parcours, indexes…).

A directive leaves an ``agregat`` placeholder and marks its page in the domain; on
``doctree-resolved`` (all pages read, data merged) each placeholder is replaced by
what its ``genre`` renders. ``domaine._agregats_a_reecrire`` re-writes those pages
whenever the collected data changes, in incremental builds too.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .domaine import domaine


class agregat(nodes.General, nodes.Element):
    """Placeholder: attribute ``genre`` says which renderer fills it."""


# genre -> function(app, fromdocname, node) -> list of nodes
RENDUS: dict[str, Callable[[Sphinx, str, agregat], list[nodes.Node]]] = {}


def rendu(genre: str):
    def enregistrer(fonction):
        RENDUS[genre] = fonction
        return fonction
    return enregistrer


def placeholder(directive: SphinxDirective, genre: str, **attributs) -> agregat:
    noeud = agregat(genre=genre, **attributs)
    directive.set_source_info(noeud)
    domaine(directive.env).marquer_agregat(directive.env.docname)
    return noeud


def _remplacer(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for noeud in list(doctree.findall(agregat)):
        noeud.replace_self(RENDUS[noeud["genre"]](app, docname, noeud))


# -- small builders shared by the renderers ---------------------------------------------------
def lien(app: Sphinx, fromdocname: str, todocname: str, texte: str, ancre: str = "") -> nodes.Node:
    """A link to another page, or plain text for builders without URLs."""
    try:
        return make_refnode(app.builder, fromdocname, todocname, ancre, nodes.inline(texte, texte), texte)
    except NoUri:
        return nodes.inline(texte, texte)


def titre(env: BuildEnvironment, docname: str) -> str:
    t = env.titles.get(docname)
    return t.astext() if t is not None else docname


def tableau(entetes: list[str], lignes: list[list[nodes.Node | str]], classes: list[str] | None = None,
            largeurs: list[int] | None = None) -> nodes.table:
    table = nodes.table(classes=["reperes-tableau", *(classes or [])])
    groupe = nodes.tgroup(cols=len(entetes))
    table += groupe
    for largeur in largeurs or [1] * len(entetes):
        groupe += nodes.colspec(colwidth=largeur)
    tete = nodes.thead()
    rangee = nodes.row()
    for e in entetes:
        rangee += nodes.entry("", nodes.paragraph("", e))
    tete += rangee
    groupe += tete
    corps = nodes.tbody()
    for ligne in lignes:
        rangee = nodes.row()
        for cellule in ligne:
            contenu = cellule if isinstance(cellule, nodes.Node) else nodes.Text(str(cellule))
            rangee += nodes.entry("", nodes.paragraph("", "", contenu))
        corps += rangee
    groupe += corps
    return table




class balise(nodes.General, nodes.Element):
    """An HTML element carrying ``data-`` attributes for the JavaScript (no inline JS globals):
    ``balise(tag="li", donnees={"module": "x"}, classes=[...])``. Other builders render its
    children only."""


def visit_balise_html(self, node: balise) -> None:
    attrs = {f"data-{k}": v for k, v in node.get("donnees", {}).items()}
    attrs.update(node.get("html_attrs", {}))
    if "id" in attrs:  # docutils takes ids from the node, never as an attribute
        node["ids"] = [attrs.pop("id")]
    self.body.append(self.starttag(node, node["tag"], "", **attrs))


def depart_balise_html(self, node: balise) -> None:
    self.body.append(f"</{node['tag']}>")


def _enfants_seulement(self, node) -> None:
    pass


def setup_balise(app: Sphinx) -> None:
    autres = {fmt: (_enfants_seulement, _enfants_seulement) for fmt in ("latex", "text", "man", "texinfo")}
    app.add_node(balise, html=(visit_balise_html, depart_balise_html), **autres)


def setup_agregats(app: Sphinx) -> None:
    app.add_node(agregat)
    setup_balise(app)
    app.connect("doctree-resolved", _remplacer)
