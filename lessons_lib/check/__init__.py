"""Exercise checks: ``check.<name>(answer)`` prints one line of feedback.

Each lesson's checks live in their own module here and are gathered into
this namespace, so a notebook only needs ``from lessons_lib import check``.
"""

from lessons_lib.check import activations as _activations
from lessons_lib.check import chain_rule as _chain_rule
from lessons_lib.check import dense_backprop as _dense_backprop
from lessons_lib.check import gradient_descent as _gradient_descent
from lessons_lib.check import integral as _integral
from lessons_lib.check import worked_example as _worked_example
from lessons_lib.check._core import REGISTRY
from lessons_lib.check.activations import *  # noqa: F403
from lessons_lib.check.chain_rule import *  # noqa: F403
from lessons_lib.check.dense_backprop import *  # noqa: F403
from lessons_lib.check.gradient_descent import *  # noqa: F403
from lessons_lib.check.integral import *  # noqa: F403
from lessons_lib.check.worked_example import *  # noqa: F403

__all__ = ["REGISTRY"]
__all__ += _gradient_descent.__all__
__all__ += _chain_rule.__all__
__all__ += _dense_backprop.__all__
__all__ += _worked_example.__all__
__all__ += _activations.__all__
__all__ += _integral.__all__
