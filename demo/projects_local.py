"""The projects of a school (late pupils) and of a kelurahan or desa (letters for residents).

Indonesian whatever the reader's language: they are the groups' own documents (see demo.projects).
"""

from demo.projects import Project
from risalah.models import Direction

SCHOOL = Project(
    key="kehadiran-siswa",
    theme="Peningkatan kedisiplinan kehadiran siswa",
    direction=Direction.INCREASE,
    metric="persentase siswa yang tiba di sekolah sebelum pukul 07.00",
    baseline="68.4",
    target="90",
    after="92.6",
    unit="%",
    problems=[
        ("Siswa tiba di sekolah sebelum pukul 07.00", 90, 68.4, "%"),
        ("Ketuntasan tugas rumah siswa kelas atas", 85, 71.5, "%"),
        ("Kehadiran orang tua pada pertemuan kelas", 80, 72, "%"),
    ],
    check_sheet=(
        "Alasan siswa terlambat (Januari {year}, 214 kejadian)",
        [
            ("Bangun kesiangan", 71),
            ("Menunggu kendaraan antar-jemput", 58),
            ("Membantu orang tua di rumah", 37),
            ("Jarak rumah jauh tanpa kendaraan", 26),
            ("Hujan", 14),
            ("Lain-lain", 8),
        ],
    ),
    fishbone_problem="Banyak siswa tiba di sekolah setelah pukul 07.00",
    causes={
        "Manusia": [
            ("m1", "Siswa tidur larut karena bermain gawai"),
            ("m2", "Orang tua belum dilibatkan memantau kedatangan anak"),
            ("m3", "Guru piket belum mencatat keterlambatan setiap hari"),
        ],
        "Metode": [
            ("me1", "Belum ada pencatatan keterlambatan per siswa"),
            ("me2", "Sanksi dan penghargaan tidak jelas"),
            ("me3", "Kegiatan pagi belum menarik bagi siswa"),
        ],
        "Material": [("ma1", "Buku piket tidak tersedia di gerbang")],
        "Mesin/Sarana": [
            ("s1", "Angkutan desa hanya sekali lewat pada pagi hari"),
            ("s2", "Jam dinding sekolah tidak seragam"),
        ],
        "Lingkungan": [
            ("l1", "Jalan ke sekolah rusak saat hujan"),
            ("l2", "Rumah sebagian siswa lebih dari 3 km dari sekolah"),
        ],
    },
    cause_counts=[
        ("me1", 64, True),
        ("m2", 52, True),
        ("me3", 41, True),
        ("s1", 23, False),
        ("l2", 17, False),
        ("m1", 11, False),
        ("l1", 6, False),
    ],
    scatter=(
        "Jarak rumah ke sekolah (km)",
        "Keterlambatan per bulan (kali)",
        [[0.5, 1], [0.8, 1], [1.2, 2], [1.5, 2], [2, 3], [2.4, 3], [3, 4], [3.5, 5], [4, 5], [5, 7]],
    ),
    plans={
        "me1": (
            "Mencatat kedatangan siswa setiap pagi di gerbang",
            "Keterlambatan tidak tercatat sehingga tidak dapat ditindaklanjuti",
            "Gerbang sekolah",
            "Februari {year}",
            "Guru piket mencatat nama dan jam kedatangan di lembar piket harian dan merekapnya setiap Jumat",
        ),
        "m2": (
            "Membentuk grup pesan wali kelas dengan orang tua",
            "Orang tua tidak tahu anaknya sering terlambat",
            "Setiap kelas",
            "Februari–Maret {year}",
            "Wali kelas mengirim rekap keterlambatan mingguan dan mengundang orang tua siswa yang terlambat "
            "lebih dari dua kali",
        ),
        "me3": (
            "Mengadakan kegiatan literasi dan senam pagi pukul 06.45",
            "Siswa tidak merasa rugi bila datang terlambat",
            "Halaman sekolah",
            "Maret {year}",
            "Menyusun jadwal bergilir per kelas, dengan penghargaan bulanan bagi kelas paling tepat waktu",
        ),
    },
    log=[
        ("02-05", "Lembar piket kedatangan mulai digunakan", "Keterlambatan tercatat per siswa dan per hari"),
        (
            "02-19",
            "Pertemuan wali kelas dengan orang tua",
            "Grup pesan orang tua terbentuk di semua rombongan belajar",
        ),
        (
            "03-04",
            "Kegiatan literasi dan senam pagi dimulai",
            "Siswa berkumpul di halaman sebelum pukul 06.45",
        ),
        ("04-01", "Penghargaan kelas paling tepat waktu bulan Maret", "Dua kelas menerima piala bergilir"),
        ("05-06", "Evaluasi bulanan bersama komite sekolah", "Komite mendukung jadwal kegiatan pagi"),
    ],
    control=(
        "Siswa tiba sebelum pukul 07.00 per minggu (%)",
        [90.8, 91.9, 93.4, 92.1, 94.0, 92.7, 93.5, 91.6, 93.9, 92.8, 93.1, 92.4],
    ),
    benefits=(
        "Siswa yang tiba sebelum pukul 07.00 naik dari 68,4% menjadi 92,6%; jam pelajaran pertama dimulai "
        "tepat waktu di semua kelas.",
        "Orang tua lebih terlibat; guru piket terbiasa bekerja dengan data.",
        "Guru piket harus datang lebih pagi; jadwal piket disusun ulang agar merata.",
    ),
    standard=(
        "SOP Pencatatan dan Tindak Lanjut Kedatangan Siswa",
        "421.2",
        "Guru piket mencatat kedatangan di gerbang, wali kelas merekap setiap Jumat dan menghubungi orang tua "
        "siswa yang terlambat dua kali dalam sepekan.",
        "Disampaikan dalam rapat dewan guru dan pertemuan komite sekolah, dan ditempel di papan informasi.",
    ),
    next_theme=(
        "Meningkatkan ketuntasan tugas rumah siswa kelas atas",
        "Masalah dengan deviasi terbesar berikutnya pada daftar masalah langkah 1.",
    ),
    justification="Target 90% sesuai tata tertib sekolah dan disepakati bersama komite sekolah.",
    photos=(
        "Siswa terlambat menunggu di gerbang sekolah",
        "Siswa mengikuti literasi pagi sebelum pukul 07.00",
    ),
)

LETTERS = Project(
    key="surat-keterangan",
    theme="Percepatan pelayanan surat keterangan bagi warga",
    direction=Direction.DECREASE,
    metric="rata-rata waktu penyelesaian surat keterangan dan surat pengantar",
    baseline="47",
    target="15",
    after="12",
    unit="menit",
    problems=[
        ("Surat keterangan selesai dalam 15 menit", 90, 38.5, "%"),
        ("Data kependudukan warga yang sudah diperbarui", 95, 81, "%"),
        ("Pengaduan warga yang ditanggapi dalam 3 hari", 90, 74, "%"),
    ],
    check_sheet=(
        "Tahap pelayanan yang paling lama (Januari {year}, 326 surat)",
        [
            ("Menunggu pejabat penandatangan", 118),
            ("Mencari data warga di buku register", 92),
            ("Mengetik ulang surat dari awal", 61),
            ("Berkas persyaratan tidak lengkap", 37),
            ("Printer macet", 12),
            ("Lain-lain", 6),
        ],
    ),
    fishbone_problem="Surat keterangan warga lama selesai",
    causes={
        "Manusia": [
            ("m1", "Pejabat penandatangan sering rapat di luar kantor"),
            ("m2", "Hanya satu petugas yang dapat mengetik surat"),
        ],
        "Metode": [
            ("me1", "Belum ada format surat baku di komputer"),
            ("me2", "Data warga dicari di buku register manual"),
            ("me3", "Persyaratan surat tidak diumumkan kepada warga"),
        ],
        "Material": [("ma1", "Blangko surat sering habis")],
        "Mesin/Sarana": [
            ("s1", "Komputer pelayanan hanya satu unit"),
            ("s2", "Printer sering macet"),
        ],
        "Lingkungan": [
            ("l1", "Warga datang bersamaan pada pagi hari"),
            ("l2", "Ruang pelayanan sempit"),
        ],
    },
    cause_counts=[
        ("m1", 96, True),
        ("me2", 81, True),
        ("me1", 58, True),
        ("me3", 34, False),
        ("s1", 21, False),
        ("s2", 12, False),
        ("l1", 7, False),
    ],
    scatter=(
        "Surat per hari",
        "Rata-rata waktu penyelesaian (menit)",
        [[8, 28], [10, 31], [12, 36], [14, 40], [15, 44], [17, 47], [19, 52], [21, 55], [23, 61], [25, 66]],
    ),
    plans={
        "m1": (
            "Menjadwalkan penandatanganan dua kali sehari dan melimpahkannya kepada sekretaris",
            "Surat menunggu rata-rata 21 menit bila pejabat di luar kantor",
            "Ruang pelayanan",
            "Februari {year}",
            "Menerbitkan keputusan pelimpahan wewenang dan mengumumkan jadwal penandatanganan",
        ),
        "me2": (
            "Memindahkan data warga ke lembar kerja yang dapat dicari",
            "Pencarian di buku register memakan rata-rata 9 menit",
            "Ruang arsip",
            "Februari–Maret {year}",
            "Memasukkan data keluarga per RT ke lembar kerja bersama dan memperbaruinya setiap bulan",
        ),
        "me1": (
            "Menyusun format baku dua belas jenis surat",
            "Surat diketik ulang dari awal setiap kali",
            "Komputer pelayanan",
            "Maret {year}",
            "Membuat templat surat dengan isian nama, NIK, dan keperluan",
        ),
    },
    log=[
        (
            "02-10",
            "Keputusan pelimpahan penandatanganan terbit",
            "Surat dapat ditandatangani sekretaris saat pejabat di luar kantor",
        ),
        ("02-24", "Entri data keluarga per RT", "2.417 kepala keluarga masuk lembar kerja"),
        (
            "03-09",
            "Templat dua belas jenis surat mulai digunakan",
            "Waktu mengetik turun dari 11 menjadi 3 menit",
        ),
        (
            "03-23",
            "Persyaratan surat diumumkan di papan informasi dan grup RT",
            "Berkas yang kurang lengkap berkurang",
        ),
        (
            "04-13",
            "Pemantauan waktu pelayanan oleh tim KBK",
            "Rata-rata waktu penyelesaian tercatat setiap hari",
        ),
    ],
    control=(
        "Rata-rata waktu penyelesaian surat per minggu (menit)",
        [13.1, 12.4, 11.8, 12.9, 11.5, 12.2, 11.9, 12.6, 11.4, 12.0, 11.7, 12.3],
    ),
    benefits=(
        "Rata-rata waktu penyelesaian surat turun dari 47 menit menjadi 12 menit; warga tidak perlu datang dua kali.",
        "Petugas dapat saling menggantikan; suasana pelayanan lebih tertib.",
        "Data warga harus diperbarui setiap bulan; tugas ini dibagi per RT.",
    ),
    standard=(
        "SOP Pelayanan Surat Keterangan dan Surat Pengantar",
        "470",
        "Warga menyerahkan berkas sesuai daftar persyaratan, petugas mencari data di lembar kerja, mencetak surat "
        "dari templat, dan surat ditandatangani pejabat atau sekretaris pada jadwal yang tetap.",
        "Disosialisasikan kepada ketua RT/RW, dipasang di ruang pelayanan, dan dibagikan di grup warga.",
    ),
    next_theme=(
        "Meningkatkan ketepatan waktu tanggapan pengaduan warga",
        "Masalah dengan deviasi terbesar berikutnya pada daftar masalah langkah 1.",
    ),
    justification="Target 15 menit mengikuti maklumat pelayanan kantor.",
    photos=(
        "Warga mengantre surat keterangan di ruang pelayanan",
        "Petugas mencetak surat dari templat baku",
    ),
)
