"""Exports for a learning management system (LMS), each a Sphinx builder:

- ``scorm`` (:mod:`.scorm`, :mod:`.manifeste`, ``static/scorm.js``): SCORM 1.2 packages, one
  per parcours and one per module, in ``_build/scorm/`` (``make scorm``);
- ``moodle`` (:mod:`.moodle`): every quiz of the module pages as a Moodle XML question bank,
  ``_build/moodle/questions.xml`` (``make moodle``).
"""

from .moodle import setup_moodle
from .scorm import setup_scorm

__all__ = ["setup_moodle", "setup_scorm"]
