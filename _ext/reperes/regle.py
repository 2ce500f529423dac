"""One rule per decision, written once in the guide and quoted word for word everywhere.

In the guide::

    ```{regle}
    :id: informer-les-parents
    :titre: Informer les parents ?

    Ce n'est pas à l'agent d'informer les parents…
    ```

The block's first paragraph is the rule: one or two sentences, the decision. Further
paragraphs explain it, in the guide only. Anywhere else (a module, the memo, a quiz's
feedback): ``{regle}`informer-les-parents``` inserts the rule's first paragraph, exactly as
the guide states it, with a link to it. Editing the
rule in the guide changes it everywhere at the next build; an unknown id is an error with
file:line. The text is taken after the page's transforms (French quotes and spacing), as
the guide shows it.
"""

from __future__ import annotations


from docutils import nodes
from sphinx.application import Sphinx

from .avertissements import Sous
from .directive import ReperesDirective, identifiant, texte
from .domaine import domaine
from .instantane import Instantane
from .noeuds import creer_lien
from .vues import RoleVue, inconnu, rendu, vue



class regle(nodes.Admonition, nodes.Element):
    """A rule of the guide: attributes ``regle_id``, ``titre``."""


class RegleDirective(ReperesDirective):
    has_content = True
    option_spec = {"id": identifiant, "titre": texte}
    sous = Sous.regle
    nom = "règle"

    def run(self) -> list[nodes.Node]:
        ident, titre = self.identifiant("parents"), self.options.get("titre", "")
        ok = bool(ident)
        if not titre:
            self.avertir("« :titre: » manquant : la décision que la règle tranche (« Informer les parents ? »).")
            ok = False
        if not "".join(self.content).strip():
            self.avertir("règle vide : écrivez la règle sous les options.")
            ok = False
        if not ok:
            return self.bloc_invalide()
        noeud = regle("", regle_id=ident, titre=titre, ids=[f"regle-{ident}"], classes=["reperes-regle"])
        self.set_source_info(noeud)
        noeud += nodes.title("", f"Règle — {titre}")
        corps = nodes.container(classes=["reperes-regle-texte"])
        self.state.nested_parse(self.content, self.content_offset, corps)
        if not corps.children or not isinstance(corps[0], nodes.paragraph):
            self.avertir("la règle commence par un paragraphe : la décision, en une ou deux phrases "
                         "(les paragraphes suivants l'expliquent).")
            return self.bloc_invalide()
        corps[0]["classes"].append("reperes-regle-enonce")
        noeud += corps
        return [noeud]


def _noter_regles(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: each rule's text as the page shows it (after smartquotes and spacing)."""
    dom = domaine(app.env)
    for noeud in doctree.findall(regle):
        enonce = noeud[1][0]
        dom.ajouter("regles", app.env.docname, {
            "id": noeud["regle_id"], "titre": noeud["titre"], "lineno": noeud.line or 0,
            "texte": " ".join(enonce.astext().split()),
        })


class RegleRole(RoleVue):
    vue_nom, attribut, sorte = "regle-citation", "regle_id", "regle"


@rendu("regle-citation")
def rendre_citation(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    r = inst.regle.get(noeud["regle_id"])
    if r is None:  # reported by the snapshot's check
        return inconnu(f"règle « {noeud['regle_id']} »")
    citation = nodes.inline("", "", classes=["reperes-regle-citation"])
    citation += nodes.Text(r.texte + " (")
    citation += creer_lien(r.docname, "règle du guide", f"regle-{r.id}")
    citation += nodes.Text(")")
    return [citation]


def visit_regle_html(self, node) -> None:
    self.body.append(self.starttag(node, "div", CLASS="admonition"))


def depart_regle_html(self, node) -> None:
    self.body.append("</div>\n")


def setup_regle(app: Sphinx) -> None:
    from sphinx.writers.latex import LaTeXTranslator
    from sphinx.writers.text import TextTranslator

    app.add_node(regle, html=(visit_regle_html, depart_regle_html),
                 latex=(LaTeXTranslator.visit_admonition, LaTeXTranslator.depart_admonition),
                 text=(TextTranslator.visit_admonition, TextTranslator.depart_admonition))
    app.add_directive("regle", RegleDirective)
    app.add_role("regle", RegleRole())
    app.connect("doctree-read", _noter_regles, priority=900)
