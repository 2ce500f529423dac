"""The ``quiz`` and ``explication`` directives: check the body, build the nodes, record the
question in the domain (its id, fingerprint, options' text and right answers)."""

from __future__ import annotations

import re

from docutils import nodes
from docutils.statemachine import StringList

from ..avertissements import Sous
from ..directive import ReperesDirective, drapeau, texte
from ..domaine import domaine
from .analyse import OPTION, decouper, empreinte
from .noeuds import quiz, quiz_enonce, quiz_explication, quiz_option, quiz_option_texte, quiz_options, quiz_retour

IDENTIFIANT = re.compile(r"^[a-z0-9-]+$")


class QuizDirective(ReperesDirective):
    has_content = True
    option_spec = {"id": texte, "multiple": drapeau, "validation": drapeau, "reperage": drapeau}
    sous = Sous.quiz
    nom = "quiz"

    def sujet(self) -> str:
        return f"quiz « {self.options.get('id', '?')} »"

    def run(self) -> list[nodes.Node]:
        quiz_id = self.options.get("id", "")
        multiple = "multiple" in self.options
        # `:validation:` puts the question in the module's validation bank (never shown for
        # practice); `:reperage:` marks a question that asks to recognise or rule out a sign.
        validation = "validation" in self.options
        reperage = "reperage" in self.options
        erreurs = 0
        if not quiz_id:
            self.avertir("option « :id: » manquante : donnez un identifiant stable (ex. « :id: physique-cas-01 »).")
            erreurs += 1
        elif not IDENTIFIANT.match(quiz_id):
            self.avertir("identifiant invalide : lettres minuscules, chiffres et tirets seulement.")
            erreurs += 1
        lignes = list(self.content)
        corps = decouper(lignes)
        for index, message in corps.erreurs:
            self.avertir(message, index)
            erreurs += 1
        if not corps.options:
            self.avertir("aucune liste de réponses : écrivez les réponses sous l'énoncé, une par ligne, "
                         "« - [x] » pour une juste, « - [ ] » pour une fausse.")
            erreurs += 1
        justes = [o for o in corps.options if o.juste]
        if corps.options and not justes:
            self.avertir("aucune réponse juste : marquez la bonne réponse avec « - [x] ».")
            erreurs += 1
        if len(justes) > 1 and not multiple:
            self.avertir(
                f"{len(justes)} réponses justes (lignes "
                + ", ".join(str(self.ligne(o.ligne)) for o in justes)
                + ") sans « :multiple: » : gardez-en une seule, ou ajoutez « :multiple: » sous « :id: »."
            )
            erreurs += 1
        for o in corps.options:
            if not o.retour:
                self.avertir("réponse sans retour : sous la réponse, laissez une ligne vide puis écrivez, "
                             "indenté de deux espaces, pourquoi elle est juste ou fausse.", o.ligne)
                erreurs += 1
        if not corps.enonce or not any(lignes[i].strip() for i in corps.enonce):
            self.avertir("énoncé vide : écrivez la question avant la liste des réponses.")
            erreurs += 1
        if erreurs:
            if quiz_id:  # what cites it says nothing more: one mistake, one message
                domaine(self.env).ajouter("quiz_invalides", self.env.docname, {"id": quiz_id, "lineno": self.lineno})
            return self.bloc_invalide(f"question « {quiz_id} »")

        # Practice questions are numbered 1, 2… in the page; bank questions apart (they are not in it).
        compteur = "reperes_quiz_rang_validation" if validation else "reperes_quiz_rang"
        rang = self.env.temp_data.get(compteur, 0) + 1
        self.env.temp_data[compteur] = rang
        noeud = quiz(quiz_id=quiz_id, multiple=multiple, validation=validation, reperage=reperage, rang=rang, ids=[f"quiz-{quiz_id}"],
                     docname=self.env.docname)
        self.set_source_info(noeud)
        noeud += self.analyser(quiz_enonce(), corps.enonce)
        options = quiz_options()
        textes: list[tuple[str, bool]] = []
        for index, o in enumerate(corps.options):
            option = quiz_option(juste=o.juste, index=index)
            texte_option = quiz_option_texte()
            # The first line holds the marker "- [x] "; the others are indented by two spaces.
            premiere = OPTION.match(lignes[o.texte[0]]).group("texte")
            self.analyser(texte_option, o.texte, premiere=premiere)
            _aplatir_paragraphe(texte_option)
            option += texte_option
            option += self.analyser(quiz_retour(), o.retour)
            options += option
            textes.append((texte_option.astext(), o.juste))
        noeud += options
        if corps.explication:
            noeud += self.analyser(quiz_explication(), corps.explication, dedent=False)
        noeud["empreinte"] = empreinte(noeud[0].astext(), textes, multiple)
        domaine(self.env).ajouter("quiz", self.env.docname, {
            "id": quiz_id, "lineno": self.lineno, "rang": rang, "multiple": multiple,
            "validation": validation, "reperage": reperage,
            "empreinte": noeud["empreinte"], "options": [t for t, _ in textes],
            "justes": [i for i, (_, j) in enumerate(textes) if j],
        })
        return [noeud]

    def analyser(self, parent: nodes.Element, indexes: list[int], premiere: str | None = None,
                 dedent: bool = True) -> nodes.Element:
        """Parse the given content lines as Markdown into ``parent``, keeping line numbers."""
        if not indexes:
            return parent
        debut, fin = indexes[0], indexes[-1] + 1
        bloc = self.content[debut:fin]
        lignes = [l[2:] if dedent and l.startswith("  ") else l for l in bloc]
        if premiere is not None:
            lignes[0] = premiere
        self.state.nested_parse(StringList(lignes, items=bloc.items), self.content_offset + debut, parent)
        return parent


def _aplatir_paragraphe(texte_option: nodes.Element) -> None:
    """An option is one paragraph: keep its inline content (it goes in a <label>)."""
    if len(texte_option.children) == 1 and isinstance(texte_option[0], nodes.paragraph):
        texte_option.children = texte_option[0].children
        for enfant in texte_option.children:
            enfant.parent = texte_option


class ExplicationDirective(ReperesDirective):
    """``explication`` outside a quiz is a mistake: say so where it is."""

    has_content = True
    sous = Sous.quiz
    nom = "explication"

    def run(self) -> list[nodes.Node]:
        self.avertir("hors d'une question : placez-le à la fin du bloc « quiz ».")
        return []
