"""Content checks on the real site, from the metadata collected by the build (the domain)
and from the built pages: fiches (titles, indexes), curriculum (counts, socle), guide
(phone numbers, glossary links)."""

from __future__ import annotations

import re
from collections import Counter

from reperes.instantane import instantane

# Official titles of the 30 fiches actions, typed from the BODY of the Schéma 2015-2020
# (../shared/sources/schema-2015-2020.md, part 2, heading line of each fiche).
TITRES_DU_SCHEMA = {
    1: 'Mieux mobiliser les ressources du territoire en faveur des familles',
    2: 'Développer le soutien à la parentalité et le parrainage',
    3: "Soutenir les parents durant la période périnatale pour leur permettre de bien accueillir leur enfant et renforcer l'attention des professionnels auprès des jeunes enfants (0-3 ans)",
    4: "Mettre en place un accompagnement adapté pour les familles hébergées à l'hôtel",
    5: 'Mieux prévenir les conduites à risques des adolescents',
    6: 'Mieux repérer et évaluer les situations de risque de danger dès les premières difficultés',
    7: "Améliorer la qualité du suivi de chaque enfant/jeune et l'accompagnement de sa famille",
    8: "Proposer la meilleure orientation possible pour les enfants en prenant en compte les fratries et les différentes tranches d'âges",
    9: 'Proposer la meilleure orientation possible pour les fratries',
    10: 'Proposer la meilleure orientation possible pour les enfants âgés de quelques jours à 3 ans',
    11: 'Proposer la meilleure orientation possible pour les enfants âgés entre 4 et 11 ans',
    12: 'Proposer la meilleure orientation possible pour les préadolescents et adolescents âgés entre 12 et 15 ans',
    13: 'Proposer la meilleure orientation possible pour les adolescents âgés entre 16 et 17 ans',
    14: "Adapter l'offre d'accompagnement de l'ASE aux besoins spécifiques des familles à la rue",
    15: "Adapter l'offre d'accompagnements de l'ASE aux besoins spécifiques des mineurs isolés étrangers",
    16: "Adapter l'offre d'accompagnement de l'ASE aux besoins spécifiques des mineurs victimes de traite des êtres humains (TEH)",
    17: "Adapter l'accompagnement aux besoins spécifiques des enfants et des adolescents en souffrance psychique",
    18: 'Renforcer la lisibilité des parcours, prévenir les ruptures par une évolution des pratiques professionnelles et des outils',
    19: "Mieux gérer les risques et renforcer la qualité de l'accueil",
    20: 'Garantir la mise en œuvre effective des droits des parents et conforter leur place',
    21: 'Rapprocher les lieux de placement de Paris en tenant compte de la dynamique de la Métropole',
    22: "Construire avec l'enfant un projet de vie personnel et permettre à chacun de se situer dans son histoire familiale",
    23: "Inscrire chaque jeune confié à l'Aide sociale à l'enfance dans un parcours d'accès à l'autonomie en le rendant acteur de son parcours",
    24: "Mobiliser les partenaires de la scolarité, de l'insertion professionnelle et sociale autour des parcours des jeunes de l'ASE et développer les actions de parrainage",
    25: "Améliorer l'orientation et la prise en charge des jeunes atteints de maladie chronique ou en situation de handicap",
    26: "Valoriser les parcours de réussite individuels, collectifs et inscrire les jeunes bénéficiaires d'un accompagnement de l'Aide sociale à l'enfance pleinement dans la cité",
    27: "Refonder l'Observatoire parisien de la protection de l'enfance",
    28: "Développer et animer une culture partagée par l'ensemble des professionnels concourant à la protection de l'enfance",
    29: "Mieux connaître les publics pour améliorer l'efficacité des actions",
    30: 'Renforcer les outils de communication',
}


def test_trente_fiches_aux_titres_du_schema(site):
    fiches = instantane(site.env).fiche
    assert sorted(fiches) == list(range(1, 31))
    for numero, titre in TITRES_DU_SCHEMA.items():
        assert fiches[numero].titre == titre, numero
        assert fiches[numero].docname == f"fiches/schema-2015-2020/fiche-{numero:02d}"
    # Each with partenaires (or an explicit statement), indicateurs and calendrier sections.
    for numero in fiches:
        page = site.soupe(f"fiches/schema-2015-2020/fiche-{numero:02d}.html").get_text(" ")
        for section in ("Partenaires principaux", "Indicateurs de réalisation", "Calendrier"):
            assert section in page, (numero, section)


def _index(site, par):
    soupe = site.soupe("fiches/schema-2015-2020/index.html")
    return soupe.select_one(f"ul.reperes-par-{par}")


def test_index_de_fiches_chaque_fiche_une_fois_par_entree(site):
    fiches = instantane(site.env).fiche
    for par in ("axe", "annee", "partenaire"):
        index = _index(site, par)
        assert index is not None, par
        vues = Counter()
        for entree in index.find_all("li", recursive=False):
            numeros = [int(re.search(r"Fiche n° (\d+)", a.get_text()).group(1)) for a in entree.select("ul a")]
            assert len(numeros) == len(set(numeros)), (par, entree.p.get_text())
            vues.update(numeros)
        assert set(vues) == set(fiches), par
        if par == "axe":
            assert all(n == 1 for n in vues.values())
        if par == "annee":
            for numero, f in fiches.items():
                assert vues[numero] == max(1, len(f.calendrier))


def test_modules_et_fiches_dans_les_deux_sens(site):
    inst = instantane(site.env)
    for f in inst.fiches:
        for mid in f.modules:
            assert f.numero in inst.module[mid].fiches
            page = site.soupe(inst.module[mid].docname + ".html")
            assert page.select_one(f".reperes-module-carte a[href$='{f.docname.split('/')[-1]}.html']")


# The socle trains « au repérage des signaux d'alerte »: the signs, then what to do.
SOCLE_ATTENDU = {"role-de-chaque-agent", "reperer-signaux", "recueillir-la-parole", "circuit-alerte", "le-119-reflexe"}
# Job units added to the socle of a population, where the job differs.
SOCLE_METIER = {"atsem": {"atsem-soins-ecole"}, "sport": {"sport-vestiaires-deplacements"},
                "encadrement": {"encadrer-une-alerte"}}


def test_curriculum(site):
    inst = instantane(site.env)
    assert len(inst.modules) >= 14
    assert len(inst.questions) >= 100
    for m in inst.modules:
        # A module is short (the socle's « Repérer les signaux », which teaches every family of
        # signs, is the longest).
        assert 10 <= m.duree <= 55, m.id
        assert len(m.questions) >= 6, m.id
    # Every population has a parcours whose socle is the common socle plus its job unit, about
    # two hours (the longest, the managers', two hours and a quarter).
    for pop in inst.population:
        siens = [p for p in inst.parcours if p.public == pop]
        assert siens, pop
        for p in siens:
            assert set(p.socle) == SOCLE_ATTENDU | SOCLE_METIER.get(pop, set()), (pop, p.socle)
            assert sum(inst.module[m].duree for m in p.socle) <= 135, pop
    # No two populations follow the same list of modules.
    listes = [p.modules for p in inst.parcours]
    assert len(set(listes)) == len(listes)
    # The catalogue and every parcours page list them.
    catalogue = site.soupe("training/catalogue.html").select("table.reperes-catalogue tbody tr")
    assert len(catalogue) == len(inst.modules)


def test_chaque_module_renvoie_au_guide(site):
    for m in instantane(site.env).modules:
        article = site.soupe(m.docname + ".html").select_one("article")
        assert article.select("a[href*='guide/']"), m.id


def test_chaque_option_a_un_retour_et_chaque_faux_renvoie_au_guide(site):
    """Every option has its feedback; every wrong option's feedback links to the section its rule
    comes from: a guide section, or for a question on a reference document, its page in fiches/."""
    fautes = []
    for m in instantane(site.env).modules:
        for li in site.soupe(m.docname + ".html").select(".reperes-corrige-option"):
            retour = li.select_one(".reperes-quiz-retour")
            assert retour and retour.get_text(strip=True), (m.id, li.get_text()[:60])
            if li["data-juste"] == "false" and not retour.select("a[href*='guide/'], a[href*='fiches/']"):
                fautes.append((m.id, li.get_text(" ", strip=True)[:100]))
    assert not fautes, fautes


# Phone numbers allowed on the site, each with where it was verified.
NUMEROS_AUTORISES = {
    "119": "Allô Enfance en Danger, service-public.fr F781",
    "17": "Police secours, service-public.fr F33954",
    "15": "SAMU, service-public.fr F33954",
    "18": "Sapeurs-pompiers, service-public.fr F33954",
    "112": "Numéro d'urgence européen, service-public.fr F33954",
    "114": "Urgences par SMS (personnes sourdes, malentendantes…), service-public.fr F33954",
    "3018": "Harcèlement et cyberharcèlement des mineurs, numéro national unique (plan du 27/09/2023, Sénat)",
    "3919": "Violences Femmes Info, gratuit et anonyme (stop-violences-femmes.gouv.fr)",
    "3114": "Prévention du suicide, numéro national, gratuit, 24 h/24 (ARS de Mayotte ; 3114.fr)",
}
# A number in a phone context: "appeler le 17", "le 119", "composer le 15", "au 114", "(15)", or
# any digit group shaped like a French phone number (01 23 45 67 89, 0 800 …).
TELEPHONE = re.compile(r"(?<![\d,.])(?:0\d(?:[ .\u00a0\u202f]?\d{2}){4}|0 ?8\d{2}(?:[ .\u00a0\u202f]?\d{2,3}){2,3})(?![\d,])")
CONTEXTE = re.compile(r"\b(?:appel\w*|compos\w*|joindre|num[ée]ro|le|au|du|SMS)[\s\u00a0\u202f]+(?:le[\s\u00a0]+)?(\d{2,4})(?![\d\s\u00a0\u202f]*(?:%|ans|€|h\b|min|enfants|jours|mois|places|agents|familles|mesures|actions|fiches|modules|questions))")


def test_numeros_de_telephone_autorises(site):
    inconnus = set()
    for page in site.pages():
        texte = site.soupe(str(page.relative_to(site.sortie))).select_one("article")
        if texte is None:
            continue
        t = texte.get_text(" ")
        inconnus.update(f"{page.name}: {m.group(0)}" for m in TELEPHONE.finditer(t))
        for m in CONTEXTE.finditer(t):
            numero = m.group(1)
            if numero not in NUMEROS_AUTORISES and (len(numero) == 3 and numero.startswith("1")
                                                    or len(numero) == 4 and numero.startswith("3")):
                inconnus.add(f"{page.name}: {m.group(0)}")
    assert not inconnus, sorted(inconnus)


def test_termes_du_glossaire_lies_dans_le_guide(site):
    """In the guide, every use of a glossary acronym is inside a link to its entry (the first
    occurrence at least)."""
    glossaire = site.soupe("guide/glossaire.html")
    termes = [dt.get_text(strip=True).rstrip("¶") for dt in glossaire.select("dl.glossary dt")]
    sigles = [t for t in termes if t.isupper() and len(t) >= 3]
    for page in ("que-faire", "le-119", "crip-information-preoccupante", "cadre-legal", "memo", "contacts"):
        article = site.soupe(f"guide/{page}.html").select_one("article")
        for sigle in sigles:
            if re.search(rf"\b{sigle}\b", article.get_text(" ")):
                liens = [a for a in article.select("a") if a.get_text(strip=True) == sigle
                         and "glossaire.html#term-" in a.get("href", "")]
                assert liens, (page, sigle)
