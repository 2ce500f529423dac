"""What every block of the extension shares, written once (as sphinx-design's ``SdDirective``).

- :class:`ReperesDirective`: a warning located at the right line of the source file
  (``avertir``), kept with the page so that it is repeated by incremental builds; the
  visible « invalide » box that replaces a broken block (``bloc_invalide``); the line of a
  content line in the source file, with MyST's offset (``ligne``).
- Option converters: ``drapeau`` (an option that takes no value: ``:socle: non`` is an
  error, not a socle module), ``texte``, ``liste``.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .avertissements import Sous, avertir


def drapeau(valeur: str | None) -> bool:
    """A flag: present or absent. MyST lets ``directives.flag`` take any value and keeps the
    flag (``:socle: non`` would make the module socle); this converter refuses a value, so
    MyST reports the option at its line and drops it."""
    if valeur and valeur.strip():
        raise ValueError("cette option ne prend pas de valeur : écrivez-la seule sur sa ligne "
                         f"(« :nom: »), ou supprimez la ligne ; « {valeur.strip()} » n'est pas compris")
    return True


def texte(valeur: str | None) -> str:
    return (valeur or "").strip()


def liste(valeur: str, separateur: str = ",") -> list[str]:
    return [v.strip() for v in valeur.split(separateur) if v.strip()]


class ReperesDirective(SphinxDirective):
    """Base of the extension's blocks. Subclasses set ``sous`` (their warning subtype) and
    ``nom`` (the block's name as editors write it), and may override :meth:`sujet`."""

    sous: Sous = Sous.module
    nom: str = ""

    def sujet(self) -> str:
        """What the messages name first: « quiz « circuit-01 » »."""
        ident = self.options.get("id")
        return f"{self.nom} « {ident} »" if ident else f"bloc « {self.nom} »"

    def ligne(self, index: int | None = None) -> int:
        """Line in the source file of content line ``index`` (the block's line if None).
        MyST gives ``content_offset`` relative to the directive's first line."""
        if index is None:
            return self.lineno
        return self.lineno + self.content_offset + index + 1

    def avertir(self, message: str, index: int | None = None, ligne: int | None = None) -> None:
        """Warn at content line ``index`` (or at source line ``ligne``); the page is read again
        by the next build while it warns (avertissements.py)."""
        numero = ligne if ligne is not None else self.ligne(index)
        texte_complet = f"{self.sujet()} : {message}"
        avertir(self.sous, texte_complet, (self.env.docname, numero))
        # The « invalide » box says why too (the live preview shows the page, not the terminal).
        self.__dict__.setdefault("_raisons", []).append(f"ligne {numero} : {message}")

    def bloc_invalide(self, libelle: str | None = None) -> list[nodes.Node]:
        """Never a silently empty block: the page shows that this one is broken."""
        libelle = libelle or self.sujet()
        boite = nodes.warning("", nodes.paragraph("", f"{libelle[0].upper()}{libelle[1:]} invalide :"),
                              classes=["reperes-invalide"])
        raisons = self.__dict__.get("_raisons", [])
        if raisons:
            liste = nodes.bullet_list()
            for raison in raisons:
                liste += nodes.list_item("", nodes.paragraph("", raison))
            boite += liste
        else:
            boite[0] += nodes.Text(" voir les erreurs de construction.")
        return [boite]
