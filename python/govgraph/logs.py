"""Logging: the C++ core logs through spdlog under the name "govgraph"; its records reach
Python's :mod:`logging` under the logger ``"govgraph"``."""

from __future__ import annotations

import logging

from . import _core

_LEVELS = {
    "trace": 5,
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "warn": logging.WARNING,
    "error": logging.ERROR,
    "critical": logging.CRITICAL,
    "off": logging.CRITICAL + 10,
}


def set_log_level(level: str | int) -> None:
    """Set the level of govgraph's logging, in C++ and in Python's logger ``"govgraph"``.

    ``level`` is a name (trace, debug, info, warning, error, critical, off) or a ``logging`` level
    number.
    """
    if isinstance(level, int):
        name = min(_LEVELS, key=lambda k: abs(_LEVELS[k] - level) + (k == "warn"))
    else:
        name = str(level).lower()
        if name not in _LEVELS:
            raise _core.ModelError(
                f"[govgraph.bad_value] log level {level!r} is not one of: "
                + ", ".join(k for k in _LEVELS if k != "warn")
            )
    _core.set_log_level(name)
    logging.getLogger("govgraph").setLevel(_LEVELS[name] if isinstance(level, str) else level)
