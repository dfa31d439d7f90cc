"""Demo risalah: one complete example that reads like a real one, and drafts at a given stage.

Everything is written through the services (title, steps), as a writer would. Steps are found
by their tools, so the example fits every method. Meetings and photos are added by the demo
seeding of the evidence pages.
"""

from datetime import date
from decimal import Decimal

from groups.models import Group, ProgrammeYear, RosterMember, RosterRole
from risalah.models import Direction, Risalah
from risalah.services import risalah_create, risalah_save_title, step_save

THEME = "Peningkatan kecepatan pelayanan pasien rawat jalan"
METRIC = "persentase pasien rawat jalan yang dilayani kurang dari 60 menit"

CAUSES = {
    "Manusia": [
        ("m1", "Petugas loket hanya satu orang pada jam sibuk"),
        ("m2", "Petugas belum terlatih menggunakan aplikasi SIMPUS"),
        ("m3", "Dokter poli umum mulai praktik terlambat karena apel dan rapat pagi"),
    ],
    "Metode": [
        ("me1", "Pendaftaran masih manual dengan buku register"),
        ("me2", "Berkas rekam medis disimpan tidak berurutan"),
        ("me3", "Belum ada sistem nomor antrean"),
        ("me4", "Belum ada SOP alur pasien rawat jalan"),
    ],
    "Material": [
        ("ma1", "Formulir pendaftaran sering habis di loket"),
        ("ma2", "Map rekam medis rusak dan tanpa label warna"),
    ],
    "Mesin/Sarana": [
        ("s1", "Komputer loket sering macet"),
        ("s2", "Printer kartu berobat rusak"),
        ("s3", "Rak rekam medis penuh dan tidak berlabel"),
    ],
    "Lingkungan": [
        ("l1", "Ruang tunggu sempit dan panas"),
        ("l2", "Pasien datang bersamaan pukul 07.30–09.00"),
        ("l3", "Sinyal internet di ruang loket lemah"),
    ],
}
CAUSE_TEXT = {cause_id: text for causes in CAUSES.values() for cause_id, text in causes}
CAUSE_COUNTS = [
    ("me1", 142, True),
    ("me2", 118, True),
    ("me3", 97, True),
    ("m1", 31, False),
    ("s1", 22, False),
    ("l2", 14, False),
    ("m3", 9, False),
]


def _roster(group: Group, programme_year: ProgrammeYear) -> list[str]:
    """Person uuids of the roster (Ketua and Sekretaris first, Pembina left out)."""
    order = {RosterRole.KETUA: 0, RosterRole.SEKRETARIS: 1, RosterRole.FASILITATOR: 2, RosterRole.ANGGOTA: 3}
    members = (
        RosterMember.objects.filter(group_year__group=group, group_year__programme_year=programme_year)
        .exclude(role=RosterRole.PEMBINA)
        .select_related("person")
    )
    return [str(m.person.uuid) for m in sorted(members, key=lambda m: (order.get(m.role, 9), m.person.name))]


def _who(roster: list[str], *indices: int) -> list[str]:
    return [roster[i % len(roster)] for i in indices] if roster else []


def example_tool_data(*, year: int, roster: list[str]) -> dict[str, dict]:
    """The data of every tool of the example, in the shapes of risalah.tools."""
    return {
        "problem_list": {
            "rows": [
                {
                    "problem": "Pasien rawat jalan dilayani lebih dari 60 menit",
                    "target": 95,
                    "achievement": 29.6,
                    "unit": "%",
                    "chosen": True,
                },
                {
                    "problem": "Kelengkapan pengisian rekam medis",
                    "target": 100,
                    "achievement": 78.5,
                    "unit": "%",
                },
                {
                    "problem": "Kepuasan pasien terhadap pelayanan loket",
                    "target": 90,
                    "achievement": 76,
                    "unit": "%",
                },
                {
                    "problem": "Kepatuhan petugas mencuci tangan",
                    "target": 100,
                    "achievement": 88,
                    "unit": "%",
                },
            ]
        },
        "check_sheet": {
            "title": f"Tahap pelayanan tempat pasien menunggu lebih dari 60 menit (Januari {year}, 880 pasien)",
            "rows": [
                {"label": "Antrean pendaftaran di loket", "count": 312},
                {"label": "Pencarian berkas rekam medis", "count": 241},
                {"label": "Menunggu dokter di poli umum", "count": 118},
                {"label": "Antrean pengambilan obat", "count": 64},
                {"label": "Pemeriksaan laboratorium", "count": 29},
                {"label": "Lain-lain", "count": 16},
            ],
        },
        "target": {
            "justification": "Target 95% mengikuti standar pelayanan minimal Puskesmas dan kemampuan "
            "tim setelah pendaftaran elektronik berjalan."
        },
        "fishbone": {
            "problem": "Pasien rawat jalan dilayani lebih dari 60 menit",
            "categories": [
                {"name": name, "causes": [{"id": cause_id, "text": text} for cause_id, text in causes]}
                for name, causes in CAUSES.items()
            ],
        },
        "cause_test": {
            "rows": [
                {"cause_id": cause_id, "cause": CAUSE_TEXT[cause_id], "count": count, "dominant": dominant}
                for cause_id, count, dominant in CAUSE_COUNTS
            ]
        },
        "scatter": {
            "x_label": "Pasien mendaftar per jam",
            "y_label": "Rata-rata waktu tunggu (menit)",
            "pairs": [
                [12, 48],
                [15, 55],
                [18, 61],
                [20, 66],
                [22, 74],
                [25, 79],
                [27, 88],
                [30, 92],
                [33, 101],
                [35, 108],
            ],
        },
        "plan_5w1h": {
            "rows": [
                {
                    "cause_id": "me1",
                    "cause": CAUSE_TEXT["me1"],
                    "what": "Menerapkan pendaftaran elektronik di SIMPUS",
                    "why": "Pencatatan manual memakan rata-rata 6 menit per pasien",
                    "where": "Loket pendaftaran",
                    "when": f"Maret {year}",
                    "who": _who(roster, 0, 2),
                    "how": "Memasang dua komputer loket, melatih petugas, dan memindahkan data pasien lama ke SIMPUS",
                },
                {
                    "cause_id": "me2",
                    "cause": CAUSE_TEXT["me2"],
                    "what": "Menata ulang rak rekam medis dengan kode warna",
                    "why": "Petugas rata-rata 9 menit mencari satu berkas",
                    "where": "Ruang rekam medis",
                    "when": f"Maret–April {year}",
                    "who": _who(roster, 1, 3),
                    "how": "Mengurutkan berkas menurut nomor rekam medis terminal digit dan memberi label warna per tahun",
                },
                {
                    "cause_id": "me3",
                    "cause": CAUSE_TEXT["me3"],
                    "what": "Memasang mesin nomor antrean dan layar panggil",
                    "why": "Pasien berdesakan dan petugas memanggil tanpa urutan",
                    "where": "Ruang tunggu",
                    "when": f"April {year}",
                    "who": _who(roster, 0, 4),
                    "how": "Mengajukan anggaran BLUD, memasang mesin antrean, dan menyusun urutan panggilan per poli",
                },
            ]
        },
        "implementation_log": {
            "rows": [
                {
                    "date": f"{year}-03-02",
                    "activity": "Pelatihan SIMPUS untuk empat petugas loket",
                    "result": "Semua petugas mampu mendaftarkan pasien baru dan lama",
                },
                {
                    "date": f"{year}-03-09",
                    "activity": "Pendaftaran elektronik mulai digunakan",
                    "result": "Waktu pendaftaran turun dari 6 menjadi 2 menit per pasien",
                },
                {
                    "date": f"{year}-03-16",
                    "activity": "Penataan ulang rak rekam medis dengan kode warna",
                    "result": "4.812 berkas diurutkan ulang dan diberi label",
                },
                {
                    "date": f"{year}-04-06",
                    "activity": "Pemasangan mesin nomor antrean dan layar panggil",
                    "result": "Pasien menunggu duduk sesuai nomor",
                },
                {
                    "date": f"{year}-04-20",
                    "activity": "Uji coba alur pasien baru bersama seluruh poli",
                    "result": "Alur disepakati dan dituangkan dalam rancangan SOP",
                },
                {
                    "date": f"{year}-05-04",
                    "activity": "Pemantauan mingguan waktu tunggu oleh tim KBK",
                    "result": "Hasil pemantauan dibahas setiap Senin dalam rapat kelompok",
                },
            ]
        },
        "before_after": {
            "metric": METRIC,
            "before": 29.6,
            "after": 96.2,
            "target": 95,
            "target_reached": True,
        },
        "control_chart": {
            "label": "Pasien dilayani < 60 menit per minggu (%)",
            "values": [93.8, 95.1, 96.4, 94.7, 97.2, 95.9, 96.8, 95.3, 97.5, 96.1, 95.6, 96.9],
        },
        "benefits": {
            "tangible": "Rata-rata waktu tunggu turun dari 92 menit menjadi 41 menit; pasien yang dilayani kurang "
            "dari 60 menit naik dari 29,6% menjadi 96,2%.",
            "intangible": "Petugas lebih kompak dan terbiasa bekerja dengan data; keluhan pasien di kotak saran "
            "berkurang.",
            "side_effects": "Petugas loket perlu waktu menyesuaikan diri pada minggu pertama; diatasi dengan "
            "pendampingan.",
        },
        "standard": {
            "title": "SOP Pendaftaran dan Alur Pasien Rawat Jalan",
            "number": f"445/012/SOP/PKM/{year}",
            "summary": "Pasien mengambil nomor antrean, didaftarkan secara elektronik di SIMPUS, berkas rekam "
            "medis diambil menurut kode warna, lalu pasien dipanggil ke poli sesuai urutan.",
            "socialisation": "Disosialisasikan dalam apel pagi dan rapat bulanan seluruh petugas, serta dipasang "
            "di loket dan ruang tunggu.",
        },
        "next_theme": {
            "theme": "Meningkatkan kelengkapan pengisian rekam medis pasien rawat jalan",
            "reason": "Masalah kedua terbesar pada daftar masalah langkah 1 (deviasi 21,5%).",
        },
    }


NARRATIVES = {
    "problem_list": "Tim mendata empat masalah pelayanan beserta target dan capaiannya selama Januari. Waktu "
    "tunggu pasien rawat jalan memiliki deviasi terbesar sehingga dipilih sebagai tema.",
    "target": "Target ditetapkan bersama kepala Puskesmas dengan mempertimbangkan standar pelayanan minimal.",
    "fishbone": "Dalam dua kali curah pendapat, anggota kelompok mengumpulkan 15 penyebab yang dikelompokkan "
    "ke dalam lima kategori.",
    "cause_test": "Penyebab diuji dengan lembar periksa selama dua minggu. Tiga penyebab pada kategori Metode "
    "menjelaskan 82% keterlambatan. Diagram pencar menunjukkan hubungan kuat antara jumlah "
    "pendaftar per jam dan waktu tunggu.",
    "plan_5w1h": "Setiap penyebab dominan mendapat satu rencana perbaikan dengan penanggung jawab dari anggota "
    "kelompok.",
    "implementation_log": "Perbaikan dilaksanakan Maret sampai Mei sesuai rencana; foto kegiatan terlampir.",
    "before_after": "Setelah perbaikan, 96,2% pasien dilayani kurang dari 60 menit sehingga target 95% tercapai. "
    "Peta kendali 12 minggu menunjukkan hasil stabil di dalam batas kendali.",
    "standard": "Cara kerja baru dibakukan dalam SOP yang ditandatangani kepala Puskesmas.",
    "next_theme": "Tema berikutnya diambil dari masalah kedua pada daftar masalah.",
}


CONCLUSION = (
    "Dengan pendaftaran elektronik, penataan rekam medis berkode warna, dan sistem nomor antrean, "
    "persentase pasien rawat jalan yang dilayani kurang dari 60 menit naik dari 29,6% menjadi 96,2%, "
    "melampaui target 95%. Cara kerja baru dibakukan dalam SOP dan dipantau setiap minggu. Kelompok "
    "belajar menganalisis masalah dengan data dan akan melanjutkan ke kelengkapan rekam medis."
)


def _title(risalah: Risalah, by, conclusion: str | None = None) -> Risalah:
    year = risalah.programme_year.year
    parts = {
        "theme": THEME,
        "direction": Direction.INCREASE,
        "metric": METRIC,
        "baseline_value": Decimal("29.60"),
        "target_value": Decimal("95.00"),
        "unit_of_measure": "%",
        "place": risalah.group.unit.name,
        "deadline": date(year, 9, 30),
    }
    return risalah_save_title(
        risalah=risalah,
        parts=parts,
        title="",
        title_is_custom=False,
        base_version=risalah.version,
        by=by,
        conclusion=conclusion,
    )


def _fill_steps(risalah: Risalah, *, by, stage: int | None) -> None:
    data = example_tool_data(
        year=risalah.programme_year.year, roster=_roster(risalah.group, risalah.programme_year)
    )
    steps = list(risalah.steps.select_related("method_step", "risalah").order_by("method_step__number"))
    for step in steps[:stage]:
        tools = step.method_step.tools
        narrative = "\n\n".join(NARRATIVES[tool] for tool in tools if tool in NARRATIVES)
        step_save(
            step=step,
            data={tool: data[tool] for tool in tools if tool in data},
            narrative=narrative,
            base_version=step.version,
            by=by,
        )


def build_example_risalah(*, group: Group, programme_year: ProgrammeYear, by) -> Risalah:
    """One complete, realistic risalah: measurable title and every step with its tools and narrative."""
    risalah = risalah_create(group=group, programme_year=programme_year, by=by, theme=THEME)
    _title(risalah, by, conclusion=CONCLUSION)
    _fill_steps(risalah, by=by, stage=None)
    return risalah


def build_draft_risalah(*, group: Group, programme_year: ProgrammeYear, by, stage: int) -> Risalah:
    """A draft with the title and only the first ``stage`` steps written (0: just the theme)."""
    risalah = risalah_create(group=group, programme_year=programme_year, by=by, theme=THEME)
    if stage > 0:
        _title(risalah, by)
        _fill_steps(risalah, by=by, stage=stage)
    return risalah
