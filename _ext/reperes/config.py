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
    contacts_fichier: str = field(
        default="data/contacts.csv",
        metadata={"help": "CSV of local contacts shown by the `contacts` block."},
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
        metadata={"help": "Years after which a completion no longer counts (recyclage)."},
    )

    @classmethod
    def from_sphinx(cls, config: Config) -> "ReperesConfig":
        values = {f.name: getattr(config, f"reperes_{f.name}") for f in fields(cls)}
        env_suivi = os.environ.get("REPERES_SUIVI")
        if env_suivi:
            values["suivi_fichier"] = env_suivi
        return cls(**values)


def _valider(app: Sphinx, config: Config) -> None:
    """Fail early, with the name of the setting, rather than deep in a build."""
    cfg = ReperesConfig.from_sphinx(config)
    for name in ("seuil_masquage", "rythme_mois", "validite_annees"):
        value = getattr(cfg, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"reperes_{name} doit être un entier positif (reçu : {value!r}).")
    for name in ("populations_fichier", "modules_dossier", "contacts_fichier", "suivi_fichier"):
        if not isinstance(getattr(cfg, name), str) or not getattr(cfg, name):
            raise ConfigError(f"reperes_{name} doit être un chemin non vide.")


def setup_config(app: Sphinx) -> None:
    for f in fields(ReperesConfig):
        app.add_config_value(
            f"reperes_{f.name}", f.default, "env", types=(type(f.default),), description=f.metadata["help"]
        )
    app.connect("config-inited", _valider)


def get_config(app_or_env) -> ReperesConfig:
    return ReperesConfig.from_sphinx(app_or_env.config)
