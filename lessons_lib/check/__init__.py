"""Exercise checks: ``check.<name>(answer)`` prints one line of feedback.

Each lesson's checks live in their own module here and are gathered into
this namespace, so a notebook only needs ``from lessons_lib import check``.
"""

from lessons_lib.check._core import REGISTRY

__all__ = ["REGISTRY"]
