"""Print (LaTeX): what the booklets need and the site does not.

A booklet (``latex_documents``) holds only some pages: a trainer's booklet holds its modules,
their session sheets and the pages to hand out, not the guide. Sphinx can make no link to a
page outside the booklet (``NoUri``) and then prints the reference's own text, which for
``{ref}`que-faire-doute``` or ``{doc}`../modules/negligences``` written without a title is
the label or the path. Before the references are resolved, such a reference gets the
target's title, in italics (as Sphinx prints a distant reference), so that the reader sees
« *Inquiétude ou doute* », never « que-faire-doute ». A reference inside the booklet is left to
Sphinx, which prints the title and links it.

Sphinx's LaTeX writer renders each table through a template (``tabulary.tex.jinja``…) with a
renderer it makes anew for every table, so the template is compiled again each time: a few
hundred tables, about 3 s of ``make pdf``. ``TraducteurLatex`` keeps one renderer per LaTeX
engine for Sphinx's own templates; a template the project puts in ``templates_path`` goes
through Sphinx as before.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join
from sphinx.util.nodes import clean_astext
from sphinx.util.template import LaTeXRenderer
from sphinx.writers.latex import LaTeXTranslator


class RenvoisImprimes(SphinxPostTransform):
    default_priority = 5  # before Sphinx's ReferencesResolver (10)
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        livre = getattr(self.app.builder, "docnames", None)  # the pages of the booklet being written
        std = self.env.domains.standard_domain
        for renvoi in self.document.findall(addnodes.pending_xref):
            if renvoi.get("refdomain") != "std" or renvoi.get("refexplicit") or not renvoi.children:
                continue
            page, titre = self.cible(std, renvoi)
            if not titre or (livre is not None and page in livre):
                continue
            renvoi[0].replace_self(nodes.emphasis(titre, titre))

    def cible(self, std, renvoi: addnodes.pending_xref) -> tuple[str, str]:
        """The page a reference points to and the title it should print ("" when unknown:
        Sphinx then reports it as usual)."""
        if renvoi["reftype"] == "ref":
            page, _ancre, titre = std.labels.get(renvoi["reftarget"].lower(), ("", "", ""))
            return page, titre
        if renvoi["reftype"] == "doc":
            page = docname_join(renvoi.get("refdoc", self.env.docname), renvoi["reftarget"])
            titre = self.env.titles.get(page)
            return page, clean_astext(titre) if titre is not None else ""
        return "", ""


@lru_cache(maxsize=None)
def _rendu_latex(moteur: str | None) -> LaTeXRenderer:
    return LaTeXRenderer(latex_engine=moteur)


class TraducteurLatex(LaTeXTranslator):
    def render(self, template_name: str, variables: dict[str, Any]) -> str:
        ancien = template_name.removesuffix(".jinja") + "_t"  # Sphinx also looks for the legacy name
        if any((self.builder.confdir / d / nom).exists() for d in self.config.templates_path
               for nom in (template_name, ancien)):
            return super().render(template_name, variables)
        return _rendu_latex(self.config.latex_engine).render(template_name, variables)


def _traducteur_latex(app: Sphinx) -> None:
    """For a LaTeX build only: pydata-sphinx-theme gives the HTML builders its own translator only
    when no translator at all is registered (otherwise it mixes itself into the registered ones), so
    a translator registered for every build would leave the site's pages without the theme's
    tables and headings."""
    if app.builder.format == "latex":
        app.set_translator(app.builder.name, TraducteurLatex, override=True)


def setup_impression(app: Sphinx) -> None:
    app.add_post_transform(RenvoisImprimes)
    app.connect("builder-inited", _traducteur_latex)
