"""The dashboard's two charts: drawn once as a list of shapes, written as SVG (HTML) or TikZ
(LaTeX).

Only masked aggregates (:class:`calcul.Couverture`) come in: a masked value is ``None`` and
is simply not drawn. No plotting library: the shapes are computed here (a few dozen lines
and rectangles), so a build pays no import, and both outputs are byte-for-byte
reproducible. Text stays text (SVG ``<text>``, TikZ nodes): nothing is fetched, no font file
is embedded, the print uses the booklet's own font.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .calcul import Couverture
from .formats import mois_fr, nombre_fr

# Colour-blind-safe palette (Okabe–Ito), dark enough on white for lines and bars.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#7F7F7F", "#332288", "#882255",
           "#117733"]


@dataclass(frozen=True)
class Trait:
    points: tuple[tuple[float, float], ...]
    couleur: str = "#000000"
    epaisseur: float = 1.0
    tirets: bool = False
    marques: bool = False  # a dot on each point


@dataclass(frozen=True)
class Rectangle:
    x: float
    y: float
    largeur: float
    hauteur: float
    couleur: str


@dataclass(frozen=True)
class Texte:
    x: float
    y: float
    texte: str
    taille: float = 9
    ancre: str = "start"  # start | middle | end
    gras: bool = False
    rotation: float = 0  # degrees, counter-clockwise


@dataclass
class Dessin:
    largeur: float
    hauteur: float
    titre: str
    formes: list = field(default_factory=list)


def _suffixe(c: Couverture) -> str:
    return " — données d'exemple" if c.exemple else ""


def progression(c: Couverture) -> Dessin:
    """Share of each population trained, month by month, up to 100 %."""
    pops = c.populations
    d = Dessin(640, 330, "Progression vers 100 % des agents formés" + _suffixe(c))
    gauche, haut, droite, bas = 48, 34, 440, 280  # the plot area; the legend sits on its right
    d.formes.append(Texte(gauche, 18, d.titre, 11, gras=True))
    dates = [p.date for p in c.serie]

    def x(i: int) -> float:
        return gauche + (droite - gauche) * (i / (len(dates) - 1) if len(dates) > 1 else 0.5)

    def y(v: float) -> float:
        return bas - (bas - haut) * v / 105

    for graduation in range(0, 101, 20):
        d.formes.append(Trait(((gauche, y(graduation)), (droite, y(graduation))), "#DDDDDD", 0.6))
        d.formes.append(Texte(gauche - 6, y(graduation) + 3, f"{graduation}\u00a0%", 8, "end"))
    d.formes.append(Trait(((gauche, y(100)), (droite, y(100))), "#888888", 1.0))
    d.formes.append(Trait(((gauche, bas), (droite, bas)), "#000000", 0.8))
    d.formes.append(Trait(((gauche, haut), (gauche, bas)), "#000000", 0.8))
    pas = max(1, len(dates) // 8)
    for i in range(0, len(dates), pas):
        d.formes.append(Trait(((x(i), bas), (x(i), bas + 3)), "#000000", 0.8))
        d.formes.append(Texte(x(i), bas + 14, mois_fr(dates[i]), 8, "middle"))
    d.formes.append(Texte(14, (haut + bas) / 2, "Part des agents formés", 8, "middle", rotation=90))

    def courbes(valeurs: list[float | None]) -> list[tuple[tuple[float, float], ...]]:
        """A masked month breaks the line rather than joining across it."""
        morceaux, courant = [], []
        for i, v in enumerate(valeurs):
            if v is None:
                if courant:
                    morceaux.append(tuple(courant))
                courant = []
            else:
                courant.append((x(i), y(v)))
        if courant:
            morceaux.append(tuple(courant))
        return morceaux

    legende_y = haut + 4
    for rang, pop in enumerate(pops):
        couleur = PALETTE[rang % len(PALETTE)]
        valeurs = [None if pt.formes.get(pop.id) is None or not pop.effectif
                   else 100 * pt.formes[pop.id] / pop.effectif for pt in c.serie]
        for morceau in courbes(valeurs):
            d.formes.append(Trait(morceau, couleur, 1.6, marques=True))
        d.formes.append(Trait(((droite + 16, legende_y), (droite + 36, legende_y)), couleur, 2))
        d.formes.append(Texte(droite + 42, legende_y + 3, pop.libelle, 8))
        legende_y += 16
    effectif_total = sum(p.effectif for p in pops)
    valeurs = [None if pt.total is None or not effectif_total else 100 * pt.total / effectif_total for pt in c.serie]
    for morceau in courbes(valeurs):
        d.formes.append(Trait(morceau, "#000000", 2.4, tirets=True))
    d.formes.append(Trait(((droite + 16, legende_y), (droite + 36, legende_y)), "#000000", 2.4, tirets=True))
    d.formes.append(Texte(droite + 42, legende_y + 3, "Ensemble des agents", 8))
    return d


def ecart(c: Couverture) -> Dessin:
    """Agents still to train per population (gap to 100 %), masked rows labelled."""
    lignes = c.populations
    hauteur_barre, pas = 16, 26
    haut = 36
    d = Dessin(640, haut + pas * len(lignes) + 40, "Écart à 100 % par population" + _suffixe(c))
    d.formes.append(Texte(8, 18, d.titre, 11, gras=True))
    gauche, droite = 230, 540
    plus_grand = max((p.ecart or 0 for p in lignes), default=0) or 1
    for i, p in enumerate(lignes):
        milieu = haut + pas * i + pas / 2
        d.formes.append(Texte(gauche - 8, milieu + 3, p.libelle, 8, "end"))
        longueur = (droite - gauche) * (p.ecart or 0) / plus_grand
        if longueur:
            d.formes.append(Rectangle(gauche, milieu - hauteur_barre / 2, longueur, hauteur_barre, PALETTE[0]))
        texte = f"masqué (moins de {c.seuil} agents en jeu)" if p.ecart is None else nombre_fr(p.ecart)
        d.formes.append(Texte(gauche + longueur + 5, milieu + 3, texte, 8))
    bas = haut + pas * len(lignes)
    d.formes.append(Trait(((gauche, haut), (gauche, bas)), "#000000", 0.8))
    d.formes.append(Trait(((gauche, bas), (droite, bas)), "#000000", 0.8))
    for k in range(5):
        valeur = plus_grand * k / 4
        xk = gauche + (droite - gauche) * k / 4
        d.formes.append(Trait(((xk, bas), (xk, bas + 3)), "#000000", 0.8))
        d.formes.append(Texte(xk, bas + 14, nombre_fr(round(valeur)), 8, "middle"))
    d.formes.append(Texte((gauche + droite) / 2, bas + 30, "Agents restant à former", 8, "middle"))
    return d


# -- writers --------------------------------------------------------------------------------------
def svg(d: Dessin, alternative: str) -> str:
    sortie = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {d.largeur:g} {d.hauteur:g}" '
              f'width="{d.largeur:g}" height="{d.hauteur:g}" role="img" font-family="sans-serif">',
              f"<title>{escape(alternative, quote=False)}</title>",
              f'<rect width="{d.largeur:g}" height="{d.hauteur:g}" fill="#FFFFFF"/>']
    for f in d.formes:
        if isinstance(f, Trait):
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in f.points)
            tirets = ' stroke-dasharray="6 3"' if f.tirets else ""
            sortie.append(f'<polyline points="{points}" fill="none" stroke="{f.couleur}" '
                          f'stroke-width="{f.epaisseur:g}"{tirets}/>')
            if f.marques:
                sortie += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{f.couleur}"/>' for x, y in f.points]
        elif isinstance(f, Rectangle):
            sortie.append(f'<rect x="{f.x:.1f}" y="{f.y:.1f}" width="{f.largeur:.1f}" height="{f.hauteur:.1f}" '
                          f'fill="{f.couleur}"/>')
        else:
            rotation = f' transform="rotate({-f.rotation:g} {f.x:.1f} {f.y:.1f})"' if f.rotation else ""
            gras = ' font-weight="bold"' if f.gras else ""
            sortie.append(f'<text x="{f.x:.1f}" y="{f.y:.1f}" font-size="{f.taille:g}" text-anchor="{f.ancre}"'
                          f'{gras}{rotation}>{escape(f.texte, quote=False)}</text>')
    sortie.append("</svg>")
    return "\n".join(sortie) + "\n"


_TEX = {"\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "_": r"\_", "#": r"\#", "$": r"\$", "{": r"\{",
        "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}"}


def _tex(texte: str) -> str:
    return "".join(_TEX.get(c, c) for c in texte)


def tikz(d: Dessin) -> str:
    """A ``tikzpicture`` scaled to the text width (1 unit = 1 pt before scaling, y downwards)."""
    def pt(x: float, y: float) -> str:
        return f"({x:.1f},{-y:.1f})"

    def couleur(hexa: str) -> str:
        return "{rgb,255:red,%d;green,%d;blue,%d}" % tuple(int(hexa[i:i + 2], 16) for i in (1, 3, 5))

    sortie = [r"\resizebox{\linewidth}{!}{%", r"\begin{tikzpicture}[x=1pt,y=1pt,font=\sffamily]",
              rf"\path[use as bounding box] (0,0) rectangle ({d.largeur:g},{-d.hauteur:g});"]
    for f in d.formes:
        if isinstance(f, Trait):
            style = f"draw={couleur(f.couleur)},line width={f.epaisseur:g}pt" + (",dashed" if f.tirets else "")
            sortie.append(rf"\draw[{style}] " + " -- ".join(pt(x, y) for x, y in f.points) + ";")
            if f.marques:
                sortie += [rf"\fill[fill={couleur(f.couleur)}] {pt(x, y)} circle (2pt);" for x, y in f.points]
        elif isinstance(f, Rectangle):
            sortie.append(rf"\fill[fill={couleur(f.couleur)}] {pt(f.x, f.y)} rectangle {pt(f.x + f.largeur, f.y + f.hauteur)};")
        else:
            ancre = {"start": "base west", "middle": "base", "end": "base east"}[f.ancre]
            taille = rf"\fontsize{{{f.taille:g}}}{{{f.taille * 1.2:g}}}\selectfont "
            texte = (r"\bfseries " if f.gras else "") + _tex(f.texte)
            rotation = f",rotate={f.rotation:g}" if f.rotation else ""
            sortie.append(rf"\node[anchor={ancre},inner sep=0pt{rotation}] at {pt(f.x, f.y)} {{{taille}{texte}}};")
    sortie += [r"\end{tikzpicture}}"]
    return "\n".join(sortie) + "\n"
