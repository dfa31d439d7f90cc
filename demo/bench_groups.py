"""The bench kabupaten's KBK groups over the years: which units form them, their ASN, and per
year their SK and roster, in a realistic mix of complete, incomplete and missing records.

A group keeps most of its members from one year to the next (in the same role); some leave and
newcomers join. What a record lacks is computed by the same functions the services use
(``groups.services.sk_problems`` and ``roster_problems``) and stored as codes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.models import AuditAction, AuditEvent, Unit
from core.uploads import validate_upload
from demo import data
from demo.bench_accounts import Accounts
from demo.bench_bulk import Bench, Version, history_rows, insert, insert_plain
from demo.bench_units import GROUP_WEIGHT, BenchUnits
from demo.documents import SkDocument, SkMember, logo_png, sk_pdf
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
from groups.services import roster_problems, sk_problems

# What a year's record of a group looks like: (outcome, weight) in a past year and this year.
COMPLETE, NO_SCAN, NO_SK, NO_SEKRETARIS, TOO_FEW, TOO_MANY, MISSING = (
    "complete",
    "no_scan",
    "no_sk",
    "no_sekretaris",
    "too_few",
    "too_many",
    "missing",
)
PAST_OUTCOMES = {COMPLETE: 86, NO_SCAN: 5, NO_SK: 2, NO_SEKRETARIS: 2, TOO_FEW: 1, TOO_MANY: 1, MISSING: 3}
CURRENT_OUTCOMES = {COMPLETE: 76, NO_SCAN: 6, NO_SK: 3, NO_SEKRETARIS: 3, TOO_FEW: 3, TOO_MANY: 1, MISSING: 8}
FORMED_BEFORE = 0.55  # the share of groups formed before the first programme year
WITHOUT_FORMATION_DATE = 0.03
DISSOLVED = 0.02
KEEP_MEMBER = 0.85
SCAN_LATER = 0.3  # complete records whose scan was uploaded after the SK was typed in
GUEST_MEMBER = 0.03  # a group takes in an ASN of another OPD this year ("anggota dari unit lain")
PENDING_THIS_YEAR = 0.5  # this year's such seats still waiting for the other unit's operator


@dataclass
class Record:
    """A group's record of one year, saved, with its roster."""

    group_year: GroupYear
    roster: list[tuple[Person, str]]
    confirmation: dict[int, str] = field(default_factory=dict)  # person pk -> seat, for other units' ASN

    @property
    def group(self) -> Group:
        return self.group_year.group

    @property
    def complete(self) -> bool:
        return self.group_year.status == Completeness.COMPLETE


@dataclass
class BenchGroups:
    groups: list[Group]
    records: dict[int, list[Record]] = field(default_factory=dict)  # programme year pk -> records
    heads: dict[str, Person] = field(default_factory=dict)  # unit code -> head
    people: int = 0


@dataclass
class _Plan:
    unit: Unit
    name: str
    letters: str
    first_year: int  # the first programme year with a record possible
    last_year: int  # dissolved groups stop
    pembina: bool
    roster: list[tuple[Person, str]] = field(default_factory=list)


def plan_hosts(bench: Bench, units: BenchUnits, count: int) -> list[Unit]:
    """Which unit each group belongs to, drawn by the weight of the unit's kind."""
    candidates = [u for u in units.by_code.values() if u.depth > 1 and GROUP_WEIGHT.get(u.kind, 0) > 0]
    candidates.sort(key=lambda u: u.path)
    weights = [GROUP_WEIGHT[u.kind] for u in candidates]
    hosts = bench.rng.choices(candidates, weights=weights, k=count)
    return sorted(hosts, key=lambda u: u.path)


def shared_files(bench: Bench) -> tuple[str, list[str]]:
    """One SK scan and a handful of logos in storage, which the records and groups point at (two
    million rows cannot each have a generated PDF; the pages only show the file)."""
    document = SkDocument(
        pemda="Pemerintah Kabupaten Wanasari",
        unit="Dinas Kesehatan",
        seat="Wanasari",
        head_title="Kepala Dinas Kesehatan",
        head_name="dr. Hendra Wijaya, M.Kes.",
        head_nip="197001012000031001",
        number="800/123/SK/2026",
        signed_on=bench.today,
        group_name="SIGAP",
        year=bench.today.year,
        members=[
            SkMember("Siti Rahmawati, S.Kep., Ners", "198503302010012002", "Ketua", "Perawat Ahli Pertama")
        ],
    )
    scan = validate_upload(ContentFile(sk_pdf(document), name="bench.pdf"), kinds=["pdf"])
    scan_name = default_storage.save(f"groups/sk/{bench.uuid().hex}.pdf", scan)
    logos = []
    for index, colour in enumerate(data.LOGO_COLOURS[:6]):
        logo = validate_upload(
            ContentFile(logo_png(f"K{index + 1}", colour), name="bench.png"), kinds=["png"]
        )
        logos.append(default_storage.save(f"groups/logos/{bench.uuid().hex}.png", logo))
    return scan_name, logos


def seed_groups(
    bench: Bench,
    units: BenchUnits,
    hosts: list[Unit],
    years: list[ProgrammeYear],
    accounts: Accounts,
    files: tuple[str, list[str]],
) -> BenchGroups:
    rng = bench.rng
    first, current = years[0].year, years[-1].year
    scan_name, logos = files
    per_unit: Counter = Counter()
    plans: list[_Plan] = []
    for unit in hosts:
        number = per_unit[unit.code]
        per_unit[unit.code] += 1
        base, letters = data.GROUP_NAMES[(number + len(unit.code)) % len(data.GROUP_NAMES)]
        turn = number // len(data.GROUP_NAMES)
        name = f"KBK {base}" if turn == 0 else f"KBK {base} {turn + 1}"
        first_year = first if rng.random() < FORMED_BEFORE else rng.randint(first, current)
        last_year = rng.randint(first_year, current) if rng.random() < DISSOLVED else current
        plans.append(_Plan(unit, name, letters, first_year, last_year, pembina=rng.random() < 0.6))

    groups = []
    for plan in plans:
        if rng.random() < WITHOUT_FORMATION_DATE:
            formed = None
        elif plan.first_year == first and rng.random() < 0.8:
            formed = date(rng.randint(first - 8, first - 1), rng.randint(1, 12), rng.randint(1, 28))
        else:
            formed = date(plan.first_year, rng.randint(1, 3), rng.randint(1, 28))
        created = bench.moment(max(formed or date(first, 1, 10), date(first, 1, 10)), 10)
        groups.append(
            Group(
                uuid=bench.uuid(),
                unit=plan.unit,
                name=plan.name,
                makna=f"{plan.letters}. {rng.choice(data.MAKNA_SENTENCES)}",
                motto=rng.choice(data.MOTTOS),
                yel_yel=rng.choice(data.YEL_YEL).format(name=plan.name.removeprefix("KBK ")),
                logo=logos[len(groups) % len(logos)] if rng.random() < 0.7 else "",
                formed_on=formed,
                is_active=plan.last_year == current,
                created_at=created,
                updated_at=created,
            )
        )
    insert(Group, groups)
    insert_plain(
        Group.history.model,
        history_rows(
            Group,
            (Version(g, g.created_at, accounts.writer(g.unit).pk, "+") for g in groups),
        ),
    )

    result = BenchGroups(groups=groups)
    heads = {}
    for code in sorted(per_unit):
        unit = units.by_code[code]
        head = bench.asn.head(unit, units.field_of[code], units.head_title[code])
        head.uuid = bench.uuid()
        heads[code] = head
    insert(Person, heads.values())
    result.heads = heads
    result.people = len(heads)

    for year in years:
        result.records[year.pk] = _seed_year(
            bench, units, year, current, plans, groups, heads, accounts, scan_name, result
        )
    return result


def _first_roster(bench: Bench, unit: Unit, units_field: str, new: list[Person]) -> list[tuple[Person, str]]:
    size = bench.rng.randint(4, 8)
    roles = [RosterRole.FASILITATOR, RosterRole.KETUA, RosterRole.SEKRETARIS] + [RosterRole.ANGGOTA] * (
        size - 3
    )
    return [(_newcomer(bench, unit, units_field, new), role) for role in roles]


def _newcomer(bench: Bench, unit: Unit, unit_field: str, new: list[Person]) -> Person:
    person = bench.asn.person(unit, unit_field)
    person.uuid = bench.uuid()
    new.append(person)
    return person


def _next_roster(bench: Bench, unit: Unit, unit_field: str, previous, new: list[Person]):
    """Most members stay (in the same role), some leave, newcomers join."""
    rng = bench.rng
    kept = [(person, role) for person, role in previous if rng.random() < KEEP_MEMBER]
    anggota = [person for person, role in kept if role == RosterRole.ANGGOTA]
    roster = []
    for role in (RosterRole.FASILITATOR, RosterRole.KETUA, RosterRole.SEKRETARIS):
        holder = next((person for person, held in kept if held == role), None)
        if holder is None:
            holder = (
                anggota.pop(0) if anggota and rng.random() < 0.7 else _newcomer(bench, unit, unit_field, new)
            )
        roster.append((holder, role))
    for _index in range(rng.randint(4, 8) - 3):
        roster.append(
            (anggota.pop(0) if anggota else _newcomer(bench, unit, unit_field, new), RosterRole.ANGGOTA)
        )
    return roster


def _outcome(bench: Bench, weights: dict[str, int]) -> str:
    return bench.rng.choices(list(weights), weights=list(weights.values()))[0]


def _seed_year(
    bench, units, year, current, plans, groups, heads, accounts, scan_name, result
) -> list[Record]:
    rng = bench.rng
    is_current = year.year == current
    weights = CURRENT_OUTCOMES if is_current else PAST_OUTCOMES
    new_people: list[Person] = []
    pending: list[tuple[GroupYear, list[tuple[Person, str]]]] = []
    versions: list[Version] = []
    for plan, group in zip(plans, groups, strict=True):
        if not plan.first_year <= year.year <= plan.last_year:
            continue
        unit_field = units.field_of.get(plan.unit.code, data.GENERAL)
        if plan.roster:
            plan.roster = _next_roster(bench, plan.unit, unit_field, plan.roster, new_people)
        else:
            plan.roster = _first_roster(bench, plan.unit, unit_field, new_people)
        if rng.random() < GUEST_MEMBER:
            other = _other_unit(bench, units, plan.unit)
            guest = _newcomer(bench, other, units.field_of.get(other.code, data.GENERAL), new_people)
            plan.roster.append((guest, RosterRole.ANGGOTA))
        outcome = _outcome(bench, weights)
        if outcome == MISSING:
            continue
        roster = list(plan.roster)
        if outcome == NO_SEKRETARIS:
            roster = [(p, r) for p, r in roster if r != RosterRole.SEKRETARIS]
        elif outcome == TOO_FEW:
            roster = [(p, r) for p, r in roster if r in (RosterRole.FASILITATOR, RosterRole.KETUA)]
        elif outcome == TOO_MANY:
            while len(roster) <= year.max_members:
                roster.append((_newcomer(bench, plan.unit, unit_field, new_people), RosterRole.ANGGOTA))
        head = heads[plan.unit.code]
        if plan.pembina:
            roster = [(head, RosterRole.PEMBINA), *roster]
        entered = date(year.year, rng.randint(1, 3), rng.randint(2, 21))
        if group.formed_on and group.formed_on.year == year.year:
            entered = max(entered, group.formed_on)
        entered = min(entered, bench.today)
        at = bench.office_moment(entered)
        group_year = GroupYear(uuid=bench.uuid(), group=group, programme_year=year, updated_at=at)
        if outcome != NO_SK:
            group_year.sk_number = (
                f"{rng.choice(['800', '061', '800.1.3'])}/{rng.randint(11, 987)}/SK/{year.year}"
            )
            group_year.sk_date = entered
            group_year.sk_signed_by = head.name
            if outcome != NO_SCAN:
                group_year.sk_scan = scan_name
        problems = sk_problems(group_year) + roster_problems([role for _p, role in roster], year)
        group_year.problems = problems
        group_year.status = Completeness.INCOMPLETE if problems else Completeness.COMPLETE
        pending.append((group_year, roster))
        user = accounts.writer(plan.unit).pk
        if group_year.status == Completeness.COMPLETE and rng.random() < SCAN_LATER:
            # Typed in first, the scan uploaded a week later.
            without = sk_problems(GroupYear(sk_number=group_year.sk_number, sk_date=group_year.sk_date))
            versions.append(
                Version(
                    group_year, at, user, "+", {"sk_scan": "", "status": "incomplete", "problems": without}
                )
            )
            later = bench.office_moment(min(entered + timedelta(days=7), bench.today))
            group_year.updated_at = later
            versions.append(Version(group_year, later, user, "~"))
        else:
            versions.append(Version(group_year, at, user, "+"))
    insert(Person, new_people)
    result.people += len(new_people)
    insert(GroupYear, [gy for gy, _roster in pending])
    members = []
    for gy, roster in pending:
        for person, role in roster:
            seat = SeatConfirmation.OWN
            if units.top_of(person.unit).pk != units.top_of(gy.group.unit).pk:
                pending_now = is_current and rng.random() < PENDING_THIS_YEAR
                seat = SeatConfirmation.PENDING if pending_now else SeatConfirmation.CONFIRMED
            members.append(RosterMember(group_year=gy, person=person, role=role, confirmation=seat))
    insert(RosterMember, members)
    insert_plain(GroupYear.history.model, history_rows(GroupYear, versions))
    first_version = {}
    for version in versions:
        first_version.setdefault(version.instance.pk, version)
    insert_plain(
        RosterMember.history.model,
        history_rows(
            RosterMember,
            (
                Version(m, first_version[m.group_year.pk].at, first_version[m.group_year.pk].user_id, "+")
                for m in members
            ),
        ),
    )
    _seat_audit(bench, members, first_version, accounts, year)
    by_record = defaultdict(list)
    seats = defaultdict(dict)
    for member in members:
        by_record[member.group_year.pk].append((member.person, member.role))
        if member.confirmation != SeatConfirmation.OWN:
            seats[member.group_year.pk][member.person.pk] = member.confirmation
    return [Record(gy, by_record[gy.pk], seats[gy.pk]) for gy, _roster in pending]


def _other_unit(bench: Bench, units: BenchUnits, unit: Unit) -> Unit:
    """A unit of another OPD or kecamatan, whose operator has to confirm the seat."""
    top = units.top_of(unit)
    candidates = [u for u in units.by_code.values() if u.depth > 1 and units.top_of(u).pk != top.pk]
    return bench.rng.choice(sorted(candidates, key=lambda u: u.path))


def _seat_audit(bench: Bench, members: list[RosterMember], first_version, accounts: Accounts, year) -> None:
    """The audit rows of seats of other units' ASN: added (by the group's operator) and, when
    confirmed, the confirmation by an operator of the ASN's unit (a few days later)."""
    rows = []
    for member in members:
        if member.confirmation == SeatConfirmation.OWN:
            continue
        group = member.group_year.group
        added = first_version[member.group_year.pk]
        details = {
            "group": str(group.uuid),
            "year": year.year,
            "nip": member.person.nip,
            "person_unit": member.person.unit.code,
            "role": member.role,
        }
        target = f"{group.name} {year.year}: {member.person.nip}"
        actor = accounts.writer(group.unit)
        rows.append(
            _seat_row(
                AuditAction.ROSTER_CROSS_ADD, actor, target, group.unit, added.at, how="added", **details
            )
        )
        if member.confirmation == SeatConfirmation.CONFIRMED:
            confirmer = accounts.writer(member.person.unit)
            at = bench.office_moment(
                min(added.at.date() + timedelta(days=bench.rng.randint(1, 10)), bench.today)
            )
            rows.append(_seat_row(AuditAction.ROSTER_CONFIRM, confirmer, target, group.unit, at, **details))
    insert_plain(AuditEvent, rows)


def _seat_row(action, actor, target, unit, at, **details) -> AuditEvent:
    return AuditEvent(
        at=at,
        actor=actor,
        actor_name=actor.username,
        action=action,
        target=target[:300],
        unit=unit,
        details=details,
    )
