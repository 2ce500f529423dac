"""The validation bank of a module page (issue 21), out of the page.

A bank question (`:validation:`) is never in the HTML an agent reads: not on its module page,
not in the search index, not in « mode séance ». The HTML post-transform moves a module's bank
questions into one ``quiz_banque`` node (classed ``no-search``, so that Sphinx's indexer skips
it); its visitor renders each question as the page would (stem, options, the answer key with
every feedback), writes them to ``_static/banques/<module>.js`` and leaves in the page only the
``<script>`` that loads that file. A script file, not ``fetch()``, so that it works from
``file://`` and in a SCORM package (whose closure follows the ``src``).

The file is lightly encoded: the JSON ``[[quiz id, html], …]`` with every printable ASCII
character replaced by another through a permutation drawn from the module id and version
(FNV-1a seed, mulberry32, Fisher–Yates — the same functions as ``reperes.js``), written as a
JavaScript string. Neither readable in view-source nor indexed; ``reperes.js`` decodes it only
when a pass starts. A substitution, not a key stream, so that the file keeps the redundancy of
HTML and compresses as well as the page (in a SCORM zip, over HTTP): a stream cipher made the
banks incompressible, 1.3 MB of a parcours package. Not a secret from someone who reads the
code: a trainer validates in person when that matters.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from docutils import nodes

MASQUE = 0xFFFFFFFF


class quiz_banque(nodes.General, nodes.Element):
    """HTML only: a module's bank questions, written to their own script. Attributes
    ``module``, ``version``."""


def graine_de(texte: str) -> int:
    """FNV-1a on UTF-16 code units, 32 bits (reperes.js: graineDe)."""
    h = 2166136261
    octets = texte.encode("utf-16-le")
    for i in range(0, len(octets), 2):
        h ^= octets[i] | octets[i + 1] << 8
        h = (h * 16777619) & MASQUE
    return h


def alea(graine: int):
    """mulberry32 (reperes.js: alea), as floats in [0, 1)."""
    etat = graine & MASQUE

    def suivant() -> float:
        nonlocal etat
        etat = (etat + 0x6D2B79F5) & MASQUE
        t = ((etat ^ (etat >> 15)) * (1 | etat)) & MASQUE
        t = ((t + (((t ^ (t >> 7)) * (61 | t)) & MASQUE)) & MASQUE) ^ t
        return ((t ^ (t >> 14)) & MASQUE) / 4294967296

    return suivant


PREMIER, NOMBRE = 0x20, 95  # the printable ASCII characters, space to tilde


def _table(module: str, version: str) -> list[int]:
    """The permutation of the printable characters (reperes.js: melanger(95, graine))."""
    r = alea(graine_de(f"{module}:{version}"))
    ordre = list(range(NOMBRE))
    for i in range(NOMBRE - 1, 0, -1):
        j = int(r() * (i + 1))
        ordre[i], ordre[j] = ordre[j], ordre[i]
    return ordre


def _substituer(texte: str, table: list[int]) -> str:
    """Each printable character through the permutation; every other character as it is."""
    return texte.translate({PREMIER + i: PREMIER + v for i, v in enumerate(table)})


def encoder(module: str, version: str, questions: list[list[str]]) -> str:
    brut = json.dumps(questions, ensure_ascii=False, separators=(",", ":"))
    return _substituer(brut, _table(module, version))


def decoder(module: str, version: str, code: str) -> list[list[str]]:
    """The bank back (the tests read the keys with it)."""
    table = _table(module, version)
    inverse = [0] * NOMBRE
    for i, v in enumerate(table):
        inverse[v] = i
    return json.loads(_substituer(code, inverse))


def fichier(module: str) -> str:
    return f"_static/banques/{module}.js"


CLASSES = re.compile(r'class="([^"]*)"')


def texte_fichier(module: str, code: str, classes: set[str] = frozenset()) -> str:
    """The script. Its comment names the CSS classes the bank's HTML uses: the lighter build
    (allegement.py) keeps every class a page or a script names, and cannot read the bank."""
    commentaire = f"/* classes : {' '.join(sorted(classes))} */\n" if classes else ""
    litteral = json.dumps(code, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return commentaire + f'(window.ReperesBanques = window.ReperesBanques || {{}})["{module}"] = {litteral};\n'


def lire_fichier(chemin: Path) -> str:
    """The code of a written bank file."""
    return json.loads(chemin.read_text(encoding="utf-8").rsplit("] = ", 1)[1].rstrip().removesuffix(";"))


def visit_banque(self, node: quiz_banque) -> None:
    questions = []
    for q in node.children:
        debut = len(self.body)
        q.walkabout(self)
        questions.append([q["quiz_id"], "".join(self.body[debut:])])
        del self.body[debut:]
    module = node["module"]
    cible = Path(self.builder.outdir) / fichier(module)
    cible.parent.mkdir(parents=True, exist_ok=True)
    classes = {c for _, html in questions for m in CLASSES.finditer(html) for c in m.group(1).split()}
    cible.write_text(texte_fichier(module, encoder(module, node["version"], questions), classes), encoding="utf-8")
    page = posixpath.dirname(self.builder.current_docname)
    src = posixpath.relpath(fichier(module), page or ".")
    self.body.append(f'<script src="{src}" data-banque="{module}"></script>\n')
    raise nodes.SkipNode
