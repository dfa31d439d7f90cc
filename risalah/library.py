"""The library of verified risalah: what every reader of a Pemda finds, and similar titles.

Only verified risalah are in the library, and of a risalah corrected by a newer verified
revision only that latest revision. Who may read what is decided in ``core.permissions``
(``library_filter``, ``get_library_risalah_for_user``); this module shapes the queries.

Words are searched with PostgreSQL's full-text search (the Indonesian configuration when the
server has one) and titles compared by trigram similarity (pg_trgm, enabled by a migration). On
SQLite, the development database, a plain ``icontains`` and ``difflib`` on a bounded set of
candidates stand in, so the pages work the same, only less cleverly.
"""

import difflib
import re
from dataclasses import dataclass
from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramSimilarity
from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Greatest

from core import permissions
from core.models import Unit
from groups.models import ROSTER_ROLE_ORDER, RosterMember
from risalah import snapshots
from risalah.models import Risalah, RisalahStep, Status
from risalah.permissions import library_filter

STEPLEN = Unit.steplen
SIMILAR_LIMIT = 5
SIMILAR_TRIGRAM = 0.3  # "risalah serupa": related enough to be worth reading
SIMILAR_RATIO = 0.5
NEAR_DUPLICATE_TRIGRAM = 0.8  # the checker's advice: the same title with a word or a number changed
# ... and the threshold of pg_trgm's ``%`` operator each PostgreSQL connection starts with
# (settings.py), so that the title's GIN trigram index (migration risalah 0014) finds the
# candidates instead of the similarity being computed for every risalah.
NEAR_DUPLICATE_RATIO = 0.9
# SQLite compares in Python: at most this many candidates, the most recent first.
CANDIDATES = 1000


class TrigramMatch(Func):
    """``a % b``, pg_trgm's similarity operator (Django's ``trigram_similar`` lookup, which needs
    django.contrib.postgres installed): true at or above the connection's threshold, and served by
    a GIN trigram index where ``similarity(a, b) >= x`` reads every row."""

    arg_joiner = " %% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


@cache
def search_config() -> str:
    """'indonesian' when the PostgreSQL server has that text search configuration, else 'simple'.

    Asked once per process (one query, the first time).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = %s", ["indonesian"])
        return "indonesian" if cursor.fetchone() else "simple"


def normalise_title(text: str) -> str:
    """Case, punctuation and runs of spaces folded: 'Meningkatkan  Kecepatan, ...' -> 'meningkatkan kecepatan ...'."""
    return " ".join(re.sub(r"[^\w]+", " ", (text or "").casefold()).split())


def ratio(a: str, b: str) -> float:
    """How alike two normalised texts are, from 0 to 1 (difflib's ratio)."""
    if not a or not b:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= SIMILAR_RATIO else 0.0


# --- the library's queries ------------------------------------------------------------------------


def latest_verified(queryset: QuerySet) -> QuerySet:
    """Verified risalah without a newer verified revision (a correction replaces what it corrects)."""
    newer = Risalah.objects.filter(
        group_id=OuterRef("group_id"),
        programme_year_id=OuterRef("programme_year_id"),
        status=Status.VERIFIED,
        revision__gt=OuterRef("revision"),
    )
    return queryset.filter(status=Status.VERIFIED).filter(~Exists(newer))


def _target(value: bool):
    return Exists(
        RisalahStep.objects.filter(risalah_id=OuterRef("pk"), data__before_after__target_reached=value)
    )


def library_risalah(user) -> QuerySet:
    """The risalah the user finds in the library, with what the list shows, newest year first."""
    queryset = Risalah.objects.filter(library_filter(user))
    return (
        latest_verified(queryset)
        .select_related("group__unit", "programme_year", "method")
        .annotate(target_met=_target(True), target_missed=_target(False))
        .order_by("-programme_year__year", "group__unit__path", "group__name", "pk")
    )


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Risalah whose title or theme holds the words of ``text``, the best matches first on PostgreSQL."""
    text = " ".join(text.split())
    if not text:
        return queryset
    if on_postgresql():
        config = search_config()
        query = SearchQuery(text, config=config, search_type="websearch")
        vector = SearchVector("title", "theme", config=config)
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", *queryset.query.order_by)
        )
    for word in text.split():
        queryset = queryset.filter(Q(title__icontains=word) | Q(theme__icontains=word))
    return queryset


def apply_filters(queryset: QuerySet, filters: dict) -> QuerySet:
    """The library's filters (from ``LibraryFilterForm.cleaned_data``); an empty filter is no filter."""
    if filters.get("year"):
        queryset = queryset.filter(programme_year=filters["year"])
    if filters.get("opd"):
        queryset = queryset.filter(group__unit__path__startswith=filters["opd"].path)
    if filters.get("kind"):
        queryset = queryset.filter(group__unit__kind=filters["kind"])
    if filters.get("result") == "yes":
        queryset = queryset.filter(target_met=True)
    elif filters.get("result") == "no":
        queryset = queryset.filter(target_missed=True)
    if filters.get("q"):
        queryset = search(queryset, filters["q"])
    return queryset


def opds_for(user) -> QuerySet:
    """The OPDs (the units right under a Pemda) of the user's library, by name."""
    roots = permissions.library_root_paths(user)
    queryset = Unit.objects.filter(depth=2)
    if roots is not None:
        queryset = queryset.within_paths(list(roots))
    return queryset.order_by("name")


def attach_opds(items, opds) -> None:
    """Set ``opd`` on each risalah: the OPD its group's unit lies in (None for a Pemda's own group)."""
    by_path = {unit.path: unit for unit in opds}
    for risalah in items:
        risalah.opd = by_path.get(risalah.group.unit.path[: 2 * STEPLEN])


def opd_of(unit: Unit) -> Unit | None:
    """The OPD ``unit`` lies in (None for a Pemda itself). Runs a query."""
    if unit.depth < 2:
        return None
    return unit if unit.depth == 2 else Unit.objects.filter(path=unit.path[: 2 * STEPLEN]).first()


def verified_at(risalah: Risalah):
    """When the risalah was verified (its latest verification). Runs a query."""
    return (
        risalah.transitions.filter(to_status=Status.VERIFIED)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )


def latest_revision_of(risalah: Risalah) -> Risalah:
    """The newest verified revision of ``risalah`` (itself when there is none newer). Runs a query."""
    newer = (
        Risalah.objects.filter(
            group_id=risalah.group_id,
            programme_year_id=risalah.programme_year_id,
            status=Status.VERIFIED,
            revision__gt=risalah.revision,
        )
        .order_by("-revision")
        .first()
    )
    return newer or risalah


def library_roster(risalah: Risalah) -> list:
    """The members the library names (name and role only), Ketua first. One query.

    A verified risalah shows the roster it was filed with (risalah.snapshots); only one verified
    before snapshots existed falls back to the group's roster of the year.
    """
    as_filed = snapshots.filed(risalah)
    if as_filed is not None:
        members = as_filed.roster
    else:
        members = RosterMember.objects.filter(
            group_year__group_id=risalah.group_id, group_year__programme_year_id=risalah.programme_year_id
        ).select_related("person")
    return sorted(
        members,
        key=lambda member: (ROSTER_ROLE_ORDER.get(member.role, len(ROSTER_ROLE_ORDER)), member.person.name),
    )


def reading_context(risalah: Risalah) -> dict:
    """What the read-only page of a verified risalah shows (the library's, and the Gelar
    juries' in events): content, the roster's names and roles, the OPD, when it was verified.
    A fixed handful of queries."""
    # Here, not at the top: risalah.pdf reaches this module (evidence_services -> services -> checker).
    from risalah.pdf import step_sections

    steps = list(risalah.steps.select_related("method_step").order_by("method_step__number"))
    roster = library_roster(risalah)
    return {
        "risalah": risalah,
        "roster": roster,
        "opd": opd_of(risalah.group.unit),
        # The attachments' files are the group's: the page shows the photos only in the PDF.
        "sections": step_sections(risalah, steps, roster, attachments=[]),
        "verified_at": verified_at(risalah),
    }


# --- similar titles -----------------------------------------------------------------------------


def similar_risalah(user, *, title: str, theme: str, exclude: Risalah | None = None) -> list[Risalah]:
    """Up to five risalah of the user's library whose title or theme resembles the given ones.

    ``exclude``: the risalah being written (its own revisions are left out). Two queries at most.
    """
    title, theme = title.strip() or theme.strip(), theme.strip() or title.strip()
    if not title:
        return []
    queryset = library_risalah(user)
    if exclude is not None:
        queryset = queryset.exclude(group_id=exclude.group_id, programme_year_id=exclude.programme_year_id)
    if on_postgresql():
        return list(
            queryset.annotate(
                similarity=Greatest(TrigramSimilarity("title", title), TrigramSimilarity("theme", theme))
            )
            .filter(similarity__gte=SIMILAR_TRIGRAM)
            .order_by("-similarity", "-programme_year__year", "pk")[:SIMILAR_LIMIT]
        )
    wanted_title, wanted_theme = normalise_title(title), normalise_title(theme)
    scores = {}
    for pk, other_title, other_theme in queryset.values_list("pk", "title", "theme")[:CANDIDATES]:
        score = max(
            ratio(wanted_title, normalise_title(other_title)),
            ratio(wanted_theme, normalise_title(other_theme)),
        )
        if score >= SIMILAR_RATIO:
            scores[pk] = score
    best = sorted(scores, key=lambda pk: -scores[pk])[:SIMILAR_LIMIT]
    found = {risalah.pk: risalah for risalah in queryset.filter(pk__in=best)}
    return [found[pk] for pk in best]


@dataclass(frozen=True)
class SimilarTitle:
    title: str
    year: int
    verified: bool
    identical: bool


def near_duplicate_title(risalah: Risalah) -> SimilarTitle | None:
    """The risalah of any year and any unit of the same Pemda whose title is the same as, or nearly
    the same as, ``risalah``'s (a word or a number changed); the closest one. Its own revisions do
    not count. One query (``risalah.group.unit`` is expected loaded).
    """
    wanted = normalise_title(risalah.title)
    if not wanted:
        return None
    others = (
        # Within the risalah's own Pemda, whose library the group reads.
        Risalah.objects.filter(group__unit__path__startswith=risalah.group.unit.path[:STEPLEN])
        .exclude(pk=risalah.pk)
        .exclude(title="")
        .exclude(
            Q(group_id=risalah.group_id, programme_year_id=risalah.programme_year_id)
            & ~Q(revision=risalah.revision)
        )
    )
    if on_postgresql():
        rows = list(
            others.filter(TrigramMatch("title", Value(risalah.title)))  # what the index serves
            .annotate(similarity=TrigramSimilarity("title", risalah.title), year=F("programme_year__year"))
            .filter(similarity__gte=NEAR_DUPLICATE_TRIGRAM)  # the same, whatever the connection's threshold
            .order_by("-similarity", "-year", "pk")
            .values_list("title", "year", "status")[:SIMILAR_LIMIT]
        )
        candidates = [(row, 1.0 if normalise_title(row[0]) == wanted else 0.0) for row in rows]
        # Identical first (trigrams ignore case and punctuation: the order above may tie).
        candidates.sort(key=lambda item: -item[1])
        row = candidates[0][0] if candidates else None
    else:
        row, best = None, 0.0
        values = others.order_by("-updated_at").values_list("title", "programme_year__year", "status")
        for candidate in values[:CANDIDATES]:
            score = ratio(wanted, normalise_title(candidate[0]))
            if score >= NEAR_DUPLICATE_RATIO and score > best:
                row, best = candidate, score
    if row is None:
        return None
    return SimilarTitle(
        title=row[0],
        year=row[1],
        verified=row[2] == Status.VERIFIED,
        identical=normalise_title(row[0]) == wanted,
    )
