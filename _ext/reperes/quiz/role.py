"""The ``{quiz}`id``` role: « question 3 », linked to the question on its page, from the snapshot.

A bank question (``:validation:``) is not on any agent's page: it is named, never linked. An
unknown id is reported by the snapshot's check with file:line."""

from __future__ import annotations

from docutils import nodes

from ..instantane import Instantane
from ..noeuds import creer_lien
from ..vues import RoleVue, inconnu, rendu, vue


class QuizRole(RoleVue):
    vue_nom, attribut, sorte = "quiz-ref", "quiz_id", "quiz"


@rendu("quiz-ref")
def rendre_quiz_ref(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    q = inst.question.get(noeud["quiz_id"])
    if q is None:  # reported by the snapshot's check
        return inconnu(f"question « {noeud['quiz_id']} »")
    if q.validation:  # not on the page: named, never linked
        return [nodes.inline("", "question de validation", classes=["reperes-quiz-validation"])]
    return [creer_lien(q.docname, f"question {q.rang}", f"quiz-{q.id}")]
