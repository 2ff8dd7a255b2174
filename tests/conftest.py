"""Test-wide settings: fixture notebooks are data for tests, not tests."""

collect_ignore_glob = ["fixtures/*"]
