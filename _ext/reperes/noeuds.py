"""Generic nodes of the extension, each with a visitor per output format.

- ``lien``: a link to another page (and anchor) that a renderer can make without the
  builder; resolved at write time into a reference, or plain text where there are no URLs.
- ``balise``: an HTML element carrying ``data-`` attributes for the JavaScript (no inline
  JS globals); other builders render its children only.
- ``interactif``: a view used on the site only (a form, a list filled by the JS). HTML
  renders its children; print and text replace it by one line saying so.
- :func:`tableau`: a plain docutils table.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from .typographie import franciser_texte


class lien(nodes.General, nodes.Inline, nodes.TextElement):
    """Attributes ``cible`` (docname) and ``ancre`` (may be empty)."""


def creer_lien(cible: str, texte: str, ancre: str = "") -> lien:
    return lien(texte, texte, cible=cible, ancre=ancre)


class balise(nodes.General, nodes.Element):
    """``balise(tag="li", donnees={"module": "x"}, html_attrs={...}, classes=[...])``."""


def visit_balise_html(self, node: balise) -> None:
    attrs = {f"data-{k}": v for k, v in node.get("donnees", {}).items()}
    attrs.update(node.get("html_attrs", {}))
    if "id" in attrs:  # docutils takes ids from the node, never as an attribute
        node["ids"] = [attrs.pop("id")]
    vide = node["tag"] in ("input",)
    self.body.append(self.starttag(node, node["tag"], "", empty=vide, **attrs))


def depart_balise_html(self, node: balise) -> None:
    if node["tag"] not in ("input",):
        self.body.append(f"</{node['tag']}>")


def _enfants_seulement(self, node) -> None:
    pass


class interactif(nodes.General, nodes.Element):
    """A view that only works on the site. Attribute ``imprime``: the one line that stands for
    it in print and in text (« “Ma progression” s'utilise sur le site : … »)."""


def visit_interactif_html(self, node) -> None:
    pass


def depart_interactif_html(self, node) -> None:
    pass


def visit_interactif_latex(self, node) -> None:
    from sphinx.util.texescape import escape

    if node["imprime"]:  # an empty line: the view has no place on paper at all
        self.body.append("\n\n" + r"\noindent\emph{" + escape(franciser_texte(node["imprime"])) + "}\n\n")
    raise nodes.SkipNode


def visit_interactif_text(self, node) -> None:
    if node["imprime"]:
        self.new_state(0)
        self.add_text(franciser_texte(node["imprime"]))
        self.end_state()
    raise nodes.SkipNode


def visit_interactif_autre(self, node) -> None:
    raise nodes.SkipNode


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


def setup_noeuds(app: Sphinx) -> None:
    autres = {fmt: (_enfants_seulement, _enfants_seulement) for fmt in ("latex", "text", "man", "texinfo")}
    app.add_node(balise, html=(visit_balise_html, depart_balise_html), **autres)
    app.add_node(interactif, html=(visit_interactif_html, depart_interactif_html),
                 latex=(visit_interactif_latex, None), text=(visit_interactif_text, None),
                 man=(visit_interactif_autre, None), texinfo=(visit_interactif_autre, None))
    # `lien` never reaches a writer: vues.resoudre replaces every one of them.
    app.add_node(lien)
