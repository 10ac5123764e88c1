"""govgraph: who is accountable to whom, and who speaks for whom.

Organisations, people, contracts, sub-contracts, ownership and boards as a typed, dated graph,
with a compiled C++ core. Start with :class:`Model`, :func:`load` and :func:`loads`.
"""

from __future__ import annotations

from . import _core, bods, cqc, display, nhs
from ._core import (
    Error,
    FormatError,
    ModelError,
    UnknownIdError,
    absolute_quota,
    banzhaf,
    shapley_shubik,
)
from .interchange import from_networkx, read_graphml
from .logs import set_log_level
from .model import Model, dumps, legal_forms, load, loads, save
from .scenario import diff

__version__: str = _core.__version__

__all__ = [
    "Error",
    "FormatError",
    "Model",
    "ModelError",
    "UnknownIdError",
    "__version__",
    "absolute_quota",
    "banzhaf",
    "bods",
    "cqc",
    "diff",
    "display",
    "from_networkx",
    "legal_forms",
    "shapley_shubik",
    "dumps",
    "load",
    "nhs",
    "loads",
    "read_graphml",
    "save",
    "set_log_level",
]
