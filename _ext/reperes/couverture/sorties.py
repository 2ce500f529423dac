"""The dashboard's outputs from masked aggregates: table rows, CSV for a spreadsheet, the
terminal text of ``make couverture``."""

from __future__ import annotations

import csv
import io

from .calcul import Couverture, LignePopulation
from .formats import ESPACE_FINE, cellule, date_fr, derive, nombre_fr, pourcentage_fr
from .regles import RENOUVELLEMENT_MOIS

ENTETES_POPULATIONS = ["Population", "Effectif", "Formés", "Part formée", "Écart à 100 %", "100 % prévu"]
ENTETES_MODULES = ["Module", "Agents l'ayant terminé", "dont en présentiel", "dont en ligne (reçu déclaratif)",
                   "dont LMS"]


def texte_masquage(seuil: int) -> str:
    return (f"Chaque chiffre est arrondi au hasard à un multiple de {seuil} (tirage fixe pour un même groupe "
            f"d'agents) ; « < {seuil} » : entre 0 et {seuil - 1} agents ; un total est la somme des chiffres "
            "publiés.")


def cellule_total(valeur: int | None, seuil: int) -> str:
    """A total is the sum of the published cells; when every cell is masked it is not given."""
    return "—" if valeur is None else nombre_fr(valeur)


def lignes_populations(c: Couverture) -> list[list[str]]:
    def ligne(p: LignePopulation, case=cellule) -> list[str]:
        return [p.libelle, nombre_fr(p.effectif), case(p.formes, c.seuil), derive(p.pourcentage, pourcentage_fr),
                derive(p.ecart, nombre_fr), derive(p.projection, lambda x: x.texte)]
    return [ligne(p) for p in c.populations] + [ligne(c.total, cellule_total)]


ENTETES_RECYCLAGE = ["Population", "Formés", f"À renouveler dans les {RENOUVELLEMENT_MOIS} mois", "Expirés",
                     "À actualiser", "À un module du socle"]


def lignes_recyclage(c: Couverture) -> list[list[str]]:
    lignes = [[p.libelle, *[cellule(x, c.seuil) for x in (p.formes, p.a_renouveler, p.expires, p.a_actualiser,
                                                          p.a_un_module)]] for p in c.recyclage]
    if c.recyclage_total:
        t = c.recyclage_total
        lignes.append([t.libelle, *[cellule_total(x, c.seuil) for x in (t.formes, t.a_renouveler, t.expires,
                                                                          t.a_actualiser, t.a_un_module)]])
    return lignes


def lignes_modules(c: Couverture, titres: dict[str, str] | None = None) -> list[list[str]]:
    titres = titres or {}
    return [[titres.get(m.id, m.id), cellule_total(m.total, c.seuil), cellule(m.presentiel, c.seuil),
             cellule(m.en_ligne, c.seuil), cellule(m.lms, c.seuil)] for m in c.modules]


def csv_populations(c: Couverture) -> str:
    """The population table as CSV for a spreadsheet (UTF-8 with BOM, « ; »): masked cells
    read « < 5 », every row says when the head counts are example data."""
    sortie = io.StringIO()
    ecrire = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrire.writerow(["population", "libelle", "effectif", "formes", "part_formee_pct", "ecart_100",
                     "date_100_prevue", "date_calcul", "donnees", f"a_renouveler_{RENOUVELLEMENT_MOIS}_mois",
                     "expires", "a_actualiser", "a_un_module_du_socle"])
    statut = "données d'exemple" if c.exemple else "données réelles"
    recyclage_de = {r.id: r for r in [*c.recyclage, *([c.recyclage_total] if c.recyclage_total else [])]}
    for p in [*c.populations, c.total]:
        r = recyclage_de.get(p.id)
        case = (lambda x, s: "" if x is None else str(x)) if p.id == "total" else _csv  # a total: sum of the cells
        ecrire.writerow([p.id, p.libelle, p.effectif, case(p.formes, c.seuil),
                         "" if p.pourcentage is None else f"{p.pourcentage:.1f}".replace(".", ","),
                         "" if p.ecart is None else p.ecart,
                         "" if p.projection is None else (p.projection.date.isoformat()[:7] if p.projection.date
                                                          else p.projection.texte),
                         c.aujourd_hui.isoformat(), statut,
                         *([case(x, c.seuil) for x in (r.a_renouveler, r.expires, r.a_actualiser, r.a_un_module)]
                           if r else ["", "", "", ""])])
    return "\ufeff" + sortie.getvalue()


def csv_modules(c: Couverture) -> str:
    sortie = io.StringIO()
    ecrire = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrire.writerow(["module", "agents", "presentiel", "en_ligne_declaratif", "lms", "date_calcul", "donnees"])
    statut = "données d'exemple" if c.exemple else "données réelles"
    for m in c.modules:
        ecrire.writerow([m.id, "" if m.total is None else m.total, _csv(m.presentiel, c.seuil),
                         _csv(m.en_ligne, c.seuil), _csv(m.lms, c.seuil), c.aujourd_hui.isoformat(), statut])
    return "\ufeff" + sortie.getvalue()


def _csv(valeur: int | None, seuil: int) -> str:
    return f"< {seuil}" if valeur is None else str(valeur)


def texte_terminal(c: Couverture) -> str:
    """The tables for ``make couverture``, aligned in columns."""
    def aligner(entetes: list[str], lignes: list[list[str]]) -> list[str]:
        lignes = [[x.replace(ESPACE_FINE, " ").replace("\u00a0", " ") for x in ligne] for ligne in [entetes, *lignes]]
        largeurs = [max(len(l[i]) for l in lignes) for i in range(len(entetes))]
        rendu = [" | ".join(x.ljust(largeurs[i]) if i == 0 else x.rjust(largeurs[i]) for i, x in enumerate(l))
                 for l in lignes]
        rendu.insert(1, "-+-".join("-" * w for w in largeurs))
        return rendu

    tete = [f"Couverture de la formation au {date_fr(c.aujourd_hui)}".replace("\u00a0", " ")]
    if c.exemple:
        tete.append("DONNÉES D'EXEMPLE : effectifs et suivi fictifs.")
    if c.description:
        tete.append("Suivi lu : " + c.description)
    tete.append(f"Rythme : {c.rythme_mois} derniers mois. {texte_masquage(c.seuil)}")
    notes = list(c.notes)
    return "\n".join([*tete, "", *aligner(ENTETES_POPULATIONS, lignes_populations(c)), *notes, "",
                      *aligner(ENTETES_RECYCLAGE, lignes_recyclage(c)), "",
                      *aligner(ENTETES_MODULES, lignes_modules(c)), ""])
