"""Fixtures for the browser tests: one JupyterLab, one Voila, one Chromium.

Without Chromium (or Playwright) the tests are skipped with a one-line
reason; under CI (CI=true) a missing browser is a failure instead.
"""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import harness  # noqa: E402

SCREENSHOTS = harness.ROOT / "screenshots"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives the notebooks in headless Chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright():
    reason = harness.chromium_missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}: the browser tests must run")
        pytest.skip(f"{reason}: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright):
    with harness.chromium(playwright) as context:
        context.set_default_timeout(60_000)
        yield context


@pytest.fixture(scope="session")
def lab(playwright):
    with harness.server("lab") as srv:
        yield srv


@pytest.fixture(scope="session")
def voila(playwright):
    with harness.server("voila") as srv:
        yield srv


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
