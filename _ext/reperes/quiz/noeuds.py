"""The quiz's nodes. Read time builds ``quiz`` > ``quiz_enonce``, ``quiz_options`` >
``quiz_option`` > ``quiz_option_texte`` + ``quiz_retour``, ``quiz_explication``; the HTML
post-transform wraps stem and options in ``quiz_formulaire`` (the form), adds ``quiz_corrige``
(the answer key in a ``<details>``, its options in ``quiz_corrige_liste``) and
``quiz_validation`` (the module's validation panel); other builders turn a quiz into plain
nodes (``imprime``)."""

from __future__ import annotations

from docutils import nodes


class quiz(nodes.General, nodes.Element):
    """A question: attributes ``quiz_id``, ``multiple``, ``rang`` (1, 2… in its page),
    ``empreinte``, ``docname``."""


class quiz_enonce(nodes.General, nodes.Element):
    pass


class quiz_options(nodes.General, nodes.Element):
    pass


class quiz_option(nodes.General, nodes.Element):
    """Attributes ``juste`` (bool) and ``index`` (0-based, in the source order)."""


class quiz_option_texte(nodes.Part, nodes.TextElement):
    pass


class quiz_retour(nodes.General, nodes.Element):
    """Feedback of one option."""


class quiz_explication(nodes.General, nodes.Element):
    pass


class quiz_corrige(nodes.General, nodes.Element):
    """HTML only: the answer key of one quiz, in a <details>."""


class quiz_corrige_option(nodes.General, nodes.Element):
    pass


class quiz_formulaire(nodes.General, nodes.Element):
    """HTML only: a practice question's form (stem and options), so that <form> and <fieldset>
    open and close in one node."""


class quiz_corrige_liste(nodes.General, nodes.Element):
    """HTML only: the answer key's ordered list of options (the <ol> in one node)."""


class quiz_validation(nodes.General, nodes.Element):
    """HTML only: the « Valider le module » panel, before a module's first question.
    Attributes: ``module``, ``version``, ``seuil`` (percent), ``questions`` (count)."""
