"""Receipts (« attestations ») of a parcours's socle: the code, and what the build gives the JS.

An agent who validated every SOCLE module of their parcours in the browser is counted as
trained; « Ma progression » then offers a printable receipt with a 16-character code
(``K7MQ-3XP9-R2TD-8FHA``) bound to the pseudonymous identifier the agent types (the one
their manager uses in the records; never stored). The manager collects the codes with that
identifier and imports them into the training records (``python -m reperes.attestation``,
see ``importer.py``): a code typed for another identifier is refused.

Layout (README, « Format du code »): 16 symbols of the alphabet :data:`ALPHABET` (5 bits
each, no 0/1/I/O), most significant bit first:

- symbols 1–5 (25 bits): :func:`code_parcours` (12 bits) then the socle's completion date
  in days since :data:`EPOQUE` (13 bits, until 2047-06-05);
- symbols 6–11 (30 bits): :func:`condensat_versions`, the digest of the parcours's socle
  modules and their versions, in order;
- symbols 12–15 (20 bits): :func:`etiquette_agent`, the first 20 bits of SHA-1 of the
  agent identifier (upper case) with the three fields above;
- symbol 16: the check symbol, :func:`controle`.

Check symbol: the 16 values v₀…v₁₅, read as elements of GF(32) (polynomial
x⁵ + x² + 1, α = x, a primitive element of order 31), satisfy Σ vᵢ·α¹⁵⁻ⁱ = 0. Every
weight αᵏ is non-zero, so changing one symbol changes the sum; swapping two adjacent
symbols changes it by (a − b)·αᵏ·(α − 1), non-zero when a ≠ b because α ≠ 1. So
every one-symbol typo and every adjacent transposition is caught (tested
exhaustively in tests/test_attestation.py). A code is a declaration, not a proof:
anyone who knows an identifier can compute one (« déclaratif »).

Everything that depends on the site (parcours hash, versions digest, epoch, alphabet)
is computed here at build time and handed to reperes.js in ``data-`` attributes:
the JS only packs bits and computes the check symbol.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..avertissements import Sous, avertir
from ..instantane import Instantane, Parcours

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
EPOQUE = date(2025, 1, 1)
BITS_PARCOURS, BITS_JOURS, BITS_VERSIONS, BITS_AGENT = 12, 13, 30, 20
LONGUEUR = 16
# α·s in GF(32) = GF(2)[x]/(x⁵ + x² + 1): shift, and reduce by 0b100101 when x⁵ appears.
_POLYNOME = 0b100101


class CodeInvalide(ValueError):
    """The code cannot be read: its message says why, in French, for the manager."""


@dataclass(frozen=True)
class Recu:
    """What a receipt code carries."""

    parcours: int  # code_parcours of the parcours id
    date: date  # the socle's completion date
    versions: int  # condensat_versions of the parcours's socle modules
    agent: int  # etiquette_agent: binds the code to one agent identifier


# -- the code ---------------------------------------------------------------------------------
def _hachage(texte: str, bits: int) -> int:
    return int(hashlib.sha1(texte.encode("utf-8")).hexdigest(), 16) >> (160 - bits)


def code_parcours(parcours_id: str) -> int:
    """Stable 12-bit hash of a parcours id (the build refuses two parcours with the same)."""
    return _hachage(parcours_id, BITS_PARCOURS)


def condensat_versions(modules: list[tuple[str, str]]) -> int:
    """30-bit digest of the modules of a parcours and their content versions, in order:
    the first 30 bits of SHA-1 of ``"id:version id:version …"``."""
    return _hachage(" ".join(f"{m}:{v}" for m, v in modules), BITS_VERSIONS)


def normaliser_agent(agent: str) -> str:
    """The identifier as it enters the code: spaces around removed, upper case (an agent may
    type « ex-0042 » for « EX-0042 »)."""
    return agent.strip().upper()


def etiquette_agent(agent: str, parcours: int, quand: date, versions: int) -> int:
    """20-bit check value binding a code to one agent identifier: the first 20 bits of SHA-1 of
    ``"AGENT:parcours:days:versions"`` (decimal numbers, the identifier in upper case)."""
    jours = (quand - EPOQUE).days
    return _hachage(f"{normaliser_agent(agent)}:{parcours}:{jours}:{versions}", BITS_AGENT)


def _fois_alpha(s: int) -> int:
    s <<= 1
    return s ^ _POLYNOME if s & 32 else s


def controle(valeurs: list[int]) -> int:
    """The check value c such that (…((v₀·α + v₁)·α + …)·α + c = 0 in GF(32)."""
    s = 0
    for v in valeurs:
        s = _fois_alpha(s) ^ v
    return _fois_alpha(s)


def _en_chiffres(n: int, k: int) -> list[int]:
    return [(n >> (5 * (k - 1 - i))) & 31 for i in range(k)]


def encoder(parcours: int, quand: date, versions: int, agent: str | int) -> str:
    """The code; ``agent``: the identifier (its :func:`etiquette_agent` is computed) or the
    20-bit value itself."""
    jours = (quand - EPOQUE).days
    if not (0 <= parcours < 1 << BITS_PARCOURS and 0 <= jours < 1 << BITS_JOURS
            and 0 <= versions < 1 << BITS_VERSIONS):
        raise ValueError(f"hors format : parcours {parcours}, jours {jours}, versions {versions}")
    etiquette = etiquette_agent(agent, parcours, quand, versions) if isinstance(agent, str) else agent
    if not 0 <= etiquette < 1 << BITS_AGENT:
        raise ValueError(f"hors format : agent {etiquette}")
    valeurs = (_en_chiffres(parcours << BITS_JOURS | jours, 5) + _en_chiffres(versions, 6)
               + _en_chiffres(etiquette, 4))
    valeurs.append(controle(valeurs))
    texte = "".join(ALPHABET[v] for v in valeurs)
    return "-".join(texte[i:i + 4] for i in range(0, LONGUEUR, 4))


def normaliser(code: str) -> str:
    """What a person may type: lowercase, spaces, hyphens (any dash) are accepted."""
    return re.sub(r"[\s\-\u2010-\u2015\u2212]", "", code).upper()


def decoder(code: str) -> Recu:
    texte = normaliser(code)
    if len(texte) != LONGUEUR:
        # The cell is not quoted: a shifted column could hold an agent identifier.
        raise CodeInvalide(f"code : {LONGUEUR} caractères attendus (ex. K7MQ-3XP9-R2TD-8FHA), "
                           f"{len(texte)} trouvés (un ancien code de 12 caractères ne sert plus : l'agent "
                           "en obtient un nouveau dans « Ma progression »)." if len(texte) == 12 else
                           f"code : {LONGUEUR} caractères attendus (ex. K7MQ-3XP9-R2TD-8FHA), {len(texte)} trouvés.")
    mauvais = sorted({c for c in texte if c not in ALPHABET})
    if mauvais:
        lisibles = [c for c in mauvais if c in "01IO"]
        raise CodeInvalide("code : caractère(s) " + (", ".join(f"« {c} »" for c in lisibles) or "hors alphabet")
                           + " impossible(s) dans un code (ni 0, ni 1, ni I, ni O, ni ponctuation) : faute de frappe ?")
    valeurs = [ALPHABET.index(c) for c in texte]
    if controle(valeurs[:-1]) != valeurs[-1]:
        raise CodeInvalide("code : caractère de contrôle faux, le code a été mal recopié "
                           "(faute de frappe ou deux caractères inversés).")
    haut = sum(v << (5 * (4 - i)) for i, v in enumerate(valeurs[:5]))
    versions = sum(v << (5 * (5 - i)) for i, v in enumerate(valeurs[5:11]))
    agent = sum(v << (5 * (3 - i)) for i, v in enumerate(valeurs[11:15]))
    return Recu(haut >> BITS_JOURS, EPOQUE + timedelta(days=haut & ((1 << BITS_JOURS) - 1)), versions, agent)


def pour_agent(recu: Recu, agent: str) -> bool:
    """Was this code made with this agent identifier?"""
    return recu.agent == etiquette_agent(agent, recu.parcours, recu.date, recu.versions)


# -- what the site knows ------------------------------------------------------------------------
@dataclass(frozen=True)
class ParcoursConnu:
    id: str
    titre: str
    public: str
    modules: tuple[tuple[str, str], ...]  # (socle module id, current version), in the parcours's order

    @property
    def code(self) -> int:
        return code_parcours(self.id)

    @property
    def versions(self) -> int:
        return condensat_versions(list(self.modules))


def parcours_connu(inst: Instantane, p: Parcours) -> ParcoursConnu:
    """The parcours as its receipt sees it: its SOCLE modules (what makes an agent « formé »),
    each with its current version. Editing a specific module leaves the receipt valid."""
    return ParcoursConnu(p.id, p.titre, p.public, tuple((mid, inst.module[mid].version) for mid in p.socle))


def catalogue(inst: Instantane) -> dict[int, ParcoursConnu]:
    """{code_parcours: parcours}, for decoding receipts (a parcours without socle gives none)."""
    return {code_parcours(p.id): parcours_connu(inst, p) for p in inst.parcours if p.socle}


def donnees_html(inst: Instantane, p: Parcours) -> dict[str, str]:
    """``data-`` attributes of a parcours on « Ma progression »: all the JS needs."""
    connu = parcours_connu(inst, p)
    return {"code-parcours": str(connu.code), "code-versions": str(connu.versions), "titre": connu.titre}


DONNEES_FORMAT = {"epoque": EPOQUE.isoformat(), "alphabet": ALPHABET}


def verifier_codes(app, env, inst: Instantane) -> None:
    """Two parcours with the same 12-bit code could not be told apart on import: refuse."""
    vus: dict[int, Parcours] = {}
    for p in sorted(inst.parcours, key=lambda p: (p.docname, p.lineno)):
        autre = vus.setdefault(code_parcours(p.id), p)
        if autre is not p:
            avertir(Sous.attestation,
                    f"parcours « {p.id} » : son code d'attestation ({code_parcours(p.id)}) est celui du parcours "
                    f"« {autre.id} » ({env.doc2path(autre.docname, False)}:{autre.lineno}) ; changez l'identifiant "
                    "de l'un des deux (les codes déjà remis pour ce parcours ne seront plus reconnus).",
                    (p.docname, p.lineno))


def setup_attestation(app) -> None:
    app.connect("reperes-instantane", verifier_codes)
