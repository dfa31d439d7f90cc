"""The bench kabupaten's unit tree (about 80 OPDs and kecamatan, 600 units) and its programme years.

Pemerintah Kabupaten Wanasari: the demo's forty OPDs with their bagian and UPT, forty kecamatan
(a big kabupaten) each with its kelurahan or desa, a Puskesmas and its schools. Loaded with
treebeard's ``load_bulk(bulk_create=True)``, which computes the materialised paths; siblings are
given in name order, as ``Unit.node_order_by`` keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from core.models import Unit, UnitKind
from demo import data
from demo.bench_bulk import Bench
from groups.models import ProgrammeYear
from groups.services import programme_year_save
from risalah.year_rules import year_rules

PEMDA_CODE = "PEMKAB-WANASARI"
PEMDA_NAME = "Pemerintah Kabupaten Wanasari"
PEMDA_SHORT_NAME = "Pemkab Wanasari"
KECAMATAN_COUNT = 40
EXTRA_PUSKESMAS = 10  # kecamatan with a second Puskesmas
SD_PER_KECAMATAN = 5
SMP_TWO = 20  # kecamatan with a second SMP
MARKET_UPT = 10
EXTENSION_UPT = 14

# How many groups a unit of each kind forms, relative to the others (drawn by weight).
GROUP_WEIGHT = {
    UnitKind.RSUD: 14.0,
    UnitKind.OPD: 5.0,
    UnitKind.PUSKESMAS: 4.0,
    UnitKind.KECAMATAN: 2.0,
    UnitKind.UPT: 1.5,
    UnitKind.OTHER: 1.5,  # the bagian of the Setda
    UnitKind.KELURAHAN: 1.0,
    UnitKind.SEKOLAH: 0.6,
    UnitKind.DESA: 0.0,  # desa staff are not ASN
}
# The ASN of a unit of each kind (those that recorded it), as a range.
ASN_RANGE = {
    UnitKind.RSUD: (250, 600),
    UnitKind.OPD: (40, 160),
    UnitKind.PUSKESMAS: (30, 70),
    UnitKind.KECAMATAN: (20, 40),
    UnitKind.UPT: (8, 25),
    UnitKind.OTHER: (12, 30),
    UnitKind.KELURAHAN: (6, 14),
    UnitKind.SEKOLAH: (15, 45),
    UnitKind.DESA: (1, 3),
}


@dataclass
class BenchUnits:
    root: Unit
    by_code: dict[str, Unit]
    field_of: dict[str, str]
    head_title: dict[str, str]

    def top_of(self, unit: Unit) -> Unit:
        """The unit's OPD or kecamatan (depth 2); the root for the root."""
        return self.by_path[unit.path[: 2 * Unit.steplen]] if unit.depth >= 2 else unit

    @cached_property
    def by_path(self) -> dict[str, Unit]:
        return {unit.path: unit for unit in self.by_code.values()}


def _node(code: str, name: str, short_name: str, kind: str, asn: int | None, children=None) -> dict:
    return {
        "data": {"code": code, "name": name, "short_name": short_name, "kind": str(kind), "asn_count": asn},
        "children": sorted(children or [], key=lambda child: child["data"]["name"]),
    }


def _kecamatan_names(bench: Bench) -> list[str]:
    names = list(data.KECAMATAN)
    while len(names) < KECAMATAN_COUNT:
        name = bench.rng.choice(data.VILLAGE_PREFIXES) + bench.rng.choice(data.VILLAGE_SUFFIXES)
        if name not in names:
            names.append(name)
    return names


def seed_units(bench: Bench) -> BenchUnits:
    rng = bench.rng
    field_of: dict[str, str] = {}
    head_title: dict[str, str] = {}

    def asn(kind: str) -> int | None:
        if rng.random() < 0.25:
            return None  # a quarter of the units never said
        low, high = ASN_RANGE[kind]
        return rng.randint(low, high)

    def add(
        parent: str, code: str, name: str, short: str, kind: str, unit_field: str, title: str, children=None
    ):
        node = _node(code, name, short, kind, asn(kind), children)
        children_of[parent].append(node)
        field_of[code], head_title[code] = unit_field, title
        return node

    children_of: dict[str, list[dict]] = {code: [] for code, *_rest in data.OPDS}
    for code, name, short in data.SETDA_BAGIAN:
        add(data.SETDA_CODE, code, name, short, UnitKind.OTHER, data.GENERAL, f"Kepala {name}")
    for parent, code, name, short, unit_field in data.UPTS:
        add(parent, code, name, short, UnitKind.UPT, unit_field, f"Kepala {name}")

    kecamatan = _kecamatan_names(bench)
    kecamatan_nodes = []
    for index, kec in enumerate(kecamatan, start=1):
        number = f"{index:02d}"
        health = [(f"PKM-{number}", f"Puskesmas {kec}", f"PKM {kec}")]
        if index <= EXTRA_PUSKESMAS:
            health.append((f"PKM-{number}-2", f"Puskesmas {kec} II", f"PKM {kec} II"))
        for code, name, short in health:
            add(
                data.DINKES_CODE, code, name, short, UnitKind.PUSKESMAS, data.HEALTH_PRIMARY, f"Kepala {name}"
            )
        schools = [
            (f"SDN-{number}-{n}", f"SD Negeri {n} {kec}", f"SDN {n} {kec}")
            for n in range(1, SD_PER_KECAMATAN + 1)
        ]
        schools.append((f"SMPN-{number}-1", f"SMP Negeri 1 {kec}", f"SMPN 1 {kec}"))
        if index <= SMP_TWO:
            schools.append((f"SMPN-{number}-2", f"SMP Negeri 2 {kec}", f"SMPN 2 {kec}"))
        for code, name, short in schools:
            add(data.DISDIKBUD_CODE, code, name, short, UnitKind.SEKOLAH, data.SCHOOL, f"Kepala {name}")
        if index <= MARKET_UPT:
            name = f"UPT Pasar {kec}"
            add(
                "OPD-DISPERINDAG",
                f"UPT-PASAR-{number}",
                name,
                name,
                UnitKind.UPT,
                data.GENERAL,
                f"Kepala {name}",
            )
        if index <= EXTENSION_UPT:
            name = f"UPT Balai Penyuluhan Pertanian {kec}"
            short = f"UPT BPP {kec}"
            add("OPD-DISTAN", f"UPT-BPP-{number}", name, short, UnitKind.UPT, data.GENERAL, f"Kepala {name}")

        code = f"KEC-{number}"
        children_of[code] = []
        urban = index <= 6
        for village_number, village in enumerate(_villages(bench, kec), start=1):
            kelurahan = urban or (village_number == 1 and rng.random() < 0.4)
            if kelurahan:
                v_code, v_name, v_short = (
                    f"{code}-KEL-{village_number:02d}",
                    f"Kelurahan {village}",
                    f"Kel. {village}",
                )
                kind, title = UnitKind.KELURAHAN, f"Lurah {village}"
            else:
                v_code, v_name, v_short = (
                    f"{code}-DESA-{village_number:02d}",
                    f"Desa {village}",
                    f"Desa {village}",
                )
                kind, title = UnitKind.DESA, f"Kepala Desa {village}"
            add(code, v_code, v_name, v_short, kind, data.TERRITORIAL, title)
        node = _node(code, f"Kecamatan {kec}", f"Kec. {kec}", UnitKind.KECAMATAN, asn(UnitKind.KECAMATAN))
        node["children"] = sorted(children_of[code], key=lambda child: child["data"]["name"])
        kecamatan_nodes.append(node)
        field_of[code], head_title[code] = data.TERRITORIAL, f"Camat {kec}"

    opds = []
    for code, name, short, kind, title, unit_field in data.OPDS:
        opds.append(_node(code, name, short, kind, asn(kind), children_of[code]))
        field_of[code], head_title[code] = unit_field, title or f"Kepala {name}"
    tree = _node(PEMDA_CODE, PEMDA_NAME, PEMDA_SHORT_NAME, UnitKind.PEMKAB, None, opds + kecamatan_nodes)
    _set_uuids(bench, tree)
    Unit.objects.load_bulk([tree], bulk_create=True)
    root = Unit.objects.get(code=PEMDA_CODE)
    by_code = {unit.code: unit for unit in Unit.objects.subtree_of(root)}
    field_of[root.code], head_title[root.code] = data.GENERAL, "Bupati Wanasari"
    return BenchUnits(root=root, by_code=by_code, field_of=field_of, head_title=head_title)


def _set_uuids(bench: Bench, node: dict) -> None:
    node["data"]["uuid"] = bench.uuid()
    for child in node["children"]:
        _set_uuids(bench, child)


def _villages(bench: Bench, kecamatan: str) -> list[str]:
    """3 to 5 village names; the first carries the kecamatan's own name."""
    count = bench.rng.randint(3, 5)
    names = [kecamatan]
    while len(names) < count:
        name = bench.rng.choice(data.VILLAGE_PREFIXES) + bench.rng.choice(data.VILLAGE_SUFFIXES)
        if name not in names:
            names.append(name)
    return names


def seed_years(bench: Bench, count: int) -> list[ProgrammeYear]:
    """``count`` programme years up to this one (the current), with the usual calendar and rules."""
    years = []
    for number in range(bench.today.year - count + 1, bench.today.year + 1):
        year = ProgrammeYear(
            year=number,
            sk_deadline=date(number, 3, 31),
            risalah_deadline=date(number, 8, 15),
            gelar_date=date(number, 9, 10),
            is_current=number == bench.today.year,
        )
        programme_year_save(programme_year=year)
        year_rules(year)
        years.append(year)
    return years
