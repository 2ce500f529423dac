"""Collected views: a placeholder at read time, a renderer on the snapshot at write time.

A directive that shows collected data leaves a ``vue`` node (attribute ``nom``: which
renderer) and marks its page in the domain (``vues``). On ``doctree-resolved`` one handler
replaces each placeholder with what its renderer returns. A renderer is a pure function
``(instantane, vue, page) -> nodes``: it sees the snapshot, the placeholder (its
attributes and the content parsed from the page) and the page's name, nothing else — not
``env.titles``, not ``env.found_docs``, not the builder. It makes links with
:func:`noeuds.creer_lien`; this handler resolves them for the current builder, resolves
the other write-time nodes (a chart to draw, a file to offer) through :data:`RESOLUTIONS`,
and applies French typography to every text inserted.

Because a view shows only what the snapshot holds, ``instantane`` re-writes the pages
with views exactly when the snapshot's signature changes.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import make_refnode

from .domaine import domaine
from .instantane import Instantane, instantane
from .noeuds import lien
from .typographie import franciser


class vue(nodes.General, nodes.Element):
    """Placeholder: attribute ``nom`` says which renderer fills it."""


Rendu = Callable[[Instantane, vue, str], list[nodes.Node]]
# nom -> renderer (registered by each feature's module, at import)
RENDUS: dict[str, Rendu] = {}
# node class -> function(app, page, node) -> replacement nodes: write-time nodes that need
# the builder (a chart drawn into the output folder, a downloadable file).
RESOLUTIONS: dict[type, Callable[[Sphinx, str, nodes.Node], list[nodes.Node]]] = {}


def rendu(nom: str):
    def enregistrer(fonction: Rendu) -> Rendu:
        RENDUS[nom] = fonction
        return fonction
    return enregistrer


def placeholder(directive: SphinxDirective, nom: str, **attributs) -> vue:
    noeud = vue(nom=nom, **attributs)
    directive.set_source_info(noeud)
    marquer(directive.env)
    return noeud


class RoleVue(SphinxRole):
    """A role whose text names something collected elsewhere (``{quiz}``, ``{regle}``,
    ``{fiche}``): a ``vue`` rendered from the snapshot, its page marked, the reference kept for
    the snapshot's check (an unknown target is reported at its file:line). Subclasses set
    ``vue_nom`` (the renderer), ``attribut`` (where the target goes) and ``sorte`` (the kind of
    reference, ``domaine.REFERENCES``)."""

    vue_nom = ""
    attribut = "cible"
    sorte = ""

    def run(self):
        from .domaine import noter_reference

        cible = self.text.strip()
        noeud = vue(nom=self.vue_nom, **{self.attribut: cible})
        self.set_source_info(noeud)
        marquer(self.env)
        noter_reference(self.env, self.sorte, cible, self.lineno)
        return [noeud], []


def inconnu(libelle: str) -> list[nodes.Node]:
    """What a role shows for a target the snapshot does not know (its check reports it with
    file:line): « question « x » (inconnue) », never an empty place."""
    return [nodes.inline("", f"{libelle} (inconnu{'e' if libelle.split()[0] in FEMININS else ''})",
                         classes=["reperes-erreur"])]


FEMININS = {"fiche", "règle", "question"}


def marquer(env) -> None:
    """The page being read shows collected data: re-write it when the snapshot changes."""
    domaine(env).doc(env.docname)["vues"] = True


def resoudre_liens(app: Sphinx, page: str, racine: nodes.Node) -> None:
    for noeud in list(racine.findall(lien)):
        texte = noeud.astext()
        try:
            ref = make_refnode(app.builder, page, noeud["cible"], noeud["ancre"],
                               nodes.inline(texte, texte), texte)
        except NoUri:
            ref = nodes.inline(texte, texte)
        noeud.replace_self(ref)


def _cle(noeud: vue) -> tuple | None:
    """What a view without content of its own (a role's: a rule, a question, a fiche cited) is
    rendered from on a given page; None for a view with content."""
    if noeud.children:
        return None
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in noeud.attributes.items()))


def _remplacer(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    inst = instantane(app.env)
    # A renderer is a pure function of the snapshot, the view and the page: the same role view on the
    # same page (a booklet cites each rule in dozens of answer keys) is rendered once and copied,
    # unless what it gives carries an id (an anchor must stay unique).
    rendues: dict[tuple, list[nodes.Node]] = {}
    for noeud in list(doctree.findall(vue)):
        cle = _cle(noeud)
        if cle in rendues:
            noeud.replace_self([n.deepcopy() for n in rendues[cle]])
            continue
        sortie = nodes.container()
        sortie += RENDUS[noeud["nom"]](inst, noeud, docname)
        franciser(sortie)
        for classe, resoudre in RESOLUTIONS.items():
            for n in list(sortie.findall(classe)):
                n.replace_self(resoudre(app, docname, n))
        resoudre_liens(app, docname, sortie)
        if cle is not None and not any(n.get("ids") for n in sortie.findall(nodes.Element)):
            rendues[cle] = [n.deepcopy() for n in sortie.children]
        noeud.replace_self(sortie.children)


def setup_vues(app: Sphinx) -> None:
    app.add_node(vue)
    app.connect("doctree-resolved", _remplacer)
