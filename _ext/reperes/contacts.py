"""``{contacts}``: local contacts, from one data file.

Local phone numbers, e-mails and addresses are not in the project's sources: the file
ships with « à compléter par la direction » placeholders, shown as such, and a
direction replaces them with its own. The page is rebuilt when the file changes.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .noeuds import tableau
from .donnees import DonneesInvalides, Probleme, lire_csv, signaler

COLONNES = ["id", "nom", "role", "telephone", "courriel", "adresse", "source"]
A_COMPLETER = "à compléter par la direction"


def charger_contacts(chemin: Path, nom: str) -> list[dict[str, str]]:
    table = lire_csv(chemin, COLONNES, nom)
    problemes = [Probleme(nom, l.numero, l.colonnes[c], f"colonne « {c} » vide (écrivez « {A_COMPLETER} » "
                                                         "si l'information manque).")
                 for l in table.lignes for c in COLONNES if not l.valeurs[c]]
    if problemes:
        raise DonneesInvalides(problemes)
    return [l.valeurs for l in table.lignes]


class ContactsDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        nom = self.config.reperes_contacts_fichier
        self.env.note_dependency(nom)
        try:
            contacts = charger_contacts(Path(self.env.srcdir) / nom, nom)
        except DonneesInvalides as exc:
            signaler(exc, "contacts")
            return [nodes.warning("", nodes.paragraph("", f"Contacts indisponibles : {nom} est invalide."))]
        lignes = []
        for c in contacts:
            coordonnees = nodes.inline()
            for libelle, cle in (("Tél.", "telephone"), ("Courriel", "courriel"), ("Adresse", "adresse")):
                valeur = c[cle]
                classe = ["reperes-a-completer"] if valeur == A_COMPLETER else []
                coordonnees += nodes.inline("", f"{libelle} : ")
                coordonnees += nodes.emphasis("", valeur, classes=classe) if classe else nodes.inline("", valeur)
                coordonnees += nodes.inline("", " ; " if cle != "adresse" else "")
            lignes.append([nodes.strong("", c["nom"]), c["role"], coordonnees])
        return [tableau(["Contact", "Pour quoi", "Coordonnées"], lignes, ["reperes-contacts"], [3, 4, 4])]


def setup_contacts(app: Sphinx) -> None:
    app.add_directive("contacts", ContactsDirective)
