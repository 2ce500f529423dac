"""The dashboard's two charts, drawn at build time with matplotlib (Agg, no display).

Only masked aggregates (:class:`calcul.Couverture`) come in: a masked value is ``None``
and is simply not drawn. Output is reproducible (no date in the metadata, fixed SVG
ids) so that a rebuild does not change the files. Text stays text in the SVG
(``svg.fonttype: none``: no font file embedded, none fetched); the PDF embeds the
subset of DejaVu Sans shipped with matplotlib.
"""

from __future__ import annotations

from pathlib import Path

from .calcul import Couverture, mois_fr, nombre_fr

FORMATS = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "Producer": None}}
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "reperes-couverture",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _enregistrer(fig, dossier: Path, nom: str, formats: list[str]) -> list[Path]:
    dossier.mkdir(parents=True, exist_ok=True)
    chemins = []
    for fmt in formats:
        chemin = dossier / f"{nom}.{fmt}"
        fig.savefig(chemin, format=fmt, metadata=FORMATS[fmt], bbox_inches="tight")
        chemins.append(chemin)
    return chemins


def _suffixe(c: Couverture) -> str:
    return " — données d'exemple" if c.exemple else ""


def progression(c: Couverture, dossier: Path, formats: list[str], nom: str = "couverture-progression") -> list[Path]:
    """Share of each population trained, month by month, up to 100 %."""
    plt = _pyplot()
    from matplotlib.ticker import FuncFormatter

    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 4.2))
        dates = [p.date for p in c.serie]
        effectifs = {p.id: p.effectif for p in c.populations}
        for i, pop in enumerate(c.populations):
            valeurs = [None if pt.formes.get(pop.id) is None or not pop.effectif
                       else 100 * pt.formes[pop.id] / pop.effectif for pt in c.serie]
            # A masked month breaks the line (NaN) rather than joining across it.
            ax.plot(dates, [float("nan") if v is None else v for v in valeurs], marker="o", markersize=2.5,
                    linewidth=1.4, label=pop.libelle, color=plt.get_cmap("tab10")(i % 10))
        total = sum(effectifs.values())
        ax.plot(dates, [float("nan") if pt.total is None or not total else 100 * pt.total / total for pt in c.serie],
                color="black", linewidth=2.2, linestyle="--", label="Ensemble des agents")
        ax.axhline(100, color="grey", linewidth=0.8)
        ax.set_ylim(0, 105)
        ax.set_ylabel("Part des agents formés")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:.0f}\u00a0%"))
        if dates:
            reperes = dates[::max(1, len(dates) // 8)]
            ax.set_xticks(reperes)
            ax.set_xticklabels([mois_fr(d) for d in reperes], rotation=30, ha="right")
        ax.set_title("Progression vers 100 % des agents formés" + _suffixe(c))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
        chemins = _enregistrer(fig, dossier, nom, formats)
        plt.close(fig)
    return chemins


def ecart(c: Couverture, dossier: Path, formats: list[str], nom: str = "couverture-ecart") -> list[Path]:
    """Agents still to train per population (gap to 100 %), masked rows labelled."""
    plt = _pyplot()
    from matplotlib.ticker import FuncFormatter

    with plt.rc_context(STYLE):
        lignes = list(reversed(c.populations))
        fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(lignes) + 1.2))
        y = range(len(lignes))
        valeurs = [p.ecart or 0 for p in lignes]
        ax.barh(list(y), valeurs, color="#1f77b4")
        haut = max(valeurs, default=0) or 1
        for i, p in zip(y, lignes):
            texte = f"masqué (moins de {c.seuil} agents en jeu)" if p.ecart is None else nombre_fr(p.ecart)
            ax.text((p.ecart or 0) + haut * 0.01, i, texte, va="center", fontsize=8)
        ax.set_yticks(list(y))
        ax.set_yticklabels([p.libelle for p in lignes])
        ax.set_xlim(0, haut * 1.25)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: nombre_fr(int(x))))
        ax.set_xlabel("Agents restant à former")
        ax.set_title("Écart à 100 % par population" + _suffixe(c))
        chemins = _enregistrer(fig, dossier, nom, formats)
        plt.close(fig)
    return chemins
