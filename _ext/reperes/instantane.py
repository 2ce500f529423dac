"""The snapshot: one frozen picture of the whole site, built once after the merge.

Read time leaves plain records in the domain, per page. On ``env-updated`` (every page
read, parallel readers merged; it fires at every build, incremental ones included)
:func:`construire` turns them into one :class:`Instantane`: modules with their version,
title, questions, fiches and trainer sheet; questions; parcours with their socle; fiches;
axes; rules of the guide; populations; page titles; and the dashboard's figures. Every
whole-site check runs here, on the records, so its warnings come back at every build.

Every collected view (catalogue, parcours, « Ma progression », composer, fiches, the
dashboard, a module's card, a ``{fiche}`` or ``{regle}`` reference) is rendered from this
snapshot and from nothing else: what a view can show is in the snapshot, so the
snapshot's :attr:`signature` decides which pages to re-write, and an incremental build
cannot go stale.

Three fingerprints, three names: a question's ``empreinte`` (its stem, options and right
answers: progress is kept under it), a module's ``version`` (its questions' empreintes),
the snapshot's ``signature`` (everything the views show). The receipt's digest of a
parcours's versions is ``attestation.condensat_versions``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sphinx.environment import BuildEnvironment

from .avertissements import Sous, avertir
from .domaine import domaine
from .populations import Population

# Fields that say where a thing is declared: used by messages, never shown by a view, so
# left out of the signature (moving a block inside its page re-writes no other page).
LIEU = {"lieu": True}


@dataclass(frozen=True)
class Question:
    id: str
    docname: str
    rang: int  # 1, 2… in its page
    multiple: bool
    empreinte: str
    options: tuple[str, ...]  # the options' text, in the source order
    justes: tuple[int, ...]  # indexes of the right options
    lineno: int = field(default=0, metadata=LIEU)
    validation: bool = False  # in its module's validation bank (`:validation:`): never shown for practice
    reperage: bool = False  # asks to recognise or rule out a sign (`:reperage:`)


@dataclass(frozen=True)
class Objectif:
    texte: str
    questions: tuple[str, ...]  # the quiz ids it cites with {quiz}
    lineno: int = field(default=0, metadata=LIEU)


@dataclass(frozen=True)
class Module:
    id: str
    docname: str
    titre: str
    duree: int
    publics: tuple[str, ...]
    socle: bool
    questions: tuple[str, ...]  # quiz ids, in page order
    version: str
    formateur: str | None  # docname of its trainer sheet, if there is one
    fiches: tuple[int, ...]  # fiches actions that name this module
    objectifs: tuple[Objectif, ...] = ()
    lineno: int = field(default=0, metadata=LIEU)


@dataclass(frozen=True)
class Parcours:
    id: str
    docname: str
    titre: str
    public: str
    modules: tuple[str, ...]  # known modules, in order (an unknown one is a build error)
    socle: tuple[str, ...]  # those of them that are socle for the parcours's population
    lineno: int = field(default=0, metadata=LIEU)


@dataclass(frozen=True)
class Fiche:
    numero: int  # the official number in the schema (so is an axe's)
    docname: str
    axe: int
    titre: str
    calendrier: tuple[int, ...]
    partenaires: tuple[str, ...]
    modules: tuple[str, ...]
    lineno: int = field(default=0, metadata=LIEU)


@dataclass(frozen=True)
class Axe:
    numero: int
    docname: str
    titre: str
    lineno: int = field(default=0, metadata=LIEU)


@dataclass(frozen=True)
class Regle:
    """A decision rule of the guide, stated once and quoted word for word elsewhere."""

    id: str
    docname: str
    titre: str
    texte: str
    lineno: int = field(default=0, metadata=LIEU)


@dataclass(frozen=True)
class Instantane:
    modules: tuple[Module, ...] = ()
    questions: tuple[Question, ...] = ()
    parcours: tuple[Parcours, ...] = ()
    fiches: tuple[Fiche, ...] = ()
    axes: tuple[Axe, ...] = ()
    regles: tuple[Regle, ...] = ()
    populations: tuple[Population, ...] = ()
    titres: tuple[tuple[str, str], ...] = ()  # (docname, title) of every page
    reglages: tuple[tuple[str, Any], ...] = ()  # the settings views show (validation threshold…)
    # The features' own sections, by name, added through the « reperes-contribuer » event before
    # the snapshot is signed (the dashboard's: couverture.directive.SectionCouverture).
    sections: tuple[tuple[str, Any], ...] = ()
    signature: str = ""

    # -- lookups (cached on the frozen object; pickled with it) --------------------------
    @cached_property
    def module(self) -> dict[str, Module]:
        return {m.id: m for m in self.modules}

    @cached_property
    def question(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def un_parcours(self) -> dict[str, Parcours]:
        return {p.id: p for p in self.parcours}

    @cached_property
    def fiche(self) -> dict[int, Fiche]:
        return {f.numero: f for f in self.fiches}

    @cached_property
    def axe(self) -> dict[int, Axe]:
        return {a.numero: a for a in self.axes}

    @cached_property
    def regle(self) -> dict[str, Regle]:
        return {r.id: r for r in self.regles}

    @cached_property
    def population(self) -> dict[str, Population]:
        return {p.id: p for p in self.populations}

    @cached_property
    def titre(self) -> dict[str, str]:
        return dict(self.titres)

    def section(self, nom: str) -> Any:
        """A feature's section (None when the feature added none)."""
        return dict(self.sections).get(nom)

    def questions_du_module(self, module_id: str) -> list[Question]:
        return [self.question[q] for q in self.module[module_id].questions]

    def entrainement_du_module(self, module_id: str) -> list[Question]:
        """The practice questions: on the page, feedback at once."""
        return [q for q in self.questions_du_module(module_id) if not q.validation]

    def banque_du_module(self, module_id: str) -> list[Question]:
        """The validation bank: drawn by a pass, never on the agents' pages."""
        return [q for q in self.questions_du_module(module_id) if q.validation]

    def tirage(self, module_id: str) -> int:
        """How many questions a pass draws: bank size ÷ 2 between the two settings (the whole
        bank, or the practice questions of a site without banks, when smaller)."""
        r = dict(self.reglages)
        banque = self.banque_du_module(module_id) or self.questions_du_module(module_id)
        return min(len(banque), max(r.get("tirage_min", 6), min(r.get("tirage_max", 10), len(banque) // 2)))

    def libelle(self, population_id: str) -> str:
        p = self.population.get(population_id)
        return p.libelle if p else population_id

    def socle_par_population(self) -> dict[str, list[str]]:
        """{population: socle modules of its parcours} (first parcours of a population wins)."""
        socle: dict[str, list[str]] = {}
        for p in self.parcours:
            socle.setdefault(p.public, list(p.socle))
        return socle

    def versions(self) -> dict[str, str]:
        return {m.id: m.version for m in self.modules}


def version_module(empreintes: list[str]) -> str:
    """A module's content version: a short digest of its questions' empreintes, in order."""
    return hashlib.sha1("|".join(empreintes).encode()).hexdigest()[:6]


def _sans_lieux(valeur: Any) -> Any:
    if dataclasses.is_dataclass(valeur) and not isinstance(valeur, type):
        return {f.name: _sans_lieux(getattr(valeur, f.name)) for f in dataclasses.fields(valeur)
                if not f.metadata.get("lieu") and f.name != "signature"}
    if isinstance(valeur, (list, tuple)):
        return [_sans_lieux(v) for v in valeur]
    if isinstance(valeur, dict):
        return {str(k): _sans_lieux(v) for k, v in valeur.items()}
    return valeur


def signer(inst: Instantane) -> str:
    brut = json.dumps(_sans_lieux(inst), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(brut.encode()).hexdigest()


# -- building it, with the whole-site checks ---------------------------------------------------
def _premiers(env: BuildEnvironment, rubrique: str, cle: str, mot: str, sous: Sous) -> dict[Any, dict]:
    """First declaration of each key; every later one is reported with both places."""
    premiers: dict[Any, dict] = {}
    for e in domaine(env).entrees(rubrique):
        autre = premiers.setdefault(e[cle], e)
        if autre is not e:
            avertir(sous, f"identifiant de {mot} « {e[cle]} » déjà utilisé dans "
                          f"{env.doc2path(autre['docname'], False)}:{autre['lineno']} : les identifiants "
                          "sont uniques sur tout le site.", (e["docname"], e["lineno"]))
    return premiers


def construire(env: BuildEnvironment) -> Instantane:
    dom = domaine(env)
    docs = dom.data["docs"]
    populations: dict[str, Population] = getattr(env, "reperes_populations", {})
    titres = {d: v["titre"] for d, v in docs.items() if v["titre"] is not None}

    enr_quiz = _premiers(env, "quiz", "id", "quiz", Sous.quiz)
    enr_modules = _premiers(env, "modules", "id", "module", Sous.module)
    enr_parcours = _premiers(env, "parcours", "id", "parcours", Sous.parcours)
    enr_fiches = _premiers(env, "fiches", "numero", "fiche", Sous.fiche)
    enr_axes = _premiers(env, "axes", "numero", "axe", Sous.fiche)
    enr_regles = _premiers(env, "regles", "id", "règle", Sous.regle)

    questions = tuple(Question(q["id"], q["docname"], q["rang"], q["multiple"], q["empreinte"],
                               tuple(q["options"]), tuple(q["justes"]), q["lineno"],
                               q.get("validation", False), q.get("reperage", False))
                      for q in enr_quiz.values())
    par_page: dict[str, list[Question]] = {}
    for q in questions:
        if enr_quiz[q.id]["docname"] == q.docname:
            par_page.setdefault(q.docname, []).append(q)

    fiches_de: dict[str, list[int]] = {}
    for f in sorted(enr_fiches.values(), key=lambda f: f["numero"]):
        for mid, _ in f["modules"]:
            fiches_de.setdefault(mid, []).append(f["numero"])

    formateurs = env.config.reperes_formateurs_dossier.strip("/")
    modules = []
    for m in enr_modules.values():
        qs = sorted(par_page.get(m["docname"], []), key=lambda q: (q.validation, q.rang))  # practice, then bank
        formateur = f"{formateurs}/{m['id']}"
        modules.append(Module(m["id"], m["docname"], titres.get(m["docname"], m["docname"]), m["duree"],
                              tuple(m["publics"]), m["socle"], tuple(q.id for q in qs),
                              version_module([q.empreinte for q in qs]),
                              formateur if formateur in titres else None,
                              tuple(fiches_de.get(m["id"], ())),
                              tuple(Objectif(o["texte"], tuple(o["questions"]), o["lineno"]) for o in m["objectifs"]),
                              m["lineno"]))
    connus = {m.id: m for m in modules}

    parcours = []
    for p in enr_parcours.values():
        for mid, ligne in p["modules"]:
            if mid not in connus:
                avertir(Sous.parcours, f"parcours « {p['id']} » : module « {mid} » inconnu. Modules existants : "
                                       f"{', '.join(sorted(connus))}.", (p["docname"], ligne))
        ids = tuple(mid for mid, _ in p["modules"] if mid in connus)
        socle = tuple(mid for mid in ids if connus[mid].socle and p["public"] in connus[mid].publics)
        parcours.append(Parcours(p["id"], p["docname"], p["titre"], p["public"], ids, socle, p["lineno"]))

    axes = tuple(Axe(a["numero"], a["docname"], a["titre"], a["lineno"]) for a in enr_axes.values())
    fiches = []
    for f in enr_fiches.values():
        if axes and f["axe"] not in {a.numero for a in axes}:
            avertir(Sous.fiche, f"fiche n° {f['numero']} : axe {f['axe']} inconnu (axes déclarés : "
                                f"{', '.join(str(a.numero) for a in sorted(axes, key=lambda a: a.numero))}).",
                    (f["docname"], f["lineno"]))
        for mid, ligne in f["modules"]:
            if mid not in connus:
                avertir(Sous.fiche, f"fiche n° {f['numero']} : module « {mid} » inconnu dans « :modules: ».",
                        (f["docname"], ligne))
        fiches.append(Fiche(f["numero"], f["docname"], f["axe"], f["titre"], tuple(f["calendrier"]),
                            tuple(f["partenaires"]), tuple(mid for mid, _ in f["modules"] if mid in connus),
                            f["lineno"]))

    regles = tuple(Regle(r["id"], r["docname"], r["titre"], r["texte"], r["lineno"]) for r in enr_regles.values())

    inst = Instantane(
        modules=tuple(sorted(modules, key=lambda m: m.id)),
        questions=tuple(sorted(questions, key=lambda q: q.id)),
        parcours=tuple(sorted(parcours, key=lambda p: p.id)),
        fiches=tuple(sorted(fiches, key=lambda f: f.numero)),
        axes=tuple(sorted(axes, key=lambda a: a.numero)),
        regles=tuple(sorted(regles, key=lambda r: r.id)),
        populations=tuple(populations.values()),
        titres=tuple(sorted(titres.items())),
        reglages=(("seuil_validation", env.config.reperes_seuil_validation),
                  ("validite_annees", env.config.reperes_validite_annees),
                  ("banques", env.config.reperes_validation_banques),
                  ("tirage_min", env.config.reperes_validation_tirage_min),
                  ("tirage_max", env.config.reperes_validation_tirage_max)),
    )
    _verifier_pages(env, inst)
    return inst


def _verifier_pages(env: BuildEnvironment, inst: Instantane) -> None:
    """Checks that need the whole site: modules folder, booklets, references, objectives."""
    docs = domaine(env).data["docs"]
    connues = {"fiche": {str(f.numero) for f in inst.fiches}, "quiz": set(inst.question),
               "regle": set(inst.regle), "module": set(inst.module)}
    conseils = {
        "fiche": lambda: "fiches déclarées : " + (", ".join(str(f.numero) for f in inst.fiches) or "aucune"),
        "quiz": lambda: "vérifiez l'identifiant (« :id: » du bloc « quiz »)",
        "regle": lambda: "règles du guide : " + (", ".join(sorted(inst.regle)) or "aucune"),
        "module": lambda: "modules : " + ", ".join(sorted(inst.module)),
    }
    sous = {"fiche": Sous.fiche, "quiz": Sous.quiz, "regle": Sous.regle, "module": Sous.module}
    noms = {"fiche": "fiche action", "quiz": "question", "regle": "règle", "module": "module"}
    # A question that failed its own checks was reported at its line: neither the pages that cite
    # it nor its module's counts add a second message for the same mistake.
    invalides = {e["id"]: e["docname"] for e in domaine(env).entrees("quiz_invalides")}
    # A page with a block MyST does not know (« {quizz} ») was reported at that line: what the
    # block would have declared is missing, so references to a question are not said again.
    from .avertissements import pages_a_bloc_inconnu

    fautives = pages_a_bloc_inconnu(env)
    for docname, donnees in sorted(docs.items()):
        for sorte, refs in donnees["refs"].items():
            for cible, ligne in refs:
                if cible not in connues[sorte] and not (sorte == "quiz" and (cible in invalides or docname in fautives)):
                    avertir(sous[sorte], f"{noms[sorte]} « {cible} » inconnue ({conseils[sorte]()})."
                            if sorte != "module" else f"module « {cible} » inconnu ({conseils[sorte]()}).",
                            (docname, ligne))
    minimum = env.config.reperes_objectifs_questions_min
    incomplets = set(invalides.values()) | fautives
    for m in inst.modules:
        if m.docname in incomplets:  # counted again once its questions are fixed
            continue
        propres = set(m.questions)
        for rang, objectif in enumerate(m.objectifs, 1):
            autres = [q for q in objectif.questions if q in inst.question and q not in propres]
            if autres:
                avertir(Sous.module, f"module « {m.id} », objectif {rang} : {', '.join(autres)} n'est pas une "
                                     "question de ce module.", (m.docname, objectif.lineno or m.lineno))
            if len(set(objectif.questions) & propres) < minimum:
                avertir(Sous.module, f"module « {m.id} », objectif {rang} : citez au moins {minimum} questions du "
                                     "module qui le vérifient, avec {quiz}`identifiant` (« … ({quiz}`x-01`, "
                                     "{quiz}`x-04`) »).", (m.docname, objectif.lineno or m.lineno))
    if env.config.reperes_validation_banques:
        _verifier_banques(env, inst, incomplets)
    dossier = env.config.reperes_modules_dossier.strip("/") + "/"
    for docname in sorted(env.found_docs):
        if docname.startswith(dossier) and not docs.get(docname, {}).get("bloc_module"):
            avertir(Sous.module, f"cette page est dans {dossier} mais n'a pas de bloc « module » : ajoutez-le sous "
                                 "le titre (voir README, « Ajouter un module »), ou déplacez la page.", (docname, 1))
    for docname, donnees in sorted(docs.items()):
        livret = donnees["livret"]
        if not livret:
            continue
        p = inst.un_parcours.get(livret["parcours"])
        if p is None:
            avertir(Sous.parcours, f"livret : parcours « {livret['parcours']} » inconnu.", (docname, livret["lineno"]))
            continue
        formateurs = env.config.reperes_formateurs_dossier.strip("/")
        for message in _ecarts_livret(docname, p, inst, livret.get("toc", []), formateurs, env.found_docs):
            avertir(Sous.parcours, f"livret du parcours « {p.id} » : {message}", (docname, livret["lineno"]))


def _ecarts_livret(docname: str, p: Parcours, inst: Instantane, toc: list[str], formateurs: str,
                   pages: set[str]) -> list[str]:
    """What a booklet's table of contents lacks or has too many, each page named as the editor
    writes it in the toctree (relative to the booklet), with what to do: the modules of the
    parcours in its order, then their trainer sheets in the same order; other pages may follow."""
    import posixpath

    def ecrit(cible: str) -> str:
        return posixpath.relpath(cible, posixpath.dirname(docname))

    attendu = [inst.module[m].docname for m in p.modules] + [f"{formateurs}/{m}" for m in p.modules]
    modules_ou_fiches = {m.docname for m in inst.modules} | {f"{formateurs}/{m.id}" for m in inst.modules}
    tenus = [d for d in toc if d in modules_ou_fiches]
    messages = []
    for rang, cible in enumerate(attendu):
        if cible in tenus:
            continue
        apres = f", après « {ecrit(attendu[rang - 1])} »" if rang else ", en premier"
        manque = "" if cible in pages else f" (cette page n'existe pas encore : créez {cible}.md, README « Ajouter un module »)"
        messages.append(f"« {ecrit(cible)} » manque : ajoutez-la à sa table des matières{apres}{manque}.")
    for cible in tenus:
        if cible not in attendu:
            messages.append(f"« {ecrit(cible)} » n'est pas dans le parcours : retirez-la de la table des matières, "
                            "ou ajoutez le module au parcours.")
    if not messages:
        ordre = [d for d in tenus if d in attendu]
        for rang, (vu, voulu) in enumerate(zip(ordre, attendu)):
            if vu != voulu:
                messages.append(f"ordre différent de celui du parcours : « {ecrit(voulu)} » doit venir en position "
                                f"{rang + 1}, avant « {ecrit(vu)} » (les modules dans l'ordre du parcours, puis "
                                "leurs fiches formateur dans le même ordre).")
                break
        if not messages and toc[:len(attendu)] != attendu:
            messages.append("les modules et les fiches formateur doivent venir en premier, avant toute autre page "
                            "(fiche de recueil, mémo).")
    return messages


def _verifier_banques(env: BuildEnvironment, inst: Instantane, incomplets: set[str] = frozenset()) -> None:
    """The validation bank (issue 21): big enough for two passes sharing at most half their
    questions, every objective drawable, practice on the page, a socle assessed on repérage."""
    cfg = env.config
    minimum = 2 * cfg.reperes_validation_tirage_min
    for m in inst.modules:
        if m.docname in incomplets:  # an invalid question was reported: counted again once fixed
            continue
        banque = inst.banque_du_module(m.id)
        entrainement = inst.entrainement_du_module(m.id)
        if len(banque) < minimum:
            avertir(Sous.module, f"module « {m.id} » : {len(banque)} question(s) de validation ; la banque en demande "
                                 f"au moins {minimum} (deux fois les {cfg.reperes_validation_tirage_min} questions "
                                 "d'un tirage, pour que deux passages partagent au plus la moitié de leurs "
                                 "questions). Ajoutez des questions marquées « :validation: » sous « :id: ».",
                    (m.docname, m.lineno))
        if len(entrainement) < cfg.reperes_entrainement_min:
            avertir(Sous.module, f"module « {m.id} » : {len(entrainement)} question(s) d'entraînement ; il en faut au "
                                 f"moins {cfg.reperes_entrainement_min} sur la page (des questions sans "
                                 "« :validation: », avec leur retour immédiat).", (m.docname, m.lineno))
        tirage = inst.tirage(m.id)
        if banque and len(m.objectifs) > tirage:
            avertir(Sous.module, f"module « {m.id} » : {len(m.objectifs)} objectifs, mais un passage ne tire que "
                                 f"{tirage} questions : il ne pourrait pas en vérifier chacun. Regroupez des objectifs, "
                                 "ou agrandissez la banque (un passage tire la moitié de la banque).",
                    (m.docname, m.lineno))
        ids_banque = {q.id for q in banque}
        for rang, objectif in enumerate(m.objectifs, 1):
            if not ids_banque & set(objectif.questions):
                avertir(Sous.module, f"module « {m.id} », objectif {rang} : aucune question de validation ne le "
                                     "vérifie, un passage ne pourrait pas le tirer. Citez au moins une question "
                                     "marquée « :validation: » avec {quiz}`identifiant`.",
                        (m.docname, objectif.lineno or m.lineno))
    part = cfg.reperes_socle_reperage_part
    for p in inst.parcours:
        if any(inst.module[mid].docname in incomplets for mid in p.socle if mid in inst.module):
            continue
        banque = [q for mid in p.socle for q in inst.banque_du_module(mid)]
        reperage = sum(q.reperage for q in banque)
        if banque and reperage < part * len(banque):
            avertir(Sous.parcours, f"parcours « {p.id} » : {reperage} des {len(banque)} questions de validation de son "
                                   f"socle ({', '.join(p.socle)}) sont marquées « :reperage: », moins de "
                                   f"{round(100 * part)} % : le socle doit évaluer le repérage des signaux. Ajoutez aux modules "
                                   "du socle des questions de validation qui demandent de reconnaître (ou d'écarter) "
                                   "un signe dans une situation, marquées « :reperage: ».",
                    (p.docname, p.lineno))


def instantane(env: BuildEnvironment) -> Instantane:
    """The snapshot of the current build (an empty one before the first read ends)."""
    return getattr(env, "reperes_instantane", None) or Instantane()


def _apres_lecture(app, env: BuildEnvironment) -> list[str]:
    """``env-updated``: build the snapshot (its checks warn), and return the pages with views
    when the snapshot changed."""
    inst = construire(env)
    # Features add their named sections (the plumbing imports none of them); whatever a section
    # holds — figures read from a file on a given day — is in the signature.
    sections: dict[str, Any] = {}
    for apport in app.events.emit("reperes-contribuer", env, inst):
        for nom, section in (apport or {}).items():
            if nom in sections:
                raise ValueError(f"section « {nom} » de l'instantané fournie deux fois")
            sections[nom] = section
    inst = dataclasses.replace(inst, sections=tuple(sorted(sections.items())))
    inst = dataclasses.replace(inst, signature=signer(inst))
    env.reperes_instantane = inst
    dom = domaine(env)
    app.events.emit("reperes-instantane", env, inst)  # features' own whole-site checks
    # Every page's sidebar shows the site's tree: a page added or removed, or a toctree changed,
    # changes pages Sphinx would not re-write. Then all are written, as a fresh build would.
    navigation = hashlib.sha1(json.dumps([sorted(env.found_docs), sorted(env.toctree_includes.items()),
                                          inst.titres], ensure_ascii=False).encode()).hexdigest()
    if navigation != dom.data.get("navigation"):
        premiere = dom.data.get("navigation") is None
        dom.data["navigation"] = navigation
        dom.data["signature"] = inst.signature
        return [] if premiere else sorted(env.found_docs)
    if inst.signature == dom.data.get("signature"):
        return []
    dom.data["signature"] = inst.signature
    return sorted(d for d, v in dom.data["docs"].items() if v["vues"])


def setup_instantane(app) -> None:
    # Emitted with (env, snapshot) before signing: a feature returns {name: its section}.
    app.add_event("reperes-contribuer")
    # Emitted with (env, snapshot) once each snapshot is built and signed: features' checks.
    app.add_event("reperes-instantane")
    app.connect("env-updated", _apres_lecture)
