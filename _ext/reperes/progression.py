"""« Ma progression » and the trainer's composer: views rendered from the snapshot.

``{ma-progression}`` lists every parcours with its modules; each module carries, in
``data-`` attributes, its version and its questions with their fingerprints, so that
reperes.js can tell from the browser's own storage which modules are validated. Without
JavaScript the page still lists the parcours and their modules (links), and says that
progress needs JS.

``{composeur}`` lists every module with a checkbox: the trainer ticks modules (or picks a
parcours) and gets a link to « Ma progression » showing exactly those modules
(``#modules=a,b,c``), plus a printable list. Nothing leaves the browser.

A parcours whose socle modules are validated says « Socle validé : vous êtes compté comme
formé » and offers « Obtenir mon attestation » (a printable receipt whose code the JS
computes from the ``data-`` attributes set here and the identifier the agent types, see
``attestation``) and a calendar file with the date to renew the training; a parcours
whose every module is validated says so too.

Both are ``interactif`` nodes: on paper and in text they are one line saying that the page
is used on the site.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from . import attestation
from .directive import ReperesDirective, texte
from .instantane import Instantane, Module
from .module import donnees_module
from .noeuds import balise, creer_lien, interactif
from .populations import noter_populations
from .vues import placeholder, rendu, vue


class MaProgressionDirective(ReperesDirective):
    nom = "ma-progression"

    def run(self) -> list[nodes.Node]:
        noter_populations(self)
        return [placeholder(self, "ma-progression")]


class ComposeurDirective(ReperesDirective):
    option_spec = {"cible": texte}
    nom = "composeur"

    def run(self) -> list[nodes.Node]:
        return [placeholder(self, "composeur", cible=self.options.get("cible") or "training/ma-progression")]


def _module_li(inst: Instantane, m: Module, socle: bool) -> balise:
    li = balise(tag="li", classes=["reperes-progression-module"],
                donnees={**donnees_module(inst, m), "duree": str(m.duree), "titre": m.titre,
                         **({"socle": "oui"} if socle else {})})
    para = nodes.paragraph()
    para += creer_lien(m.docname, m.titre)
    para += nodes.Text(f" — {m.duree} min" + (" — socle" if socle else ""))
    para += balise(tag="span", classes=["reperes-etat"], donnees={"module": m.id})
    li += para
    return li


def _bouton(classe: str, libelle: str, **attrs) -> balise:
    b = balise(tag="button", classes=[classe], html_attrs={"type": "button", **attrs})
    b += nodes.Text(libelle)
    return b


@rendu("ma-progression")
def rendre_ma_progression(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    reglages = dict(inst.reglages)
    racine = balise(tag="div", classes=["reperes-progression"],
                    donnees={**attestation.DONNEES_FORMAT, "validite-annees": str(reglages.get("validite_annees", 3))})
    racine += nodes.paragraph("", "Votre progression est enregistrée dans ce navigateur seulement : rien n'est "
                                  "envoyé. Sans JavaScript, cette page liste les parcours mais ne peut pas "
                                  "afficher votre progression.", classes=["reperes-progression-note"])
    # The selection shown by a trainer's link (#modules=…), filled by the JS.
    selection = balise(tag="section", classes=["reperes-selection"],
                       html_attrs={"hidden": "hidden", "aria-labelledby": "selection-titre"})
    titre = balise(tag="h2", html_attrs={"id": "selection-titre"})
    titre += nodes.Text("Modules choisis par votre formateur")
    selection += titre
    choix = balise(tag="ul", classes=["reperes-selection-liste"])
    for m in sorted(inst.modules, key=lambda m: m.titre):
        choix += _module_li(inst, m, m.socle)
    selection += choix
    racine += selection
    for p in sorted(inst.parcours, key=lambda p: p.titre):
        bloc = balise(tag="section", classes=["reperes-progression-parcours"],
                      donnees={"parcours": p.id, "public": p.public, "libelle": inst.libelle(p.public),
                               **attestation.donnees_html(inst, p)},
                      html_attrs={"aria-labelledby": f"progression-{p.id}"})
        h = balise(tag="h2", html_attrs={"id": f"progression-{p.id}"})
        h += nodes.inline("", "", creer_lien(p.docname, p.titre))
        bloc += h
        liste = balise(tag="ul", classes=["reperes-progression-liste"])
        for mid in p.modules:
            liste += _module_li(inst, inst.module[mid], mid in p.socle)
        bloc += liste
        bloc += balise(tag="p", classes=["reperes-progression-bilan"], html_attrs={"aria-live": "polite"})
        # Shown by the JS when every SOCLE module of the parcours is validated (a parcours without
        # socle has no receipt: nobody is counted as trained by it).
        actions = balise(tag="p", classes=["reperes-progression-actions"], html_attrs={"hidden": "hidden"})
        actions += _bouton("reperes-attestation-obtenir", "Obtenir mon attestation")
        actions += nodes.Text(" ")
        actions += _bouton("reperes-calendrier", "Ajouter la date de renouvellement à mon agenda (.ics)")
        bloc += actions
        racine += bloc
    racine += _vue_attestation()
    return [interactif("", racine, imprime="« Ma progression » s'utilise sur le site : chaque agent y voit, dans "
                                           "son navigateur, les modules validés de son parcours.")]


def _vue_attestation() -> balise:
    """The receipt, hidden until the JS fills it. The name field belongs to this page only:
    no form, no autocomplete (no form history), no spellcheck (some send text away)."""
    def p(texte_: str = "", classe: str = "", *enfants) -> nodes.paragraph:
        return nodes.paragraph("", texte_, *enfants, classes=[classe] if classe else [])

    def vide(tag: str, classe: str) -> balise:
        return balise(tag=tag, classes=[classe])

    vue_ = balise(tag="section", classes=["reperes-attestation"],
                  html_attrs={"hidden": "hidden", "aria-labelledby": "attestation-titre"})
    h = balise(tag="h2", html_attrs={"id": "attestation-titre", "tabindex": "-1"})
    h += nodes.Text("Attestation de formation (socle)")
    vue_ += h
    vue_ += p("", "reperes-attestation-parcours")
    nom = balise(tag="label", html_attrs={"for": "attestation-nom"})
    nom += nodes.Text("Nom (facultatif, pour l'impression) : ")
    vue_ += p("", "", nom, balise(tag="input", html_attrs={"id": "attestation-nom", "type": "text",
                                                           "autocomplete": "off", "spellcheck": "false"}))
    ident = balise(tag="label", html_attrs={"for": "attestation-agent"})
    ident += nodes.Text("Identifiant d'agent donné par votre responsable (jamais votre nom) : ")
    vue_ += p("", "", ident, balise(tag="input", html_attrs={
        "id": "attestation-agent", "type": "text", "autocomplete": "off", "spellcheck": "false",
        "autocapitalize": "characters", "aria-describedby": "attestation-agent-aide"}))
    aide = p("Le code de reçu n'est valable que pour cet identifiant : c'est celui que votre responsable inscrit "
             "dans le suivi des formations (par exemple « EX-0042 »). Ce nom et cet identifiant restent sur cette "
             "page : ils ne sont ni enregistrés ni envoyés, et disparaissent quand vous fermez cette vue ou la page.",
             "reperes-attestation-note")
    aide["ids"] = ["attestation-agent-aide"]
    vue_ += aide
    vue_ += p("", "reperes-attestation-etat", nodes.Text("Socle validé : vous êtes compté comme formé."))
    vue_ += p("", "", nodes.Text("Socle validé le "), vide("span", "reperes-attestation-date"),
              nodes.Text(". Modules du socle validés, avec la version de leurs questions :"))
    vue_ += vide("ul", "reperes-attestation-modules")
    vue_ += p("", "reperes-attestation-complet")
    vue_ += p("", "reperes-attestation-ligne-code", nodes.Text("Code de reçu : "),
              vide("strong", "reperes-attestation-code"))
    vue_ += p("Remettez ce code à votre responsable, avec votre identifiant : il l'ajoute au suivi des "
              "formations. Le code contient le parcours, la date, les versions des modules du socle et une valeur "
              "de contrôle tirée de votre identifiant ; il ne contient ni votre nom ni votre identifiant en clair.")
    vue_ += p("Ce document est un reçu déclaratif, pas une preuve : n'importe qui connaissant un identifiant peut "
              "calculer un code valable. Cela suffit pour une formation d'autoévaluation ; quand une preuve de "
              "formation est exigée, la séance en présentiel (feuille d'émargement) fait référence.",
              "reperes-attestation-avertissement")
    boutons = p("", "reperes-attestation-actions")
    for classe, libelle in (("reperes-imprimer", "Imprimer ou enregistrer en PDF"), ("reperes-fermer", "Fermer")):
        boutons += _bouton(classe, libelle)
        boutons += nodes.Text(" ")
    vue_ += boutons
    return vue_


def _groupe(classe: str, legende: str) -> balise:
    groupe = balise(tag="fieldset", classes=[classe])
    titre = balise(tag="legend")
    titre += nodes.Text(legende)
    groupe += titre
    return groupe


@rendu("composeur")
def rendre_composeur(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    racine = balise(tag="form", classes=["reperes-composeur"])
    # The link the JS builds: a reference to « Ma progression », resolved for this page.
    cible = balise(tag="p", classes=["reperes-composeur-cible"], html_attrs={"hidden": "hidden"})
    cible += nodes.inline("", "", creer_lien(noeud["cible"], "Ma progression"))
    racine += cible
    groupe = _groupe("reperes-composeur-parcours", "Partir d'un parcours")
    boutons = balise(tag="ul", classes=["reperes-composeur-boutons"])
    for p in sorted(inst.parcours, key=lambda p: p.titre):
        li = balise(tag="li")
        bouton = balise(tag="button", html_attrs={"type": "button"}, donnees={"modules": ",".join(p.modules)})
        bouton += nodes.Text(p.titre)
        li += bouton
        boutons += li
    groupe += boutons
    racine += groupe
    modules = _groupe("reperes-composeur-modules", "Ou cochez les modules")
    liste = balise(tag="ul", classes=["reperes-composeur-liste"])
    for m in sorted(inst.modules, key=lambda m: m.titre):
        li = balise(tag="li", classes=["reperes-composeur-module"])
        li += balise(tag="input", html_attrs={"type": "checkbox", "value": m.id, "id": f"composeur-{m.id}",
                                              "name": "module"})
        label = balise(tag="label", html_attrs={"for": f"composeur-{m.id}"})
        label += nodes.Text(f"{m.titre} — {m.duree} min" + (" — socle" if m.socle else ""))
        li += label
        liste += li
    modules += liste
    racine += modules
    racine += balise(tag="div", classes=["reperes-composeur-sortie"], html_attrs={"aria-live": "polite"})
    return [interactif("", racine, imprime="Le composeur de séance s'utilise sur le site : il donne un lien vers "
                                           "les modules choisis, à transmettre aux agents.")]


def setup_progression(app: Sphinx) -> None:
    app.add_directive("ma-progression", MaProgressionDirective)
    app.add_directive("composeur", ComposeurDirective)
