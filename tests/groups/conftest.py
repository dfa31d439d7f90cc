import pytest
from django.test import Client


@pytest.fixture
def as_persona(world):
    """``as_persona("operator_a")``: a client logged in as that persona, reading the English pages.

    The messages checked in these tests are the English msgids; Indonesian is the default
    language, so the client asks for English explicitly.
    """

    def _client(persona: str) -> Client:
        client = Client(headers={"accept-language": "en"})
        user = world.users[persona]
        if user is not None:
            client.force_login(user)
        return client

    return _client
