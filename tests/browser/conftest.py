"""Browser journeys: the real pages in headless Chromium; fixtures are in tests/conftest.py."""
