"""The ``couverture`` block: the pilotage dashboard, a view of the snapshot.

    ```{couverture}
    ```

The figures are the snapshot's « couverture » section (:class:`SectionCouverture`, added on
the ``reperes-contribuer`` event before the snapshot is signed, once per build when a page
holds the block; the snapshot's plumbing imports nothing of this feature): the records are read, validated against the site's
populations and modules, and aggregated with the socle of each parcours. The read is cached
in the environment under the file's identity (path, size, modification time), today's date,
and what the computation uses from the site, so an incremental build that changed none of
them reads nothing. A bad records file is reported at its file:line at every build (``-W``
stops it) and the page shows a warning, never a traceback nor a half-built table.

The renderer (:func:`rendre_couverture`) only builds nodes from the masked aggregates: the
charts (``graphique``) and the CSV downloads (``telechargement``) are write-time nodes that
:data:`vues.RESOLUTIONS` turns into files in the output folder — an SVG and a link for
HTML, a TikZ picture for LaTeX, the text alternative for text.
"""

from __future__ import annotations

import gc
from html import escape
import hashlib
import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..config import get_config
from ..directive import ReperesDirective, texte
from ..domaine import domaine
from ..donnees import DonneesInvalides, Probleme, date_iso, signaler
from ..instantane import Instantane
from ..noeuds import interactif, tableau
from ..typographie import franciser_texte
from ..vues import RESOLUTIONS, placeholder, rendu, vue
from . import graphiques, sorties
from .calcul import Couverture, calculer
from .masquage import CLE_EXEMPLE
from .formats import date_fr, mois_fr, nombre_fr, pourcentage_fr
from .regles import RENOUVELLEMENT_MOIS
from .suivi import charger_suivi


def chemin_suivi(app_ou_env) -> tuple[Path, str]:
    """(path on disk, name shown in messages): relative to the source dir unless absolute
    (REPERES_SUIVI pointing outside the repository)."""
    cfg = get_config(app_ou_env)
    srcdir = Path(app_ou_env.srcdir)
    chemin = srcdir / cfg.suivi_fichier
    try:
        nom = str(chemin.resolve().relative_to(srcdir.resolve()))
    except ValueError:
        nom = str(chemin)
    return chemin, nom


CALCUL = 4


def secret_masquage(app_ou_env, chemin: Path) -> bytes:
    """The secret that keys the agents for the masking's random rounding (``masquage``):
    ``REPERES_CLE_MASQUAGE``; else, for the synthetic records of ``data/exemple/``, a public
    key; else the file ``NAME.cle`` beside the real records file (a symbolic link's target),
    created at the first use (random, mode 600). It must stay private, like the records."""
    if os.environ.get("REPERES_CLE_MASQUAGE"):
        return os.environ["REPERES_CLE_MASQUAGE"].encode("utf-8")
    reel = Path(os.path.realpath(chemin))
    if reel.is_relative_to((Path(app_ou_env.srcdir) / "data" / "exemple").resolve()):
        return CLE_EXEMPLE
    fichier = reel.with_name(reel.name + ".cle")
    if not fichier.exists():
        fichier.parent.mkdir(parents=True, exist_ok=True)
        descripteur = os.open(fichier, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descripteur, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(32) + "\n")
    return fichier.read_bytes().strip()


@contextmanager
def sans_ramasse_miettes():
    """Python's cycle collector, not needed here (the rows make no cycles), ran over the
    hundreds of thousands of tuples of a large records file again and again: it took more than
    half the time of reading and counting 200 000 rows. Off for that time, on again after."""
    actif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if actif:
            gc.enable()


class CouvertureDirective(ReperesDirective):
    """``:ancien-socle:`` (module ids, comma-separated) and ``:ancien-socle-jusqu-au:`` (a day):
    the socle in force before a change, for every population; the chart's points up to that day
    count it, so that the change shows as it happened. Today's figures follow the current socle."""

    has_content = False
    nom = "couverture"
    option_spec = {"ancien-socle": texte, "ancien-socle-jusqu-au": texte}

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(self.config.reperes_populations_fichier)
        ancien, jusqu_au = self.options.get("ancien-socle"), self.options.get("ancien-socle-jusqu-au")
        reglage = {"ligne": self.lineno}
        if ancien or jusqu_au:
            quand = date_iso(jusqu_au or "")
            if not ancien or quand is None:
                self.avertir("« :ancien-socle: » (identifiants de modules séparés par des virgules) et "
                             "« :ancien-socle-jusqu-au: » (AAAA-MM-JJ, le dernier jour de l'ancien socle) vont "
                             "ensemble ; ignorés.")
            else:
                reglage |= {"ancien_socle": [m.strip() for m in ancien.split(",") if m.strip()],
                            "jusqu_au": quand.isoformat()}
        domaine(self.env).doc(self.env.docname)["couverture"] = reglage
        return [placeholder(self, "couverture")]


def ancien_socle(env, inst: Instantane) -> tuple[date, list[str]] | None:
    """The former socle declared on the dashboard's page, its unknown modules reported."""
    for docname, v in sorted(domaine(env).data["docs"].items()):
        reglage = v["couverture"]
        if isinstance(reglage, dict) and reglage.get("ancien_socle"):
            inconnus = [m for m in reglage["ancien_socle"] if m not in inst.module]
            if inconnus:
                from sphinx.util import logging

                logging.getLogger(__name__).warning(
                    f"« :ancien-socle: » : module(s) inconnu(s) {', '.join(inconnus)} ; modules du site : "
                    f"{', '.join(sorted(inst.module))}.", type="reperes", subtype="couverture",
                    location=(docname, reglage["ligne"]))
            return date.fromisoformat(reglage["jusqu_au"]), [m for m in reglage["ancien_socle"] if m in inst.module]
    return None


@dataclass(frozen=True)
class SectionCouverture:
    """The dashboard's section of the snapshot: the figures, or the problems of the records
    file, and what they were computed from — the records file's identity and the day — so that
    the snapshot's signature changes when either does."""

    figures: Couverture | None
    problemes: tuple[Probleme, ...]
    fichier: str
    identite: tuple[int, int] | None
    jour: str


def section_couverture(inst: Instantane) -> SectionCouverture | None:
    """The dashboard's section of ``inst`` (None when no page holds the dashboard)."""
    return inst.section("couverture")


def _contribuer(app: Sphinx, env, inst: Instantane) -> dict[str, SectionCouverture] | None:
    """``reperes-contribuer``: the dashboard's section, when a page holds the dashboard."""
    section = couverture_du_site(app, env, inst)
    return None if section is None else {"couverture": section}


def couverture_du_site(app: Sphinx, env, inst: Instantane, aujourd_hui: date | None = None
                       ) -> SectionCouverture | None:
    """The dashboard's figures for the snapshot, or the problems of the records file (each
    reported as a warning at its file:line), or None when no page holds the dashboard."""
    if not any(v["couverture"] for v in domaine(env).data["docs"].values()):
        return None
    cfg = get_config(app)
    aujourd_hui = aujourd_hui or date.today()
    chemin, nom = chemin_suivi(app)
    try:
        etat = os.stat(chemin)
        identite = (etat.st_size, etat.st_mtime_ns)
    except OSError:
        identite = None
    socle = inst.socle_par_population()
    ancien = ancien_socle(env, inst)
    try:
        secret = secret_masquage(app, chemin)
    except OSError as exc:
        resultat = (Probleme(nom, 0, None, f"clé de masquage impossible à créer à côté du fichier de suivi "
                                           f"({exc.strerror}) : définissez REPERES_CLE_MASQUAGE (README, « Masquage »)."),)
        signaler(DonneesInvalides(list(resultat)), "couverture")
        return SectionCouverture(None, resultat, str(chemin), identite, aujourd_hui.isoformat())
    # CALCUL: bumped when the computation changes, so that a cached result of older code is not reused.
    cle = (CALCUL, str(chemin), identite, aujourd_hui.isoformat(), repr(inst.populations), repr(sorted(socle.items())),
           repr(sorted(inst.versions().items())), cfg.seuil_masquage, cfg.rythme_mois, cfg.validite_annees,
           hashlib.sha256(secret).hexdigest(), repr(ancien))
    cache = getattr(env, "reperes_cache_couverture", None)
    if cache is not None and cache[0] == cle:
        resultat = cache[1]
    else:
        try:
            with sans_ramasse_miettes():
                suivi = charger_suivi(chemin, nom, inst.population, set(inst.module), aujourd_hui)
                resultat = calculer(suivi, inst.population, socle, aujourd_hui, cfg.seuil_masquage,
                                    cfg.rythme_mois, cfg.validite_annees, inst.versions(), secret, ancien)
        except DonneesInvalides as exc:
            resultat = tuple(exc.problemes)
        env.reperes_cache_couverture = (cle, resultat)
    if isinstance(resultat, tuple):
        signaler(DonneesInvalides(list(resultat)), "couverture")
        return SectionCouverture(None, resultat, str(chemin), identite, aujourd_hui.isoformat())
    return SectionCouverture(resultat, (), str(chemin), identite, aujourd_hui.isoformat())


# -- write-time nodes -------------------------------------------------------------------------
class graphique(nodes.General, nodes.Element):
    """A chart to draw: ``nom`` (file name), ``alt``, ``legende``, ``description``, ``ident``,
    ``dessin`` (a :class:`graphiques.Dessin`)."""


class telechargement(nodes.General, nodes.Inline, nodes.Element):
    """A file offered for download (HTML only): ``fichier``, ``contenu``."""


def _resoudre_graphique(app: Sphinx, page: str, noeud: graphique) -> list[nodes.Node]:
    for cle in ("alt", "legende", "description"):  # inserted text: French typography too
        noeud[cle] = franciser_texte(noeud[cle])
    fmt = app.builder.format
    if fmt not in ("html", "latex"):  # text: the description stands for the chart
        return [nodes.paragraph("", f"{noeud['legende']}. {noeud['description']}")]
    if fmt == "html":
        dossier = Path(app.outdir) / "_images"
        dossier.mkdir(parents=True, exist_ok=True)
        (dossier / f"{noeud['nom']}.svg").write_text(graphiques.svg(noeud["dessin"], noeud["alt"]), encoding="utf-8")
        uri = relative_uri(app.builder.get_target_uri(page), f"_images/{noeud['nom']}.svg")
        # Natural width (the chart is drawn narrow), scaled down only when the screen is narrower,
        # whatever the theme's CSS: the style is on the element.
        contenu = nodes.raw("", f'<img src="{escape(uri)}" alt="{escape(noeud["alt"])}" class="reperes-graphique" '
                                f'width="{noeud["dessin"].largeur:g}" height="{noeud["dessin"].hauteur:g}" '
                                'style="max-width: 100%; height: auto;" />', format="html")
    else:
        contenu = nodes.raw("", graphiques.tikz(noeud["dessin"]), format="latex")
    figure = nodes.figure("", contenu, classes=["reperes-couverture-figure"], ids=[noeud["ident"]])
    figure += nodes.caption(noeud["legende"], noeud["legende"])
    figure += nodes.legend("", nodes.paragraph("", noeud["description"]))
    return [figure]


def _resoudre_telechargement(app: Sphinx, page: str, noeud: telechargement) -> list[nodes.Node]:
    if app.builder.format != "html":
        return [nodes.literal("", noeud["fichier"])]
    dossier = Path(app.outdir) / "_downloads" / "couverture"
    dossier.mkdir(parents=True, exist_ok=True)
    (dossier / noeud["fichier"]).write_text(noeud["contenu"], encoding="utf-8")
    uri = relative_uri(app.builder.get_target_uri(page), f"_downloads/couverture/{noeud['fichier']}")
    return [nodes.reference("", noeud["fichier"], refuri=uri)]


RESOLUTIONS[graphique] = _resoudre_graphique
RESOLUTIONS[telechargement] = _resoudre_telechargement


# -- rendering ----------------------------------------------------------------------------
def _tableau(titre_: str, entetes: list[str], lignes: list[list], classes: list[str],
             largeurs: list[int] | None = None) -> list[nodes.Node]:
    """The table preceded by its title as a paragraph: a caption is as wide as its table, and a wide
    table scrolls sideways on a phone, so a caption would be cut off there; a paragraph wraps."""
    table = tableau(entetes, lignes, ["reperes-couverture-table", *classes], largeurs)
    ident = classes[0].removeprefix("reperes-")
    table["ids"] = [ident]
    titre = nodes.paragraph("", "", nodes.strong(titre_, titre_), classes=["reperes-couverture-titre-tableau"],
                            ids=[f"{ident}-titre"])
    return [titre, table]


def _part(formes: int | None, effectif: int, seuil: int) -> str:
    if formes is None:
        return f"<\u00a0{seuil}"
    return pourcentage_fr(100 * formes / effectif) if effectif else "—"


@rendu("couverture")
def rendre_couverture(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    section = section_couverture(inst)
    c = section.figures if section is not None else None
    if c is None:
        # No identifier, no figure: only where to look.
        nombre = len(section.problemes) if section is not None else 0
        return [nodes.warning("", nodes.paragraph(
            "", f"Tableau de bord non construit : le fichier de suivi contient {nombre} erreur(s), "
                "listées dans le journal de construction (fichier, ligne, colonne)."))]

    ex = " (données d'exemple)" if c.exemple else ""
    conteneur = nodes.container(classes=["reperes-couverture"])
    if c.exemple:
        avis = nodes.admonition(classes=["attention", "reperes-exemple"])
        avis += nodes.title("", "Données d'exemple")
        avis += nodes.paragraph("", "Les effectifs et le suivi affichés ici sont fictifs : ils montrent le "
                                    "fonctionnement du tableau de bord, pas la situation réelle.")
        conteneur += avis
    conteneur += nodes.paragraph("", f"Calcul au {date_fr(c.aujourd_hui)}. Rythme : les {c.rythme_mois} derniers "
                                     f"mois. {sorties.texte_masquage(c.seuil)} Ce qui découle d'un chiffre masqué "
                                     "(part, écart, date prévue, point du graphique) est remplacé par « — ».")

    # 1. Populations
    lignes = sorties.lignes_populations(c)
    lignes[-1] = [nodes.strong("", x) for x in lignes[-1]]
    conteneur += _tableau("Agents formés par population" + ex, sorties.ENTETES_POPULATIONS, lignes,
                          ["reperes-couverture-populations"], [30, 10, 8, 10, 10, 16])
    for note in c.notes:
        conteneur += nodes.paragraph("", note)
    conteneur += _tableau("Recyclage et mises à jour, par population" + ex, sorties.ENTETES_RECYCLAGE,
                          sorties.lignes_recyclage(c), ["reperes-couverture-recyclage"], [30, 10, 14, 10, 10, 12])
    conteneur += nodes.paragraph(
        "", f"Une réalisation compte {c.validite_annees} ans : jusqu'à la veille de son {c.validite_annees}e "
            f"anniversaire. À renouveler : agents formés aujourd'hui qui ne le seront plus dans "
            f"{RENOUVELLEMENT_MOIS} mois sans nouvelle réalisation. Expirés : agents qui ont terminé tout le "
            f"socle, mais dont une réalisation a plus de {c.validite_annees} ans. À actualiser : agents dont la "
            "dernière réalisation encore valable d'un module porte une ancienne version de ses questions "
            "(une réalisation en présentiel, sans version, n'est jamais à actualiser). À un module du socle : agents "
            "dont les réalisations encore valables couvrent tout le socle de leur population sauf un module — ceux "
            "à joindre en premier, par exemple quand le socle change. Mêmes règles de masquage.")

    # 2. Charts, each followed by its data
    total = c.total
    resume_total = (f"la part des agents formés n'est pas publiée (moins de {c.seuil} agents)"
                    if total.pourcentage is None else
                    f"{pourcentage_fr(total.pourcentage)} des {nombre_fr(total.effectif)} agents "
                    f"sont formés ; 100 % prévu : {total.projection.texte}")
    debut = mois_fr(c.serie[0].date) if c.serie else "—"
    conteneur += graphique(
        nom="couverture-progression", dessin=graphiques.progression(c), ident="couverture-graphique-progression",
        alt=f"Courbes de la part des agents formés, par population, de {debut} à {mois_fr(c.aujourd_hui)}{ex}.",
        legende="Progression vers 100 % des agents formés" + ex,
        description=f"Une courbe par population, en pointillés l'ensemble des agents ; {resume_total}. "
                    + (f" Le {date_fr(c.changement + timedelta(days=1))}, le socle a changé (trait vertical) : les "
                       "points d'avant comptent l'ancien socle, les suivants le nouveau." if c.changement else "")
                    + " Les valeurs sont dans le tableau qui suit ; un point masqué n'est pas tracé.")
    pops = c.populations

    def quand(d: date) -> str:  # a month's last day reads as the month; another day as itself
        return mois_fr(d) if (d + timedelta(days=1)).day == 1 else date_fr(d)

    serie = [[quand(pt.date), *[_part(pt.formes.get(p.id), p.effectif, c.seuil) for p in pops],
              _part(pt.total, total.effectif, c.seuil)] for pt in c.serie]
    conteneur += _tableau("Part des agents formés, fin de chaque mois, jour du changement de socle et aujourd'hui" + ex
                          if c.changement else "Part des agents formés, fin de chaque mois et aujourd'hui" + ex,
                          ["Date", *[p.libelle for p in pops], "Ensemble"], serie, ["reperes-couverture-serie"],
                          [10] + [11] * (len(pops) + 1))
    plus_loin = max((p for p in pops if p.ecart is not None), key=lambda p: p.ecart, default=None)
    conteneur += graphique(
        nom="couverture-ecart", dessin=graphiques.ecart(c), ident="couverture-graphique-ecart",
        alt=f"Barres horizontales : agents restant à former, par population{ex}.",
        legende="Écart à 100 % par population" + ex,
        description="Le nombre d'agents restant à former dans chaque population"
                    + (f" ; le plus grand écart : {plus_loin.libelle} ({nombre_fr(plus_loin.ecart)} agents)"
                       if plus_loin else "")
                    + ". Les valeurs sont dans le tableau « Agents formés par population ».")

    # 3. Modules
    titres = {m.id: m.titre for m in inst.modules}
    conteneur += _tableau("Agents ayant terminé chaque module" + ex, sorties.ENTETES_MODULES,
                          sorties.lignes_modules(c, titres), ["reperes-couverture-modules"], [32, 14, 14, 20, 12])
    conteneur += nodes.paragraph("", "Chaque agent est compté une fois par module, dans le mode de sa première "
                                     "réalisation : en présentiel (feuille d'émargement), en ligne (code de reçu remis "
                                     "par l'agent et importé par son responsable), ou par le LMS de la Ville. "
                                     "Les reçus en ligne sont déclaratifs : n'importe qui connaissant l'identifiant "
                                     "d'un agent peut calculer un code valable ; seule la feuille d'émargement "
                                     "prouve une présence.")

    # 4. Downloads (a file of the website: HTML only)
    para = nodes.paragraph("", "Télécharger les agrégats (CSV, masqués comme ci-dessus" + ex + ") : ",
                           classes=["reperes-telechargements"])
    para += telechargement(fichier="couverture-populations.csv", contenu=sorties.csv_populations(c))
    para += nodes.Text(", ")
    para += telechargement(fichier="couverture-modules.csv", contenu=sorties.csv_modules(c))
    para += nodes.Text(".")
    conteneur += interactif("", para, imprime="Les agrégats de ce tableau de bord se téléchargent en CSV sur le site.")
    return [conteneur]


def setup_directive(app: Sphinx) -> None:
    app.add_directive("couverture", CouvertureDirective)
    app.connect("reperes-contribuer", _contribuer)
    app.add_node(graphique)
    app.add_node(telechargement)
    app.add_latex_package("tikz")
