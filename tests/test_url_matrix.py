import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import build_world
from tests.url_matrix import PERSONAS, all_rows

ROWS = all_rows()
IGNORED_NAMESPACES = {"admin"}  # Django's own admin; admin:index is in the matrix
IGNORED_NAMES = {"admin:index"}


def _pattern_names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if inner in IGNORED_NAMESPACES:
                continue
            yield from _pattern_names(
                pattern, f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else inner
            )
        elif isinstance(pattern, URLPattern):
            if pattern.name is None:
                yield f"<unnamed {pattern.pattern}>"
            else:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_pattern_is_in_the_matrix():
    covered = {row.name for row in ROWS}
    missing = sorted(set(_pattern_names()) - covered - IGNORED_NAMES)
    assert missing == []


def test_matrix_rows_are_unique():
    names = [(row.name, row.method, row.query) for row in ROWS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.method}:{row.name}{row.query}")
def test_url_matrix(db, client, row, persona):
    world = build_world()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    url = reverse(row.name, kwargs=row.kwargs(world)) + row.query
    response = getattr(client, row.method)(url, data=row.data(world))
    response.close()  # a file download (FileResponse) holds its file open until closed
    expected = row.expect[persona]
    assert (response.status_code, persona) == (expected, persona), url
    if expected == 302 and persona == "anonymous" and row.expect.get("operator_a") != 302:
        assert response["Location"].startswith(reverse("login"))
