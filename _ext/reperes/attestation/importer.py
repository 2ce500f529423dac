"""Import of receipt codes collected by managers into the training records.

Pure functions, no Sphinx (the command ``__main__`` reads the site and calls
:func:`importer`). The codes file is ``code;agent;population`` (UTF-8 with or without
BOM, ``;`` or ``,``). Each line is checked — code readable (check symbol), parcours
known, socle versions current, date not in the future, code made for THIS agent
identifier (its 20-bit agent check), code not already imported for another agent,
population that of the parcours, agent a pseudonym of one population — and a valid line
becomes one row per SOCLE module of the parcours in the records: mode ``en ligne``, the
module's current version, the completion date. Rows already in the records (same agent,
module, date) are skipped, so importing the same file twice adds nothing the second time.

Safety of the records file (personal data, shared by several managers):

- the whole read-merge-write holds an exclusive ``fcntl`` lock on a lock file beside the
  records (``.NAME.verrou``): two imports at once run one after the other, no row is lost;
- a symbolic link is followed: its target is replaced, the link stays;
- a read-only records file (or folder) is refused with a clear message, never replaced;
- the new content is written to a temporary file in the same folder (``.NAME.import-*``,
  mode 600), validated as the dashboard will read it (:func:`charger_suivi`), then renamed
  over the target in one step; on failure it is removed, and the ones a killed run left
  are removed by the next run (under the lock, so never one in use);
- the codes already imported are kept beside the records in ``NAME.recus``
  (``empreinte;agent``: SHA-256 of the code, and the agent's pseudonym — nothing that is not
  already in the records), so that a code imported for one agent is refused for another.

Messages never quote an agent identifier, nor a cell that holds one (a shifted column),
and control characters are shown escaped (:func:`lisible`).
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import os
import stat
import tempfile
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..couverture import suivi
from ..couverture.suivi import caviarder
from ..donnees import DonneesInvalides, Probleme, date_iso, lire_csv
from ..populations import Population
from . import CodeInvalide, ParcoursConnu, decoder, normaliser, pour_agent

COLONNES = ["code", "agent", "population"]
MODE = "en ligne"
REGISTRE = ["empreinte", "agent"]


def lisible(texte: str) -> str:
    """Control and format characters (a terminal escape, a bidi override) shown as ``\\x1b``,
    ``\\u202e``: a message never drives the terminal."""
    return "".join(c if c in "\n" or unicodedata.category(c) not in ("Cc", "Cf") else
                   (f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}") for c in texte)


def empreinte_code(code: str) -> str:
    return hashlib.sha256(normaliser(code).encode("ascii", "replace")).hexdigest()[:32]


@dataclass
class Rapport:
    lus: str  # description of the codes file read
    acceptes: int = 0  # lines whose code is valid
    ajoutees: int = 0  # rows appended to the records
    deja: int = 0  # valid lines whose rows were all in the records already
    rejets: list[Probleme] = field(default_factory=list)
    nettoyes: int = 0  # temporary files of a crashed run, removed

    @property
    def lignes_rejetees(self) -> int:
        return len({p.ligne for p in self.rejets})

    def texte(self, nom_suivi: str) -> str:
        lignes = [f"Codes lus : {self.lus}.",
                  f"{self.acceptes} code(s) accepté(s) : {self.ajoutees} ligne(s) ajoutée(s) à {nom_suivi}"
                  + (f", {self.deja} code(s) déjà importé(s) avant" if self.deja else "") + "."]
        if self.nettoyes:
            lignes.append(f"{self.nettoyes} fichier(s) temporaire(s) laissé(s) par une importation interrompue : "
                          "supprimé(s).")
        if self.rejets:
            lignes.append(f"{self.lignes_rejetees} ligne(s) refusée(s) :")
            lignes += [f"  {p}" for p in self.rejets]
        return lisible("\n".join(lignes))


def _refus(nom: str, message: str, ligne: int = 0, colonne: int | None = None) -> DonneesInvalides:
    return DonneesInvalides([Probleme(nom, ligne, colonne, message)])


def _entete_unique(chemin: Path, nom: str, colonnes: list[str]) -> None:
    """A header naming a column twice would shift the values under it: refused (the CSV reader
    keeps the last one)."""
    try:
        premiere = chemin.read_bytes().decode("utf-8-sig", "replace").splitlines()[:1]
    except OSError:
        return  # reported by lire_csv
    for sep in (";", ","):
        cellules = [c.strip().lstrip("\ufeff") for c in next(csv.reader(premiere, delimiter=sep), [])]
        if set(colonnes) <= set(cellules):
            vues: set[str] = set()
            for i, c in enumerate(cellules, 1):
                if c in vues:
                    raise _refus(nom, f"colonne « {c} » en double dans l'en-tête : chaque colonne une seule fois "
                                      f"({sep.join(colonnes)}).", 1, i)
                vues.add(c)


def _lire(chemin: Path, nom: str, colonnes: list[str]):
    _entete_unique(chemin, nom, colonnes)
    return lire_csv(chemin, colonnes, nom)


def _suivi_existant(chemin: Path, nom: str) -> tuple[str, list[str], str, str, list, bool]:
    """(text, header in its order, separator, line ending, rows, BOM) of the records file; a
    missing (or empty) file is an empty one, to be created with the usual header."""
    if not chemin.exists() or not chemin.read_bytes().strip():
        return "", list(suivi.COLONNES), ";", "\n", [], False
    table = _lire(chemin, nom, suivi.COLONNES)
    brut = chemin.read_bytes()
    texte = brut.decode("utf-8-sig")
    entete = next(csv.reader(io.StringIO(texte.split("\n", 1)[0].strip("\r\n")), delimiter=table.separateur))
    fin = "\r\n" if "\r\n" in texte else "\n"
    return texte, [c.strip() for c in entete], table.separateur, fin, table.lignes, brut.startswith(b"\xef\xbb\xbf")


def _registre(chemin: Path, nom: str) -> dict[str, tuple[str, int]]:
    """{code digest: (agent, line)} of the codes already imported."""
    if not chemin.exists():
        return {}
    table = _lire(chemin, nom, REGISTRE)
    return {l.valeurs["empreinte"]: (l.valeurs["agent"], f"{nom}, ligne {l.numero}") for l in table.lignes}


def _lecture_seule(chemin: Path) -> bool:
    """Read-only for everyone (mode bits: root ignores them, so os.access alone is not enough)."""
    try:
        return not (os.stat(chemin).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) \
            or not os.access(chemin, os.W_OK)
    except FileNotFoundError:
        return False


@contextmanager
def verrou(cible: Path):
    """Exclusive lock for the whole read-merge-write of ``cible`` (waits for another import)."""
    fd = os.open(cible.parent / f".{cible.name}.verrou", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _provisoires(cible: Path) -> list[Path]:
    """Temporary copies of the records and of the register (``_remplacer``) left by a killed run."""
    return sorted({*cible.parent.glob(f".{cible.name}.import-*"), *cible.parent.glob(f".{cible.name}.recus.import-*")})


def cible_reelle(chemin: str | Path) -> Path:
    """The file to write: a symbolic link's target (the link stays a link)."""
    return Path(os.path.realpath(chemin))


def importer(chemin_codes: str | Path, nom_codes: str, parcours: dict[int, ParcoursConnu],
             populations: dict[str, Population], modules: set[str], chemin_suivi: str | Path, nom_suivi: str,
             aujourd_hui: date | None = None) -> Rapport:
    """Check every code, append the valid ones to the records. Raises :class:`DonneesInvalides`
    (nothing written) if the codes file cannot be read, if the records file is read-only or
    invalid before or after the import."""
    aujourd_hui = aujourd_hui or date.today()
    codes = _lire(Path(chemin_codes), nom_codes, COLONNES)
    cible = cible_reelle(chemin_suivi)
    try:
        cible.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _refus(nom_suivi, f"dossier du fichier de suivi impossible à créer ({exc.strerror}).") from None
    if _lecture_seule(cible):
        raise _refus(nom_suivi, "fichier de suivi en lecture seule : rien n'a été écrit. Donnez-vous le droit "
                                "d'écriture (ou demandez-le à qui gère le partage), puis relancez l'importation.")
    if not os.access(cible.parent, os.W_OK | os.X_OK) or _lecture_seule(cible.parent):
        raise _refus(nom_suivi, f"dossier {cible.parent} en lecture seule : le fichier de suivi ne peut pas y "
                                "être remplacé ; rien n'a été écrit.")
    with verrou(cible):
        nettoyes = 0
        for reste in _provisoires(cible):  # left by a killed run: nobody else holds the lock
            reste.unlink(missing_ok=True)
            nettoyes += 1
        rapport = _fusionner(codes, nom_codes, parcours, populations, modules, cible, nom_suivi, aujourd_hui)
        rapport.nettoyes = nettoyes
    return rapport


def _fusionner(codes, nom_codes, parcours, populations, modules, cible: Path, nom_suivi: str,
               aujourd_hui: date) -> Rapport:
    texte, entete, sep, fin, existantes, bom = _suivi_existant(cible, nom_suivi)
    registre_chemin = cible.with_name(cible.name + ".recus")
    nom_registre = nom_suivi + ".recus"
    registre = _registre(registre_chemin, nom_registre)
    presentes = {(l.valeurs["agent"], l.valeurs["module"], date_iso(l.valeurs["date"])) for l in existantes}
    population_de = {}
    for l in existantes:
        population_de.setdefault(l.valeurs["agent"], (l.valeurs["population"], f"{nom_suivi}, ligne {l.numero}"))

    rapport = Rapport(codes.description)
    nouvelles: list[dict[str, str]] = []
    nouveaux_recus: list[tuple[str, str]] = []
    for ligne in codes.lignes:
        v, col = ligne.valeurs, ligne.colonnes
        avant = len(rapport.rejets)

        def refuser(colonne: str, message: str) -> None:
            rapport.rejets.append(Probleme(nom_codes, ligne.numero, col[colonne], message))

        agent, pop = v["agent"], v["population"]
        agent_valide = bool(suivi.AGENT.match(agent))
        if not agent_valide:
            refuser("agent", "identifiant d'agent invalide : un pseudonyme sans espace (ex. « EX-0001 »), "
                             "jamais un nom.")
        if pop not in populations:
            refuser("population", "population inconnue ; populations déclarées : "
                                  f"{', '.join(sorted(populations))}.")
        try:
            recu = decoder(v["code"])
        except CodeInvalide as exc:
            refuser("code", str(exc))
            continue
        p = parcours.get(recu.parcours)
        if p is None:
            refuser("code", "parcours inconnu (aucun parcours de ce site n'a ce code : code d'un autre site, "
                            "ou parcours renommé depuis).")
            continue
        if recu.versions != p.versions:
            refuser("code", f"versions de modules périmées — des questions du socle du parcours « {p.titre} » ont "
                            "changé depuis ce reçu ; l'agent refait les modules du socle modifiés (« Ma "
                            "progression » les montre à valider) et obtient un nouveau code.")
        if recu.date > aujourd_hui:
            refuser("code", f"date de validation du socle {recu.date.isoformat()} dans le futur.")
        empreinte = empreinte_code(v["code"])
        if agent_valide and not pour_agent(recu, agent):
            refuser("code", "ce code n'a pas été obtenu avec l'identifiant de la colonne « agent » : un code ne vaut "
                            "que pour l'identifiant que l'agent a saisi dans « Ma progression ». Vérifiez "
                            "l'identifiant, ou demandez à l'agent de refaire son reçu avec le bon.")
        elif agent_valide and empreinte in registre and registre[empreinte][0] != agent:
            refuser("code", f"ce code a déjà été importé pour un autre agent ({registre[empreinte][1]}) : "
                            "un code ne vaut que pour un agent.")
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
        if empreinte not in registre:
            registre[empreinte] = (agent, f"{nom_codes}, ligne {ligne.numero}")
            nouveaux_recus.append((empreinte, agent))
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
    agents = {l.valeurs["agent"] for l in codes.lignes}
    rapport.rejets = caviarder(rapport.rejets, agents, codes.colonnes.get("agent"))

    if nouvelles:
        sortie = io.StringIO()
        ecrire = csv.writer(sortie, delimiter=sep, lineterminator=fin)
        if not texte:
            ecrire.writerow(entete)
        elif not texte.endswith("\n"):
            sortie.write(fin)
        ecrire.writerows([r[c] for c in entete] for r in nouvelles)
        contenu = ("\ufeff" if bom else "") + texte + sortie.getvalue()
        _remplacer(cible, contenu, lambda chemin: suivi.charger_suivi(chemin, nom_suivi, populations, modules,
                                                                      aujourd_hui))
    if nouveaux_recus:  # after the records: a crash in between re-imports, and the rows are skipped
        existant = registre_chemin.read_text(encoding="utf-8") if registre_chemin.exists() else ""
        sortie = io.StringIO()
        ecrire = csv.writer(sortie, delimiter=";", lineterminator="\n")
        if not existant:
            ecrire.writerow(REGISTRE)
        elif not existant.endswith("\n"):
            sortie.write("\n")
        ecrire.writerows(nouveaux_recus)
        _remplacer(registre_chemin, existant + sortie.getvalue(), lambda chemin: _lire(Path(chemin), nom_registre,
                                                                                       REGISTRE))
    return rapport


def _remplacer(cible: Path, contenu: str, verifier) -> None:
    """Write ``contenu`` beside ``cible``, check it, give it ``cible``'s mode, rename it over
    ``cible`` in one step; the temporary file never outlives a failure."""
    descripteur, provisoire = tempfile.mkstemp(prefix=f".{cible.name}.import-", suffix=".csv", dir=cible.parent)
    try:
        with os.fdopen(descripteur, "w", encoding="utf-8", newline="") as f:
            f.write(contenu)
            f.flush()
            os.fsync(f.fileno())
        verifier(provisoire)  # raises DonneesInvalides
        if cible.exists():
            os.chmod(provisoire, stat.S_IMODE(os.stat(cible).st_mode))  # records may be readable by their owner only
        os.replace(provisoire, cible)
    finally:
        if os.path.exists(provisoire):
            os.unlink(provisoire)
