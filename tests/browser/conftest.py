"""Browser tests: the real pages in headless Chromium (Debian's package), against a live server.

Playwright's sync API runs an event loop in the test thread; Django refuses database access
from a thread with a running loop unless told that this is deliberate.
"""

import os

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English browser, as on many office computers: the portal still answers in Indonesian.
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="session")
def base_url():
    # Replaces pytest-playwright's fallback fixture, a plugin-class method that pytest 9.2
    # flags as deprecated (and warnings are errors). The tests build URLs from live_server.url.
    return None
