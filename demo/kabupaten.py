"""The demo kabupaten's unit tree (OPDs, bagian, UPT, Puskesmas, schools, kecamatan with their
kelurahan and desa) and its two programme years."""

import random
from datetime import date

from core.models import Unit, UnitKind
from demo import data
from demo.seeding import Demo, DemoUnits
from groups.models import ProgrammeYear
from groups.services import programme_year_save


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
