"""The examples in the pure modules' docstrings run as written: they are how a reader learns the
API, so a change that breaks one must fail here."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = (
    "acier.exhibits.numbers",
    "acier.exhibits.alloy_lab.model",
    "acier.exhibits.alloy_lab.play",
    "acier.exhibits.blast_furnace.model",
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples left: drop it from MODULES"
    assert result.failed == 0
