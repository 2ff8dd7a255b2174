"""Test-wide settings: fixture notebooks are data for tests, not tests."""

import pytest

from lessons_lib.check import _core

collect_ignore_glob = ["fixtures/*"]


@pytest.fixture
def short_limit(monkeypatch):
    """A 0.2 s limit for students' functions, so looping answers end fast."""
    monkeypatch.setattr(_core, "TIME_LIMIT", 0.2)
