"""The projects of an office: SPJ on time, disposisi of incoming mail, complaints answered.

Indonesian whatever the reader's language: they are the groups' own documents (see demo.projects).
"""

from demo.projects import Project
from risalah.models import Direction

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


OFFICE_PROJECTS = [SPJ, DISPOSISI, COMPLAINTS]
