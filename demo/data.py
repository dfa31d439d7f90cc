"""The lists the demo kabupaten is built from. All names are fictional."""

from core.models import UnitKind

PEMDA_CODE = "PEMKAB-SUKAMAJU"
PEMDA_NAME = "Pemerintah Kabupaten Sukamaju"
PEMDA_SHORT_NAME = "Pemkab Sukamaju"
SEAT = "Sukamaju"  # the town where decrees are signed ("Ditetapkan di Sukamaju")

# Fields decide which jabatan and degrees the ASN of a unit get (see demo.people).
HEALTH_OFFICE = "health_office"
HEALTH_PRIMARY = "health_primary"
HEALTH_HOSPITAL = "health_hospital"
SCHOOL = "school"
TERRITORIAL = "territorial"
GENERAL = "general"

# (code, official name, short name, kind, title of the head, field)
OPDS = [
    ("OPD-SETDA", "Sekretariat Daerah", "Setda", UnitKind.OPD, "Sekretaris Daerah", GENERAL),
    ("OPD-SETWAN", "Sekretariat DPRD", "Setwan", UnitKind.OPD, "Sekretaris DPRD", GENERAL),
    ("OPD-INSPEKTORAT", "Inspektorat Daerah", "Inspektorat", UnitKind.OPD, "Inspektur Daerah", GENERAL),
    ("OPD-BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Bappeda", UnitKind.OPD, "", GENERAL),
    ("OPD-BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", UnitKind.OPD, "", GENERAL),
    ("OPD-BAPENDA", "Badan Pendapatan Daerah", "Bapenda", UnitKind.OPD, "", GENERAL),
    (
        "OPD-BKPSDM",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "BKPSDM",
        UnitKind.OPD,
        "",
        GENERAL,
    ),
    (
        "OPD-BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        UnitKind.OPD,
        "Kepala Pelaksana Badan Penanggulangan Bencana Daerah",
        GENERAL,
    ),
    ("OPD-KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "Bakesbangpol", UnitKind.OPD, "", GENERAL),
    ("OPD-BRIDA", "Badan Riset dan Inovasi Daerah", "BRIDA", UnitKind.OPD, "", GENERAL),
    (
        "OPD-SATPOLPP",
        "Satuan Polisi Pamong Praja",
        "Satpol PP",
        UnitKind.OPD,
        "Kepala Satuan Polisi Pamong Praja",
        GENERAL,
    ),
    ("OPD-DISDIKBUD", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", UnitKind.OPD, "", GENERAL),
    ("OPD-DINKES", "Dinas Kesehatan", "Dinkes", UnitKind.OPD, "", HEALTH_OFFICE),
    ("OPD-DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", UnitKind.OPD, "", GENERAL),
    (
        "OPD-DISPERKIM",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        "Disperkim",
        UnitKind.OPD,
        "",
        GENERAL,
    ),
    ("OPD-DINSOS", "Dinas Sosial", "Dinsos", UnitKind.OPD, "", GENERAL),
    ("OPD-DISNAKER", "Dinas Tenaga Kerja", "Disnaker", UnitKind.OPD, "", GENERAL),
    (
        "OPD-DP3A",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        "DP3A",
        UnitKind.OPD,
        "",
        GENERAL,
    ),
    (
        "OPD-DPPKB",
        "Dinas Pengendalian Penduduk dan Keluarga Berencana",
        "DPPKB",
        UnitKind.OPD,
        "",
        GENERAL,
    ),
    ("OPD-DKP", "Dinas Ketahanan Pangan", "DKP", UnitKind.OPD, "", GENERAL),
    ("OPD-DLH", "Dinas Lingkungan Hidup", "DLH", UnitKind.OPD, "", GENERAL),
    (
        "OPD-DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil",
        UnitKind.OPD,
        "",
        GENERAL,
    ),
    ("OPD-DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", UnitKind.OPD, "", GENERAL),
    ("OPD-DISHUB", "Dinas Perhubungan", "Dishub", UnitKind.OPD, "", GENERAL),
    ("OPD-DISKOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo", UnitKind.OPD, "", GENERAL),
    ("OPD-DISKOPUKM", "Dinas Koperasi, Usaha Kecil dan Menengah", "Diskop UKM", UnitKind.OPD, "", GENERAL),
    (
        "OPD-DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        UnitKind.OPD,
        "",
        GENERAL,
    ),
    ("OPD-DISPORA", "Dinas Pemuda dan Olahraga", "Dispora", UnitKind.OPD, "", GENERAL),
    ("OPD-DISPAR", "Dinas Pariwisata", "Dispar", UnitKind.OPD, "", GENERAL),
    ("OPD-DISPUSIP", "Dinas Perpustakaan dan Kearsipan", "Dispusip", UnitKind.OPD, "", GENERAL),
    ("OPD-DISKAN", "Dinas Perikanan", "Diskan", UnitKind.OPD, "", GENERAL),
    ("OPD-DISTAN", "Dinas Pertanian", "Distan", UnitKind.OPD, "", GENERAL),
    ("OPD-DISBUN", "Dinas Perkebunan", "Disbun", UnitKind.OPD, "", GENERAL),
    ("OPD-DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "Disperindag", UnitKind.OPD, "", GENERAL),
    ("OPD-DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar", UnitKind.OPD, "", GENERAL),
    (
        "OPD-DISNAKKESWAN",
        "Dinas Peternakan dan Kesehatan Hewan",
        "Disnakkeswan",
        UnitKind.OPD,
        "",
        GENERAL,
    ),
    ("OPD-DISPERTANAH", "Dinas Pertanahan", "Dispertanah", UnitKind.OPD, "", GENERAL),
    (
        "OPD-RSUD",
        "Rumah Sakit Umum Daerah Sukamaju",
        "RSUD Sukamaju",
        UnitKind.RSUD,
        "Direktur Rumah Sakit Umum Daerah Sukamaju",
        HEALTH_HOSPITAL,
    ),
    (
        "OPD-RSUD-CBR",
        "Rumah Sakit Umum Daerah Cibeureum",
        "RSUD Cibeureum",
        UnitKind.RSUD,
        "Direktur Rumah Sakit Umum Daerah Cibeureum",
        HEALTH_HOSPITAL,
    ),
    (
        "OPD-RSUD-SDS",
        "Rumah Sakit Umum Daerah Pratama Sindangsari",
        "RSUD Pratama Sindangsari",
        UnitKind.RSUD,
        "Direktur Rumah Sakit Umum Daerah Pratama Sindangsari",
        HEALTH_HOSPITAL,
    ),
]

SETDA_CODE = "OPD-SETDA"
ORGANISASI_CODE = "SETDA-ORG"
DINKES_CODE = "OPD-DINKES"
DISDIKBUD_CODE = "OPD-DISDIKBUD"
DISKOMINFO_CODE = "OPD-DISKOMINFO"
RSUD_CODE = "OPD-RSUD"
RSUD_CIBEUREUM_CODE = "OPD-RSUD-CBR"

# The bagian of the Sekretariat Daerah: (code, name, short name). The Bagian Organisasi runs
# the budaya kerja programme.
SETDA_BAGIAN = [
    (ORGANISASI_CODE, "Bagian Organisasi", "Bag. Organisasi"),
    ("SETDA-HUKUM", "Bagian Hukum", "Bag. Hukum"),
    ("SETDA-UMUM", "Bagian Umum", "Bag. Umum"),
    ("SETDA-TAPEM", "Bagian Tata Pemerintahan", "Bag. Tapem"),
    ("SETDA-PBJ", "Bagian Pengadaan Barang dan Jasa", "Bag. PBJ"),
    ("SETDA-EKON", "Bagian Perekonomian dan Sumber Daya Alam", "Bag. Perekonomian"),
    ("SETDA-PROKOPIM", "Bagian Protokol dan Komunikasi Pimpinan", "Bag. Prokopim"),
]

# (parent code, code, name, short name, field)
UPTS = [
    (DINKES_CODE, "UPT-LABKESDA", "UPT Laboratorium Kesehatan Daerah", "UPT Labkesda", HEALTH_PRIMARY),
    (DINKES_CODE, "UPT-IFK", "UPT Instalasi Farmasi Kabupaten", "UPT IFK", HEALTH_PRIMARY),
    (DISDIKBUD_CODE, "UPT-SKB", "UPT Sanggar Kegiatan Belajar", "UPT SKB", GENERAL),
    ("OPD-DLH", "UPT-PERSAMPAHAN", "UPT Pengelolaan Persampahan", "UPT Persampahan", GENERAL),
    ("OPD-DISHUB", "UPT-PKB", "UPT Pengujian Kendaraan Bermotor", "UPT PKB", GENERAL),
    ("OPD-DISTAN", "UPT-BPP", "UPT Balai Penyuluhan Pertanian", "UPT BPP", GENERAL),
]

# Twenty kecamatan; the first four are urban (their villages are kelurahan).
KECAMATAN = [
    "Sukamaju",
    "Cibeureum",
    "Sindangsari",
    "Karanganyar",
    "Sukaraja",
    "Mekarsari",
    "Cipanas",
    "Tanjungsari",
    "Margahayu",
    "Sumberrejo",
    "Wonosari",
    "Jatiroto",
    "Kedungwaru",
    "Ngadirejo",
    "Purwodadi",
    "Banjarsari",
    "Sidomulyo",
    "Tegalrejo",
    "Rawamerta",
    "Pagerageung",
]
URBAN_KECAMATAN = 4

VILLAGE_PREFIXES = [
    "Suka",
    "Mekar",
    "Sindang",
    "Karang",
    "Tanjung",
    "Sumber",
    "Jati",
    "Kedung",
    "Purwo",
    "Wono",
    "Sido",
    "Tegal",
    "Banjar",
    "Marga",
    "Ci",
    "Giri",
]
VILLAGE_SUFFIXES = [
    "jaya",
    "mulya",
    "sari",
    "rejo",
    "makmur",
    "asih",
    "mukti",
    "harja",
    "wangi",
    "agung",
    "luhur",
    "indah",
    "tani",
    "laksana",
]

# Schools under the Dinas Pendidikan dan Kebudayaan: (code, name, short name).
SCHOOLS = [
    ("SDN-01", "SD Negeri 1 Sukamaju", "SDN 1 Sukamaju"),
    ("SDN-02", "SD Negeri 2 Sukamaju", "SDN 2 Sukamaju"),
    ("SDN-03", "SD Negeri 1 Cibeureum", "SDN 1 Cibeureum"),
    ("SDN-04", "SD Negeri 1 Sindangsari", "SDN 1 Sindangsari"),
    ("SDN-05", "SD Negeri 1 Karanganyar", "SDN 1 Karanganyar"),
    ("SDN-06", "SD Negeri 1 Sukaraja", "SDN 1 Sukaraja"),
    ("SDN-07", "SD Negeri 1 Mekarsari", "SDN 1 Mekarsari"),
    ("SDN-08", "SD Negeri 1 Cipanas", "SDN 1 Cipanas"),
    ("SDN-09", "SD Negeri 1 Wonosari", "SDN 1 Wonosari"),
    ("SDN-10", "SD Negeri 1 Purwodadi", "SDN 1 Purwodadi"),
    ("SMPN-01", "SMP Negeri 1 Sukamaju", "SMPN 1 Sukamaju"),
    ("SMPN-02", "SMP Negeri 2 Sukamaju", "SMPN 2 Sukamaju"),
    ("SMPN-03", "SMP Negeri 1 Cibeureum", "SMPN 1 Cibeureum"),
    ("SMPN-04", "SMP Negeri 1 Tanjungsari", "SMPN 1 Tanjungsari"),
    ("SMPN-05", "SMP Negeri 1 Banjarsari", "SMPN 1 Banjarsari"),
]

# KBK names and what the letters stand for.
GROUP_NAMES = [
    ("SIGAP", "Sigap, Ikhlas, Gesit, Amanah, Profesional"),
    ("CERIA", "Cepat, Efektif, Ramah, Ikhlas, Akuntabel"),
    ("PRIMA", "Profesional, Ramah, Inovatif, Mandiri, Amanah"),
    ("TANGGUH", "Tanggap, Amanah, Nyaman, Gigih, Gesit, Ulet, Handal"),
    ("CAKAP", "Cepat, Akurat, Kreatif, Amanah, Profesional"),
    ("SEHATI", "Semangat, Empati, Harmonis, Amanah, Tanggap, Ikhlas"),
    ("MELATI", "Melayani, Empati, Loyal, Amanah, Tulus, Ikhlas"),
    ("BERSINAR", "Bersih, Efektif, Ramah, Sigap, Inovatif, Nyaman, Amanah, Responsif"),
    ("HARMONI", "Handal, Akuntabel, Ramah, Melayani, Optimal, Nyaman, Ikhlas"),
    ("PELITA", "Peduli, Empati, Layanan, Ikhlas, Tulus, Amanah"),
    ("LENTERA", "Layanan, Efektif, Nyaman, Tertib, Empati, Ramah, Akuntabel"),
    ("MANDIRI", "Maju, Amanah, Nyaman, Disiplin, Inovatif, Ramah, Ikhlas"),
    ("GESIT", "Giat, Efektif, Sigap, Inovatif, Tanggap"),
    ("CEKATAN", "Cermat, Efisien, Kreatif, Akurat, Tanggap, Amanah, Nyaman"),
    ("SINERGI", "Solid, Inovatif, Nyaman, Efektif, Responsif, Giat, Ikhlas"),
    ("TELADAN", "Tertib, Empati, Loyal, Amanah, Disiplin, Akuntabel, Nyaman"),
    ("BERKAH", "Bersih, Empati, Ramah, Kreatif, Amanah, Handal"),
    ("AMANAH", "Akuntabel, Melayani, Andal, Nyaman, Adil, Humanis"),
    ("SEMANGAT", "Senyum, Empati, Melayani, Amanah, Nyaman, Gigih, Akurat, Tanggap"),
    ("GEMILANG", "Giat, Efektif, Melayani, Inovatif, Loyal, Amanah, Nyaman, Gesit"),
    ("CEMERLANG", "Cermat, Empati, Melayani, Efisien, Ramah, Loyal, Amanah, Nyaman, Gigih"),
    ("ANDALAN", "Aktif, Nyaman, Disiplin, Amanah, Loyal, Akurat, Nyata"),
    ("TERAMPIL", "Tertib, Efektif, Ramah, Amanah, Mandiri, Peduli, Inovatif, Loyal"),
    ("PESONA", "Peduli, Empati, Senyum, Optimal, Nyaman, Amanah"),
    ("RAPI", "Ramah, Akurat, Profesional, Ikhlas"),
    ("TEPAT", "Tanggap, Efisien, Profesional, Akurat, Tertib"),
    ("CEPAT", "Cermat, Efektif, Profesional, Akurat, Tanggap"),
    ("SAHABAT", "Senyum, Amanah, Harmonis, Akurat, Bersih, Adil, Tanggap"),
    ("SIAGA", "Sigap, Inovatif, Amanah, Gesit, Akurat"),
    ("SATRIA", "Sigap, Amanah, Tanggap, Ramah, Inovatif, Akuntabel"),
    ("PRESTASI", "Profesional, Ramah, Efektif, Sigap, Tanggap, Amanah, Solid, Inovatif"),
    ("INSPIRASI", "Inovatif, Nyaman, Sigap, Profesional, Ikhlas, Ramah, Amanah, Solid, Integritas"),
    ("KOMPAK", "Kreatif, Optimal, Melayani, Profesional, Amanah, Kolaboratif"),
    ("SOLID", "Sigap, Optimal, Loyal, Inovatif, Disiplin"),
    ("TULUS", "Tanggap, Ulet, Loyal, Unggul, Santun"),
    ("MAJU", "Melayani, Amanah, Jujur, Unggul"),
    ("BISA", "Bersih, Inovatif, Sigap, Amanah"),
    ("HEBAT", "Handal, Efektif, Bersih, Akuntabel, Tanggap"),
    ("JUARA", "Jujur, Unggul, Amanah, Ramah, Akuntabel"),
    ("PRIMADONA", "Profesional, Ramah, Inovatif, Melayani, Amanah, Disiplin, Optimal, Nyaman, Akurat"),
    ("INTAN", "Inovatif, Nyaman, Tanggap, Amanah, Netral"),
    ("MUTIARA", "Melayani, Unggul, Tanggap, Inovatif, Amanah, Ramah, Akuntabel"),
    ("PERMATA", "Peduli, Empati, Ramah, Melayani, Amanah, Tanggap, Akurat"),
    ("SEJAHTERA", "Sigap, Empati, Jujur, Amanah, Harmonis, Tanggap, Efisien, Ramah, Akuntabel"),
    ("ASRI", "Amanah, Santun, Ramah, Ikhlas"),
    ("BERDAYA", "Bersama, Efektif, Ramah, Disiplin, Amanah, Yakin, Akuntabel"),
    ("DEDIKASI", "Disiplin, Empati, Dinamis, Inovatif, Kreatif, Amanah, Sigap, Ikhlas"),
    ("KREATIF", "Kompak, Ramah, Efisien, Amanah, Tanggap, Inovatif, Fokus"),
    ("SMART", "Sigap, Melayani, Akurat, Ramah, Tanggap"),
    ("PASTI", "Profesional, Amanah, Sigap, Tanggap, Ikhlas"),
    ("TERPADU", "Tertib, Efektif, Ramah, Profesional, Akurat, Disiplin, Unggul"),
    ("BAHAGIA", "Bersih, Amanah, Harmonis, Akurat, Gesit, Ikhlas, Akuntabel"),
    ("SANTUN", "Senyum, Amanah, Nyaman, Tanggap, Ulet, Nyata"),
    ("CERDAS", "Cepat, Efektif, Ramah, Disiplin, Akurat, Sigap"),
    ("MAWAR", "Melayani, Amanah, Wibawa, Akurat, Ramah"),
    ("RAJAWALI", "Ramah, Amanah, Jujur, Akurat, Wibawa, Andal, Loyal, Inovatif"),
    ("GARUDA", "Giat, Amanah, Ramah, Unggul, Disiplin, Akurat"),
    ("PANDAWA", "Profesional, Amanah, Nyaman, Disiplin, Akurat, Wibawa, Andal"),
    ("SRIKANDI", "Santun, Ramah, Inovatif, Kreatif, Amanah, Nyaman, Disiplin, Ikhlas"),
    ("ARJUNA", "Akurat, Ramah, Jujur, Unggul, Nyaman, Amanah"),
    ("PUSPITA", "Peduli, Unggul, Santun, Profesional, Inovatif, Tanggap, Amanah"),
    ("CAHAYA", "Cepat, Amanah, Harmonis, Akurat, Yakin, Adil"),
    ("TUNAS", "Tanggap, Unggul, Nyaman, Amanah, Sigap"),
    ("WASKITA", "Wibawa, Amanah, Sigap, Kreatif, Inovatif, Tanggap, Akuntabel"),
    ("NUSANTARA", "Nyaman, Unggul, Sigap, Amanah, Nyata, Tanggap, Akurat, Ramah, Adil"),
    ("LESTARI", "Loyal, Empati, Sigap, Tanggap, Amanah, Ramah, Ikhlas"),
    ("SEROJA", "Sigap, Empati, Ramah, Optimal, Jujur, Amanah"),
    ("BIMA", "Bersih, Inovatif, Melayani, Amanah"),
    ("TERATAI", "Tertib, Empati, Ramah, Amanah, Tanggap, Akurat, Ikhlas"),
    ("KENCANA", "Kreatif, Empati, Nyaman, Cermat, Amanah, Nyata, Akuntabel"),
]

# The sentence that follows the letters in a group's makna.
MAKNA_SENTENCES = [
    "Kami ingin setiap warga yang datang dilayani dengan cepat dan tulus.",
    "Nilai-nilai ini kami pegang dalam setiap pelayanan kepada masyarakat.",
    "Kelompok ini dibentuk untuk memperbaiki mutu layanan secara terus-menerus.",
    "Kami percaya perbaikan kecil yang konsisten membawa perubahan besar.",
    "Setiap anggota berkomitmen bekerja dengan data dan tuntas sampai hasil terukur.",
    "Semangat ini menjadi dasar kami menyelesaikan masalah di tempat kerja.",
    "Kami bekerja bersama agar layanan makin mudah, murah dan ramah.",
    "Budaya kerja yang baik dimulai dari diri sendiri, dari hal kecil, mulai hari ini.",
]

MOTTOS = [
    "Melayani dengan hati",
    "Cepat, tepat, bersahabat",
    "Bekerja ikhlas, melayani tuntas",
    "Kerja cerdas, kerja keras, kerja tuntas",
    "Senyum, sapa, salam, sopan, santun",
    "Pelayanan prima tanpa tapi",
    "Bersama kita bisa",
    "Inovasi tiada henti",
    "Data akurat, layanan cepat",
    "Disiplin, jujur, bertanggung jawab",
    "Satu hati, satu tujuan",
    "Mudah, cepat, tanpa biaya",
    "Kepuasan Anda adalah kebanggaan kami",
    "Berubah untuk lebih baik",
    "Sehat masyarakatnya, bahagia petugasnya",
    "Tertib administrasi, prima dalam layanan",
]

# {name} is the group name without "KBK".
YEL_YEL = [
    "KBK {name}!\nSiapa kita? {name}!\nMelayani dengan hati, bekerja sepenuh hati!\n{name}... Yes! Yes! Yes!",
    "Halo-halo {name}!\nSemangat pagi! Pagi, pagi, pagi!\nBudaya kerja? Luar biasa!\n{name}, pasti bisa!",
    "Satu, dua, tiga, empat!\nKami {name} selalu semangat!\nCepat, tepat, bersahabat!\n{name}... Jaya!",
    "Kami datang membawa perubahan!\nData akurat, layanan cepat!\nTujuh langkah kami jalankan!\n{name}... Hebat!",
    "Tepuk {name}! Prok prok prok!\nSigap melayani! Prok prok prok!\nTujuh alat, tujuh langkah!\n{name}... Mantap!",
]

LOGO_COLOURS = [
    (11, 79, 108),
    (0, 121, 107),
    (46, 125, 50),
    (183, 28, 28),
    (194, 24, 91),
    (106, 27, 154),
    (40, 53, 147),
    (21, 101, 192),
    (230, 81, 0),
    (93, 64, 55),
    (69, 90, 100),
    (191, 144, 0),
]

MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
