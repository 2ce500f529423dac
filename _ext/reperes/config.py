"""Configuration values of the extension: declared once, typed, documented, validated.

Every value carries the ``reperes_`` prefix (as sphinx-design's ``sd_`` values) so
that conf.py shows at a glance what belongs to the project.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError


@dataclass(frozen=True)
class ReperesConfig:
    """The project's settings, with their defaults and what each is for."""

    populations_fichier: str = field(
        default="data/populations.csv",
        metadata={"help": "CSV of the populations of agents (id, libellé, effectif, source, date), relative to the source dir."},
    )
    modules_dossier: str = field(
        default="training/modules",
        metadata={"help": "Folder whose every page must be a training module (with a `module` block)."},
    )
    formateurs_dossier: str = field(
        default="training/formateurs",
        metadata={"help": "Folder of the trainers' session sheets: the sheet of module <id> is <folder>/<id>."},
    )
    contacts_fichier: str = field(
        default="data/contacts.csv",
        metadata={"help": "CSV of local contacts shown by the `contacts` block."},
    )
    recherche_mots: str = field(
        default="data/recherche-mots.csv",
        metadata={"help": "CSV of the words agents type in the search (mot;page;ancre) and the page each must find "
                          "first (a main index entry of that page)."},
    )
    suivi_fichier: str = field(
        default="data/exemple/suivi-formations.csv",
        metadata={
            "help": "Training records (one row per agent and module). Real records hold personal data: "
            "point REPERES_SUIVI (environment) at a file outside the repository."
        },
    )
    seuil_masquage: int = field(
        default=5,
        metadata={"help": "Figures computed on fewer agents than this are masked (« < 5 »)."},
    )
    rythme_mois: int = field(
        default=6,
        metadata={"help": "Months of recent training used to project the date of 100 %."},
    )
    validite_annees: int = field(
        default=3,
        metadata={"help": "Years after which a completion no longer counts (recyclage).", "min": 1},
    )
    seuil_validation: int = field(
        default=80,
        metadata={"help": "Score (percent of right first answers) at which a validation pass validates a "
                          "module.", "min": 1, "max": 100},
    )
    objectifs_questions_min: int = field(
        default=2,
        metadata={"help": "Questions each learning objective of a module must cite with {quiz} (0: no check).",
                  "min": 0},
    )
    validation_banques: bool = field(
        default=False,
        metadata={"help": "Each module validates on its own bank of `:validation:` questions, never shown for "
                          "practice; the build checks the bank's size, that every objective cites a bank question, "
                          "that practice exists and the socle's share of `:reperage:` questions. False (test roots "
                          "written before the bank): a module without a bank validates on its practice questions."},
    )
    validation_tirage_min: int = field(
        default=6,
        metadata={"help": "Fewest bank questions a validation pass draws (a pass draws bank size ÷ 2, between "
                          "this and validation_tirage_max); a bank holds at least twice this.", "min": 1},
    )
    validation_tirage_max: int = field(
        default=10,
        metadata={"help": "Most bank questions a validation pass draws.", "min": 1},
    )
    entrainement_min: int = field(
        default=2,
        metadata={"help": "Fewest practice questions (without `:validation:`) a module holds.", "min": 0},
    )
    socle_reperage_part: float = field(
        default=0.5,
        metadata={"help": "Lowest share (0 to 1) of a parcours's socle bank questions flagged `:reperage:`.",
                  "min": 0, "max": 1},
    )
    relecture_solveur: float = field(
        default=35.0,
        metadata={"help": "make relecture / tests: highest site-wide score (percent) of the cue solver (authority "
                          "and urgency words up; delay, family, investigating and absolute words down) on "
                          "single-answer questions.", "min": 0, "max": 100},
    )
    relecture_solveur_module: float = field(
        default=45.0,
        metadata={"help": "make relecture / tests: highest score (percent) of the cue solver in one module.",
                  "min": 0, "max": 100},
    )
    relecture_plus_longue: float = field(
        default=35.0,
        metadata={"help": "make relecture / tests: highest site-wide score (percent) of « always pick the "
                          "longest option » on single-answer questions.", "min": 0, "max": 100},
    )
    relecture_rapport_mots: float = field(
        default=3.0,
        metadata={"help": "make relecture / tests: highest ratio between a word's or short phrase's rate in right "
                          "options and its rate in wrong ones, either way (words in at least `relecture_mots_min` "
                          "options of the side where they are frequent).",
                  "min": 1},
    )
    relecture_mots_min: int = field(
        default=5,
        metadata={"help": "make relecture: a word is weighed once it appears in this many right options.",
                  "min": 1},
    )
    relecture_position: float = field(
        default=50.0,
        metadata={"help": "make relecture / tests: highest share (percent) of a module's single-answer questions "
                          "whose right option sits at the same position in the source.", "min": 0, "max": 100},
    )
    relecture_marge: float = field(
        default=1.3,
        metadata={"help": "make relecture: a right option this many times as long as every other one is listed "
                          "as « la plus longue de loin ».", "min": 1},
    )

    alleger: bool = field(
        default=True,
        metadata={"help": "Lighten the HTML build: purged CSS, icon fonts cut down to the icons used, search "
                          "code on the search page only (see allegement.py)."},
    )

    @classmethod
    def from_sphinx(cls, config: Config) -> "ReperesConfig":
        values = {f.name: getattr(config, f"reperes_{f.name}") for f in fields(cls)}
        env_suivi = os.environ.get("REPERES_SUIVI")
        if env_suivi:
            values["suivi_fichier"] = env_suivi
        return cls(**values)


def _valider(app: Sphinx, config: Config) -> None:
    """Fail early, with the name of the setting and its line in conf.py, rather than deep in a
    build. A setting is an editor's or a manager's choice, not a bug: one located line, exit
    status 2, never Sphinx's « Extension error » traceback (which any exception raised from a
    handler becomes; SystemExit is the one Sphinx lets through)."""
    try:
        _verifier(config)
    except ConfigError as exc:
        import sys

        nom = str(exc).split(" ", 1)[0]
        # Written as Sphinx writes a located error (the build's environment, which its logging
        # needs for a location, does not exist yet at this point).
        flux = getattr(app, "_warning", None) or sys.stderr
        flux.write(f"{_ligne_du_reglage(app, nom)}: ERROR: {exc} [reperes.config]\n")
        raise SystemExit(2) from None


def _ligne_du_reglage(app: Sphinx, nom: str) -> str:
    """« conf.py:42 » where ``nom`` is set; the environment variable when it comes from there."""
    if nom == "reperes_suivi_fichier" and os.environ.get("REPERES_SUIVI"):
        return "REPERES_SUIVI (variable d'environnement)"
    conf = os.path.join(app.confdir, "conf.py")
    try:
        with open(conf, encoding="utf-8") as fichier:
            for numero, ligne in enumerate(fichier, 1):
                if ligne.split("=", 1)[0].strip() == nom:
                    return f"{conf}:{numero}"
    except OSError:
        pass
    return conf


def _verifier(config: Config) -> None:
    cfg = ReperesConfig.from_sphinx(config)
    for f in fields(ReperesConfig):
        value = getattr(cfg, f.name)
        if isinstance(f.default, str):
            if not isinstance(value, str) or not value:
                raise ConfigError(f"reperes_{f.name} doit être un chemin non vide.")
            continue
        if isinstance(f.default, bool):
            if not isinstance(value, bool):
                raise ConfigError(f"reperes_{f.name} vaut True ou False (reçu : {value!r}).")
            continue
        entier = isinstance(f.default, int)
        if isinstance(value, bool) or not isinstance(value, int if entier else (int, float)):
            raise ConfigError(f"reperes_{f.name} doit être un {'entier' if entier else 'nombre'} (reçu : {value!r}).")
        bas, haut = f.metadata.get("min", 1), f.metadata.get("max")
        if value < bas or (haut is not None and value > haut):
            borne = f"entre {bas} et {haut}" if haut is not None else f"au moins {bas}"
            raise ConfigError(f"reperes_{f.name} doit valoir {borne} (reçu : {value!r}).")
    if cfg.validation_tirage_max < cfg.validation_tirage_min:
        raise ConfigError(f"reperes_validation_tirage_max ({cfg.validation_tirage_max}) est plus petit que "
                          f"reperes_validation_tirage_min ({cfg.validation_tirage_min}).")


def setup_config(app: Sphinx) -> None:
    for f in fields(ReperesConfig):
        types = (int, float) if isinstance(f.default, float) else (type(f.default),)
        rebuild = "html" if f.name == "alleger" else "env"
        app.add_config_value(f"reperes_{f.name}", f.default, rebuild, types=types, description=f.metadata["help"])
    app.connect("config-inited", _valider)


def get_config(app_or_env) -> ReperesConfig:
    return ReperesConfig.from_sphinx(app_or_env.config)
