"""The demo's KBK groups: which units have one, their ASN, and per year their SK and roster, in a
realistic mix of complete, incomplete and missing records."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.files.base import ContentFile

from core.models import Unit, UnitKind
from core.uploads import validate_upload
from demo import data
from demo.documents import SkDocument, SkMember, logo_png, sk_pdf
from demo.people import AsnGenerator
from demo.seeding import Demo, DemoUnits
from groups.models import Group, GroupYear, Person, ProgrammeYear, RosterMember, RosterRole
from groups.services import evaluate_group_year

# What the current year's record of a group looks like.
COMPLETE = "complete"
NO_SCAN = "no_scan"  # SK number and date entered, the scan not uploaded
NO_SK = "no_sk"  # roster entered, SK not issued yet
NO_SEKRETARIS = "no_sekretaris"
TOO_FEW = "too_few"  # only two members entered so far
MISSING = "missing"  # nothing for the current year yet
CURRENT_OUTCOMES = {COMPLETE: 45, NO_SCAN: 3, NO_SK: 1, NO_SEKRETARIS: 2, TOO_FEW: 2, MISSING: 7}
NEW_GROUPS = 5  # formed this year: no record for the previous year
PREVIOUS_WITHOUT_SCAN = 3
STAFF_PER_GROUP = 8


@dataclass
class GroupPlan:
    unit: Unit
    name: str
    letters: str
    outcome: str
    is_new: bool = False
    previous_without_scan: bool = False
    with_pembina: bool = False


@dataclass
class People:
    """The ASN of the units that have groups: the head of each and a pool of staff to draw from."""

    asn: AsnGenerator
    units: DemoUnits
    heads: dict[str, Person] = field(default_factory=dict)
    pools: dict[str, list[Person]] = field(default_factory=dict)
    extra: list[Person] = field(default_factory=list)

    def draw(self, unit: Unit) -> Person:
        """An ASN of ``unit`` not yet drawn; a new (unsaved, see ``extra``) one when the pool is empty."""
        pool = self.pools.setdefault(unit.code, [])
        if pool:
            return pool.pop()
        person = self.asn.person(unit, self.units.field_of[unit.code])
        self.extra.append(person)
        return person


def plan_groups(demo: Demo, units: DemoUnits) -> list[GroupPlan]:
    """Which units get a group and how far each group's records are. Writes nothing."""
    rng = demo.rng
    fixed = [
        data.DINKES_CODE,
        data.DINKES_CODE,
        data.DISDIKBUD_CODE,
        data.DISDIKBUD_CODE,
        data.ORGANISASI_CODE,
        data.RSUD_CODE,
        data.RSUD_CODE,
        data.RSUD_CODE,
        data.RSUD_CIBEUREUM_CODE,
    ]
    hosts = [units.by_code[code] for code in fixed]
    offices = [
        unit
        for unit in units.of_kind(UnitKind.OPD, depth=2) + units.of_kind(UnitKind.OTHER)
        if unit.code not in fixed
    ]
    hosts += rng.sample(offices, 17)
    puskesmas = rng.sample(units.of_kind(UnitKind.PUSKESMAS), 11)
    hosts += puskesmas + puskesmas[:1]  # a big Puskesmas with two groups
    hosts += rng.sample(units.of_kind(UnitKind.KECAMATAN), 5)
    hosts += rng.sample(units.of_kind(UnitKind.KELURAHAN), 8)
    hosts += rng.sample(units.of_kind(UnitKind.SEKOLAH), 6)
    hosts += rng.sample(units.of_kind(UnitKind.UPT), 3)

    outcomes = [outcome for outcome, count in CURRENT_OUTCOMES.items() for _i in range(count)]
    if len(outcomes) != len(hosts):
        raise ValueError("CURRENT_OUTCOMES must give one outcome per planned group")
    rng.shuffle(outcomes)
    names = rng.sample(data.GROUP_NAMES, len(hosts))
    plan = [
        GroupPlan(unit=unit, name=name, letters=letters, outcome=outcome, with_pembina=rng.random() < 0.6)
        for unit, (name, letters), outcome in zip(hosts, names, outcomes, strict=True)
    ]
    for index in rng.sample([i for i, p in enumerate(plan) if p.outcome != MISSING], NEW_GROUPS):
        plan[index].is_new = True
    for index in rng.sample([i for i, p in enumerate(plan) if not p.is_new], PREVIOUS_WITHOUT_SCAN):
        plan[index].previous_without_scan = True
    return plan


def seed_people(demo: Demo, units: DemoUnits, plan: list[GroupPlan]) -> People:
    """The head and a pool of staff for every unit that has a group."""
    people = People(asn=demo.asn, units=units)
    groups_per_unit = Counter(p.unit.code for p in plan)
    new = []
    for code, count in groups_per_unit.items():
        unit = units.by_code[code]
        head = demo.asn.head(unit, units.field_of[code], units.head_title[code])
        pool = [demo.asn.person(unit, units.field_of[code]) for _i in range(STAFF_PER_GROUP * count)]
        people.heads[code], people.pools[code] = head, pool
        new += [head, *pool]
    Person.objects.bulk_create(new)
    return people


def seed_groups(
    demo: Demo, plan: list[GroupPlan], years: list[ProgrammeYear], people: People
) -> list[GroupYear]:
    """The groups with logo and identity, and per year their SK and roster, then their completeness."""
    rng, today = demo.rng, demo.today
    previous_year, current_year = years
    groups = []
    for item in plan:
        if item.is_new:
            formed = min(date(today.year, rng.randint(1, 3), rng.randint(1, 28)), today)
        else:
            formed = date(rng.randint(2015, previous_year.year), rng.randint(1, 12), rng.randint(1, 28))
        groups.append(
            Group(
                unit=item.unit,
                name=f"KBK {item.name}",
                makna=f"{item.letters}. {rng.choice(data.MAKNA_SENTENCES)}",
                motto=rng.choice(data.MOTTOS),
                yel_yel=rng.choice(data.YEL_YEL).format(name=item.name),
                logo=_checked(logo_png(item.name[:2], rng.choice(data.LOGO_COLOURS)), "png"),
                formed_on=formed,
            )
        )
    Group.objects.bulk_create(groups)
    demo.files += [group.logo.name for group in groups]

    records: list[tuple[GroupYear, list[tuple[Person, str]]]] = []
    for item, group in zip(plan, groups, strict=True):
        head = people.heads[item.unit.code]
        pembina = [(head, RosterRole.PEMBINA)] if item.with_pembina else []
        previous = None
        if not item.is_new:
            previous = _first_roster(rng, people, item.unit)
            outcome = NO_SCAN if item.previous_without_scan else COMPLETE
            roster = pembina + previous
            records.append((_group_year(demo, group, previous_year, roster, outcome, head), roster))
        if item.outcome != MISSING:
            roster = (
                _next_roster(rng, people, item.unit, previous)
                if previous
                else _first_roster(rng, people, item.unit)
            )
            if item.outcome == NO_SEKRETARIS:
                roster = [(person, role) for person, role in roster if role != RosterRole.SEKRETARIS]
            elif item.outcome == TOO_FEW:
                roster = [
                    (person, role)
                    for person, role in roster
                    if role in (RosterRole.FASILITATOR, RosterRole.KETUA)
                ]
            roster = pembina + roster
            records.append((_group_year(demo, group, current_year, roster, item.outcome, head), roster))

    Person.objects.bulk_create(people.extra)
    group_years = GroupYear.objects.bulk_create([group_year for group_year, _roster in records])
    demo.files += [gy.sk_scan.name for gy in group_years if gy.sk_scan]
    RosterMember.objects.bulk_create(
        RosterMember(group_year=group_year, person=person, role=role)
        for group_year, roster in records
        for person, role in roster
    )
    for group_year in group_years:
        evaluate_group_year(group_year=group_year)
    return group_years


def _first_roster(rng: random.Random, people: People, unit: Unit) -> list[tuple[Person, str]]:
    size = rng.randint(4, 8)
    roles = [RosterRole.FASILITATOR, RosterRole.KETUA, RosterRole.SEKRETARIS] + [RosterRole.ANGGOTA] * (
        size - 3
    )
    return [(people.draw(unit), role) for role in roles]


def _next_roster(
    rng: random.Random, people: People, unit: Unit, previous: list[tuple[Person, str]]
) -> list[tuple[Person, str]]:
    """This year's roster: most members stay (in the same role), some leave, newcomers join."""
    kept = [(person, role) for person, role in previous if rng.random() < 0.8]
    anggota = [person for person, role in kept if role == RosterRole.ANGGOTA]
    roster = []
    for role in (RosterRole.FASILITATOR, RosterRole.KETUA, RosterRole.SEKRETARIS):
        holder = next((person for person, held in kept if held == role), None)
        if holder is None:
            holder = anggota.pop(0) if anggota and rng.random() < 0.7 else people.draw(unit)
        roster.append((holder, role))
    for _i in range(rng.randint(4, 8) - 3):
        roster.append((anggota.pop(0) if anggota else people.draw(unit), RosterRole.ANGGOTA))
    return roster


def _group_year(
    demo: Demo,
    group: Group,
    year: ProgrammeYear,
    roster: list[tuple[Person, str]],
    outcome: str,
    head: Person,
) -> GroupYear:
    """An unsaved GroupYear with the SK fields the outcome calls for (the scan as a generated PDF)."""
    group_year = GroupYear(group=group, programme_year=year)
    if outcome == NO_SK:
        return group_year
    rng = demo.rng
    signed = date(year.year, rng.randint(1, 3), rng.randint(2, 28))
    if group.formed_on and group.formed_on.year == year.year:
        signed = group.formed_on  # the decree that forms the group
    signed = min(signed, demo.today)
    group_year.sk_number = f"{rng.choice(['800', '061', '800.1.3'])}/{rng.randint(11, 987)}/SK/{year.year}"
    group_year.sk_date = signed
    group_year.sk_signed_by = head.name
    if outcome != NO_SCAN:
        document = SkDocument(
            pemda=data.PEMDA_NAME,
            unit=group.unit.name,
            seat=data.SEAT,
            head_title=head.jabatan,
            head_name=head.name,
            head_nip=head.nip,
            number=group_year.sk_number,
            signed_on=signed,
            group_name=group.name.removeprefix("KBK "),
            year=year.year,
            # The decree is an Indonesian document whatever the reader's language.
            members=[SkMember(p.name, p.nip, role.capitalize(), p.jabatan) for p, role in roster],
        )
        group_year.sk_scan = _checked(sk_pdf(document), "pdf")
    return group_year


def _checked(content: bytes, kind: str) -> ContentFile:
    """The generated file through the same gate as an upload (random name, content checked)."""
    return validate_upload(ContentFile(content, name=f"demo.{kind}"), kinds=[kind])
