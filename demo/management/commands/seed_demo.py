"""``manage.py seed_demo``: load a believable, fictional kabupaten to try the portal with.

Pemerintah Kabupaten Sukamaju: about forty OPDs, twenty kecamatan with their kelurahan and
desa, Puskesmas, schools and UPT; two programme years; about sixty KBK groups with logos, SK
scans and rosters of ASN with valid NIPs, in a realistic mix of complete, incomplete and
missing records; one login per role; the risalah of both years in every state of the review
(see demo.filing). A fixed random seed makes every run produce the same kabupaten (only
the uuids and file names differ; the filing season is planned against the programme calendar).

The data is written through the real models and services, step by step (``seed_units``,
``seed_years``, ``seed_people``, ``seed_groups``, ``seed_accounts``, ``seed_filing``), so later features add
their own step to ``seed()`` and their own deletions to ``delete_demo_data()``.
"""

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Role, RoleAssignment, Unit, UnitKind, User
from core.services import account_create
from core.uploads import validate_upload
from demo import data
from demo.documents import SkDocument, SkMember, logo_png, sk_pdf
from demo.filing import delete_filing, filing_summary, seed_filing
from demo.people import AsnGenerator
from groups.models import Completeness, Group, GroupYear, Person, ProgrammeYear, RosterMember, RosterRole
from groups.services import evaluate_group_year, programme_year_save

SEED = 2026
DEMO_PASSWORD = "demo-kbk-2026"  # noqa: S105 - published on purpose: demo logins only
EMAIL_DOMAIN = "sukamajukab.example"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    role_unit: str  # unit code; the role covers that unit and everything under it
    home_unit: str
    jabatan: str  # the account holder's position; "" = the head of the home unit
    superuser: bool = False


DEMO_ACCOUNTS = [
    DemoAccount(
        "admin", Role.ADMIN, data.PEMDA_CODE, data.DISKOMINFO_CODE, "Pranata Komputer Ahli Muda", True
    ),
    DemoAccount(
        "verifikator",
        Role.VERIFIKATOR,
        data.PEMDA_CODE,
        data.ORGANISASI_CODE,
        "Analis Tata Laksana Ahli Muda",
    ),
    DemoAccount("operator", Role.OPERATOR, data.DINKES_CODE, data.DINKES_CODE, "Pranata Komputer Terampil"),
    DemoAccount("pimpinan", Role.PIMPINAN, data.DINKES_CODE, data.DINKES_CODE, ""),
    DemoAccount(
        "operator.disdik",
        Role.OPERATOR,
        data.DISDIKBUD_CODE,
        data.DISDIKBUD_CODE,
        "Pranata Komputer Ahli Pertama",
    ),
]
DEMO_USERNAMES = [account.username for account in DEMO_ACCOUNTS]

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
class DemoUnits:
    root: Unit
    by_code: dict[str, Unit]
    field_of: dict[str, str]  # unit code -> field (see demo.data)
    head_title: dict[str, str]  # unit code -> title of the head who signs the SK

    def of_kind(self, *kinds: str, depth: int | None = None) -> list[Unit]:
        units = [u for u in self.by_code.values() if u.kind in kinds and (depth is None or u.depth == depth)]
        return sorted(units, key=lambda u: u.code)


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


@dataclass
class Demo:
    """What the steps share: the seeded generator, today's date, and the files written so far."""

    today: date
    now: datetime = field(default_factory=timezone.now)
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    files: list[str] = field(default_factory=list)
    asn: AsnGenerator = field(init=False)

    def __post_init__(self):
        self.asn = AsnGenerator(self.rng, self.today.year)


class Command(BaseCommand):
    help = (
        "Load a fictional kabupaten with units, groups, rosters, risalah in every state of the review "
        "and one login per role (development only)."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but list the logins) when the database already holds data.",
        )
        mode.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo data (and its files), then load it again.",
        )

    def handle(self, *args, if_empty: bool = False, reset: bool = False, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(
                _(
                    "Demo data is switched off here: it creates accounts with a published password. "
                    "To allow it (never in production), set ALLOW_DEMO_DATA=1 in the environment. "
                    "It is on by default when DEBUG=1, as `make run` sets."
                )
            )
        root = Unit.objects.filter(code=data.PEMDA_CODE).first()
        if if_empty and root is not None:
            self.stdout.write(_("Demo data is already loaded; nothing was changed."))
            self.print_logins()
            return

        started = time.perf_counter()
        demo = Demo(today=timezone.localdate())
        try:
            with transaction.atomic():
                if reset and root is not None:
                    removed_files = delete_demo_data(root)
                    transaction.on_commit(lambda: _delete_files(removed_files))
                    root = None
                found = existing_data()
                if found:
                    if if_empty:
                        self.stdout.write(
                            _("The database already holds data (%(found)s); demo data was not loaded.")
                            % {"found": found}
                        )
                        return
                    raise CommandError(self.not_empty_message(root, found, reset))
                summary = seed(demo)
        except BaseException:
            # The rows are rolled back; the files written for them must go too.
            _delete_files(demo.files)
            raise
        elapsed = time.perf_counter() - started
        self.print_summary(summary, elapsed)
        self.print_logins()

    @staticmethod
    def not_empty_message(root: Unit | None, found: str, reset: bool) -> str:
        if root is not None:
            return _(
                "Demo data is already loaded. Run with --reset to delete and rebuild it, "
                "or with --if-empty to keep it."
            )
        if reset:
            return _(
                "The database holds data that is not demo data (%(found)s); --reset deletes only the demo "
                "kabupaten. Load the demo data into an empty database."
            ) % {"found": found}
        return _(
            "The database is not empty (%(found)s). Demo data is loaded only into an empty database; "
            "use --if-empty to skip loading when data exists."
        ) % {"found": found}

    def print_summary(self, summary: dict[str, int], elapsed: float) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data loaded in %(seconds).1f s: %(summary)s.")
                % {"seconds": elapsed, "summary": ", ".join(f"{v} {k}" for k, v in summary.items())}
            )
        )
        filing = filing_summary()
        if filing:
            self.stdout.write(self.style.SUCCESS(f"{filing}."))

    def print_logins(self) -> None:
        users = {
            u.username: u
            for u in User.objects.filter(username__in=DEMO_USERNAMES).prefetch_related("roles__unit")
        }
        rows = []
        for account in DEMO_ACCOUNTS:
            user = users.get(account.username)
            if user is None:
                rows.append((account.username, "", _("(account deleted)")))
                continue
            roles = "; ".join(f"{ra.get_role_display()}: {ra.unit.short_name}" for ra in user.roles.all())
            rows.append((account.username, DEMO_PASSWORD, roles or _("(no role)")))
        headers = (_("Username"), _("Password"), _("Role"))
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(3)]
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(_("Demo logins")))
        for row in [headers, tuple("-" * w for w in widths), *rows]:
            self.stdout.write(
                "  "
                + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            )


def existing_data() -> str:
    """What the database already holds that the demo would collide with, in words ("" = nothing).

    Programme years do not count: the demo reuses the years it needs.
    """
    counts = {
        _("units"): Unit.objects.count(),
        _("groups"): Group.objects.count(),
        _("ASN"): Person.objects.count(),
        _("accounts with a demo username"): User.objects.filter(username__in=DEMO_USERNAMES).count(),
    }
    return ", ".join(f"{count} {label}" for label, count in counts.items() if count)


def seed(demo: Demo) -> dict[str, int]:
    """Load the whole demo; returns counts for the summary line."""
    units = seed_units(demo)
    years = seed_years(demo)
    plan = plan_groups(demo, units)
    people = seed_people(demo, units, plan)
    group_years = seed_groups(demo, plan, years, people)
    accounts = seed_accounts(demo, units, people)
    seed_filing(demo, units, years, accounts)
    status = Counter(gy.status for gy in group_years if gy.programme_year == years[-1])
    return {
        _("units"): len(units.by_code),
        _("programme years"): len(years),
        _("groups"): len(plan),
        _("ASN"): Person.objects.filter(unit__path__startswith=units.root.path).count(),
        _("complete this year"): status[Completeness.COMPLETE],
        _("incomplete this year"): status[Completeness.INCOMPLETE],
        _("without a record this year"): len(plan) - sum(status.values()),
        _("accounts"): len(accounts),
    }


# --- units -----------------------------------------------------------------------------------


def _node(code: str, name: str, short_name: str, kind: str, children: list | None = None) -> dict:
    # Siblings are kept in name order because Unit.node_order_by is ["name"].
    return {
        "data": {"code": code, "name": name, "short_name": short_name, "kind": str(kind)},
        "children": sorted(children or [], key=lambda child: child["data"]["name"]),
    }


def seed_units(demo: Demo) -> DemoUnits:
    """The Pemda, its OPDs with their bagian, UPT, Puskesmas and schools, and the kecamatan."""
    rng = demo.rng
    field_of: dict[str, str] = {}
    head_title: dict[str, str] = {}
    children_of: dict[str, list[dict]] = {code: [] for code, *_rest in data.OPDS}

    for code, name, short_name in data.SETDA_BAGIAN:
        children_of[data.SETDA_CODE].append(_node(code, name, short_name, UnitKind.OTHER))
        field_of[code], head_title[code] = data.GENERAL, f"Kepala {name}"
    for parent, code, name, short_name, unit_field in data.UPTS:
        children_of[parent].append(_node(code, name, short_name, UnitKind.UPT))
        field_of[code], head_title[code] = unit_field, f"Kepala {name}"
    for code, name, short_name in data.SCHOOLS:
        children_of[data.DISDIKBUD_CODE].append(_node(code, name, short_name, UnitKind.SEKOLAH))
        field_of[code], head_title[code] = data.SCHOOL, f"Kepala {name}"

    kecamatan = []
    for index, kec in enumerate(data.KECAMATAN, start=1):
        pkm = f"PKM-{index:02d}"
        children_of[data.DINKES_CODE].append(_node(pkm, f"Puskesmas {kec}", f"PKM {kec}", UnitKind.PUSKESMAS))
        field_of[pkm], head_title[pkm] = data.HEALTH_PRIMARY, f"Kepala Puskesmas {kec}"
        code = f"KEC-{index:02d}"
        villages = []
        for number, (village, urban) in enumerate(
            _villages(rng, kec, urban=index <= data.URBAN_KECAMATAN), 1
        ):
            if urban:
                v_code, v_name, v_short = (
                    f"{code}-KEL-{number:02d}",
                    f"Kelurahan {village}",
                    f"Kel. {village}",
                )
                kind, title = UnitKind.KELURAHAN, f"Lurah {village}"
            else:
                v_code, v_name, v_short = f"{code}-DESA-{number:02d}", f"Desa {village}", f"Desa {village}"
                kind, title = UnitKind.DESA, f"Kepala Desa {village}"
            villages.append(_node(v_code, v_name, v_short, kind))
            field_of[v_code], head_title[v_code] = data.TERRITORIAL, title
        kecamatan.append(_node(code, f"Kecamatan {kec}", f"Kec. {kec}", UnitKind.KECAMATAN, villages))
        field_of[code], head_title[code] = data.TERRITORIAL, f"Camat {kec}"

    opds = []
    for code, name, short_name, kind, title, unit_field in data.OPDS:
        opds.append(_node(code, name, short_name, kind, children_of[code]))
        field_of[code], head_title[code] = unit_field, title or f"Kepala {name}"

    tree = _node(data.PEMDA_CODE, data.PEMDA_NAME, data.PEMDA_SHORT_NAME, UnitKind.PEMKAB, opds + kecamatan)
    Unit.objects.load_bulk([tree], bulk_create=True)
    root = Unit.objects.get(code=data.PEMDA_CODE)
    by_code = {unit.code: unit for unit in Unit.objects.subtree_of(root)}
    field_of[root.code], head_title[root.code] = data.GENERAL, "Bupati Sukamaju"
    return DemoUnits(root=root, by_code=by_code, field_of=field_of, head_title=head_title)


def _villages(rng: random.Random, kecamatan: str, *, urban: bool) -> list[tuple[str, bool]]:
    """3 to 6 (name, is kelurahan) pairs; the first carries the kecamatan's own name.

    Urban kecamatan have kelurahan only; elsewhere the seat is sometimes a kelurahan and
    the rest are desa.
    """
    count = rng.randint(3, 6)
    names = [kecamatan]
    while len(names) < count:
        name = rng.choice(data.VILLAGE_PREFIXES) + rng.choice(data.VILLAGE_SUFFIXES)
        if name not in names:
            names.append(name)
    seat_is_kelurahan = urban or rng.random() < 0.4
    return [(name, urban or (i == 0 and seat_is_kelurahan)) for i, name in enumerate(names)]


# --- programme years -------------------------------------------------------------------------


def seed_years(demo: Demo) -> list[ProgrammeYear]:
    """Last year and this year (the current one), with the usual calendar."""
    this_year = demo.today.year
    years = []
    for year in (this_year - 1, this_year):
        programme_year = ProgrammeYear.objects.filter(year=year).first() or ProgrammeYear(year=year)
        programme_year.sk_deadline = date(year, 3, 31)
        programme_year.risalah_deadline = date(year, 8, 15)
        programme_year.gelar_date = date(year, 9, 10)
        programme_year.is_current = year == this_year
        programme_year_save(programme_year=programme_year)
        years.append(programme_year)
    return years


# --- groups ----------------------------------------------------------------------------------


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


# --- accounts --------------------------------------------------------------------------------


def seed_accounts(demo: Demo, units: DemoUnits, people: People) -> list[User]:
    """One login per role (see DEMO_ACCOUNTS), each linked to an ASN record, all with DEMO_PASSWORD."""
    # One hash for all: a strong hasher takes a noticeable moment per call.
    password = make_password(DEMO_PASSWORD)
    accounts = []
    for account in DEMO_ACCOUNTS:
        home = units.by_code[account.home_unit]
        if account.jabatan:
            person = demo.asn.person(home, units.field_of[home.code])
            person.jabatan = account.jabatan
            person.save()
        else:
            person = people.heads.get(home.code) or demo.asn.head(
                home, units.field_of[home.code], units.head_title[home.code]
            )
            if person.pk is None:
                person.save()
        user = account_create(
            username=account.username,
            email=f"{account.username}@{EMAIL_DOMAIN}",
            full_name=person.name,
            unit=home,
            nip=person.nip,
            roles=[(account.role, units.by_code[account.role_unit])],
            by=None,
        )
        user.password = password
        user.is_superuser = user.is_staff = account.superuser
        user.save(update_fields=["password", "is_superuser", "is_staff"])
        person.user = user
        person.save(update_fields=["user"])
        accounts.append(user)
    return accounts


# --- reset -----------------------------------------------------------------------------------


def delete_demo_data(root: Unit) -> list[str]:
    """Delete the demo kabupaten: everything under ``root`` and the demo accounts.

    Children before parents, because units, people and years are protected from deletion
    while something points at them: the risalah go first (they protect their group and year,
    their transitions and review notes protect the accounts). Programme years are deleted when no group record uses
    them any more. Returns the names of the stored files the deleted rows pointed at.
    """
    in_tree = {"unit__path__startswith": root.path}
    groups = Group.objects.filter(**in_tree)
    group_years = GroupYear.objects.filter(group__in=groups)
    files = [name for name in groups.values_list("logo", flat=True) if name]
    files += [name for name in group_years.values_list("sk_scan", flat=True) if name]
    try:
        files += delete_filing(root)
        RosterMember.objects.filter(group_year__in=group_years).delete()
        RosterMember.objects.filter(person__unit__path__startswith=root.path).delete()
        group_years.delete()
        groups.delete()
        Person.objects.filter(**in_tree).delete()
        RoleAssignment.objects.filter(**in_tree).delete()
        User.objects.filter(username__in=DEMO_USERNAMES).delete()
        User.objects.filter(**in_tree).delete()
        Unit.objects.subtree_of(root).delete()
    except ProtectedError as exc:
        blocking = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
        raise CommandError(
            _(
                "The demo data cannot be deleted: other records still point at it (%(models)s). "
                "Delete those first, or start again from an empty database."
            )
            % {"models": ", ".join(blocking)}
        ) from exc
    for year in ProgrammeYear.objects.filter(group_years__isnull=True):
        try:
            with transaction.atomic():
                year.delete()
        except ProtectedError:
            continue  # still used by something else; seed_years reuses it
    return files


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
