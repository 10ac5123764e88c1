"""Logging: the C++ core's spdlog records reach Python's logging under "govgraph"."""

from __future__ import annotations

import logging

import pytest

import govgraph as gg


def test_core_records_reach_python_logging(caplog):
    gg.set_log_level("debug")
    try:
        with caplog.at_level(logging.DEBUG, logger="govgraph"):
            gg.loads('{"govgraph": 1, "name": "logged", "people": [{"id": "a"}]}')
        records = [r for r in caplog.records if r.name == "govgraph"]
        assert any("loaded 'logged'" in r.getMessage() and r.levelno == logging.DEBUG
                   for r in records)
    finally:
        gg.set_log_level("warning")


def test_the_level_filters_records(caplog):
    gg.set_log_level("warning")
    with caplog.at_level(logging.DEBUG, logger="govgraph"):
        gg.loads('{"govgraph": 1, "name": "quiet"}')
    assert not [r for r in caplog.records if "quiet" in r.getMessage()]


def test_an_unknown_level_is_refused():
    with pytest.raises(gg.ModelError, match="log level 'loud'"):
        gg.set_log_level("loud")
