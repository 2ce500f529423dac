"""``make relecture``: the cues of the questions, per module and for the whole site.

    PYTHONPATH=_ext .venv/bin/python -m reperes.relecture [--source DIR] [--mots N]

Reads the site as ``make couverture`` does (refusing a site whose build warns), prints the
report, and exits 1 when a ``reperes_relecture_*`` threshold of conf.py is exceeded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def texte(r, cfg, env=None, nombre_mots: int = 15, inst=None) -> str:
    def doc(docname: str) -> str:
        return env.doc2path(docname, False) if env is not None else docname

    lignes = ["Indices exploitables sans connaître la réponse (questions à une seule réponse)", ""]
    entetes = ["Module", "Questions", "Solveur d'indices", "La plus longue", "La plus courte", "Hasard",
               "Position la plus fréquente"]
    rangs = [[s.titre, str(s.questions), f"{s.score_solveur:.0f} %", f"{s.score_longue:.0f} %",
              f"{s.score_courte:.0f} %", f"{s.score_hasard:.0f} %",
              f"{s.position_max[1]:.0f} % en position {s.position_max[0]}"] for s in r.modules]
    site = r.site
    rangs.append([site.titre, str(site.questions), f"{site.score_solveur:.1f} %", f"{site.score_longue:.1f} %",
                  f"{site.score_courte:.1f} %", f"{site.score_hasard:.1f} %",
                  "positions : " + ", ".join(f"{p}: {n}" for p, n in sorted(site.positions.items()))])
    largeurs = [max(len(x[i]) for x in [entetes, *rangs]) for i in range(len(entetes))]
    for rang in [entetes, *rangs]:
        lignes.append(" | ".join(x.ljust(largeurs[0]) if i == 0 else x.rjust(largeurs[i]) for i, x in enumerate(rang)))
        if rang is entetes:
            lignes.append("-+-".join("-" * l for l in largeurs))
    lignes += ["", f"Mots plus fréquents dans les bonnes réponses ({r.options_justes} options justes, "
                   f"{r.options_fausses} fausses ; mots présents dans au moins {cfg.relecture_mots_min} bonnes "
                   "réponses, rapport le plus haut d'abord) :"]
    for m in r.mots[:nombre_mots]:
        lignes.append(f"  {m.forme:<18} justes {m.taux_justes:5.1f} % ({m.justes})   fausses {m.taux_fausses:5.1f} % "
                      f"({m.fausses})   rapport {m.rapport:.1f}")
    lignes += ["", "Mots et expressions plus fréquents dans les mauvaises réponses (mêmes seuils, rapport "
                   "le plus haut d'abord) :"]
    for m in r.mots_faux[:nombre_mots]:
        lignes.append(f"  {m.forme:<18} fausses {m.taux_fausses:5.1f} % ({m.fausses})   justes {m.taux_justes:5.1f} % "
                      f"({m.justes})   rapport {m.rapport:.1f}")
    if r.mots_faux_module:
        lignes += ["", "Par module, mots présents dans au moins 3 mauvaises réponses et aucune bonne :"]
        for mid, liste in sorted(r.mots_faux_module.items()):
            lignes.append(f"  {mid} : " + ", ".join(f"« {m.forme} » ({m.fausses})" for m in liste[:8]))
    lignes += ["", "Solveur d'indices : sur chaque question à une réponse, +1 par mot d'autorité ou d'urgence "
                   "(responsable, CRIP, 119, procureur, tout de suite…), −1 par mot de délai, de famille, d'enquête "
                   "ou absolu (attendre, demain, parents, vérifier, jamais, si, accord…) ; il choisit la réponse au "
                   "plus haut score (ex æquo : le point partagé)."]
    lignes += ["", f"Bonne réponse de loin la plus longue (au moins {cfg.relecture_marge:g} fois chacune des "
                   f"autres) : {len(r.de_loin)} question(s)"]
    lignes += [f"  {doc(d)}:{ligne}: {qid} (× {rapport:.2f})" for qid, d, ligne, rapport in r.de_loin]
    if inst is not None:
        lignes += ["", "Banques de validation du socle de chaque parcours (questions « :validation: », dont "
                       "« :reperage: ») :"]
        for p in inst.parcours:
            banque = [q for mid in p.socle for q in inst.banque_du_module(mid)]
            part = 100 * sum(q.reperage for q in banque) / len(banque) if banque else 0.0
            lignes.append(f"  {p.id:<28} {len(p.socle):>2} modules du socle, {len(banque):>3} questions de validation, "
                          f"{sum(q.reperage for q in banque):>3} de repérage ({part:.0f} %)")
    module, position, part = r.position_max
    lignes += ["", "Seuils (conf.py) : "
               f"la plus longue et la plus courte ≤ {cfg.relecture_plus_longue:g} % (site : "
               f"{site.score_longue:.1f} % et {site.score_courte:.1f} %) ; "
               f"solveur ≤ {cfg.relecture_solveur:g} % sur le site (site : {site.score_solveur:.1f} %, hasard "
               f"{site.score_hasard:.1f} %) et ≤ {cfg.relecture_solveur_module:g} % par module (max : "
               f"{r.solveur_max.score_solveur if r.solveur_max else 0:.0f} %) ; "
               f"rapport des mots ≤ {cfg.relecture_rapport_mots:g} dans les deux sens (bonnes : {r.rapport_max:.1f}, "
               f"mauvaises : {r.rapport_faux_max:.1f}) ; "
               f"même position ≤ {cfg.relecture_position:g} % par module (max : {part:.0f} %, « {module} »)."]
    return "\n".join(lignes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reperes.relecture", description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default=".", help="dossier source du site (contient conf.py)")
    parser.add_argument("--mots", type=int, default=15, help="nombre de mots indices affichés")
    args = parser.parse_args(argv)

    from sphinx.errors import SphinxError

    from ..config import get_config
    from ..lecture import lire_site, refuser
    from . import analyser, depassements

    try:
        # The bank's own checks (sizes, socle share) are the build's: the cues are measured on
        # whatever questions the site holds, banks complete or not.
        lecture = lire_site(Path(args.source), {"reperes_validation_banques": False}, "relecture")
    except SphinxError as exc:
        print(f"{exc.category} : {exc}", file=sys.stderr)
        return 1
    if refuser(lecture, "make relecture"):
        return 1
    cfg = get_config(lecture.app)
    r = analyser(lecture.instantane, cfg.relecture_mots_min, cfg.relecture_marge)
    print(texte(r, cfg, lecture.app.env, args.mots, lecture.instantane))
    fautes = depassements(r, cfg)
    for f in fautes:
        print(f"SEUIL DÉPASSÉ : {f}", file=sys.stderr)
    return 1 if fautes else 0


if __name__ == "__main__":
    sys.exit(main())
