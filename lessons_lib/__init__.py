"""Helper library behind the notebooks on how a neural network learns.

Conventions used everywhere in this package:

* data is batch-first: ``X`` has shape ``(B, d_in)``;
* weights have shape ``(d_out, d_in)`` and a dense layer computes
  ``Z = X @ W.T + b``;
* every loss is averaged over the batch, so ``dZ`` carries a ``1 / B``;
* arrays are float64; bad shapes raise ``ValueError`` naming what was
  expected.
"""

__version__ = "0.1.0"
