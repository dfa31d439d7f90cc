import pytest

from tests.events.factories import make_gelar


@pytest.fixture
def gelar(world):
    return make_gelar(world)
