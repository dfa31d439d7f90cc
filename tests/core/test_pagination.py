"""core.pagination.KeyPaginator: the same pages as Django's Paginator, the wide rows read by key."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.pagination import KeyPaginator
from groups.models import Group
from tests.factories import GroupFactory


@pytest.fixture
def groups(world):
    for index in range(23):
        GroupFactory(unit=world.unit_a if index % 2 else world.unit_b, name=f"KBK {index % 7} {index:02d}")
    return Group.objects.select_related("unit").order_by("unit__path", "name", "created_at")


@pytest.mark.parametrize("orphans", [0, 3])
def test_every_page_holds_the_rows_of_djangos_paginator_in_its_order(groups, orphans):
    plain = Paginator(groups, 5, orphans=orphans)
    keyed = KeyPaginator(groups, 5, orphans=orphans)
    assert keyed.num_pages == plain.num_pages > 3
    for number in plain.page_range:
        expected, page = plain.page(number), keyed.page(number)
        assert [g.pk for g in page] == [g.pk for g in expected]
        assert (page.start_index(), page.end_index(), page.has_next()) == (
            expected.start_index(),
            expected.end_index(),
            expected.has_next(),
        )
        assert all(g.unit.name for g in page)  # the joins of the queryset came along


def test_the_wide_rows_are_read_by_key_without_an_offset(groups):
    paginator = KeyPaginator(groups, 5)
    paginator.count  # noqa: B018 - the count's query is not what is checked here
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(paginator.num_pages)
        rows = list(page)
    keys_sql, rows_sql = (query["sql"] for query in queries.captured_queries)
    assert "OFFSET" in keys_sql.upper() and '"groups_group"."name"' not in keys_sql.split("FROM")[0]
    assert "OFFSET" not in rows_sql.upper() and " IN (" in rows_sql
    assert len(rows) == len(paginator.object_list) - 5 * (paginator.num_pages - 1)


def test_an_empty_list_has_one_empty_page(world):
    page = KeyPaginator(Group.objects.none().order_by("pk"), 5).get_page(1)
    assert list(page) == [] and page.number == 1
