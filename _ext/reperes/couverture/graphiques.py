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
from datetime import date, timedelta
from html import escape

from .calcul import Couverture
from .formats import MOIS, nombre_fr

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
    taille: float = 15
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


# The charts are drawn narrow (LARGEUR units) and shown at their natural width, scaled down only
# on a phone: 390 px wide leaves at least 330 px for a figure, so TEXTE units stay ≥ 12 px there
# (tested in Chromium). Text is wrapped by an estimate of its width that errs on the wide side.
LARGEUR, TEXTE, PETIT, TITRE = 400, 15, 15, 16
_ETROITS, _LARGES = set("il.,;:'|!()[] jtfr’«»"), set("ABCDEFGHKMNOQRSUVWXYZmw0123456789%—")


def largeur_texte(texte: str, taille: float) -> float:
    """A generous estimate of a sans-serif text's width."""
    return taille * sum(0.34 if c in _ETROITS else 0.72 if c in _LARGES else 0.58 for c in texte)


def couper(texte: str, largeur: float, taille: float, gras: bool = False) -> list[str]:
    """Words into lines no wider than ``largeur`` (bold is about a tenth wider)."""
    lignes: list[str] = []
    facteur = 1.12 if gras else 1.0
    for mot in texte.split(" "):
        if lignes and largeur_texte(lignes[-1] + " " + mot, taille) * facteur <= largeur:
            lignes[-1] += " " + mot
        else:
            lignes.append(mot)
    return lignes


def _titre(d: "Dessin", texte: str, y: float) -> float:
    """The title, wrapped; returns the y below it."""
    for ligne in couper(texte, d.largeur - 16, TITRE, gras=True):
        d.formes.append(Texte(8, y, ligne, TITRE, gras=True))
        y += TITRE * 1.3
    return y


def _jours(a, b) -> int:
    return (b - a).days


def progression(c: Couverture) -> Dessin:
    """Share of each population trained, month by month, up to 100 %; time on the x axis, a tick
    per month labelled every few months (month, and the year when it changes), the socle change
    marked; the legend below the plot."""
    pops = c.populations
    d = Dessin(LARGEUR, 0, "Progression vers 100 % des agents formés" + _suffixe(c))
    haut = _titre(d, d.titre, 20) + 6
    gauche, droite = 56, LARGEUR - 14
    bas = haut + 220
    dates = [p.date for p in c.serie]
    debut, fin = (dates[0], dates[-1]) if dates else (c.aujourd_hui, c.aujourd_hui)
    debut = debut.replace(day=1)
    etendue = max(_jours(debut, fin), 1)

    def x(quand) -> float:
        return gauche + (droite - gauche) * _jours(debut, quand) / etendue

    def y(v: float) -> float:
        return bas - (bas - haut) * v / 105

    for graduation in range(0, 101, 20):
        d.formes.append(Trait(((gauche, y(graduation)), (droite, y(graduation))), "#DDDDDD", 0.6))
        d.formes.append(Texte(gauche - 6, y(graduation) + 5, f"{graduation}\u00a0%", PETIT, "end"))
    d.formes.append(Trait(((gauche, y(100)), (droite, y(100))), "#888888", 1.0))
    d.formes.append(Trait(((gauche, bas), (droite, bas)), "#000000", 0.8))
    d.formes.append(Trait(((gauche, haut), (gauche, bas)), "#000000", 0.8))
    # Month ticks: one per month, a label every `pas` months so that labels never touch.
    mois = []
    m = debut
    while m <= fin:
        mois.append(m)
        m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    place = largeur_texte("sept.", PETIT) + 8
    pas = 1
    while len(mois) > 1 and (droite - gauche) * 30 * pas / etendue < place:
        pas += 1
    annee_vue = None
    for i, m in enumerate(mois):
        d.formes.append(Trait(((x(m), bas), (x(m), bas + (5 if i % pas == 0 else 3))), "#000000", 0.8))
        if i % pas == 0 and x(m) + largeur_texte(MOIS[m.month - 1], PETIT) / 2 <= LARGEUR:
            d.formes.append(Texte(x(m), bas + 25, MOIS[m.month - 1], PETIT, "middle"))
            if m.year != annee_vue:
                d.formes.append(Texte(x(m), bas + 46, str(m.year), PETIT, "middle"))
                annee_vue = m.year
    if c.changement and debut <= c.changement <= fin:
        xc = x(c.changement + timedelta(days=1))
        d.formes.append(Trait(((xc, haut), (xc, bas)), "#555555", 1.2, tirets=True))
        etiquette = "nouveau socle"
        d.formes.append(Texte(min(xc - 4, droite), haut + 14, etiquette, PETIT, "end"))

    def courbes(valeurs: list[float | None]) -> list[tuple[tuple[float, float], ...]]:
        """A masked point breaks the line rather than joining across it."""
        morceaux, courant = [], []
        for quand, v in zip(dates, valeurs):
            if v is None:
                if courant:
                    morceaux.append(tuple(courant))
                courant = []
            else:
                courant.append((x(quand), y(v)))
        if courant:
            morceaux.append(tuple(courant))
        return morceaux

    legende_y = bas + 74
    entrees = []
    for rang, pop in enumerate(pops):
        couleur = PALETTE[rang % len(PALETTE)]
        valeurs = [None if pt.formes.get(pop.id) is None or not pop.effectif
                   else 100 * pt.formes[pop.id] / pop.effectif for pt in c.serie]
        for morceau in courbes(valeurs):
            d.formes.append(Trait(morceau, couleur, 1.8, marques=True))
        entrees.append((pop.libelle, couleur, False))
    effectif_total = sum(p.effectif for p in pops)
    valeurs = [None if pt.total is None or not effectif_total else 100 * pt.total / effectif_total for pt in c.serie]
    for morceau in courbes(valeurs):
        d.formes.append(Trait(morceau, "#000000", 2.6, tirets=True))
    entrees.append(("Ensemble des agents", "#000000", True))
    for libelle, couleur, tirets in entrees:
        d.formes.append(Trait(((10, legende_y - 5), (36, legende_y - 5)), couleur, 2.6 if tirets else 2.2,
                              tirets=tirets))
        for ligne in couper(libelle, LARGEUR - 52, TEXTE):
            d.formes.append(Texte(44, legende_y, ligne, TEXTE))
            legende_y += TEXTE * 1.25
        legende_y += 4
    d.hauteur = legende_y + 4
    return d


def ecart(c: Couverture) -> Dessin:
    """Agents still to train per population (gap to 100 %): the population's name above its bar,
    the value at the bar's end, masked rows said in words."""
    lignes = c.populations
    d = Dessin(LARGEUR, 0, "Écart à 100 % par population" + _suffixe(c))
    y = _titre(d, d.titre, 20) + 8
    gauche = 10
    plus_grand = max((p.ecart or 0 for p in lignes), default=0) or 1
    reserve = largeur_texte(nombre_fr(plus_grand), TEXTE) + 10
    droite = LARGEUR - 10 - reserve
    hauteur_barre = 16
    haut = y - 4
    for p in lignes:
        for ligne in couper(p.libelle, LARGEUR - 20, TEXTE):
            d.formes.append(Texte(gauche, y + TEXTE * 0.8, ligne, TEXTE))
            y += TEXTE * 1.25
        y += 3
        longueur = (droite - gauche) * (p.ecart or 0) / plus_grand
        if longueur:
            d.formes.append(Rectangle(gauche, y, longueur, hauteur_barre, PALETTE[0]))
        texte = f"masqué (moins de {c.seuil} agents formés)" if p.ecart is None else nombre_fr(p.ecart)
        d.formes.append(Texte(gauche + longueur + 6, y + hauteur_barre - 3, texte, TEXTE))
        y += hauteur_barre + 12
    bas = y - 6
    d.formes.append(Trait(((gauche, haut), (gauche, bas)), "#000000", 0.8))
    d.formes.append(Trait(((gauche, bas), (droite, bas)), "#000000", 0.8))
    for k in range(3):
        valeur = plus_grand * k / 2
        xk = gauche + (droite - gauche) * k / 2
        d.formes.append(Trait(((xk, bas), (xk, bas + 4)), "#000000", 0.8))
        d.formes.append(Texte(xk, bas + 20, nombre_fr(round(valeur)), PETIT, "start" if k == 0 else "middle"))
    d.formes.append(Texte(gauche, bas + 42, "Agents restant à former", PETIT))
    d.hauteur = bas + 52
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
