"""« Ma progression » and the trainer's composer.

``{ma-progression}`` lists every parcours with its modules; each module carries, in
``data-`` attributes, its quiz ids and their fingerprints, so that reperes.js can tell
from the browser's own storage which modules are done. Without JavaScript the page
still lists the parcours and their modules (links), and says that progress needs JS.

``{composeur}`` lists every module with a checkbox: the trainer ticks modules (or
picks a parcours) and gets a link to « Ma progression » showing exactly those modules
(``#modules=a,b,c``), plus a printable list. Nothing leaves the browser.

A finished parcours offers « Obtenir mon attestation » (HTML only): a printable receipt
with a code that the JS computes from ``data-`` attributes set here (see ``attestation``):
the parcours's code and versions digest on its section, the epoch and alphabet on the
page's root. The receipt view is rendered here, hidden; the JS fills it and shows it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective

from . import attestation
from .agregats import agregat, balise, lien, placeholder, rendu, titre
from .domaine import domaine
from .module import noter_populations, populations, version_module
from .parcours import socle_du_parcours


class MaProgressionDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        noter_populations(self)
        return [placeholder(self, "ma-progression")]


class ComposeurDirective(SphinxDirective):
    option_spec = {"cible": lambda x: (x or "").strip()}

    def run(self) -> list[nodes.Node]:
        return [placeholder(self, "composeur", cible=self.options.get("cible", "training/ma-progression"))]


def _module_li(app: Sphinx, docname: str, mid: str, socle: bool, case: bool = False) -> balise:
    env = app.env
    dom = domaine(env)
    m = dom.modules()[mid]
    quiz = dom.quiz_du_module(mid)
    li = balise(tag="li", classes=["reperes-progression-module"], donnees={
        "module": mid, "version": version_module(env, mid),
        "quiz": " ".join(f"{q['id']}:{q['empreinte']}" for q in quiz), "duree": str(m["duree"]),
        "titre": titre(env, m["docname"])})
    para = nodes.paragraph()
    if case:
        para += balise(tag="input", html_attrs={"type": "checkbox", "value": mid, "id": f"composeur-{mid}",
                                                "name": "module"})
        lab = balise(tag="label", html_attrs={"for": f"composeur-{mid}"})
        lab += nodes.Text(titre(env, m["docname"]))
        para += lab
        para += nodes.Text(f" — {m['duree']} min ")
        para += lien(app, docname, m["docname"], "(ouvrir)")
    else:
        para += lien(app, docname, m["docname"], titre(env, m["docname"]))
        para += nodes.Text(f" — {m['duree']} min" + (" — socle" if socle else ""))
        para += balise(tag="span", classes=["reperes-etat"], donnees={"module": mid})
    li += para
    return li


@rendu("ma-progression")
def rendre_ma_progression(app: Sphinx, docname: str, noeud: agregat) -> list[nodes.Node]:
    env = app.env
    dom = domaine(env)
    connus = populations(env)
    modules = dom.modules()
    html = app.builder.format == "html"
    racine = balise(tag="div", classes=["reperes-progression"], donnees=attestation.DONNEES_FORMAT if html else {})
    racine += nodes.paragraph("", "Votre progression est enregistrée dans ce navigateur seulement : rien n'est "
                                  "envoyé. Sans JavaScript, cette page liste les parcours mais ne peut pas "
                                  "afficher votre progression.", classes=["reperes-progression-note"])
    # The selection shown by a trainer's link (#modules=…), filled by the JS.
    selection = balise(tag="section", classes=["reperes-selection"], html_attrs={"hidden": "hidden",
                                                                                "aria-labelledby": "selection-titre"})
    selection += balise(tag="h2", html_attrs={"id": "selection-titre"})
    selection[-1] += nodes.Text("Modules choisis par votre formateur")
    choix = balise(tag="ul", classes=["reperes-selection-liste"])
    for mid in sorted(modules, key=lambda i: titre(env, modules[i]["docname"])):
        choix += _module_li(app, docname, mid, modules[mid]["socle"])
    selection += choix
    racine += selection
    for p in sorted(dom.parcours().values(), key=lambda p: p["titre"]):
        socle = socle_du_parcours(env, p)
        bloc = balise(tag="section", classes=["reperes-progression-parcours"],
                      donnees={"parcours": p["id"], "public": p["public"],
                               "libelle": connus[p["public"]].libelle if p["public"] in connus else p["public"],
                               **(attestation.donnees_html(env, p) if html else {})},
                      html_attrs={"aria-labelledby": f"progression-{p['id']}"})
        h = balise(tag="h2", html_attrs={"id": f"progression-{p['id']}"})
        h += nodes.inline("", "", lien(app, docname, p["docname"], p["titre"]))
        bloc += h
        liste = balise(tag="ul", classes=["reperes-progression-liste"])
        for mid, _ in p["modules"]:
            if mid in modules:
                liste += _module_li(app, docname, mid, mid in socle)
        bloc += liste
        bloc += balise(tag="p", classes=["reperes-progression-bilan"], html_attrs={"aria-live": "polite"})
        if html:  # shown by the JS when every module of the parcours is done
            bouton = balise(tag="button", classes=["reperes-attestation-obtenir"],
                            html_attrs={"type": "button", "hidden": "hidden"})
            bouton += nodes.Text("Obtenir mon attestation")
            bloc += nodes.paragraph("", "", bouton)
        racine += bloc
    if html:
        racine += _vue_attestation()
    return [racine]


def _vue_attestation() -> balise:
    """The receipt, hidden until the JS fills it. The name field belongs to this page only:
    no form, no autocomplete (no form history), no spellcheck (some send text away)."""
    def p(texte: str = "", classe: str = "", *enfants) -> nodes.paragraph:
        return nodes.paragraph("", texte, *enfants, classes=[classe] if classe else [])

    def vide(tag: str, classe: str) -> balise:
        return balise(tag=tag, classes=[classe])

    vue = balise(tag="section", classes=["reperes-attestation"],
                 html_attrs={"hidden": "hidden", "aria-labelledby": "attestation-titre"})
    h = balise(tag="h2", html_attrs={"id": "attestation-titre", "tabindex": "-1"})
    h += nodes.Text("Attestation de fin de parcours")
    vue += h
    vue += p("", "reperes-attestation-parcours")
    nom = balise(tag="label", html_attrs={"for": "attestation-nom"})
    nom += nodes.Text("Nom (facultatif, pour l'impression) : ")
    vue += p("", "", nom, balise(tag="input", html_attrs={"id": "attestation-nom", "type": "text",
                                                          "autocomplete": "off", "spellcheck": "false"}))
    vue += p("Ce nom reste sur cette page : il n'est ni enregistré ni envoyé, et disparaît quand vous "
             "fermez cette vue ou la page.", "reperes-attestation-note")
    vue += p("", "", nodes.Text("Terminé le "), vide("span", "reperes-attestation-date"),
             nodes.Text(". Modules suivis, avec la version de leurs questions :"))
    vue += vide("ul", "reperes-attestation-modules")
    vue += p("", "reperes-attestation-ligne-code", nodes.Text("Code de reçu : "),
             vide("strong", "reperes-attestation-code"))
    vue += p("Remettez ce code à votre responsable, qui l'ajoute au suivi des formations. Le code ne dit rien "
             "de vous : il contient seulement le parcours, la date et les versions des modules.")
    vue += p("Ce document est un reçu, pas une preuve : n'importe qui peut calculer un code valable. Cela suffit "
             "pour une formation d'autoévaluation ; quand une preuve de formation est exigée, la séance en "
             "présentiel fait référence.", "reperes-attestation-avertissement")
    boutons = p("", "reperes-attestation-actions")
    for classe, texte in (("reperes-imprimer", "Imprimer ou enregistrer en PDF"), ("reperes-fermer", "Fermer")):
        b = balise(tag="button", classes=[classe], html_attrs={"type": "button"})
        b += nodes.Text(texte)
        boutons += b
        boutons += nodes.Text(" ")
    vue += boutons
    return vue


@rendu("composeur")
def rendre_composeur(app: Sphinx, docname: str, noeud: agregat) -> list[nodes.Node]:
    env = app.env
    dom = domaine(env)
    modules = dom.modules()
    try:
        cible = app.builder.get_relative_uri(docname, noeud["cible"])
    except NoUri:
        cible = ""
    racine = balise(tag="form", classes=["reperes-composeur"], donnees={"cible": cible})
    parcours = balise(tag="p", classes=["reperes-composeur-parcours"])
    for p in sorted(dom.parcours().values(), key=lambda p: p["titre"]):
        bouton = balise(tag="button", html_attrs={"type": "button"},
                        donnees={"modules": ",".join(m for m, _ in p["modules"] if m in modules)})
        bouton += nodes.Text(p["titre"])
        parcours += bouton
        parcours += nodes.Text(" ")
    racine += nodes.paragraph("", "Partir d'un parcours :")
    racine += parcours
    liste = balise(tag="ul", classes=["reperes-composeur-liste"])
    for mid in sorted(modules, key=lambda i: titre(env, modules[i]["docname"])):
        liste += _module_li(app, docname, mid, modules[mid]["socle"], case=True)
    racine += nodes.paragraph("", "Ou cochez les modules :")
    racine += liste
    sortie = balise(tag="div", classes=["reperes-composeur-sortie"], html_attrs={"aria-live": "polite"})
    racine += sortie
    return [racine]


def setup_progression(app: Sphinx) -> None:
    app.add_directive("ma-progression", MaProgressionDirective)
    app.add_directive("composeur", ComposeurDirective)
