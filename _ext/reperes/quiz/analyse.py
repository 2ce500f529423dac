"""Pure functions on a quiz's source: split the body by line, fingerprint a question, and the
fixed order in which its options are shown on paper and on a page without JavaScript.

The syntax is a contract (README, « Ajouter une question »)::

    ````{quiz}
    :id: physique-cas-01
    :multiple:

    Stem paragraphs.

    - [x] Right option.

      Feedback for it.
    - [ ] Wrong option.

      Feedback for it.

    ```{explication}
    Shown after any answer.
    ```
    ````

The body is split line by line (not by parsing it as Markdown) so that every error points at
the exact line, and so that MyST's task-list rendering of ``- [x]`` never interferes.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, field

CLOTURE_EXPLICATION = re.compile(r"^(?P<fence>`{3,}|~{3,}|:{3,})\s*\{explication\}\s*$")
PUCE = re.compile(r"^[-*+]\s")
OPTION = re.compile(r"^[-*+]\s+\[(?P<coche>[ xX])\]\s+(?P<texte>.*)$")


@dataclass
class OptionBrute:
    ligne: int  # index in the directive content
    juste: bool
    texte: list[int] = field(default_factory=list)  # content indexes of the option text
    retour: list[int] = field(default_factory=list)  # content indexes of the feedback


@dataclass
class CorpsQuiz:
    enonce: list[int] = field(default_factory=list)
    options: list[OptionBrute] = field(default_factory=list)
    explication: list[int] = field(default_factory=list)
    erreurs: list[tuple[int | None, str]] = field(default_factory=list)  # (content index, message)


def decouper(lignes: list[str]) -> CorpsQuiz:
    """Split the body into stem, options (text + feedback) and explanation, by line.

    Returns content indexes and never loses a line silently (a line that fits nowhere is an
    error)."""
    corps = CorpsQuiz()
    i, n = 0, len(lignes)
    dans_liste = False
    courante: OptionBrute | None = None
    retour_commence = False
    while i < n:
        ligne = lignes[i]
        m = CLOTURE_EXPLICATION.match(ligne)
        if m and not ligne.startswith(" "):
            fence = m.group("fence")
            fin = i + 1
            while fin < n and not (lignes[fin].strip().startswith(fence[0] * len(fence))
                                   and set(lignes[fin].strip()) == {fence[0]}):
                fin += 1
            if fin >= n:
                corps.erreurs.append((i, "bloc « explication » non fermé dans la question. Si la ligne " + fence
                                      + " qui le ferme est écrite, elle ferme en fait la question elle-même : entourez "
                                      "la question de " + ("quatre" if len(fence) == 3 else "plus d'")
                                      + " accents graves (« ````{quiz} » au début, « ```` » à la fin) ; sinon, "
                                      "ajoutez la ligne " + fence + " après l'explication."))
            if corps.explication:
                corps.erreurs.append((i, "deux blocs « explication » : un seul par question."))
            corps.explication = list(range(i + 1, min(fin, n)))
            courante = None
            i = fin + 1
            continue
        if PUCE.match(ligne):
            dans_liste = True
            m = OPTION.match(ligne)
            if not m:
                corps.erreurs.append((i, "cette réponse ne commence pas par « [x] » (juste) ou « [ ] » (fausse)."))
                courante = None
            else:
                courante = OptionBrute(i, m.group("coche") in "xX", [i])
                retour_commence = False
                corps.options.append(courante)
        elif not ligne.strip():
            if courante is not None and courante.texte:
                retour_commence = True
        elif dans_liste:
            if ligne.startswith("  ") and courante is not None:
                (courante.retour if retour_commence else courante.texte).append(i)
            elif ligne.startswith("  "):
                pass  # continuation of an invalid item, already reported
            else:
                corps.erreurs.append((i, "texte après la liste des réponses : indentez-le de deux espaces "
                                         "s'il fait partie du retour d'une réponse, ou placez-le dans "
                                         "le bloc « explication »."))
        else:
            corps.enonce.append(i)
        i += 1
    return corps


def empreinte(enonce: str, options: list[tuple[str, bool]], multiple: bool) -> str:
    """A question's fingerprint: its stem, options and right answers (not its feedback). An
    edited question resets stale progress and gives its module a new version."""
    brut = "\x1f".join([enonce, str(multiple)] + [f"{'x' if j else ' '}{t}" for t, j in options])
    return hashlib.sha1(brut.encode()).hexdigest()[:10]


def ordre_fixe(quiz_id: str, nombre: int) -> list[int]:
    """The order of a question's options on paper and on a page read without JavaScript: a
    permutation of the source order drawn from the quiz id, so it is the same at every build,
    and never the source order itself (editors tend to write the right answer first)."""
    ordre = list(range(nombre))
    if nombre < 2:
        return ordre
    alea = random.Random(int(hashlib.sha1(quiz_id.encode()).hexdigest()[:12], 16))
    alea.shuffle(ordre)
    if ordre == sorted(ordre):
        ordre = ordre[1:] + ordre[:1]
    return ordre


LETTRES = "abcdefghijklmnopqrstuvwxyz"
