"""``{contacts}``: local contacts, from one data file.

Local phone numbers, e-mails and addresses are not in the project's sources: the file
ships with « à compléter par la direction » placeholders, shown as such, and a
direction replaces them with its own. The page is rebuilt when the file changes.

What is still to be completed is said twice, without failing a ``-W`` build (the real
details are the City's to fill in, not an editor's error):

- on the Contacts page, under the table, a list of the contacts still to complete and
  which of their details are missing;
- in the build log, at the end of every build (incremental ones included), one INFO line
  per incomplete contact, located in the data file (``data/contacts.csv:4: …``), as an
  editor's warning would be, but never counted as a warning.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .noeuds import tableau
from .donnees import DonneesInvalides, Probleme, lire_csv, signaler

logger = logging.getLogger(__name__)

COLONNES = ["id", "nom", "role", "telephone", "courriel", "adresse", "source"]
A_COMPLETER = "à compléter par la direction"
# The details a direction fills in, with the words the page and the log use for them.
COORDONNEES = (("telephone", "téléphone"), ("courriel", "courriel"), ("adresse", "adresse"))


def charger_lignes(chemin: Path, nom: str) -> list[tuple[int, dict[str, str]]]:
    """(line number in the file, values) of every contact; DonneesInvalides if a cell is empty."""
    table = lire_csv(chemin, COLONNES, nom)
    problemes = [Probleme(nom, l.numero, l.colonnes[c], f"colonne « {c} » vide (écrivez « {A_COMPLETER} » "
                                                         "si l'information manque).")
                 for l in table.lignes for c in COLONNES if not l.valeurs[c]]
    if problemes:
        raise DonneesInvalides(problemes)
    return [(l.numero, l.valeurs) for l in table.lignes]


def charger_contacts(chemin: Path, nom: str) -> list[dict[str, str]]:
    return [valeurs for _, valeurs in charger_lignes(chemin, nom)]


def manquants(valeurs: dict[str, str]) -> list[str]:
    """The details of one contact still « à compléter par la direction » (words of the page)."""
    return [mot for cle, mot in COORDONNEES if valeurs[cle].strip().lower() == A_COMPLETER]


def a_completer(lignes: list[tuple[int, dict[str, str]]]) -> list[tuple[int, str, list[str]]]:
    """(line, contact's name, missing details) of every contact with a detail still to fill in."""
    return [(numero, v["nom"], m) for numero, v in lignes if (m := manquants(v))]


def message_manquant(nom_contact: str, champs: list[str]) -> str:
    return (f"contact à compléter par la direction : « {nom_contact} » ({', '.join(champs)}) ; "
            f"remplacez « {A_COMPLETER} » par la coordonnée vérifiée. "
            "Message d'information : la construction continue [reperes.contacts]")


def annoncer_manquants(app: Sphinx, exc: Exception | None) -> None:
    """At the end of a build, one INFO line per incomplete contact, located file:line."""
    if exc is not None:
        return
    nom = app.config.reperes_contacts_fichier
    chemin = Path(app.srcdir) / nom
    if not chemin.exists():
        return
    try:
        lignes = charger_lignes(chemin, nom)
    except DonneesInvalides:
        return  # already reported as warnings by the directive, with file:line
    restants = a_completer(lignes)
    for numero, nom_contact, champs in restants:
        logger.info(message_manquant(nom_contact, champs), location=f"{nom}:{numero}")
    if restants:
        logger.info(f"{nom} : {len(restants)} contact(s) sur {len(lignes)} encore à compléter par la direction "
                    "(listés ci-dessus ; aussi affichés sur la page Contacts).")


class ContactsDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        nom = self.config.reperes_contacts_fichier
        self.env.note_dependency(nom)
        try:
            lignes = charger_lignes(Path(self.env.srcdir) / nom, nom)
        except DonneesInvalides as exc:
            signaler(exc, "contacts")
            return [nodes.warning("", nodes.paragraph("", f"Contacts indisponibles : {nom} est invalide."))]
        rangees = []
        for _, c in lignes:
            coordonnees = nodes.inline()
            for libelle, cle in (("Tél.", "telephone"), ("Courriel", "courriel"), ("Adresse", "adresse")):
                valeur = c[cle]
                classe = ["reperes-a-completer"] if valeur.strip().lower() == A_COMPLETER else []
                coordonnees += nodes.inline("", f"{libelle} : ")
                coordonnees += nodes.emphasis("", valeur, classes=classe) if classe else nodes.inline("", valeur)
                coordonnees += nodes.inline("", " ; " if cle != "adresse" else "")
            rangees.append([nodes.strong("", c["nom"]), c["role"], coordonnees])
        resultat: list[nodes.Node] = [
            tableau(["Contact", "Pour quoi", "Coordonnées"], rangees, ["reperes-contacts"], [3, 4, 4])]
        restants = a_completer(lignes)
        if restants:
            note = nodes.admonition(classes=["reperes-contacts-a-completer"])
            note += nodes.title("", "Coordonnées encore à compléter par la direction")
            note += nodes.paragraph("", f"{len(restants)} contact(s) sur {len(lignes)} n'ont pas encore "
                                        "toutes leurs coordonnées. En attendant, suivez les consignes "
                                        "ci-dessus (« Agir sans ces coordonnées »).")
            liste = nodes.bullet_list()
            for _, nom_contact, champs in restants:
                liste += nodes.list_item("", nodes.paragraph("", f"{nom_contact} : {', '.join(champs)}"))
            note += liste
            resultat.append(note)
        return resultat


def setup_contacts(app: Sphinx) -> None:
    app.add_directive("contacts", ContactsDirective)
    app.connect("build-finished", annoncer_manquants)
