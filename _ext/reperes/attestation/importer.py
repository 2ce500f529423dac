"""Import of receipt codes collected by managers into the training records.

Pure functions, no Sphinx (the command ``__main__`` reads the site and calls
:func:`importer`). The codes file is ``code;agent;population`` (UTF-8 with or without
BOM, ``;`` or ``,``). Each line is checked — code readable (check symbol), parcours
known, module versions current, date not in the future, population that of the
parcours, agent a pseudonym of one population — and a valid line becomes one row per
module of the parcours in the records: mode ``en ligne``, the module's current version,
the completion date. Rows already in the records (same agent, module, date) are
skipped, so importing the same file twice adds nothing the second time.

The records file is rewritten only if something is added, atomically, and only if
the result passes the dashboard's own validation (:func:`charger_suivi`): an import
never leaves a records file that would stop the build. Messages never quote an agent
identifier (a line number is enough), like the dashboard's.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..couverture import suivi
from ..donnees import Probleme, date_iso, lire_csv
from ..populations import Population
from . import CodeInvalide, ParcoursConnu, decoder

COLONNES = ["code", "agent", "population"]
MODE = "en ligne"


@dataclass
class Rapport:
    lus: str  # description of the codes file read
    acceptes: int = 0  # lines whose code is valid
    ajoutees: int = 0  # rows appended to the records
    deja: int = 0  # valid lines whose rows were all in the records already
    rejets: list[Probleme] = field(default_factory=list)

    @property
    def lignes_rejetees(self) -> int:
        return len({p.ligne for p in self.rejets})

    def texte(self, nom_suivi: str) -> str:
        lignes = [f"Codes lus : {self.lus}.",
                  f"{self.acceptes} code(s) accepté(s) : {self.ajoutees} ligne(s) ajoutée(s) à {nom_suivi}"
                  + (f", {self.deja} code(s) déjà importé(s) avant" if self.deja else "") + "."]
        if self.rejets:
            lignes.append(f"{self.lignes_rejetees} ligne(s) refusée(s) :")
            lignes += [f"  {p}" for p in self.rejets]
        return "\n".join(lignes)


def _suivi_existant(chemin: Path, nom: str) -> tuple[str, list[str], str, str, list]:
    """(text, header in its order, separator, line ending, rows) of the records file; a
    missing file is an empty one, to be created with the usual header."""
    if not chemin.exists():
        return "", list(suivi.COLONNES), ";", "\n", []
    table = lire_csv(chemin, suivi.COLONNES, nom)
    texte = chemin.read_bytes().decode("utf-8-sig")
    entete = next(csv.reader(io.StringIO(texte.split("\n", 1)[0].strip("\r\n")), delimiter=table.separateur))
    fin = "\r\n" if "\r\n" in texte else "\n"
    return texte, [c.strip() for c in entete], table.separateur, fin, table.lignes


def importer(chemin_codes: str | Path, nom_codes: str, parcours: dict[int, ParcoursConnu],
             populations: dict[str, Population], modules: set[str], chemin_suivi: str | Path, nom_suivi: str,
             aujourd_hui: date | None = None) -> Rapport:
    """Check every code, append the valid ones to the records. Raises :class:`DonneesInvalides`
    (nothing written) if the codes file cannot be read, or if the records file is invalid
    before or after the import."""
    aujourd_hui = aujourd_hui or date.today()
    chemin_suivi = Path(chemin_suivi)
    codes = lire_csv(chemin_codes, COLONNES, nom_codes)
    texte, entete, sep, fin, existantes = _suivi_existant(chemin_suivi, nom_suivi)
    presentes = {(l.valeurs["agent"], l.valeurs["module"], date_iso(l.valeurs["date"])) for l in existantes}
    population_de = {}
    for l in existantes:
        population_de.setdefault(l.valeurs["agent"], (l.valeurs["population"], f"{nom_suivi}, ligne {l.numero}"))

    rapport = Rapport(codes.description)
    nouvelles: list[dict[str, str]] = []
    for ligne in codes.lignes:
        v, col = ligne.valeurs, ligne.colonnes
        avant = len(rapport.rejets)

        def refuser(colonne: str, message: str) -> None:
            rapport.rejets.append(Probleme(nom_codes, ligne.numero, col[colonne], message))

        agent, pop = v["agent"], v["population"]
        if not suivi.AGENT.match(agent):
            refuser("agent", "identifiant d'agent invalide : un pseudonyme sans espace (ex. « EX-0001 »), "
                             "jamais un nom.")
        if pop not in populations:
            refuser("population", f"population « {pop} » inconnue ; populations déclarées : "
                                  f"{', '.join(sorted(populations))}.")
        try:
            recu = decoder(v["code"])
        except CodeInvalide as exc:
            refuser("code", str(exc))
            continue
        p = parcours.get(recu.parcours)
        if p is None:
            refuser("code", f"code « {v['code']} » : parcours inconnu (aucun parcours de ce site n'a ce code : "
                            "code d'un autre site, ou parcours renommé depuis).")
            continue
        if recu.versions != p.versions:
            refuser("code", f"code « {v['code']} » : versions de modules périmées — des questions du parcours "
                            f"« {p.titre} » ont changé depuis ce reçu ; l'agent refait les modules modifiés "
                            "(« Ma progression » les montre à faire) et obtient un nouveau code.")
        if recu.date > aujourd_hui:
            refuser("code", f"code « {v['code']} » : date d'achèvement {recu.date.isoformat()} dans le futur.")
        if pop in populations and pop != p.public:
            refuser("population", f"population « {pop} » : ce code est celui du parcours « {p.titre} », "
                                  f"destiné à la population « {p.public} ».")
        if pop in populations and agent in population_de and population_de[agent][0] != pop:
            autre, ou = population_de[agent]
            refuser("population", f"cet agent est déjà rattaché à la population « {autre} » ({ou}) : "
                                  "un agent appartient à une seule population.")
        if len(rapport.rejets) > avant:
            continue
        rapport.acceptes += 1
        population_de.setdefault(agent, (pop, f"{nom_codes}, ligne {ligne.numero}"))
        ajout = 0
        for module, version in p.modules:
            cle = (agent, module, recu.date)
            if cle in presentes:
                continue
            presentes.add(cle)
            nouvelles.append({"agent": agent, "population": pop, "module": module, "date": recu.date.isoformat(),
                              "mode": MODE, "version": version})
            ajout += 1
        rapport.deja += not ajout
        rapport.ajoutees += ajout

    if nouvelles:
        _ajouter(chemin_suivi, nom_suivi, texte, entete, sep, fin, nouvelles, populations, modules, aujourd_hui)
    return rapport


def _ajouter(chemin: Path, nom: str, texte: str, entete: list[str], sep: str, fin: str,
             nouvelles: list[dict[str, str]], populations: dict[str, Population], modules: set[str],
             aujourd_hui: date) -> None:
    """Append, keeping the file's header order, separator, BOM and line endings; validate the
    whole result as the dashboard will, then replace the file in one step."""
    sortie = io.StringIO()
    ecrire = csv.writer(sortie, delimiter=sep, lineterminator=fin)
    if not texte:
        ecrire.writerow(entete)
    elif not texte.endswith("\n"):
        sortie.write(fin)
    ecrire.writerows([r[c] for c in entete] for r in nouvelles)
    bom = "\ufeff" if chemin.exists() and chemin.read_bytes().startswith(b"\xef\xbb\xbf") else ""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    descripteur, provisoire = tempfile.mkstemp(prefix=".import-", suffix=".csv", dir=chemin.parent)
    try:
        with os.fdopen(descripteur, "w", encoding="utf-8", newline="") as f:
            f.write(bom + texte + sortie.getvalue())
        suivi.charger_suivi(provisoire, nom, populations, modules, aujourd_hui)  # raises DonneesInvalides
        if chemin.exists():
            shutil.copymode(chemin, provisoire)  # real records may be readable by their owner only
        os.replace(provisoire, chemin)
    finally:
        if os.path.exists(provisoire):
            os.unlink(provisoire)

