"""The ``couverture`` directive: the pilotage dashboard.

    ```{couverture}
    ```

At read time the directive only declares what the page depends on (the records file
and the populations file: editing either re-reads the page) and leaves a placeholder.
At write time (``@rendu``: every page read, the domain complete) the records are
validated against the site's populations and modules, aggregated with the socle of
each parcours, masked, and shown as tables and charts. A bad records file is reported
at its file:line (``-W`` stops the build) and the page shows a warning, never a
traceback nor a half-built table.

Charts: the data is only complete after reading, so they cannot be drawn at read time
like matplotlib's ``plot_directive`` does (its image node is resolved by Sphinx's image
collector while reading). They are drawn at write time into the builder's output
(``_images/`` for HTML as SVG, the LaTeX directory as PDF) and referenced by an image
node whose only candidate is the format of the current builder, so Sphinx's image
post-processing leaves it as it is. Other builders (text…) get the text alternative
and the tables only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..agregats import agregat, placeholder, rendu, tableau, titre
from ..config import get_config
from ..domaine import domaine
from ..donnees import DonneesInvalides, signaler
from ..module import populations, version_module
from ..parcours import socle_du_parcours
from . import calcul, graphiques

logger = logging.getLogger(__name__)


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


def socle_par_population(env: BuildEnvironment) -> dict[str, list[str]]:
    """{population: socle modules of its parcours} (first parcours of a population wins)."""
    socle: dict[str, list[str]] = {}
    for p in domaine(env).parcours().values():
        socle.setdefault(p["public"], socle_du_parcours(env, p))
    return socle


def calculer_depuis_env(app: Sphinx, aujourd_hui: date | None = None) -> calcul.Couverture:
    """Raises :class:`DonneesInvalides` when the records file is wrong."""
    env = app.env
    cfg = get_config(app)
    aujourd_hui = aujourd_hui or date.today()
    chemin, nom = chemin_suivi(app)
    pops = populations(env)
    modules = domaine(env).modules()
    suivi = calcul.charger_suivi(chemin, nom, pops, set(modules), aujourd_hui)
    return calcul.calculer(suivi, pops, socle_par_population(env), aujourd_hui, cfg.seuil_masquage,
                           cfg.rythme_mois, cfg.validite_annees, {mid: version_module(env, mid) for mid in modules})


class CouvertureDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        chemin, _ = chemin_suivi(self.env)
        self.env.note_dependency(self.config.reperes_populations_fichier)
        self.env.note_dependency(chemin)
        domaine(self.env).doc(self.env.docname)["couverture"] = True
        return [placeholder(self, "couverture")]


def _suivi_deplace(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """``env-get-outdated``: REPERES_SUIVI is not a config value, so pointing it at another
    file changes no setting; re-read the dashboard pages when the resolved path changed."""
    chemin = str(chemin_suivi(app)[0])
    avant = getattr(env, "reperes_suivi_chemin", None)
    env.reperes_suivi_chemin = chemin
    if avant is None or avant == chemin:
        return []
    return [d for d, v in domaine(env).data["docs"].items() if v.get("couverture")]


# -- rendering ----------------------------------------------------------------------------
def _tableau(titre_: str, entetes: list[str], lignes: list[list], classes: list[str],
             largeurs: list[int] | None = None) -> nodes.table:
    table = tableau(entetes, lignes, ["reperes-couverture-table", *classes], largeurs)
    table.insert(0, nodes.title(titre_, titre_))
    table["ids"] = [classes[0].removeprefix("reperes-")]  # a titled table needs an id (HTML numbering)
    return table


def _image(app: Sphinx, docname: str, nom: str, alt: str) -> nodes.image | None:
    """Draws nothing itself: returns the image node for the file the builder needs."""
    if app.builder.format == "html":
        uri = relative_uri(app.builder.get_target_uri(docname), f"_images/{nom}.svg")
        return nodes.image(uri=uri, alt=alt, candidates={"image/svg+xml": uri}, classes=["reperes-graphique"])
    if app.builder.format == "latex":
        uri = f"{nom}.pdf"
        return nodes.image(uri=uri, alt=alt, candidates={"application/pdf": uri}, width="100%")
    return None


def _figure(image: nodes.image | None, legende: str, description: str, ident: str) -> nodes.Node:
    if image is None:  # text builders: the description stands for the chart
        return nodes.paragraph("", f"{legende}. {description}")
    figure = nodes.figure("", image, classes=["reperes-couverture-figure"], ids=[ident])
    figure += nodes.caption(legende, legende)
    figure += nodes.legend("", nodes.paragraph("", description))
    return figure


@rendu("couverture")
def rendre_couverture(app: Sphinx, docname: str, noeud: agregat) -> list[nodes.Node]:
    env = app.env
    try:
        c = calculer_depuis_env(app)
    except DonneesInvalides as exc:
        signaler(exc, "couverture")
        # No identifier, no figure: only where to look.
        return [nodes.warning("", nodes.paragraph(
            "", f"Tableau de bord non construit : le fichier de suivi contient {len(exc.problemes)} erreur(s), "
                "listées dans le journal de construction (fichier, ligne, colonne)."))]

    ex = " (données d'exemple)" if c.exemple else ""
    conteneur = nodes.container(classes=["reperes-couverture"])
    if c.exemple:
        avis = nodes.admonition(classes=["attention", "reperes-exemple"])
        avis += nodes.title("", "Données d'exemple")
        avis += nodes.paragraph("", "Les effectifs et le suivi affichés ici sont fictifs : ils montrent le "
                                    "fonctionnement du tableau de bord, pas la situation réelle.")
        conteneur += avis
    conteneur += nodes.paragraph("", f"Calcul au {calcul.date_fr(c.aujourd_hui)}. Rythme : les "
                                     f"{c.rythme_mois} derniers mois. Chiffres portant sur moins de {c.seuil} "
                                     f"agents masqués («\u00a0<\u00a0{c.seuil}\u00a0»).")

    # 1. Populations
    lignes = calcul.lignes_populations(c)
    lignes[-1] = [nodes.strong("", x) for x in lignes[-1]]
    conteneur += _tableau("Agents formés par population" + ex, calcul.ENTETES_POPULATIONS, lignes,
                          ["reperes-couverture-populations"], [30, 10, 8, 10, 10, 16])
    secondaires = [p.libelle for p in c.populations if p.masque_secondaire]
    if secondaires:
        conteneur += nodes.paragraph("", "Masqué aussi, pour qu'on ne puisse pas retrouver un chiffre masqué "
                                         "en le soustrayant du total : " + ", ".join(secondaires) + ".")
    for note in c.notes:
        conteneur += nodes.paragraph("", note)
    conteneur += _tableau("Recyclage et mises à jour, par population" + ex, calcul.ENTETES_RECYCLAGE,
                          calcul.lignes_recyclage(c), ["reperes-couverture-recyclage"], [30, 10, 14, 10, 10])
    conteneur += nodes.paragraph(
        "", f"Une réalisation compte {c.validite_annees} ans : jusqu'à la veille de son {c.validite_annees}e "
            f"anniversaire. À renouveler : agents formés aujourd'hui qui ne le seront plus dans "
            f"{calcul.RENOUVELLEMENT_MOIS} mois sans nouvelle réalisation. Expirés : agents qui ont terminé tout le "
            f"socle, mais dont une réalisation a plus de {c.validite_annees} ans. À actualiser : agents dont la "
            "dernière réalisation encore valable d'un module porte une ancienne version de ses questions "
            "(une réalisation en présentiel, sans version, n'est jamais à actualiser). Mêmes règles de masquage.")

    # 2. Charts, each followed by its data
    formats = {"html": ["svg"], "latex": ["pdf"]}.get(app.builder.format, [])
    if formats:
        dossier = Path(app.outdir) / ("_images" if app.builder.format == "html" else "")
        graphiques.progression(c, dossier, formats)
        graphiques.ecart(c, dossier, formats)
    total = c.total
    resume_total = ("la part des agents formés n'est pas publiée (moins de {} agents)".format(c.seuil)
                    if total.pourcentage is None else
                    f"{calcul.pourcentage_fr(total.pourcentage)} des {calcul.nombre_fr(total.effectif)} agents "
                    f"sont formés ; 100 % prévu : {total.projection.texte}")
    debut = calcul.mois_fr(c.serie[0].date) if c.serie else "—"
    conteneur += _figure(
        _image(app, docname, "couverture-progression",
               f"Courbes de la part des agents formés, par population, de {debut} à "
               f"{calcul.mois_fr(c.aujourd_hui)}{ex}."),
        "Progression vers 100 % des agents formés" + ex,
        f"Une courbe par population, en pointillés l'ensemble des agents ; {resume_total}. "
        "Les valeurs mois par mois sont dans le tableau qui suit ; un point masqué n'est pas tracé.",
        "couverture-graphique-progression")
    pops = c.populations
    serie = [[calcul.mois_fr(pt.date), *[_part(pt.formes.get(p.id), p.effectif, c.seuil) for p in pops],
              _part(pt.total, total.effectif, c.seuil)] for pt in c.serie]
    conteneur += _tableau("Part des agents formés, fin de chaque mois" + ex,
                          ["Mois", *[p.libelle for p in pops], "Ensemble"], serie, ["reperes-couverture-serie"],
                          [10] + [11] * (len(pops) + 1))
    plus_loin = max((p for p in pops if p.ecart is not None), key=lambda p: p.ecart, default=None)
    conteneur += _figure(
        _image(app, docname, "couverture-ecart",
               f"Barres horizontales : agents restant à former, par population{ex}."),
        "Écart à 100 % par population" + ex,
        "Le nombre d'agents restant à former dans chaque population"
        + (f" ; le plus grand écart : {plus_loin.libelle} ({calcul.nombre_fr(plus_loin.ecart)} agents)"
           if plus_loin else "")
        + ". Les valeurs sont dans le tableau « Agents formés par population ».",
        "couverture-graphique-ecart")

    # 3. Modules
    titres = {mid: titre(env, m["docname"]) for mid, m in domaine(env).modules().items()}
    conteneur += _tableau("Agents ayant terminé chaque module" + ex, calcul.ENTETES_MODULES,
                          calcul.lignes_modules(c, titres), ["reperes-couverture-modules"], [36, 12, 12, 12])
    conteneur += nodes.paragraph("", "Chaque agent est compté une fois par module, dans le mode de sa première "
                                     "réalisation. Si un seul des deux modes est masqué, l'autre l'est aussi.")

    # 4. Downloads (HTML only: a file of the website)
    if app.builder.format == "html":
        dossier = Path(app.outdir) / "_downloads" / "couverture"
        dossier.mkdir(parents=True, exist_ok=True)
        para = nodes.paragraph("", "Télécharger les agrégats (CSV, masqués comme ci-dessus" + ex + ") : ")
        for i, (fichier, texte) in enumerate([("couverture-populations.csv", calcul.csv_populations(c)),
                                              ("couverture-modules.csv", calcul.csv_modules(c))]):
            (dossier / fichier).write_text(texte, encoding="utf-8")
            uri = relative_uri(app.builder.get_target_uri(docname), f"_downloads/couverture/{fichier}")
            if i:
                para += nodes.Text(", ")
            para += nodes.reference("", fichier, refuri=uri)
        para += nodes.Text(".")
        conteneur += para
    return [conteneur]


def _part(formes: int | None, effectif: int, seuil: int) -> str:
    if formes is None:
        return f"<\u00a0{seuil}"
    return calcul.pourcentage_fr(100 * formes / effectif) if effectif else "—"


def setup_directive(app: Sphinx) -> None:
    app.add_directive("couverture", CouvertureDirective)
    app.connect("env-get-outdated", _suivi_deplace)
