"""The ``parcours`` directive (the modules a population follows, in order) and the ``livret``
block (a trainer's booklet that must follow its parcours).

    ```{parcours}
    :id: parcours-atsem
    :public: atsem
    :titre: ATSEM

    - role-de-chaque-agent
    - formes-de-danger
    ```

The table (durations, socle, questions) is rendered from the snapshot; an unknown module is
reported by the snapshot's check at the line of its entry.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from .avertissements import Sous
from .directive import ReperesDirective, identifiant, texte
from .domaine import domaine
from .instantane import Instantane
from .noeuds import creer_lien, tableau
from .populations import noter_populations, populations
from .vues import RoleVue, inconnu, placeholder, rendu, vue

ENTREE = re.compile(r"^[-*+]\s+(?P<id>\S+)\s*$")


class ParcoursDirective(ReperesDirective):
    has_content = True
    option_spec = {"id": identifiant, "public": texte, "titre": texte}
    sous = Sous.parcours
    nom = "parcours"

    def run(self) -> list[nodes.Node]:
        noter_populations(self)
        pid, public = self.identifiant("parcours-atsem"), self.options.get("public", "")
        ok = bool(pid)
        connues = populations(self.env)
        if public not in connues:
            self.avertir(f"population « {public} » inconnue (« :public: ») ; populations déclarées : "
                         f"{', '.join(sorted(connues))}.")
            ok = False
        modules: list[tuple[str, int]] = []
        for index, ligne in enumerate(self.content):
            if not ligne.strip():
                continue
            m = ENTREE.match(ligne)
            if not m:
                self.avertir(f"ligne « {ligne.strip()} » : attendu « - identifiant-du-module ».", index)
                ok = False
            else:
                modules.append((m.group("id"), self.ligne(index)))
        if not modules:
            self.avertir("aucun module : listez les identifiants des modules, un par ligne (« - formes-de-danger »).")
            ok = False
        if not ok:
            return self.bloc_invalide()
        domaine(self.env).ajouter("parcours", self.env.docname, {
            "id": pid, "lineno": self.lineno, "public": public,
            "titre": self.options.get("titre") or f"Parcours : {connues[public].libelle}",
            "modules": modules,
        })
        return [placeholder(self, "parcours", parcours_id=pid)]


def duree_fr(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{minutes} min" if not h else f"{h} h {m:02d} ({minutes} min)"


@rendu("parcours")
def rendre_parcours(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    p = inst.un_parcours[noeud["parcours_id"]]
    lignes, total, total_socle = [], 0, 0
    for rang, mid in enumerate(p.modules, 1):
        m = inst.module[mid]
        total += m.duree
        total_socle += m.duree if mid in p.socle else 0
        lignes.append([str(rang), creer_lien(m.docname, m.titre), f"{m.duree} min",
                       "socle" if mid in p.socle else "spécifique", str(len(m.questions))])
    conteneur = nodes.container(classes=["reperes-parcours"], ids=[f"parcours-{p.id}"])
    conteneur += nodes.paragraph("", f"{len(lignes)} modules, durée totale {duree_fr(total)} "
                                     f"dont socle {duree_fr(total_socle)} ({len(p.socle)} modules).")
    conteneur += tableau(["#", "Module", "Durée", "Type", "Questions"], lignes, ["reperes-parcours-table"],
                         [1, 6, 2, 2, 2])
    conteneur += nodes.paragraph("", "Un agent est compté comme formé quand il a validé tous les modules "
                                     "du socle de son parcours.")
    if p.modules:  # the way through: the first module, with the parcours chosen (reperes.js keeps it)
        premier = inst.module[p.modules[0]]
        conteneur += nodes.paragraph("", "", creer_lien(premier.docname, f"Commencer ce parcours : {premier.titre}",
                                                         f"parcours={p.id}"), classes=["reperes-parcours-commencer"])
    return [conteneur]


class ChoixParcoursDirective(ReperesDirective):
    """``{choix-parcours}``: every parcours, by population, with its socle's duration (read from
    the modules) and a button that starts it — the agent's way in (« Quel est votre métier ? »)."""

    has_content = False
    nom = "choix-parcours"

    def run(self) -> list[nodes.Node]:
        return [placeholder(self, "choix-parcours")]


@rendu("choix-parcours")
def rendre_choix(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    liste = nodes.bullet_list(classes=["reperes-choix-parcours"])
    for p in sorted(inst.parcours, key=lambda p: inst.libelle(p.public).lower()):
        if not p.modules:
            continue
        socle = sum(inst.module[m].duree for m in p.socle if m in inst.module)
        total = sum(inst.module[m].duree for m in p.modules if m in inst.module)
        item = nodes.list_item(classes=["reperes-choix"])
        titre = nodes.paragraph(classes=["reperes-choix-titre"])
        titre += nodes.strong("", inst.libelle(p.public))
        item += titre
        item += nodes.paragraph("", f"Socle : {len(p.socle)} modules, {duree_fr(socle)}. Parcours complet : "
                                    f"{len(p.modules)} modules, {duree_fr(total)}.")
        boutons = nodes.paragraph(classes=["reperes-choix-boutons"])
        premier = inst.module[p.modules[0]]
        boutons += nodes.inline("", "", creer_lien(premier.docname, "Commencer", f"parcours={p.id}"),
                                classes=["reperes-bouton"])
        boutons += nodes.Text(" ")
        boutons += nodes.inline("", "", creer_lien(p.docname, "Voir les modules du parcours"),
                                classes=["reperes-bouton-second"])
        item += boutons
        liste += item
    return [liste]


class DureeRole(RoleVue):
    """``{duree}`reperer-signaux``` → « 40 min », read from the module: never written by hand."""

    vue_nom, attribut, sorte = "duree", "module_id", "module"


@rendu("duree")
def rendre_duree(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    m = inst.module.get(noeud["module_id"])
    if m is None:  # reported by the snapshot's check
        return inconnu(f"module « {noeud['module_id']} »")
    return [nodes.Text(duree_fr(m.duree))]


class LivretDirective(ReperesDirective):
    """``{livret}`` with ``:parcours:``: this page is the trainer's booklet of a parcours (a PDF
    of its own, see conf.py). Its toctrees must list the parcours's modules in order, then their
    trainer sheets: checked on the snapshot at every build."""

    option_spec = {"parcours": texte}
    sous = Sous.parcours
    nom = "livret"

    def run(self) -> list[nodes.Node]:
        domaine(self.env).doc(self.env.docname)["livret"] = {"parcours": self.options.get("parcours", ""),
                                                            "lineno": self.lineno, "toc": []}
        return []


def _livret_hors_navigation(app: Sphinx, builder) -> None:
    """``write-started``, web builders: a booklet's toctree assembles its PDF; on the site it must
    not become the modules' parent, or a module page's sidebar and « Suivant » would follow a
    booklet. Its list stays on the booklet's page; the modules keep the catalogue as their one
    parent. Done on the environment in memory for this write only (it was pickled after the
    read), so the stored environment is the same whatever the builder."""
    if builder.format != "html":
        return
    env = app.env
    for docname, donnees in domaine(env).data["docs"].items():
        if donnees["livret"] is None:
            continue
        env.toctree_includes.pop(docname, None)
        # The site's navigation tree expands a page's toctrees from its table of contents.
        toc = env.tocs.get(docname)
        if toc is not None:
            for arbre in list(toc.findall(addnodes.toctree)):
                arbre.parent.remove(arbre)


def setup_parcours(app: Sphinx) -> None:
    app.add_directive("parcours", ParcoursDirective)
    app.add_directive("livret", LivretDirective)
    app.add_directive("choix-parcours", ChoixParcoursDirective)
    app.add_role("duree", DureeRole())
    app.connect("write-started", _livret_hors_navigation)
