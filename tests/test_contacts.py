"""data/contacts.csv: what is still « à compléter par la direction » is listed, on the page
and in the build log (file:line), without ever failing a -W build."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import construire

from reperes.contacts import A_COMPLETER, a_completer, charger_lignes

RACINE = Path(__file__).resolve().parent.parent

CSV = (
    "id;nom;role;telephone;courriel;adresse;source\n"
    f"responsable;Votre responsable;Premier interlocuteur.;{A_COMPLETER};{A_COMPLETER};{A_COMPLETER};Interne\n"
    "crip;CRIP de Paris;Reçoit les IP.;01 00 00 00 00;crip@example.org;1 rue Exemple;Vérifié\n"
    f"procureur;Procureur de la République;Signalements.;{A_COMPLETER};parquet@example.org;{A_COMPLETER};CPP 40\n"
)


def test_a_completer_liste_chaque_contact_incomplet_avec_sa_ligne(tmp_path):
    fichier = tmp_path / "contacts.csv"
    fichier.write_text(CSV, encoding="utf-8")
    restants = a_completer(charger_lignes(fichier, "data/contacts.csv"))
    assert restants == [(2, "Votre responsable", ["téléphone", "courriel", "adresse"]),
                        (4, "Procureur de la République", ["téléphone", "adresse"])]


def test_le_fichier_du_site_liste_ses_contacts_a_completer():
    lignes = charger_lignes(RACINE / "data/contacts.csv", "data/contacts.csv")
    restants = a_completer(lignes)
    # Every contact of the shipped file still has at least one placeholder, and each is named
    # with the line the editor must open.
    assert [n for n, _, _ in restants] == [n for n, v in lignes if A_COMPLETER in (v["telephone"], v["courriel"], v["adresse"])]
    assert restants, "le fichier livré n'a plus de contact à compléter : ce test doit être revu"


def test_construction_w_annonce_les_contacts_manquants_sans_echouer(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(RACINE / "tests/roots/test-base", src)
    (src / "data/contacts.csv").write_text(CSV, encoding="utf-8")
    (src / "contacts.md").write_text("---\norphan: true\n---\n# Contacts\n\n```{contacts}\n```\n", encoding="utf-8")
    app, avertissements = construire(src, tmp_path / "build", warningiserror=True)
    journal = app._status.getvalue()
    assert "WARNING" not in avertissements, avertissements
    assert "data/contacts.csv:2: contact à compléter par la direction : « Votre responsable » " \
           "(téléphone, courriel, adresse)" in journal, journal
    assert "data/contacts.csv:4: contact à compléter par la direction : « Procureur de la République » " \
           "(téléphone, adresse)" in journal, journal
    assert "data/contacts.csv:3" not in journal
    from bs4 import BeautifulSoup

    html = (tmp_path / "build/html/contacts.html").read_text(encoding="utf-8")
    # the extension's typography puts no-break spaces before « : »
    page = BeautifulSoup(html, "html.parser").get_text(" ").replace("\u00a0", " ").replace("\u202f", " ")
    assert "Coordonnées encore à compléter par la direction" in page
    assert "Votre responsable : téléphone, courriel, adresse" in page
    assert "Procureur de la République : téléphone, adresse" in page
    assert "CRIP de Paris :" not in page
