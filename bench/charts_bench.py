"""How long each risalah chart takes to draw: `.venv/bin/python bench/charts_bench.py [repeats]`.

Prints, per chart, the first (cold) call and the median and best of the repeated calls in
milliseconds, and the SVG's size. Data sizes are those of a full, realistic risalah.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kbk_portal.settings")
os.environ.setdefault("DEBUG", "1")  # the quick-start configuration: no secret key needed to draw charts

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from risalah import charts  # noqa: E402

rng = random.Random(2026)  # noqa: S311 -- benchmark data, not security
CAUSES = {
    category: [f"Penyebab {category.lower()} nomor {i} yang ditulis kelompok" for i in range(8)]
    for category in ("Manusia", "Metode", "Material", "Mesin/Sarana", "Lingkungan", "Kebijakan")
}
STEPS = [(f"{n}. Langkah TULTA ke-{n}", {2 * n - 1, 2 * n}, {2 * n, 2 * n + 1}) for n in range(1, 8)]

CHARTS = {
    "pareto (8 categories)": lambda: charts.pareto(
        [(f"Masalah {i}", rng.randint(1, 40)) for i in range(8)], "Penyebab keterlambatan", "Kejadian"
    ),
    "scatter (40 pairs)": lambda: charts.scatter(
        [(x, 2 * x + rng.gauss(0, 5)) for x in range(40)], "Petugas", "Menit", "Petugas vs waktu"
    ),
    "before_after": lambda: charts.before_after(29.6, 91.2, 95, "%", "Kepatuhan cuci tangan"),
    "histogram (200 values)": lambda: charts.histogram(
        [rng.gauss(30, 6) for _ in range(200)], label="Waktu tunggu (menit)"
    ),
    "control_chart (30 points)": lambda: charts.control_chart(
        [rng.gauss(12, 2) for _ in range(30)], non_negative=True, title="Waktu tunggu harian"
    ),
    "fishbone (6 x 8 causes)": lambda: charts.fishbone("Waktu tunggu pelayanan lebih dari 60 menit", CAUSES),
    "schedule (7 steps, 16 weeks)": lambda: charts.schedule(STEPS, 16),
}


def main(repeats: int) -> None:
    translation.activate("id")
    print(f"{'chart':<30} {'first ms':>9} {'median ms':>10} {'best ms':>8} {'SVG bytes':>10}")
    for name, draw in CHARTS.items():
        start = time.perf_counter()
        svg = draw()
        first = (time.perf_counter() - start) * 1000
        timings = []
        for _ in range(repeats):
            start = time.perf_counter()
            draw()
            timings.append((time.perf_counter() - start) * 1000)
        print(
            f"{name:<30} {first:>9.1f} {statistics.median(timings):>10.1f} {min(timings):>8.1f} {len(svg):>10}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
