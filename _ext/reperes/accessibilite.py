"""Accessibility fixes (RGAA / WCAG 2.1 AA), each found by axe-core in the browser tests.

- The theme's collapsible sidebar sections have a <summary> holding only an icon: screen
  readers announce an unnamed control. We give it a French name.
- MyST renders a task list (« - [ ] ») as disabled, unlabelled checkboxes, and only in
  HTML. The site's task lists are printable checklists (the 119 display control): a box
  character serves every reader and prints in the PDF too.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

SOMMAIRE_SANS_NOM = re.compile(r'<summary>(\s*<span class="toctree-toggle")')
CASE = re.compile(r'^<input class="task-list-item-checkbox"(?P<coche> checked="checked")?[^>]*>$')


def nommer_sommaires(html: str) -> str:
    return SOMMAIRE_SANS_NOM.sub(r'<summary aria-label="Afficher ou masquer les sous-pages">\1', html)


def _sidebar(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    generer = context.get("generate_toctree_html")
    if generer is None or getattr(generer, "reperes", False):
        return

    def generer_nomme(*args, **kwargs):
        return nommer_sommaires(str(generer(*args, **kwargs)))

    generer_nomme.reperes = True
    context["generate_toctree_html"] = generer_nomme


class CasesACocher(SphinxTransform):
    # After MyST has produced the raw <input> nodes (parse time), before smartquotes.
    default_priority = 800

    def apply(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            m = CASE.match(raw.astext().strip())
            if m and "html" in raw.get("format", ""):
                raw.replace_self(nodes.Text("☒ " if m.group("coche") else "☐ "))


def setup_accessibilite(app: Sphinx) -> None:
    # After the theme's own html-page-context handler (priority 500) has put the function in context.
    app.connect("html-page-context", _sidebar, priority=600)
    app.add_transform(CasesACocher)
