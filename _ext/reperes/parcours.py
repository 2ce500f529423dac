"""The ``parcours`` directive: the modules a population follows, in order.

    ```{parcours}
    :id: parcours-atsem
    :public: atsem
    :titre: Parcours des ATSEM

    - role-de-chaque-agent
    - formes-de-danger
    ```

The total duration, the socle and the links are computed from the modules'
metadata at write time; an unknown module is reported at the line of its entry.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .agregats import agregat, lien, placeholder, rendu, tableau, titre
from .domaine import domaine
from .module import IDENTIFIANT, noter_populations, populations

logger = logging.getLogger(__name__)

ENTREE = re.compile(r"^[-*+]\s+(?P<id>\S+)\s*$")


def socle_du_parcours(env: BuildEnvironment, parcours: dict) -> list[str]:
    """Modules of the parcours that are socle for its population: an agent who completed
    all of them counts as trained (the rule the coverage dashboard applies)."""
    modules = domaine(env).modules()
    return [mid for mid, _ in parcours["modules"]
            if mid in modules and modules[mid]["socle"] and parcours["public"] in modules[mid]["publics"]]


class ParcoursDirective(SphinxDirective):
    has_content = True
    option_spec = {"id": lambda x: (x or "").strip(), "public": lambda x: (x or "").strip(),
                   "titre": lambda x: (x or "").strip()}

    def avertir(self, message: str, ligne: int | None = None) -> None:
        logger.warning(f"parcours « {self.options.get('id', '?')} » : {message}", type="reperes",
                       subtype="parcours", location=(self.env.docname, ligne or self.lineno))

    def run(self) -> list[nodes.Node]:
        noter_populations(self)
        pid, public = self.options.get("id", ""), self.options.get("public", "")
        ok = True
        if not IDENTIFIANT.match(pid):
            self.avertir("« :id: » manquant ou invalide (lettres minuscules, chiffres et tirets).")
            ok = False
        if public not in populations(self.env):
            self.avertir(f"population « {public} » inconnue (« :public: ») ; populations déclarées : "
                         f"{', '.join(sorted(populations(self.env)))}.")
            ok = False
        modules: list[tuple[str, int]] = []
        for index, ligne in enumerate(self.content):
            if not ligne.strip():
                continue
            numero = self.lineno + self.content_offset + index + 1  # MyST: offset relative to the directive
            m = ENTREE.match(ligne)
            if not m:
                self.avertir(f"ligne « {ligne.strip()} » : attendu « - identifiant-du-module ».", numero)
                ok = False
            else:
                modules.append((m.group("id"), numero))
        if not modules:
            self.avertir("aucun module : listez les identifiants des modules, un par ligne (« - formes-de-danger »).")
            ok = False
        if not ok:
            return [nodes.warning("", nodes.paragraph("", "Bloc « parcours » invalide : voir les erreurs de construction."))]
        domaine(self.env).ajouter("parcours", self.env.docname, {
            "id": pid, "lineno": self.lineno, "public": public,
            "titre": self.options.get("titre") or f"Parcours : {populations(self.env)[public].libelle}",
            "modules": modules,
        })
        return [placeholder(self, "parcours", parcours_id=pid)]


@rendu("parcours")
def rendre_parcours(app: Sphinx, docname: str, noeud: agregat) -> list[nodes.Node]:
    env = app.env
    dom = domaine(env)
    p = dom.parcours()[noeud["parcours_id"]]
    modules = dom.modules()
    socle = socle_du_parcours(env, p)
    lignes, total, total_socle = [], 0, 0
    for rang, (mid, _) in enumerate(p["modules"], 1):
        m = modules.get(mid)
        if m is None:
            continue  # reported by verifier_parcours
        total += m["duree"]
        total_socle += m["duree"] if mid in socle else 0
        lignes.append([str(rang), lien(app, docname, m["docname"], titre(env, m["docname"])),
                       f"{m['duree']} min", "socle" if mid in socle else "spécifique",
                       str(len(dom.quiz_du_module(mid)))])
    resume = nodes.paragraph("", f"{len(lignes)} modules, durée totale {_duree(total)} "
                                 f"dont socle {_duree(total_socle)} ({len(socle)} modules).")
    conteneur = nodes.container(classes=["reperes-parcours"], ids=[f"parcours-{p['id']}"])
    conteneur += resume
    conteneur += tableau(["#", "Module", "Durée", "Type", "Questions"], lignes, ["reperes-parcours-table"],
                         [1, 6, 2, 2, 2])
    conteneur += nodes.paragraph("", "Un agent est compté comme formé quand il a terminé tous les modules "
                                     "du socle de son parcours.")
    return [conteneur]


def _duree(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{minutes} min" if not h else f"{h} h {m:02d} ({minutes} min)"


def verifier_parcours(app: Sphinx, env: BuildEnvironment) -> None:
    dom = domaine(env)
    modules = dom.modules()
    for premier, second in dom.doublons("parcours"):
        logger.warning(f"identifiant de parcours « {second['id']} » déjà utilisé dans "
                       f"{env.doc2path(premier['docname'], False)}:{premier['lineno']}.",
                       type="reperes", subtype="parcours", location=(second["docname"], second["lineno"]))
    for p in dom.entrees("parcours"):
        for mid, ligne in p["modules"]:
            if mid not in modules:
                logger.warning(f"parcours « {p['id']} » : module « {mid} » inconnu. Modules existants : "
                               f"{', '.join(sorted(modules))}.", type="reperes", subtype="parcours",
                               location=(p["docname"], ligne))


class LivretDirective(SphinxDirective):
    """``{livret}`` with ``:parcours:``: this page is the trainer's booklet of a parcours (a PDF
    of its own, see conf.py). Its toctrees must list the parcours's modules in order, then their
    trainer sheets: checked at every build, so a booklet never drifts from its parcours."""

    option_spec = {"parcours": lambda x: (x or "").strip()}

    def run(self) -> list[nodes.Node]:
        domaine(self.env).doc(self.env.docname)["livret"] = {"parcours": self.options.get("parcours", ""),
                                                            "lineno": self.lineno}
        return []


def verifier_livrets(app: Sphinx, env: BuildEnvironment) -> None:
    dom = domaine(env)
    parcours = dom.parcours()
    modules = dom.modules()
    for docname, donnees in sorted(dom.data["docs"].items()):
        livret = donnees.get("livret")
        if not livret:
            continue
        p = parcours.get(livret["parcours"])
        if p is None:
            logger.warning(f"livret : parcours « {livret['parcours']} » inconnu.", type="reperes",
                           subtype="parcours", location=(docname, livret["lineno"]))
            continue
        ids = [mid for mid, _ in p["modules"] if mid in modules]
        attendu = [modules[mid]["docname"] for mid in ids] + [f"training/formateurs/{mid}" for mid in ids]
        obtenu = env.toctree_includes.get(docname, [])
        if obtenu != attendu:
            logger.warning(
                f"livret du parcours « {p['id']} » : la table des matières doit lister, dans l'ordre, les modules "
                f"du parcours puis leurs fiches formateur ({', '.join(attendu)}).",
                type="reperes", subtype="parcours", location=(docname, livret["lineno"]))


def setup_parcours(app: Sphinx) -> None:
    app.add_directive("parcours", ParcoursDirective)
    app.add_directive("livret", LivretDirective)
    app.connect("env-check-consistency", verifier_parcours)
    app.connect("env-check-consistency", verifier_livrets)
