"""Writes to groups, SK and rosters. Views call these; they never save status themselves."""

import unicodedata
from collections import Counter
from datetime import date

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from core import audit, permissions
from core.imports import Outcome
from core.models import AuditAction, Unit, User
from groups.models import (
    Completeness,
    Group,
    GroupYear,
    Person,
    ProgrammeYear,
    RosterMember,
    RosterRole,
    SeatConfirmation,
)


def roster_problems(roles: list[str], rules: ProgrammeYear) -> list[dict]:
    """The roster rules a list of roster roles breaks, as codes and numbers (see PROBLEM_MESSAGES).

    The Pembina (head of the unit who signs the SK) is not counted as a member.
    """
    counts = Counter(roles)
    members = sum(n for role, n in counts.items() if role != RosterRole.PEMBINA)
    problems = []
    if members < rules.min_members:
        problems.append({"code": "min_members", "count": members, "min": rules.min_members})
    if members > rules.max_members:
        problems.append({"code": "max_members", "count": members, "max": rules.max_members})
    exact_counts = ((RosterRole.KETUA, rules.ketua_count), (RosterRole.SEKRETARIS, rules.sekretaris_count))
    for role, wanted in exact_counts:
        if counts[role] != wanted:
            problems.append(
                {"code": "role_count", "wanted": wanted, "role": role.value, "count": counts[role]}
            )
    if counts[RosterRole.FASILITATOR] < rules.min_fasilitator:
        problems.append(
            {"code": "min_fasilitator", "min": rules.min_fasilitator, "count": counts[RosterRole.FASILITATOR]}
        )
    return problems


def sk_problems(group_year: GroupYear) -> list[dict]:
    fields = ("sk_number", "sk_date", "sk_scan")
    return [{"code": field} for field in fields if not getattr(group_year, field)]


def evaluate_group_year(*, group_year: GroupYear) -> GroupYear:
    """Recompute and store whether the year's SK and roster are complete. One write."""
    roles = list(group_year.members.values_list("role", flat=True))
    problems = sk_problems(group_year) + roster_problems(roles, group_year.programme_year)
    group_year.problems = problems
    group_year.status = Completeness.INCOMPLETE if problems else Completeness.COMPLETE
    group_year.save(update_fields=["problems", "status", "updated_at"])
    return group_year


@transaction.atomic
def group_year_get_or_create(*, group, programme_year: ProgrammeYear) -> GroupYear:
    group_year, created = GroupYear.objects.get_or_create(group=group, programme_year=programme_year)
    if created:
        evaluate_group_year(group_year=group_year)
    return group_year


def names_match(typed: str, recorded: str) -> bool:
    """A name typed in full matches the record: case, accents' encoding and spacing aside."""

    def fold(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())

    return bool(fold(typed)) and fold(typed) == fold(recorded)


def seat_confirmation_for(*, by: User, person: Person) -> str:
    """OWN when ``by`` manages the ASN's unit, else PENDING: an operator of that unit confirms."""
    return (
        SeatConfirmation.OWN if permissions.can_manage_groups(by, person.unit) else SeatConfirmation.PENDING
    )


def _audit_seat(*, action: str, member: RosterMember, by: User, **details) -> None:
    group_year = member.group_year
    audit.record(
        action=action,
        actor=by,
        target=f"{group_year.group.name} {group_year.programme_year.year}: {member.person.nip}",
        unit=group_year.group.unit,
        group=str(group_year.group.uuid),
        year=group_year.programme_year.year,
        nip=member.person.nip,
        person_unit=member.person.unit.code,
        role=member.role,
        **details,
    )


def _audit_cross_unit_addition(*, member: RosterMember, by: User, how: str) -> None:
    if member.from_other_unit:
        _audit_seat(action=AuditAction.ROSTER_CROSS_ADD, member=member, by=by, how=how)


@transaction.atomic
def roster_add_member(*, group_year: GroupYear, person: Person, role: str, by: User) -> RosterMember:
    """Seat ``person`` on the roster. An ASN of a unit ``by`` does not manage gets a pending
    seat (listed, granting nothing until that unit's operator confirms), in the audit log."""
    member = RosterMember.objects.create(
        group_year=group_year,
        person=person,
        role=role,
        confirmation=seat_confirmation_for(by=by, person=person),
    )
    _audit_cross_unit_addition(member=member, by=by, how="added")
    evaluate_group_year(group_year=group_year)
    return member


@transaction.atomic
def roster_update_member(*, member: RosterMember, role: str, by: User) -> RosterMember:
    """Change a member's role. A confirmed seat from another unit was confirmed for its role:
    a new role waits for confirmation again unless ``by`` manages the member's unit."""
    changed = member.role != role
    member.role = role
    fields = ["role"]
    if (
        changed
        and member.confirmation == SeatConfirmation.CONFIRMED
        and seat_confirmation_for(by=by, person=member.person) == SeatConfirmation.PENDING
    ):
        member.confirmation = SeatConfirmation.PENDING
        fields.append("confirmation")
        _audit_seat(action=AuditAction.ROSTER_CROSS_ADD, member=member, by=by, how="role_changed")
    member.save(update_fields=fields)
    evaluate_group_year(group_year=member.group_year)
    return member


@transaction.atomic
def roster_remove_member(*, member: RosterMember) -> None:
    group_year = member.group_year
    member.delete()
    evaluate_group_year(group_year=group_year)


@transaction.atomic
def roster_seat_decide(*, member: RosterMember, by: User, confirm: bool) -> RosterMember:
    """An operator of the member's unit confirms or declines a seat from another unit.

    Only a pending seat is decided; the caller checks that ``by`` manages the member's unit
    (``get_seat_for_confirmation``). Recorded in the audit log.
    """
    # Locked: two operators of the unit deciding at once give one decision, not two.
    current = (
        RosterMember.objects.select_for_update().values_list("confirmation", flat=True).get(pk=member.pk)
    )
    if current != SeatConfirmation.PENDING:
        raise ValueError("only a pending seat can be confirmed or declined")
    member.confirmation = SeatConfirmation.CONFIRMED if confirm else SeatConfirmation.DECLINED
    member.save(update_fields=["confirmation"])
    action = AuditAction.ROSTER_CONFIRM if confirm else AuditAction.ROSTER_DECLINE
    _audit_seat(action=action, member=member, by=by)
    return member


def previous_group_year(*, group, programme_year: ProgrammeYear) -> GroupYear | None:
    """The group's latest year before ``programme_year`` that has a roster. Runs a query."""
    return (
        GroupYear.objects.filter(
            group=group, programme_year__year__lt=programme_year.year, members__isnull=False
        )
        .select_related("programme_year")
        .order_by("-programme_year__year")
        .first()
    )


@transaction.atomic
def roster_copy_from_previous(*, group, programme_year: ProgrammeYear, by: User) -> tuple[GroupYear, int]:
    """Start this year's roster from the latest earlier one ("Salin dari tahun lalu").

    Members already on this year's roster are kept; returns the year and how many were added.
    The SK is not copied: a new year needs a new decree. A seat is confirmed for one year: an
    ASN of a unit ``by`` does not manage waits for that unit's confirmation again.
    """
    source = previous_group_year(group=group, programme_year=programme_year)
    target = group_year_get_or_create(group=group, programme_year=programme_year)
    if source is None:
        return target, 0
    present = set(target.members.values_list("person_id", flat=True))
    new = [
        RosterMember(
            group_year=target,
            person=member.person,
            role=member.role,
            confirmation=seat_confirmation_for(by=by, person=member.person),
        )
        for member in source.members.select_related("person__unit")
        if member.person_id not in present
    ]
    RosterMember.objects.bulk_create(new)
    target.group, target.programme_year = group, programme_year
    for member in new:
        _audit_cross_unit_addition(member=member, by=by, how="copied")
    evaluate_group_year(group_year=target)
    return target, len(new)


@transaction.atomic
def group_create(
    *,
    unit: Unit,
    name: str,
    makna: str = "",
    motto: str = "",
    yel_yel: str = "",
    logo: File | None = None,
    formed_on: date | None = None,
    is_active: bool = True,
) -> Group:
    group = Group(unit=unit, name=name, makna=makna, motto=motto, yel_yel=yel_yel)
    group.formed_on, group.is_active = formed_on, is_active
    if logo:
        group.logo = logo
    group.save()
    return group


@transaction.atomic
def group_update(
    *,
    group: Group,
    unit: Unit,
    name: str,
    makna: str,
    motto: str,
    yel_yel: str,
    formed_on: date | None,
    is_active: bool,
    logo: File | None = None,
    remove_logo: bool = False,
) -> Group:
    """Change a group's identity. ``logo`` replaces the logo; ``remove_logo`` drops it.

    A replaced file stays in storage: the group's history still refers to it.
    """
    group.unit, group.name, group.makna, group.motto = unit, name, makna, motto
    group.yel_yel, group.formed_on, group.is_active = yel_yel, formed_on, is_active
    fields = ["unit", "name", "makna", "motto", "yel_yel", "formed_on", "is_active", "updated_at"]
    if logo or remove_logo:
        group.logo = logo or ""
        fields.append("logo")
    group.save(update_fields=fields)
    return group


@transaction.atomic
def group_year_record_sk(
    *,
    group: Group,
    programme_year: ProgrammeYear,
    sk_number: str,
    sk_date: date | None,
    sk_signed_by: str,
    sk_scan: File | None = None,
    remove_scan: bool = False,
) -> GroupYear:
    """Record the SK of a programme year (creating the year's record) and re-evaluate it.

    A replaced scan stays in storage: the year's history still refers to it.
    """
    group_year = group_year_get_or_create(group=group, programme_year=programme_year)
    group_year.sk_number, group_year.sk_date, group_year.sk_signed_by = sk_number, sk_date, sk_signed_by
    fields = ["sk_number", "sk_date", "sk_signed_by", "updated_at"]
    if sk_scan or remove_scan:
        group_year.sk_scan = sk_scan or ""
        fields.append("sk_scan")
    group_year.save(update_fields=fields)
    return evaluate_group_year(group_year=group_year)


@transaction.atomic
def roster_add_by_nip(
    *,
    group: Group,
    programme_year: ProgrammeYear,
    nip: str,
    role: str,
    by: User,
    name: str = "",
    jabatan: str = "",
    unit: Unit | None = None,
) -> tuple[RosterMember, bool]:
    """Put the ASN with this NIP on the year's roster; returns the member and whether the ASN is new.

    An ASN already known by NIP is reused as recorded (one record across years and groups);
    otherwise a new record is made from ``name``, ``jabatan`` and ``unit``. The form has
    checked that an ASN of another unit was named in full (see ``RosterAddForm``).
    """
    person = Person.objects.select_related("unit").filter(nip=nip).first()
    created = person is None
    if created:
        person = Person.objects.create(nip=nip, name=name, jabatan=jabatan, unit=unit or group.unit)
    group_year = group_year_get_or_create(group=group, programme_year=programme_year)
    group_year.group, group_year.programme_year = group, programme_year
    return roster_add_member(group_year=group_year, person=person, role=role, by=by), created


PROGRAMME_YEAR_RULE_FIELDS = (
    "min_members",
    "max_members",
    "ketua_count",
    "sekretaris_count",
    "min_fasilitator",
)


def programme_year_reevaluate(*, programme_year: ProgrammeYear) -> list[GroupYear]:
    """Re-check every group's SK and roster of the year against its (new) roster rules.

    Returns the group years whose completeness changed. Two queries per group year
    (its roster roles and the write), which a Pemda's few hundred groups afford.
    """
    changed = []
    with transaction.atomic():
        for group_year in GroupYear.objects.filter(programme_year=programme_year).order_by("pk"):
            group_year.programme_year = programme_year  # the rules just saved, without a query each
            before = group_year.status
            evaluate_group_year(group_year=group_year)
            if group_year.status != before:
                changed.append(group_year)
    return changed


@transaction.atomic
def programme_year_save(*, programme_year: ProgrammeYear) -> list[GroupYear]:
    """Create or update a programme year; returns the group years whose completeness changed.

    Marking a year current unmarks the others first (one_current_programme_year allows one).
    When the roster rules of an existing year change, every group year of it is re-checked.
    """
    previous = None
    if programme_year.pk is not None:
        previous = (
            ProgrammeYear.objects.select_for_update()
            .filter(pk=programme_year.pk)
            .values(*PROGRAMME_YEAR_RULE_FIELDS)
            .first()
        )
    if programme_year.is_current:
        others = ProgrammeYear.objects.filter(is_current=True)
        if programme_year.pk is not None:
            others = others.exclude(pk=programme_year.pk)
        others.update(is_current=False)
    programme_year.full_clean()
    programme_year.save()
    if previous is None:
        return []
    if all(previous[name] == getattr(programme_year, name) for name in PROGRAMME_YEAR_RULE_FIELDS):
        return []
    return programme_year_reevaluate(programme_year=programme_year)


@transaction.atomic
def roster_rows_apply(*, plan, group: Group, programme_year: ProgrammeYear, by: User, source: str) -> dict:
    """Carry out a roster plan without errors (groups.roster_rows): new ASN records for new
    NIPs, new seats, changed roles; one re-evaluation. ``source`` is "paste" or "import";
    an import is in the audit log like the unit and account imports, and so is every seat
    of an ASN from another unit."""
    if not plan.is_valid:
        raise ValueError("a plan with errors cannot be applied")
    group_year = group_year_get_or_create(group=group, programme_year=programme_year)
    group_year.group, group_year.programme_year = group, programme_year
    for row in plan.rows:
        if row.outcome == Outcome.NEW:
            person = row.person or Person.objects.create(
                nip=row.nip, name=row.name, jabatan=row.jabatan, unit=group.unit
            )
            member = RosterMember.objects.create(
                group_year=group_year,
                person=person,
                role=row.role,
                confirmation=seat_confirmation_for(by=by, person=person),
            )
            _audit_cross_unit_addition(member=member, by=by, how=source)
        elif row.outcome == Outcome.CHANGED:
            row.member.group_year = group_year
            roster_update_member(member=row.member, role=row.role, by=by)
    evaluate_group_year(group_year=group_year)
    counts = plan.counts
    if source == "import":
        audit.record(
            action=AuditAction.IMPORT,
            actor=by,
            target=_("roster %(group)s %(year)d") % {"group": group.name, "year": programme_year.year},
            unit=group.unit,
            **counts,
        )
    return counts
