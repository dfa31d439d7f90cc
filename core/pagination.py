"""Pages of long lists whose order the database cannot read from an index.

The risalah list sorts by year, unit path, group name and creation across three tables. With
``OFFSET``, PostgreSQL sorts every visible row in full (all columns, 19,206 wide rows at a big
kabupaten: an external merge sort on disk, about 0.5 s for the last page) to throw all but 50
away. :class:`KeyPaginator` sorts only the primary keys of the filtered rows (a narrow in-memory
sort, about 0.1 s for any page) and then reads the page's rows, with their joins, prefetches and
annotations, by key: one query more than Django's Paginator, and deep pages cost what the first
one does.
"""

from django.core.paginator import Paginator


class KeyPaginator(Paginator):
    """A Paginator over a QuerySet that reads each page's rows by primary key."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)} if keys else {}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)
