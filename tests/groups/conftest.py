import pytest
from django.test import Client


@pytest.fixture
def as_persona(world):
    """``as_persona("operator_a")``: a client logged in as that persona, reading the English pages.

    The messages checked in these tests are the English msgids; Indonesian is the default
    language, so the client chooses English the way the language switch does.
    """

    def _client(persona: str) -> Client:
        client = Client()
        client.cookies["django_language"] = "en"  # the language switch's cookie
        user = world.users[persona]
        if user is not None:
            client.force_login(user)
        return client

    return _client
