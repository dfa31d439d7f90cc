"""The filing dashboard of the Bagian Organisasi: the matrix, the lists behind its numbers, the trend."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core import exports, permissions
from core.models import Unit, UnitKind
from groups.models import ProgrammeYear
from reports import dashboard as figures
from reports.charts import safe_trend_chart
from reports.dashboard import (
    BY_SLUG,
    COLUMNS,
    GROUP,
    PERSON,
    READY_FILTERS,
    TREND_COLUMNS,
    Coverage,
    Indicator,
    Scope,
    Within,
)
from reports.forms import DashboardForm, IndicatorListForm
from reports.tables import (
    dashboard_table,
    indicator_groups_table,
    indicator_people_table,
    indicator_units_table,
    matrix_lines,
    trend_table,
)

PAGE_SIZE = 50
# Columns whose cell also shows a coverage percentage, coloured: (field, coverage property).
COVERAGE_COLUMNS = {"units_with_group": "unit_coverage", "verified": "verified_coverage"}
# Numbers that call for action: shown in bold red when not zero (the number stays the signal).
ALERT_COLUMNS = {"returned", "not_filed", "overdue", "sk_overdue"}


@dataclass(frozen=True)
class Cell:
    """A number of the matrix. Nothing to show (zero, or a percentage of nothing) is a quiet
    "-" without a link (``url`` None), so that the numbers that need action stand out."""

    value: int | None
    url: str | None
    coverage: Coverage | None = None
    alert: bool = False
    percent: bool = False


def _query(**params: Any) -> str:
    return urlencode({key: value for key, value in params.items() if value not in (None, "", False)})


def list_url(
    year: ProgrammeYear, unit: Unit | None, slug: str, *, direct: bool = False, kind: str | None = None
) -> str:
    return list_urls(year, unit, direct=direct, kind=kind)(slug)


def list_urls(
    year: ProgrammeYear, unit: Unit | None, *, direct: bool = False, kind: str | None = None
) -> Callable[[str], str]:
    """:func:`list_url` for one place, by slug: the matrix has a link in most of its thousands of
    cells, so the URL and the common parameters are made once."""
    common = _query(year=year.year, unit=unit.uuid if unit else None, kind=kind)
    base = f"{reverse('reports-dashboard-list')}?{common}&indicator="
    tail = f"&{_query(direct=1)}" if direct else ""
    return lambda slug: f"{base}{quote_plus(slug)}{tail}"


def dashboard_url(name: str, year: ProgrammeYear | None, unit: Unit | None, kind: str | None = None) -> str:
    query = _query(year=year.year if year else None, unit=unit.uuid if unit else None, kind=kind)
    return f"{reverse(name)}?{query}" if query else reverse(name)


def documents_url(year: ProgrammeYear, unit: Unit | None) -> str:
    query = _query(year=year.year, unit=unit.uuid if unit else None)
    return f"{reverse('reports-documents')}?{query}"


def _cells(
    year: ProgrammeYear,
    numbers: figures.Figures,
    unit: Unit | None,
    *,
    direct: bool = False,
    kind: str | None = None,
    columns: tuple[Indicator, ...] = COLUMNS,
) -> list[Cell]:
    cells = []
    url = list_urls(year, unit, direct=direct, kind=kind)
    for column in columns:
        value = getattr(numbers, column.field)
        coverage = (
            getattr(numbers, COVERAGE_COLUMNS[column.field]) if column.field in COVERAGE_COLUMNS else None
        )
        shown = value is not None and (value > 0 or (column.percent and value == 0))
        cells.append(
            Cell(
                value=value,
                url=url(column.slug) if shown else None,
                coverage=coverage,
                alert=column.field in ALERT_COLUMNS and shown,
                percent=column.percent,
            )
        )
    return cells


def _scope(user, unit_uuid) -> Scope | None:
    """The dashboard's subtree: the given unit (404 outside the user's subtree) or the user's own."""
    if unit_uuid is not None:
        return figures.scope_for_unit(permissions.get_unit_for_user(user, unit_uuid))
    return figures.default_scope(user)


def _read_form(form_class, request):
    form = form_class(exports.filters_of(request))
    form.is_valid()
    if "unit" in form.errors:
        raise Http404  # a malformed unit in the address: like any unit the user cannot see
    return form, getattr(form, "cleaned_data", {})


def _ancestor_paths(unit: Unit) -> list[str]:
    return [unit.path[:end] for end in range(Unit.steplen, len(unit.path), Unit.steplen)]


def _breadcrumbs(user, scope: Scope, year: ProgrammeYear | None) -> list[tuple[str, str]]:
    """The root's ancestors the user may read, each linking to the dashboard rooted there."""
    if scope.root is None:
        return []
    return [
        (str(unit), dashboard_url("reports-dashboard", year, unit))
        for unit in Unit.objects.filter(path__in=_ancestor_paths(scope.root))
        if permissions.can_read_unit(user, unit)
    ]


def _scope_name(scope: Scope) -> str:
    return str(scope.root) if scope.root is not None else ", ".join(str(unit) for unit in scope.tops)


@login_required
def dashboard(request):
    permissions.require_any_role(request.user)
    form, data = _read_form(DashboardForm, request)
    scope = _scope(request.user, data.get("unit"))
    year = data.get("year") or ProgrammeYear.current()
    if year is not None and not form.is_bound:
        form.fields["year"].initial = year
    context: dict[str, Any] = {"form": form, "year": year, "scope": scope}
    if year is None or scope is None:
        return render(request, "reports/dashboard.html", context)
    kind = data.get("kind") or None
    result = figures.build_dashboard(year, scope, kind=kind)
    root = scope.root
    table = dashboard_table(year)
    lines = matrix_lines(result)
    if response := exports.export_or_none(request, table, lines, unit=root):
        return response
    rows = [
        {
            "row": row,
            "drill_url": None if row.direct else dashboard_url("reports-dashboard", year, row.unit, kind),
            "cells": _cells(year, row.figures, row.unit, direct=row.direct, kind=kind),
        }
        for row in result.rows
    ]
    kinds = [
        {
            "kind": item,
            "filter_url": dashboard_url("reports-dashboard", year, root, item.kind),
            "cells": _cells(year, item.figures, root, kind=item.kind),
        }
        for item in result.kinds
    ]
    ready = [
        {
            "indicator": BY_SLUG[slug],
            "value": getattr(result.totals, BY_SLUG[slug].field),
            "url": list_url(year, root, slug, kind=kind),
        }
        for slug in READY_FILTERS
    ]
    context.update(
        {
            "dashboard": result,
            "columns": COLUMNS,
            "rows": rows,
            "kinds": kinds,
            "kind": kind,
            "kind_label": UnitKind(kind).label if kind else None,
            "all_kinds_url": dashboard_url("reports-dashboard", year, root),
            "total_cells": _cells(year, result.totals, root, kind=kind),
            "ready": ready,
            "breadcrumbs": _breadcrumbs(request.user, scope, year),
            "scope_name": _scope_name(scope),
            "units_without_group_url": list_url(year, root, "unit-tanpa-kelompok", kind=kind),
            "units_with_group_url": list_url(year, root, "unit-berkelompok", kind=kind),
            "verified_url": list_url(year, root, "terverifikasi", kind=kind),
            "groups_url": list_url(year, root, "kelompok", kind=kind),
            "trend_url": dashboard_url("reports-trends", None, root),
            "export": exports.offer(table, len(lines)),
            "documents_url": documents_url(year, root),
        }
    )
    return render(request, "reports/dashboard.html", context)


@login_required
def dashboard_list(request):
    permissions.require_any_role(request.user)
    form, data = _read_form(IndicatorListForm, request)
    if not form.is_valid():
        raise Http404  # lists are reached by links from the dashboard; a broken link finds nothing
    scope = _scope(request.user, data.get("unit"))
    if scope is None:
        raise Http404
    year = data.get("year") or ProgrammeYear.current()
    if year is None:
        raise Http404
    indicator = BY_SLUG[data["indicator"]]
    direct = bool(data.get("direct")) and scope.root is not None
    within = Within(scope=scope, unit=scope.root, direct=direct)
    kind = data.get("kind") or None
    if indicator.kind == GROUP:
        items = figures.indicator_groups(year, within, indicator, kind=kind)
        table = indicator_groups_table(year, indicator)
    elif indicator.kind == PERSON:
        items = figures.indicator_people(year, within, kind=kind)
        table = indicator_people_table(year, indicator, within, kind=kind)
    else:
        items = figures.indicator_units(year, within, indicator, kind=kind)
        table = indicator_units_table(year, indicator)
    if response := exports.export_or_none(request, table, items, unit=scope.root):
        return response
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    table.prepare(page.object_list)  # the figures of the page's rows, as the file's batches get them
    root = scope.root
    filters = [
        {
            "indicator": BY_SLUG[slug],
            "url": list_url(year, root, slug, direct=direct, kind=kind),
            "active": slug == indicator.slug,
        }
        for slug in READY_FILTERS
    ]
    return render(
        request,
        "reports/list.html",
        {
            "indicator": indicator,
            "year": year,
            "scope": scope,
            "scope_name": _scope_name(scope),
            "direct": direct,
            "page": page,
            "filters": filters,
            "kind": kind,
            "kind_label": UnitKind(kind).label if kind else None,
            "dashboard_url": dashboard_url("reports-dashboard", year, root, kind),
            "can_create_risalah": permissions.may_manage_some_groups(request.user),
            "export": exports.offer(table, page.paginator.count),
        },
    )


@login_required
def trends(request):
    permissions.require_any_role(request.user)
    _form, data = _read_form(DashboardForm, request)
    scope = _scope(request.user, data.get("unit"))
    context: dict[str, Any] = {"scope": scope, "chart": None, "points": []}
    if scope is not None:
        points = figures.build_trend(scope)
        root = scope.root
        table = trend_table()
        if response := exports.export_or_none(request, table, points, unit=root):
            return response
        context.update(
            {
                "scope_name": _scope_name(scope),
                "columns": TREND_COLUMNS,
                "points": [
                    {"point": point, "cells": _cells(point.year, point.figures, root, columns=TREND_COLUMNS)}
                    for point in points
                ],
                "breadcrumbs": _breadcrumbs(request.user, scope, None),
                "dashboard_url": dashboard_url("reports-dashboard", None, root),
                "export": exports.offer(table, len(points)),
            }
        )
        if points:
            title = _("KBK groups year on year: %(unit)s") % {"unit": _scope_name(scope)}
            context["chart"] = safe_trend_chart(points, title)
    return render(request, "reports/trends.html", context)
