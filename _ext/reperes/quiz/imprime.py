"""Every builder but HTML (LaTeX, text…): numbered questions with empty boxes, their options
in the fixed order drawn from the quiz id (never the source order), and the answer key and
feedback at the end of the page, with the printed letters, so that a session can run on
paper. A booklet assembles several modules whose questions are each numbered from 1: its
answer key names the module before its answers.

A module's bank questions (`:validation:`) are printed only in the trainers' booklets
(``training/livrets/*``, pages with a ``livret`` block: trainers validate in person with them),
after the practice ones and titled « Question de validation n »; every other document (the
text build, the whole site's PDF) leaves them out, as the agents' pages do."""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..domaine import domaine
from ..instantane import instantane
from .analyse import LETTRES, ordre_fixe
from .noeuds import quiz, quiz_explication, quiz_option, quiz_retour


class QuizImprime(SphinxPostTransform):
    default_priority = 200

    def is_supported(self) -> bool:
        return self.env._builder_cls.format != "html"

    def run(self, **kwargs) -> None:
        questions = list(self.document.findall(quiz))
        livret = self.app.builder.format == "latex" and bool(
            domaine(self.env).data["docs"].get(self.env.docname, {}).get("livret"))
        if not livret:
            for q in [q for q in questions if q.get("validation")]:
                q.parent.remove(q)
            questions = [q for q in questions if not q.get("validation")]
        if not questions:
            return
        titres = instantane(self.env).titre
        corrige = nodes.section(ids=[f"corrige-{self.env.docname.replace('/', '-')}"])
        corrige += nodes.rubric("", "Corrigé des questions")
        plusieurs = len({q["docname"] for q in questions}) > 1
        module_courant = None
        for q in questions:
            if plusieurs and q["docname"] != module_courant:
                module_courant = q["docname"]
                corrige += nodes.paragraph("", "", nodes.strong(
                    "", f"Module : {titres.get(module_courant, module_courant)}"), classes=["reperes-corrige-module"])
            nom = f"Question de validation {q['rang']}" if q.get("validation") else f"Question {q['rang']}"
            titre = nom + (" (plusieurs réponses possibles)" if q["multiple"] else "")
            bloc = nodes.container(classes=["reperes-question"])
            bloc += nodes.paragraph("", "", nodes.strong("", titre))
            bloc += q[0].children
            options = list(q.findall(quiz_option))
            imprimees = [options[i] for i in ordre_fixe(q["quiz_id"], len(options))]
            liste = nodes.bullet_list(classes=["reperes-cases"])
            cle = nodes.bullet_list()
            for lettre, option in zip(LETTRES, imprimees):
                liste += nodes.list_item("", nodes.paragraph(
                    "", "", nodes.Text(f"☐ {lettre}) "), *[c.deepcopy() for c in option[0].children]))
                verdict = "Juste" if option["juste"] else "Faux"
                cle += nodes.list_item("", nodes.paragraph("", "", nodes.strong("", f"{lettre}) {verdict}. ")),
                                       *option.next_node(quiz_retour).children)
            bloc += liste
            reponses = ", ".join(l for l, o in zip(LETTRES, imprimees) if o["juste"])
            corrige += nodes.paragraph("", "", nodes.strong("", f"{nom} — réponse : {reponses}"))
            corrige += cle
            explication = q.next_node(quiz_explication)
            if explication is not None:
                corrige += nodes.container("", *explication.children, classes=["reperes-explication"])
            q.replace_self(bloc)
        self.document += corrige
