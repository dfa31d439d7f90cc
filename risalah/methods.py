"""The methods shipped with the portal, as data. A data migration loads them.

The bureau may add or change methods in the admin; the step texts are Indonesian because
they are the programme's own vocabulary, not interface strings.
"""

TULTA_7 = {
    "code": "tulta-7",
    "name": "TULTA 7 langkah",
    "description": "Tujuh Alat Tujuh Langkah: metode baku Gugus Kendali Mutu / Kelompok Budaya Kerja.",
    "is_default": True,
    "steps": [
        {
            "code": "tema-judul",
            "name": "Menentukan Tema dan Judul",
            "pdca": "plan",
            "explanation": "Daftarkan masalah pelayanan dengan datanya (target, capaian, deviasi), urutkan, "
            "lalu pilih satu. Rumuskan judul yang terukur: apa yang diukur, dari nilai awal menjadi target, "
            "di mana, dan kapan.",
            "tools": ["problem_list", "check_sheet", "pareto"],
            "evidence": ["raw_data"],
        },
        {
            "code": "analisis-penyebab",
            "name": "Menganalisis Penyebab",
            "pdca": "plan",
            "explanation": "Kumpulkan penyebab masalah dengan curah pendapat, kelompokkan menurut kategori "
            "(Manusia, Metode, Material, Mesin/Sarana, Lingkungan), dan gambarkan dalam diagram tulang ikan.",
            "tools": ["fishbone"],
            "evidence": [],
        },
        {
            "code": "uji-penyebab",
            "name": "Menguji Penyebab Dominan",
            "pdca": "plan",
            "explanation": "Uji penyebab dengan data (lembar periksa, Pareto, atau diagram pencar) dan tandai "
            "penyebab yang dominan.",
            "tools": ["cause_test", "scatter"],
            "evidence": ["raw_data"],
        },
        {
            "code": "rencana-perbaikan",
            "name": "Merencanakan Perbaikan",
            "pdca": "plan",
            "explanation": "Buat satu baris 5W+1H untuk setiap penyebab dominan: apa, mengapa, di mana, kapan, "
            "siapa, dan bagaimana.",
            "tools": ["plan_5w1h"],
            "evidence": [],
        },
        {
            "code": "pelaksanaan",
            "name": "Melaksanakan Perbaikan",
            "pdca": "do",
            "explanation": "Catat pelaksanaan rencana dengan tanggal dan hasilnya; lampirkan foto kegiatan.",
            "tools": ["implementation_log"],
            "evidence": ["photo_during"],
        },
        {
            "code": "evaluasi",
            "name": "Mengevaluasi Hasil",
            "pdca": "check",
            "explanation": "Bandingkan nilai sebelum dan sesudah perbaikan dengan target judul; sebutkan apakah "
            "target tercapai, serta manfaat nyata dan tidak nyata.",
            "tools": ["before_after", "control_chart", "benefits"],
            "evidence": ["photo_before", "photo_after"],
        },
        {
            "code": "standarisasi",
            "name": "Standarisasi dan Rencana Berikutnya",
            "pdca": "action",
            "explanation": "Tetapkan standar baru atau revisi SOP, jelaskan cara sosialisasinya, dan tentukan "
            "tema berikutnya.",
            "tools": ["standard", "next_theme"],
            "evidence": ["sop"],
        },
    ],
}

_steps_8 = [dict(step) for step in TULTA_7["steps"]]
_steps_8[0] = {
    **_steps_8[0],
    "explanation": _steps_8[0]["explanation"].replace(
        " Rumuskan judul yang terukur: apa yang diukur, dari nilai awal menjadi target, di mana, dan kapan.",
        "",
    ),
}
_steps_8.insert(
    1,
    {
        "code": "menetapkan-target",
        "name": "Menetapkan Target",
        "pdca": "plan",
        "explanation": "Tetapkan target yang terukur dan realistis: dari nilai awal menjadi berapa, kapan, dan di mana.",
        "tools": ["target"],
        "evidence": [],
    },
)
# Eight steps in all: causes are analysed and tested in one step, as GKM practice teaches.
_steps_8[2:4] = [
    {
        "code": "analisis-penyebab",
        "name": "Menganalisis dan Menguji Penyebab",
        "pdca": "plan",
        "explanation": "Kumpulkan penyebab dalam diagram tulang ikan, lalu uji dengan data dan tandai penyebab dominan.",
        "tools": ["fishbone", "cause_test", "scatter"],
        "evidence": ["raw_data"],
    }
]
_steps_8[-1] = {
    **_steps_8[-1],
    "name": "Standarisasi",
    "tools": ["standard"],
    "explanation": "Tetapkan standar baru atau revisi SOP dan jelaskan cara sosialisasinya.",
}
_steps_8.append(
    {
        "code": "rencana-berikutnya",
        "name": "Rencana Berikutnya",
        "pdca": "action",
        "explanation": "Tentukan tema perbaikan berikutnya dari masalah yang tersisa.",
        "tools": ["next_theme"],
        "evidence": [],
    }
)

GKM_8 = {
    "code": "gkm-8",
    "name": "GKM 8 langkah",
    "description": "Varian delapan langkah (praktik GKM/QCC): menetapkan target dan rencana berikutnya "
    "menjadi langkah tersendiri.",
    "is_default": False,
    "steps": _steps_8,
}

METHODS = [TULTA_7, GKM_8]


def load_methods(Method, MethodStep) -> None:
    """Create or update the shipped methods (used by the data migration)."""
    for spec in METHODS:
        method, _created = Method.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "is_default": spec["is_default"],
            },
        )
        for number, step in enumerate(spec["steps"], start=1):
            MethodStep.objects.update_or_create(
                method=method,
                number=number,
                defaults={
                    key: step[key] for key in ("code", "name", "pdca", "explanation", "tools", "evidence")
                },
            )
