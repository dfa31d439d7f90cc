"""TULTA projects for the demo groups that are not a Puskesmas or a hospital.

``demo.example_risalah`` writes the example risalah (waiting time of outpatients), which fits a
Puskesmas or an RSUD; a school or a kelurahan with that text would not be believable. The
projects here are what such units write about in practice (late pupils, letters for
residents, SPJ, disposisi of incoming mail, complaints), each complete enough to pass the
checker: the dominant causes are among the fishbone's causes, every dominant cause has a
5W+1H row, step 6 measures the title's metric from the same baseline, step 7 names an SOP.

The texts are Indonesian whatever the reader's language: they are the groups' own documents.
They are written through the same services as the example (``risalah_save_title``,
``step_save``), so drafts, the checker, charts and history treat them alike.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from groups.models import Group, ProgrammeYear
from risalah.evidence_forms import roster_members
from risalah.models import Direction, Risalah
from risalah.services import risalah_create, risalah_save_title, step_save

CATEGORIES = ["Manusia", "Metode", "Material", "Mesin/Sarana", "Lingkungan"]


@dataclass(frozen=True)
class Project:
    key: str
    theme: str
    direction: str
    metric: str
    baseline: str  # decimals as text, so the title shows exactly these digits
    target: str
    after: str
    unit: str
    problems: list[tuple[str, float, float, str]]  # (problem, target, achievement, unit); the first is chosen
    check_sheet: tuple[str, list[tuple[str, int]]]  # (title with {year}, rows)
    fishbone_problem: str
    causes: dict[str, list[tuple[str, str]]]  # category -> [(id, text)]
    cause_counts: list[tuple[str, int, bool]]  # (cause id, count, dominant)
    scatter: tuple[str, str, list[list[float]]]
    plans: dict[str, tuple[str, str, str, str, str]]  # dominant cause id -> (what, why, where, when, how)
    log: list[tuple[str, str, str]]  # (MM-DD, activity, result)
    control: tuple[str, list[float]]
    benefits: tuple[str, str, str]
    standard: tuple[str, str, str, str]  # (title, number prefix, summary, socialisation)
    next_theme: tuple[str, str]
    justification: str
    photos: tuple[str, str]  # captions of the photo before and the photo after

    @property
    def target_reached(self) -> bool:
        after, target = Decimal(self.after), Decimal(self.target)
        return after >= target if self.direction == Direction.INCREASE else after <= target


def plain(value: str, unit: str) -> str:
    """ "29.6" and "%" -> "29,6%" (Indonesian decimal comma, as the document is Indonesian)."""
    number = value.replace(".", ",")
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


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

SPJ = Project(
    key="spj",
    theme="Peningkatan ketepatan waktu penyampaian SPJ kegiatan",
    direction=Direction.INCREASE,
    metric="persentase SPJ kegiatan yang diserahkan tepat waktu",
    baseline="54.2",
    target="90",
    after="91.7",
    unit="%",
    problems=[
        ("SPJ kegiatan diserahkan tepat waktu", 90, 54.2, "%"),
        ("Dokumen pengadaan lengkap saat diperiksa", 100, 83, "%"),
        ("Realisasi anggaran triwulan sesuai rencana", 95, 78.5, "%"),
    ],
    check_sheet=(
        "Penyebab SPJ terlambat (Oktober–Desember {previous}, 142 SPJ)",
        [
            ("Bukti pengeluaran belum lengkap", 49),
            ("Menunggu tanda tangan PPTK", 37),
            ("Salah hitung pajak", 26),
            ("Format SPJ berbeda-beda", 18),
            ("Petugas merangkap tugas lain", 8),
            ("Lain-lain", 4),
        ],
    ),
    fishbone_problem="SPJ kegiatan terlambat diserahkan kepada bendahara",
    causes={
        "Manusia": [
            ("m1", "Pelaksana kegiatan belum memahami kelengkapan SPJ"),
            ("m2", "Bendahara pembantu merangkap tugas lain"),
        ],
        "Metode": [
            ("me1", "Belum ada daftar periksa kelengkapan SPJ"),
            ("me2", "Batas waktu penyerahan SPJ tidak ditetapkan"),
            ("me3", "Tanda tangan PPTK menunggu berkas fisik"),
        ],
        "Material": [("ma1", "Format SPJ tiap bidang berbeda")],
        "Mesin/Sarana": [("s1", "Belum ada alat bantu penghitung pajak")],
        "Lingkungan": [
            ("l1", "Kegiatan menumpuk di akhir triwulan"),
            ("l2", "Lokasi kegiatan jauh dari kantor"),
        ],
    },
    cause_counts=[
        ("me1", 58, True),
        ("me2", 44, True),
        ("me3", 33, True),
        ("m1", 21, False),
        ("s1", 14, False),
        ("l1", 9, False),
    ],
    scatter=(
        "Jumlah kegiatan per bulan",
        "SPJ terlambat (berkas)",
        [[4, 1], [6, 2], [7, 2], [9, 3], [10, 4], [12, 5], [13, 5], [15, 7], [17, 8], [19, 9]],
    ),
    plans={
        "me1": (
            "Menyusun daftar periksa kelengkapan SPJ per jenis belanja",
            "Berkas sering dikembalikan karena bukti kurang",
            "Subbagian Keuangan",
            "Februari {year}",
            "Daftar periksa ditempel pada map SPJ dan diisi pelaksana sebelum berkas diserahkan",
        ),
        "me2": (
            "Menetapkan batas penyerahan SPJ lima hari kerja setelah kegiatan",
            "Tanpa batas waktu, SPJ menumpuk di akhir triwulan",
            "Semua bidang",
            "Februari {year}",
            "Pimpinan menerbitkan surat edaran; bendahara memantau dengan papan kendali",
        ),
        "me3": (
            "Menerapkan paraf PPTK melalui pindaian berkas",
            "PPTK sering dinas luar sehingga berkas menunggu",
            "Subbagian Keuangan",
            "Maret {year}",
            "Berkas dipindai dan dikirim kepada PPTK; berkas fisik diparaf saat PPTK kembali",
        ),
    },
    log=[
        (
            "02-03",
            "Daftar periksa SPJ dibagikan ke semua bidang",
            "Pelaksana memeriksa sendiri kelengkapan berkas",
        ),
        (
            "02-17",
            "Surat edaran batas waktu penyerahan SPJ terbit",
            "Batas lima hari kerja berlaku mulai Maret",
        ),
        (
            "03-02",
            "Papan kendali SPJ dipasang di ruang keuangan",
            "Status setiap SPJ terlihat oleh semua bidang",
        ),
        (
            "03-16",
            "Paraf PPTK melalui pindaian mulai digunakan",
            "Berkas tidak lagi menunggu PPTK kembali ke kantor",
        ),
        ("05-04", "Evaluasi triwulan I bersama bendahara", "91,7% SPJ diserahkan tepat waktu"),
    ],
    control=("SPJ tepat waktu per bulan (%)", [89.5, 90.8, 92.4, 91.1, 93.0, 91.9, 90.6, 92.8, 91.4, 92.2]),
    benefits=(
        "SPJ yang diserahkan tepat waktu naik dari 54,2% menjadi 91,7%; pencairan anggaran triwulan berikutnya "
        "tidak tertunda.",
        "Koordinasi bidang dan keuangan lebih baik; pelaksana memahami aturan pertanggungjawaban.",
        "Pelaksana merasa diawasi pada bulan pertama; diatasi dengan pendampingan bendahara.",
    ),
    standard=(
        "SOP Penyusunan dan Penyerahan SPJ Kegiatan",
        "900",
        "SPJ diserahkan paling lambat lima hari kerja setelah kegiatan, dilengkapi daftar periksa, diparaf PPTK "
        "melalui pindaian, dan dicatat pada papan kendali.",
        "Disosialisasikan dalam rapat staf bulanan dan dikirim kepada seluruh pelaksana kegiatan.",
    ),
    next_theme=(
        "Meningkatkan kelengkapan dokumen pengadaan saat pemeriksaan",
        "Deviasi terbesar kedua pada daftar masalah langkah 1.",
    ),
    justification="Target 90% ditetapkan bersama kepala subbagian keuangan sesuai jadwal pencairan anggaran.",
    photos=("Tumpukan berkas SPJ menunggu paraf", "Papan kendali SPJ di ruang keuangan"),
)

DISPOSISI = Project(
    key="disposisi",
    theme="Percepatan penyelesaian disposisi surat masuk",
    direction=Direction.DECREASE,
    metric="rata-rata waktu penyelesaian disposisi surat masuk",
    baseline="4.6",
    target="2",
    after="1.8",
    unit="hari",
    problems=[
        ("Disposisi surat selesai dalam 2 hari kerja", 90, 41.3, "%"),
        ("Arsip surat keluar tersimpan rapi", 100, 76, "%"),
        ("Undangan rapat terkirim tiga hari sebelumnya", 95, 82.5, "%"),
    ],
    check_sheet=(
        "Tahap disposisi yang tertunda (Januari {year}, 268 surat)",
        [
            ("Menunggu pimpinan di kantor", 97),
            ("Surat tercecer antarmeja", 74),
            ("Tidak jelas bidang yang menangani", 52),
            ("Buku agenda antre", 29),
            ("Lain-lain", 16),
        ],
    ),
    fishbone_problem="Disposisi surat masuk lama selesai",
    causes={
        "Manusia": [
            ("m1", "Pimpinan sering bertugas di luar kantor"),
            ("m2", "Petugas agenda belum memahami pembagian tugas bidang"),
        ],
        "Metode": [
            ("me1", "Disposisi hanya dapat ditulis pada lembar fisik"),
            ("me2", "Belum ada pembagian jenis surat ke bidang"),
            ("me3", "Surat berpindah meja tanpa buku ekspedisi"),
        ],
        "Material": [("ma1", "Lembar disposisi tidak bernomor")],
        "Mesin/Sarana": [("s1", "Aplikasi naskah dinas belum dipakai")],
        "Lingkungan": [("l1", "Ruang pimpinan dan ruang bidang berjauhan")],
    },
    cause_counts=[
        ("me1", 88, True),
        ("me3", 69, True),
        ("me2", 47, True),
        ("m1", 30, False),
        ("s1", 19, False),
        ("l1", 8, False),
    ],
    scatter=(
        "Hari pimpinan di luar kantor per minggu",
        "Rata-rata waktu disposisi (hari)",
        [[0, 1.6], [1, 2.2], [1, 2.6], [2, 3.1], [2, 3.5], [3, 4.2], [3, 4.6], [4, 5.3], [4, 5.9], [5, 6.4]],
    ),
    plans={
        "me1": (
            "Menggunakan disposisi elektronik pada aplikasi naskah dinas",
            "Pimpinan dapat mendisposisi dari luar kantor",
            "Sekretariat",
            "Februari–Maret {year}",
            "Memindai surat masuk pada hari yang sama dan mengaktifkan akun pimpinan serta kepala bidang",
        ),
        "me3": (
            "Mencatat perpindahan surat di buku ekspedisi dan aplikasi",
            "Surat tercecer karena tidak ada jejak",
            "Semua bidang",
            "Februari {year}",
            "Setiap serah terima surat diparaf dan dicatat jamnya",
        ),
        "me2": (
            "Menyusun matriks jenis surat dan bidang penanggung jawab",
            "Petugas agenda ragu meneruskan surat",
            "Sekretariat",
            "Maret {year}",
            "Matriks disusun bersama kepala bidang dan ditempel di meja agenda",
        ),
    },
    log=[
        ("02-06", "Buku ekspedisi surat mulai digunakan", "Setiap perpindahan surat tercatat"),
        (
            "02-20",
            "Akun aplikasi naskah dinas pimpinan diaktifkan",
            "Pimpinan mendisposisi dari telepon genggam",
        ),
        ("03-06", "Matriks jenis surat disahkan", "Surat langsung diteruskan ke bidang yang tepat"),
        (
            "03-27",
            "Pemindaian surat masuk pada hari yang sama",
            "Seluruh surat masuk terpindai sebelum pukul 14.00",
        ),
        ("04-24", "Evaluasi waktu disposisi oleh tim KBK", "Rata-rata waktu disposisi 1,8 hari"),
    ],
    control=(
        "Rata-rata waktu disposisi per minggu (hari)",
        [1.9, 1.7, 1.8, 2.0, 1.6, 1.8, 1.9, 1.7, 1.8, 1.6, 1.9, 1.8],
    ),
    benefits=(
        "Rata-rata waktu penyelesaian disposisi turun dari 4,6 hari menjadi 1,8 hari; tidak ada lagi surat yang hilang.",
        "Pimpinan dapat memantau surat dari mana saja; bidang lebih cepat menindaklanjuti.",
        "Petugas agenda mendapat tambahan pekerjaan memindai; dibantu satu staf secara bergiliran.",
    ),
    standard=(
        "SOP Pengelolaan Surat Masuk dan Disposisi Elektronik",
        "800",
        "Surat masuk dicatat, dipindai pada hari yang sama, diteruskan sesuai matriks jenis surat, dan "
        "didisposisi pimpinan melalui aplikasi naskah dinas.",
        "Disosialisasikan dalam apel pagi dan rapat koordinasi kepala bidang.",
    ),
    next_theme=("Menertibkan arsip surat keluar", "Deviasi terbesar kedua pada daftar masalah langkah 1."),
    justification="Target 2 hari kerja mengikuti ketentuan tata naskah dinas daerah.",
    photos=("Surat masuk menumpuk di meja agenda", "Disposisi elektronik dibaca di telepon genggam"),
)

COMPLAINTS = Project(
    key="pengaduan",
    theme="Peningkatan kecepatan tanggapan pengaduan masyarakat",
    direction=Direction.INCREASE,
    metric="persentase pengaduan masyarakat yang ditanggapi dalam 3 hari kerja",
    baseline="41.5",
    target="85",
    after="81.2",  # the target is not reached: a believable risalah says so
    unit="%",
    problems=[
        ("Pengaduan ditanggapi dalam 3 hari kerja", 85, 41.5, "%"),
        ("Informasi layanan di laman diperbarui setiap bulan", 100, 70, "%"),
        ("Kepuasan pelapor atas tanggapan", 85, 69, "%"),
    ],
    check_sheet=(
        "Pengaduan yang terlambat ditanggapi menurut saluran (Januari–Februari {year}, 158 pengaduan)",
        [
            ("Pesan WhatsApp", 61),
            ("Kotak saran", 39),
            ("Laman SP4N-LAPOR!", 33),
            ("Datang langsung", 17),
            ("Telepon", 8),
        ],
    ),
    fishbone_problem="Pengaduan masyarakat lambat ditanggapi",
    causes={
        "Manusia": [
            ("m1", "Belum ada petugas khusus pengelola pengaduan"),
            ("m2", "Bidang teknis lambat memberi jawaban"),
        ],
        "Metode": [
            ("me1", "Pengaduan dari berbagai saluran tidak dicatat di satu tempat"),
            ("me2", "Belum ada batas waktu jawaban bidang"),
            ("me3", "Kotak saran hanya dibuka sebulan sekali"),
        ],
        "Material": [("ma1", "Format jawaban pengaduan belum tersedia")],
        "Mesin/Sarana": [("s1", "Nomor WhatsApp layanan memakai telepon pribadi")],
        "Lingkungan": [("l1", "Pengaduan meningkat saat musim hujan")],
    },
    cause_counts=[
        ("me1", 71, True),
        ("m1", 49, True),
        ("me2", 38, True),
        ("me3", 22, False),
        ("s1", 15, False),
        ("m2", 9, False),
    ],
    scatter=(
        "Pengaduan masuk per minggu",
        "Pengaduan terlambat ditanggapi",
        [[6, 2], [8, 3], [9, 4], [11, 5], [12, 6], [14, 7], [15, 9], [17, 10], [19, 12], [21, 13]],
    ),
    plans={
        "me1": (
            "Membuat register pengaduan terpadu untuk semua saluran",
            "Pengaduan tercecer di beberapa saluran",
            "Sekretariat",
            "Februari {year}",
            "Semua pengaduan dicatat pada lembar kerja bersama beserta tanggal masuk dan bidang tujuan",
        ),
        "m1": (
            "Menunjuk dua petugas pengelola pengaduan secara bergiliran",
            "Tidak ada yang bertanggung jawab memantau pengaduan",
            "Sekretariat",
            "Februari {year}",
            "Pimpinan menerbitkan surat tugas; petugas memeriksa semua saluran dua kali sehari",
        ),
        "me2": (
            "Menetapkan batas jawaban bidang satu hari kerja",
            "Jawaban bidang menjadi penyebab keterlambatan",
            "Semua bidang",
            "Maret {year}",
            "Petugas mengingatkan bidang melalui grup pesan dan mencatat jam jawaban",
        ),
    },
    log=[
        (
            "02-12",
            "Register pengaduan terpadu mulai digunakan",
            "Semua pengaduan tercatat di satu lembar kerja",
        ),
        (
            "02-19",
            "Surat tugas petugas pengelola pengaduan",
            "Dua petugas memantau saluran secara bergiliran",
        ),
        ("03-05", "Batas jawaban bidang satu hari kerja berlaku", "Bidang menjawab lebih cepat"),
        (
            "03-26",
            "Kotak saran dibuka setiap Senin dan Kamis",
            "Pengaduan tertulis tidak lagi menunggu sebulan",
        ),
        (
            "05-07",
            "Evaluasi bersama pimpinan",
            "Capaian 81,2%; pengaduan yang perlu survei lapangan masih terlambat",
        ),
    ],
    control=(
        "Pengaduan ditanggapi dalam 3 hari per minggu (%)",
        [76.9, 79.2, 80.5, 78.6, 82.1, 81.0, 83.3, 80.8, 82.7, 81.5, 83.9, 82.4],
    ),
    benefits=(
        "Pengaduan yang ditanggapi dalam 3 hari kerja naik dari 41,5% menjadi 81,2%; target 85% belum tercapai "
        "karena pengaduan teknis masih menunggu survei lapangan.",
        "Pelapor mendapat kepastian; bidang menyadari pentingnya tanggapan cepat.",
        "Pengelolaan pengaduan menambah beban kerja sekretariat.",
    ),
    standard=(
        "SOP Pengelolaan Pengaduan Masyarakat",
        "065",
        "Pengaduan dari semua saluran dicatat di register terpadu pada hari yang sama, diteruskan ke bidang, "
        "dijawab bidang dalam satu hari kerja, dan ditanggapi kepada pelapor paling lambat tiga hari kerja.",
        "Disosialisasikan dalam rapat staf dan diumumkan di laman serta papan informasi.",
    ),
    next_theme=(
        "Mempercepat tanggapan pengaduan yang memerlukan survei lapangan",
        "Target belum tercapai; sisa keterlambatan berasal dari pengaduan teknis.",
    ),
    justification="Target 85% mengikuti standar pelayanan pengaduan yang ditetapkan pimpinan.",
    photos=("Kotak saran yang jarang dibuka", "Petugas mencatat pengaduan di register terpadu"),
)

PROJECTS = {project.key: project for project in (SCHOOL, LETTERS, SPJ, DISPOSISI, COMPLAINTS)}
OFFICE_PROJECTS = [SPJ, DISPOSISI, COMPLAINTS]


def tool_data(project: Project, *, year: int, roster: list[str]) -> dict[str, dict]:
    """The data of every tool, in the shapes of risalah.tools."""

    def who(*indices: int) -> list[str]:
        return [roster[i % len(roster)] for i in indices] if roster else []

    texts = {cause_id: text for causes in project.causes.values() for cause_id, text in causes}
    title, rows = project.check_sheet
    plan_rows = [
        {
            "cause_id": cause_id,
            "cause": texts[cause_id],
            "what": what,
            "why": why,
            "where": where,
            "when": when.format(year=year),
            "who": who(index, index + 2),
            "how": how,
        }
        for index, (cause_id, (what, why, where, when, how)) in enumerate(project.plans.items())
    ]
    return {
        "problem_list": {
            "rows": [
                {
                    "problem": problem,
                    "target": target,
                    "achievement": achieved,
                    "unit": unit,
                    "chosen": index == 0,
                }
                for index, (problem, target, achieved, unit) in enumerate(project.problems)
            ]
        },
        "check_sheet": {
            "title": title.format(year=year, previous=year - 1),
            "rows": [{"label": label, "count": count} for label, count in rows],
        },
        "target": {"justification": project.justification},
        "fishbone": {
            "problem": project.fishbone_problem,
            "categories": [
                {
                    "name": name,
                    "causes": [{"id": cause_id, "text": text} for cause_id, text in project.causes[name]],
                }
                for name in CATEGORIES
                if name in project.causes
            ],
        },
        "cause_test": {
            "rows": [
                {"cause_id": cause_id, "cause": texts[cause_id], "count": count, "dominant": dominant}
                for cause_id, count, dominant in project.cause_counts
            ]
        },
        "scatter": {
            "x_label": project.scatter[0],
            "y_label": project.scatter[1],
            "pairs": project.scatter[2],
        },
        "plan_5w1h": {"rows": plan_rows},
        "implementation_log": {
            "rows": [
                {"date": f"{year}-{month_day}", "activity": activity, "result": result}
                for month_day, activity, result in project.log
            ]
        },
        "before_after": {
            "metric": project.metric,
            "before": float(project.baseline),
            "after": float(project.after),
            "target": float(project.target),
            "target_reached": project.target_reached,
        },
        "control_chart": {"label": project.control[0], "values": project.control[1]},
        "benefits": dict(zip(("tangible", "intangible", "side_effects"), project.benefits, strict=True)),
        "standard": {
            "title": project.standard[0],
            "number": f"{project.standard[1]}/017/SOP/{year}",
            "summary": project.standard[2],
            "socialisation": project.standard[3],
        },
        "next_theme": {"theme": project.next_theme[0], "reason": project.next_theme[1]},
    }


def narratives(project: Project) -> dict[str, str]:
    """One paragraph per tool, from the project's own facts."""
    causes = sum(len(items) for items in project.causes.values())
    counts = [count for _id, count, _dominant in project.cause_counts]
    dominant = [count for _id, count, is_dominant in project.cause_counts if is_dominant]
    share = round(100 * sum(dominant) / sum(counts))
    after = plain(project.after, project.unit)
    target = plain(project.target, project.unit)
    if project.target_reached:
        verdict = f"Setelah perbaikan, capaian menjadi {after} sehingga target {target} tercapai."
    else:
        verdict = (
            f"Setelah perbaikan, capaian menjadi {after}; target {target} belum tercapai dan kelompok "
            "melanjutkan perbaikan pada tema berikutnya."
        )
    return {
        "problem_list": f"Tim mendata {len(project.problems)} masalah beserta target dan capaiannya. Masalah "
        f"“{project.problems[0][0]}” memiliki deviasi terbesar sehingga dipilih sebagai tema.",
        "target": project.justification,
        "fishbone": f"Dalam dua kali curah pendapat, anggota kelompok mengumpulkan {causes} penyebab yang "
        f"dikelompokkan ke dalam {len(project.causes)} kategori.",
        "cause_test": f"Penyebab diuji dengan lembar periksa selama dua minggu. {len(dominant)} penyebab dominan "
        f"menjelaskan {share}% kejadian.",
        "plan_5w1h": "Setiap penyebab dominan mendapat satu rencana perbaikan dengan penanggung jawab dari anggota "
        "kelompok.",
        "implementation_log": "Perbaikan dilaksanakan sesuai rencana; foto kegiatan terlampir.",
        "before_after": f"{verdict} Data dipantau setiap minggu oleh tim.",
        "standard": "Cara kerja baru dibakukan dalam SOP yang ditandatangani pimpinan unit.",
        "next_theme": project.next_theme[1],
    }


def conclusion(project: Project) -> str:
    actions = "; ".join(what[0].lower() + what[1:] for what, *_rest in project.plans.values())
    before, after = plain(project.baseline, project.unit), plain(project.after, project.unit)
    reached = "melampaui target" if project.target_reached else "belum mencapai target"
    return (
        f"Dengan langkah perbaikan ({actions}), {project.metric} berubah dari {before} menjadi {after}, "
        f"{reached} {plain(project.target, project.unit)}. Cara kerja baru dibakukan dalam "
        f"{project.standard[0]}. Tema berikutnya: {project.next_theme[0].lower()}."
    )


def write_project_risalah(
    *, group: Group, programme_year: ProgrammeYear, by, project: Project, stage: int | None = None
) -> Risalah:
    """A risalah of ``project``: the title and the first ``stage`` steps (None: all, with the conclusion)."""
    risalah = risalah_create(group=group, programme_year=programme_year, by=by, theme=project.theme)
    if stage == 0:
        return risalah
    year = programme_year.year
    risalah_save_title(
        risalah=risalah,
        parts={
            "theme": project.theme,
            "direction": project.direction,
            "metric": project.metric,
            "baseline_value": Decimal(project.baseline),
            "target_value": Decimal(project.target),
            "unit_of_measure": project.unit,
            "place": group.unit.name,
            "deadline": date(year, 6, 30),
        },
        title="",
        title_is_custom=False,
        base_version=risalah.version,
        by=by,
        conclusion=conclusion(project) if stage is None else None,
    )
    roster = [str(member.person.uuid) for member in roster_members(risalah)]
    data = tool_data(project, year=year, roster=roster)
    texts = narratives(project)
    steps = risalah.steps.select_related("method_step", "risalah").order_by("method_step__number")
    for step in list(steps)[:stage]:
        tools = step.method_step.tools
        step_save(
            step=step,
            data={tool: data[tool] for tool in tools if tool in data},
            narrative="\n\n".join(texts[tool] for tool in tools if tool in texts),
            base_version=step.version,
            by=by,
        )
    return risalah
