"""Reading the CSV files that editors and directions export from a spreadsheet.

Pure functions, no Sphinx: they are tested on their own. A spreadsheet exports
UTF-8 with or without BOM, with ``;`` (French locale) or ``,``: both are accepted
and the separator detected is reported. Every problem names the file, the line
and the column; all problems of a file are gathered before stopping, so that the
editor fixes them in one pass.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sphinx.errors import SphinxError


@dataclass(frozen=True)
class Probleme:
    chemin: str
    ligne: int
    colonne: int | None
    message: str

    def __str__(self) -> str:
        ou = f"{self.chemin}:{self.ligne}" + (f":{self.colonne}" if self.colonne else "")
        return f"{ou}: {self.message}"


class DonneesInvalides(SphinxError):
    """Stops the build with every problem found, one per line (no traceback)."""

    category = "Données invalides"

    def __init__(self, problemes: list[Probleme]):
        self.problemes = problemes
        super().__init__("\n" + "\n".join(str(p) for p in problemes))


def signaler(exc: DonneesInvalides, sous_type: str) -> None:
    """Report each problem as a warning located in the data file itself (file:line),
    for data read by a directive: the page is still built, -W stops the build."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    for p in exc.problemes:
        colonne = f"colonne {p.colonne} : " if p.colonne else ""
        logger.warning(f"{colonne}{p.message}", type="reperes", subtype=sous_type,
                       location=f"{p.chemin}:{p.ligne}")


@dataclass(frozen=True)
class Ligne:
    numero: int  # line number in the file (1 = header)
    valeurs: dict[str, str]
    colonnes: dict[str, int]  # column name -> 1-based column number


@dataclass
class Table:
    chemin: str
    separateur: str
    bom: bool
    colonnes: dict[str, int] = field(default_factory=dict)  # column name -> 1-based column number
    # (line number, stripped values in the file's column order): what a large file is read as.
    lignes_brutes: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def lignes(self) -> list[Ligne]:
        """The rows as name -> value dicts (for the small files)."""
        noms = sorted(self.colonnes, key=self.colonnes.get)
        return [Ligne(numero, dict(zip(noms, valeurs)), self.colonnes) for numero, valeurs in self.lignes_brutes]

    @property
    def description(self) -> str:
        sep = "point-virgule (;)" if self.separateur == ";" else "virgule (,)"
        return (f"{self.chemin} : UTF-8{' avec BOM' if self.bom else ''}, séparateur {sep}, "
                f"{len(self.lignes_brutes)} lignes")


def lire_csv(chemin: str | Path, colonnes: list[str], nom: str | None = None) -> Table:
    """Read ``chemin`` whose header must be exactly ``colonnes`` (any order)."""
    nom = nom or str(chemin)
    try:
        brut = Path(chemin).read_bytes()
    except OSError as exc:
        raise DonneesInvalides([Probleme(nom, 0, None, f"fichier illisible ({exc.strerror}).")]) from None
    bom = brut.startswith(b"\xef\xbb\xbf")
    try:
        texte = brut.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        ligne = brut[: exc.start].count(b"\n") + 1
        colonne = exc.start - (brut.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DonneesInvalides(
            [
                Probleme(
                    nom,
                    ligne,
                    colonne,
                    "encodage non reconnu : le fichier doit être en UTF-8 "
                    "(dans le tableur : « Enregistrer sous » → CSV UTF-8).",
                )
            ]
        ) from None
    premiere = texte.split("\n", 1)[0]
    separateur = _detecter_separateur(premiere, colonnes)
    if separateur is None:
        raise DonneesInvalides(
            [
                Probleme(
                    nom,
                    1,
                    None,
                    "en-tête non reconnu : attendu « " + ";".join(colonnes) + " » "
                    "(séparateur ; ou ,), trouvé « " + premiere.strip() + " ».",
                )
            ]
        )
    # A list of lines reads faster than a stream; a quoted field over two lines still works (the
    # reader takes the next item) and line_num still counts lines.
    lecteur = csv.reader(texte.splitlines(keepends=True), delimiter=separateur)
    entete = [c.strip().lstrip("\ufeff") for c in next(lecteur)]
    table = Table(nom, separateur, bom, {c: i + 1 for i, c in enumerate(entete)})
    problemes: list[Probleme] = []
    largeur = len(entete)
    ajouter = table.lignes_brutes.append
    nettoyer = str.strip
    for valeurs in lecteur:
        numero = lecteur.line_num
        # Checks at C speed: hundreds of thousands of rows go through here.
        if not "".join(valeurs).strip():
            continue  # blank line left by a spreadsheet
        if len(valeurs) == largeur:
            ajouter((numero, list(map(nettoyer, valeurs))))
            continue
        if len(valeurs) != len(entete):
            problemes.append(
                Probleme(
                    nom,
                    numero,
                    min(len(valeurs), len(entete)) + 1,
                    f"{len(valeurs)} colonnes au lieu de {len(entete)} "
                    f"(un « {separateur} » en trop ou manquant ?).",
                )
            )
    if problemes:
        raise DonneesInvalides(problemes)
    return table


def _detecter_separateur(entete: str, colonnes: list[str]) -> str | None:
    attendu = set(colonnes)
    for sep in (";", ","):
        champs = {c.strip().lstrip("\ufeff") for c in entete.strip().split(sep)}
        if champs == attendu:
            return sep
    return None


IDENTIFIANT = re.compile(r"^[a-z0-9-]+$")


def entier_positif(valeur: str, zero_permis: bool = True) -> int | None:
    """« 1 200 », « 1200 » → 1200 ; anything else (negative, decimal, text) → None."""
    propre = valeur.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if not propre.isdigit():
        return None
    nombre = int(propre)
    if nombre == 0 and not zero_permis:
        return None
    return nombre


def date_iso(valeur: str) -> date | None:
    """« 2026-09-01 » or « 01/09/2026 » (what a French spreadsheet exports) → date."""
    for motif, ordre in ((r"^(\d{4})-(\d{2})-(\d{2})$", (0, 1, 2)), (r"^(\d{2})/(\d{2})/(\d{4})$", (2, 1, 0))):
        m = re.match(motif, valeur)
        if m:
            parts = [int(g) for g in m.groups()]
            try:
                return date(parts[ordre[0]], parts[ordre[1]], parts[ordre[2]])
            except ValueError:
                return None
    return None
