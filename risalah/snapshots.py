"""The risalah as filed: its roster, SK and meeting figures fixed when it was handed in.

A draft (and a risalah returned to the group for revision) shows the group's live roster, SK and
meeting figures. Submitting writes a ``RisalahSnapshot`` of them; verifying keeps a copy of the
snapshot the verifikator reviewed. From submission on, the overview, the review page, the PDF
and the checker read the latest snapshot, so a roster change made afterwards shows only on the
group's page. ``filed_figures`` / ``figures_as_filed`` are what other code (dashboard, reports)
calls for "the figures of this risalah as filed", whatever its status.
"""

from dataclasses import dataclass, field
from datetime import date

from groups.models import ROSTER_ROLE_ORDER, GroupYear, RosterMember, RosterRole
from risalah.figures import MeetingFigures, figures_from, roster_people_ids
from risalah.models import Meeting, Risalah, RisalahSnapshot, Status, Transition

MEMBER_FIELDS = ("name", "nip", "jabatan", "role", "unit")


@dataclass(frozen=True)
class FiledPerson:
    uuid: str
    name: str
    nip: str
    jabatan: str
    unit: str


@dataclass(frozen=True)
class FiledMember:
    """A roster member as filed; reads like a RosterMember in the templates (``member.person.name``)."""

    person: FiledPerson
    role: str

    @property
    def shown_jabatan(self) -> str:
        """The position as filed (already blank for an ASN of another unit)."""
        return self.person.jabatan

    def get_role_display(self) -> str:
        return str(RosterRole(self.role).label) if self.role in RosterRole.values else self.role


@dataclass(frozen=True)
class FiledSk:
    """The SK as filed; reads like a GroupYear in the templates (``group_year.sk_number``)."""

    sk_number: str
    sk_date: date | None
    sk_signed_by: str
    # Whether the scanned decree was uploaded; None in snapshots written before it was recorded.
    has_scan: bool | None = None

    @property
    def has_sk(self) -> bool:
        """Complete as filed: number, date and scan (an older snapshot without the scan flag
        counts as complete when it has number and date; the checker then asks the record)."""
        return bool(self.sk_number and self.sk_date and self.has_scan is not False)

    def same_decree(self, other: "FiledSk | None") -> bool:
        """The same SK, comparing the scan flag only when both sides recorded it."""
        if other is None:
            return False
        if (self.sk_number, self.sk_date, self.sk_signed_by) != (
            other.sk_number,
            other.sk_date,
            other.sk_signed_by,
        ):
            return False
        return self.has_scan is None or other.has_scan is None or self.has_scan == other.has_scan


@dataclass
class Filed:
    snapshot: RisalahSnapshot
    roster: list[FiledMember]
    sk: FiledSk | None
    figures: MeetingFigures

    @property
    def at(self):
        return self.snapshot.created_at


@dataclass
class RosterChanges:
    """The group's roster now against the roster as filed."""

    added: list[FiledMember] = field(default_factory=list)
    removed: list[FiledMember] = field(default_factory=list)
    changed: list[tuple[FiledMember, FiledMember]] = field(default_factory=list)  # (as filed, now)
    sk_before: FiledSk | None = None
    sk_now: FiledSk | None = None

    @property
    def sk_changed(self) -> bool:
        if self.sk_before is None or self.sk_now is None:
            return self.sk_before != self.sk_now
        return not self.sk_before.same_decree(self.sk_now)

    @property
    def roster_changed(self) -> bool:
        return bool(self.added or self.removed or self.changed)


# --- capturing -----------------------------------------------------------------------------------


def live_roster(risalah: Risalah) -> list[dict]:
    """The group's current roster for the risalah's year, as snapshot rows (Pembina included). One query."""
    members = RosterMember.objects.filter(
        group_year__group_id=risalah.group_id, group_year__programme_year_id=risalah.programme_year_id
    ).select_related("person__unit")
    rows = [
        {
            "person": str(member.person.uuid),
            "name": member.person.name,
            "nip": member.person.nip,
            # An ASN of another unit shows no more than the operator typed (name and NIP).
            "jabatan": member.shown_jabatan,
            "role": member.role,
            "unit": "" if member.from_other_unit else member.person.unit.name,
        }
        for member in members
    ]
    return sorted(
        rows, key=lambda row: (ROSTER_ROLE_ORDER.get(row["role"], len(ROSTER_ROLE_ORDER)), row["name"])
    )


def live_sk(risalah: Risalah) -> dict | None:
    """The SK of the group's record for the year (None without a record). One query."""
    record = (
        GroupYear.objects.filter(group_id=risalah.group_id, programme_year_id=risalah.programme_year_id)
        .values("sk_number", "sk_date", "sk_signed_by", "sk_scan")
        .first()
    )
    if record is None:
        return None
    return {
        "number": record["sk_number"],
        "date": record["sk_date"].isoformat() if record["sk_date"] else None,
        "signed_by": record["sk_signed_by"],
        "has_scan": bool(record["sk_scan"]),
    }


def _figures_json(figures: MeetingFigures) -> dict:
    return {
        "count": figures.count,
        "roster_size": figures.roster_size,
        "average_attendance_pct": figures.average_attendance_pct,
        "average_minutes": figures.average_minutes,
        "first_date": figures.first_date.isoformat() if figures.first_date else None,
        "last_date": figures.last_date.isoformat() if figures.last_date else None,
    }


def capture(risalah: Risalah) -> dict:
    """Roster, SK and meeting figures as the risalah shows them now, and the counts the dashboard
    sums (``counts``: meetings, members present and expected; ``members``: person ids, Pembina
    excluded). Four queries."""
    people = roster_people_ids(risalah)
    meetings = list(risalah.meetings.prefetch_related("attendees").order_by("date"))
    present = sum(len({person.pk for person in held.attendees.all()} & people) for held in meetings)
    return {
        "roster": live_roster(risalah),
        "sk": live_sk(risalah),
        "figures": _figures_json(figures_from(people, meetings)),
        "counts": {"meetings": len(meetings), "present": present, "expected": len(meetings) * len(people)},
        "members": sorted(people),
    }


def record(*, risalah: Risalah, transition: Transition, data: dict | None = None) -> RisalahSnapshot:
    """Store ``data`` (the live state when None) as the risalah as filed by ``transition``.

    Called by the submit and verify services inside their transaction (the risalah's row locked),
    it is the newest snapshot of the risalah from now on (``is_latest``).
    """
    data = capture(risalah) if data is None else data
    RisalahSnapshot.objects.filter(risalah=risalah, is_latest=True).update(is_latest=False)
    snapshot = RisalahSnapshot.objects.create(
        risalah=risalah,
        transition=transition,
        is_latest=True,
        roster=data["roster"],
        sk=data["sk"],
        figures=data["figures"],
        **data["counts"],
    )
    snapshot.members.set(data["members"])
    return snapshot


def latest(risalah: Risalah) -> RisalahSnapshot | None:
    """The newest snapshot of the risalah, whatever its status. One query."""
    return risalah.snapshots.order_by("-created_at", "-pk").first()


def as_data(snapshot: RisalahSnapshot) -> dict:
    """The snapshot's content, to be copied by :func:`record`. One query (the members)."""
    return {
        "roster": snapshot.roster,
        "sk": snapshot.sk,
        "figures": snapshot.figures,
        "counts": {"meetings": snapshot.meetings, "present": snapshot.present, "expected": snapshot.expected},
        "members": list(snapshot.members.values_list("pk", flat=True)),
    }


# --- reading -------------------------------------------------------------------------------------


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _member(row: dict) -> FiledMember:
    return FiledMember(
        person=FiledPerson(
            uuid=row.get("person", ""),
            name=row.get("name", ""),
            nip=row.get("nip", ""),
            jabatan=row.get("jabatan", ""),
            unit=row.get("unit", ""),
        ),
        role=row.get("role", ""),
    )


def _sk(data: dict | None) -> FiledSk | None:
    if data is None:
        return None
    return FiledSk(
        data.get("number", ""), _day(data.get("date")), data.get("signed_by", ""), data.get("has_scan")
    )


def _figures(data: dict) -> MeetingFigures:
    return MeetingFigures(
        count=data.get("count", 0),
        roster_size=data.get("roster_size", 0),
        average_attendance_pct=data.get("average_attendance_pct"),
        average_minutes=data.get("average_minutes"),
        first_date=_day(data.get("first_date")),
        last_date=_day(data.get("last_date")),
    )


def _filed(snapshot: RisalahSnapshot) -> Filed:
    return Filed(
        snapshot=snapshot,
        roster=[_member(row) for row in snapshot.roster],
        sk=_sk(snapshot.sk),
        figures=_figures(snapshot.figures),
    )


def filed(risalah: Risalah) -> Filed | None:
    """The risalah as filed when its status shows it so (submitted, under review, verified,
    rejected) and a snapshot exists; None while the group works on it (draft, returned), when
    the live roster and figures are shown. One query, none for a draft or a returned risalah."""
    if risalah.status not in Status.FILED:
        return None
    snapshot = latest(risalah)
    return None if snapshot is None else _filed(snapshot)


def figures_as_filed(risalahs) -> dict[int, MeetingFigures]:
    """The meeting figures of each risalah (by pk) as it shows them: the snapshot once filed, the
    live figures while it is a draft or returned. A fixed four queries, whatever the number."""
    risalahs = list(risalahs)
    result: dict[int, MeetingFigures] = {}
    filed_ones = [r.pk for r in risalahs if r.status in Status.FILED]
    if filed_ones:
        for snapshot in RisalahSnapshot.objects.filter(risalah_id__in=filed_ones).order_by(
            "created_at", "pk"
        ):
            result[snapshot.risalah_id] = _figures(snapshot.figures)  # the newest wins
    live = [r for r in risalahs if r.pk not in result]
    if not live:
        return result
    rosters: dict[tuple[int, int], set[int]] = {}
    for group_id, year_id, person_id in (
        RosterMember.objects.filter(
            group_year__group_id__in={r.group_id for r in live},
            group_year__programme_year_id__in={r.programme_year_id for r in live},
        )
        .exclude(role=RosterRole.PEMBINA)
        .values_list("group_year__group_id", "group_year__programme_year_id", "person_id")
    ):
        rosters.setdefault((group_id, year_id), set()).add(person_id)
    meetings: dict[int, list[Meeting]] = {}
    for meeting in (
        Meeting.objects.filter(risalah__in=[r.pk for r in live])
        .prefetch_related("attendees")
        .order_by("date", "created_at")
    ):
        meetings.setdefault(meeting.risalah_id, []).append(meeting)
    for r in live:
        result[r.pk] = figures_from(
            rosters.get((r.group_id, r.programme_year_id), set()), meetings.get(r.pk, [])
        )
    return result


def filed_figures(risalah: Risalah) -> MeetingFigures:
    """The meeting figures of this risalah as filed (live while a draft or returned)."""
    return figures_as_filed([risalah])[risalah.pk]


def roster_changes(risalah: Risalah, as_filed: Filed) -> RosterChanges:
    """The group's current roster and SK against ``as_filed``. Two queries."""
    now = {row["person"]: _member(row) for row in live_roster(risalah)}
    before = {member.person.uuid: member for member in as_filed.roster}
    changes = RosterChanges(sk_before=as_filed.sk, sk_now=_sk(live_sk(risalah)))
    changes.added = [member for key, member in now.items() if key not in before]
    changes.removed = [member for key, member in before.items() if key not in now]
    changes.changed = [
        (member, now[key]) for key, member in before.items() if key in now and member != now[key]
    ]
    return changes
