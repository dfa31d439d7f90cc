"""Fictional ASN: Indonesian names, degrees that fit the jabatan, and valid NIPs."""

import random
from datetime import date

from core.models import Unit
from core.nip import nip_problems
from demo import data
from groups.models import Person

MALE_NAMES = [
    "Agus", "Ahmad", "Andi", "Arif", "Asep", "Bambang", "Bayu", "Budi", "Cecep", "Dadang",
    "Dani", "Dedi", "Deni", "Dimas", "Eko", "Fajar", "Galih", "Gilang", "Hadi", "Hendra",
    "Heru", "Ilham", "Irfan", "Iwan", "Joko", "Kurnia", "Mohamad", "Nana", "Rahmat", "Rizky",
    "Rudi", "Slamet", "Taufik", "Teguh", "Ujang", "Wahyu", "Yayan", "Yusuf", "Adi", "Yogi",
]  # fmt: skip
FEMALE_NAMES = [
    "Ani", "Ayu", "Dewi", "Dian", "Dini", "Eka", "Endang", "Euis", "Fitri", "Ika",
    "Iis", "Indah", "Lina", "Maya", "Mega", "Neneng", "Nia", "Novi", "Nur", "Nurul",
    "Putri", "Ratna", "Retno", "Rika", "Rina", "Rini", "Santi", "Siti", "Sri", "Tati",
    "Tri", "Wida", "Wulan", "Yanti", "Yuni", "Lilis", "Desi", "Hana", "Rosa", "Vina",
]  # fmt: skip
MALE_SURNAMES = [
    "Hidayat", "Santoso", "Wijaya", "Saputra", "Kurniawan", "Setiawan", "Pratama", "Nugroho",
    "Purnomo", "Susanto", "Hartono", "Gunawan", "Suryadi", "Firmansyah", "Maulana", "Ramadhan",
    "Hakim", "Permana", "Sukmana", "Rusmana", "Supriatna", "Suherman", "Sumarna", "Hermawan",
    "Mulyana", "Sopian", "Nurjaman", "Kusnadi", "Prasetyo", "Wibowo",
]  # fmt: skip
FEMALE_SURNAMES = [
    "Rahmawati", "Lestari", "Handayani", "Wulandari", "Permatasari", "Sari", "Utami", "Kurniasih",
    "Nurhayati", "Susilawati", "Fitriani", "Yuliani", "Marlina", "Rosita", "Komalasari",
    "Puspitasari", "Anggraeni", "Oktaviani", "Safitri", "Maharani",
]  # fmt: skip

# Staff jabatan per field, each with the degree its holders typically have: (jabatan, prefix, suffix).
STAFF_JABATAN = {
    data.HEALTH_PRIMARY: [
        ("Perawat Terampil", "", "A.Md.Kep."),
        ("Perawat Ahli Pertama", "", "S.Kep., Ners"),
        ("Bidan Terampil", "", "A.Md.Keb."),
        ("Bidan Ahli Pertama", "", "S.Tr.Keb."),
        ("Dokter Ahli Pertama", "dr.", ""),
        ("Dokter Gigi Ahli Pertama", "drg.", ""),
        ("Apoteker Ahli Pertama", "apt.", "S.Farm."),
        ("Asisten Apoteker Terampil", "", "A.Md.Farm."),
        ("Pranata Laboratorium Kesehatan Terampil", "", "A.Md.AK."),
        ("Nutrisionis Terampil", "", "A.Md.Gz."),
        ("Sanitarian Terampil", "", "A.Md.KL."),
        ("Penyuluh Kesehatan Masyarakat Ahli Pertama", "", "S.KM."),
        ("Perekam Medis Terampil", "", "A.Md.RMIK"),
        ("Pengadministrasi Perkantoran", "", ""),
    ],
    data.HEALTH_HOSPITAL: [
        ("Perawat Ahli Muda", "", "S.Kep., Ners"),
        ("Perawat Penyelia", "", "A.Md.Kep."),
        ("Bidan Mahir", "", "A.Md.Keb."),
        ("Dokter Ahli Muda", "dr.", ""),
        ("Dokter Spesialis Penyakit Dalam", "dr.", "Sp.PD."),
        ("Apoteker Ahli Muda", "apt.", "S.Farm."),
        ("Radiografer Terampil", "", "A.Md.Rad."),
        ("Fisioterapis Terampil", "", "A.Md.Ftr."),
        ("Perekam Medis Terampil", "", "A.Md.RMIK"),
        ("Administrator Kesehatan Ahli Pertama", "", "S.KM."),
        ("Pranata Laboratorium Kesehatan Ahli Pertama", "", "S.Tr.Kes."),
        ("Nutrisionis Ahli Pertama", "", "S.Gz."),
        ("Pengelola Keuangan", "", "S.E."),
    ],
    data.HEALTH_OFFICE: [
        ("Administrator Kesehatan Ahli Muda", "", "S.KM., M.Kes."),
        ("Epidemiolog Kesehatan Ahli Pertama", "", "S.KM."),
        ("Penyuluh Kesehatan Masyarakat Ahli Muda", "", "S.KM."),
        ("Kepala Seksi Pelayanan Kesehatan Primer", "dr.", ""),
        ("Kepala Subbagian Umum dan Kepegawaian", "", "S.Sos."),
        ("Perencana Ahli Pertama", "", "S.E."),
        ("Pranata Komputer Terampil", "", "A.Md.Kom."),
        ("Pengelola Keuangan", "", "S.Ak."),
        ("Apoteker Ahli Muda", "apt.", "S.Farm."),
        ("Pengadministrasi Perkantoran", "", ""),
    ],
    data.SCHOOL: [
        ("Guru Ahli Pertama", "", "S.Pd."),
        ("Guru Ahli Muda", "", "S.Pd."),
        ("Guru Ahli Madya", "", "S.Pd., M.Pd."),
        ("Guru Kelas Ahli Pertama", "", "S.Pd.SD"),
        ("Guru Pendidikan Agama Islam", "", "S.Pd.I."),
        ("Guru Matematika Ahli Muda", "", "S.Si."),
        ("Pustakawan Terampil", "", "A.Md."),
        ("Pengelola Keuangan", "", "S.E."),
        ("Pengadministrasi Perkantoran", "", ""),
    ],
    data.TERRITORIAL: [
        ("Sekretaris Kelurahan", "", "S.STP."),
        ("Kepala Seksi Pemerintahan", "", "S.IP."),
        ("Kepala Seksi Kesejahteraan Sosial", "", "S.Sos."),
        ("Kepala Seksi Pelayanan Umum", "", "S.AP."),
        ("Kepala Seksi Ketenteraman dan Ketertiban Umum", "", "S.H."),
        ("Penata Layanan Operasional", "", "S.E."),
        ("Pengolah Data dan Informasi", "", "S.Kom."),
        ("Operator Layanan Operasional", "", "A.Md."),
        ("Pengadministrasi Perkantoran", "", ""),
    ],
    data.GENERAL: [
        ("Kepala Subbagian Umum dan Kepegawaian", "", "S.Sos."),
        ("Kepala Subbagian Perencanaan dan Keuangan", "", "S.E."),
        ("Analis Kebijakan Ahli Muda", "", "S.Sos., M.Si."),
        ("Analis Kebijakan Ahli Pertama", "", "S.IP."),
        ("Perencana Ahli Pertama", "", "S.E."),
        ("Analis Sumber Daya Manusia Aparatur Ahli Pertama", "", "S.Psi."),
        ("Pranata Komputer Ahli Pertama", "", "S.Kom."),
        ("Pranata Komputer Terampil", "", "A.Md.Kom."),
        ("Arsiparis Terampil", "", "A.Md."),
        ("Pengelola Pengadaan Barang/Jasa Ahli Pertama", "", "S.T."),
        ("Penata Layanan Operasional", "", "S.AP."),
        ("Pengadministrasi Perkantoran", "", ""),
        ("Bendahara Pengeluaran", "", "S.Ak."),
        ("Teknik Pengairan Ahli Pertama", "", "S.T."),
        ("Penyuluh Pertanian Ahli Pertama", "", "S.P."),
    ],
}

# Degrees of unit heads: (prefix, suffix).
HEAD_DEGREES = {
    data.HEALTH_PRIMARY: [
        ("dr.", "M.Kes."),
        ("drg.", "M.Kes."),
        ("", "S.Kep., Ners, M.Kep."),
        ("", "S.KM., M.Kes."),
    ],
    data.HEALTH_HOSPITAL: [("dr.", "Sp.PD."), ("dr.", "M.M.R.S."), ("dr.", "Sp.OG.")],
    data.HEALTH_OFFICE: [("dr.", "M.Kes."), ("dr.", "M.K.M.")],
    data.SCHOOL: [("", "S.Pd., M.Pd."), ("Drs.", "M.Pd."), ("", "S.Pd.")],
    data.TERRITORIAL: [("", "S.STP., M.Si."), ("", "S.IP., M.AP."), ("", "S.Sos."), ("", "S.STP.")],
    data.GENERAL: [
        ("", "S.STP., M.Si."),
        ("Drs.", "M.Si."),
        ("", "S.Sos., M.Si."),
        ("", "S.H., M.H."),
        ("", "S.E., M.M."),
        ("Ir.", "M.T."),
        ("", "S.IP., M.AP."),
    ],
}

MALE, FEMALE = "1", "2"  # digit 15 of the NIP


class AsnGenerator:
    """Makes ASN from a seeded random generator; every NIP is valid and unique."""

    def __init__(self, rng: random.Random, this_year: int):
        self.rng = rng
        self.this_year = this_year
        self.used_nips: set[str] = set()

    def person(self, unit: Unit, field: str) -> Person:
        """An unsaved staff member of ``unit``."""
        jabatan, prefix, suffix = self.rng.choice(STAFF_JABATAN[field])
        sex = FEMALE if jabatan.startswith("Bidan") else self.rng.choice([MALE, FEMALE])
        return Person(
            nip=self.nip(sex=sex, oldest=57, youngest=24),
            name=self._titled(self._name(sex), prefix, suffix),
            jabatan=jabatan,
            unit=unit,
        )

    def head(self, unit: Unit, field: str, title: str) -> Person:
        """The unsaved head of ``unit`` (who signs its decrees)."""
        prefix, suffix = self.rng.choice(HEAD_DEGREES[field])
        sex = self.rng.choice([MALE, MALE, FEMALE])
        return Person(
            nip=self.nip(sex=sex, oldest=57, youngest=42),
            name=self._titled(self._name(sex), prefix, suffix),
            jabatan=title,
            unit=unit,
        )

    def nip(self, *, sex: str, oldest: int, youngest: int) -> str:
        """A valid NIP: birth date, appointment month (TMT) after the 19th birthday, sex, serial."""
        rng = self.rng
        while True:
            birth = date(
                rng.randint(self.this_year - oldest, self.this_year - youngest),
                rng.randint(1, 12),
                rng.randint(1, 28),
            )
            tmt_year = rng.randint(birth.year + 19, min(birth.year + 35, self.this_year - 1))
            tmt_month = rng.choice([1, 1, 1, 3, 4, 12, rng.randint(1, 12)])
            nip = f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{sex}{rng.randint(1, 999):03d}"
            if nip not in self.used_nips:
                break
        problems = nip_problems(nip)
        if problems:  # a bug in this generator, never bad luck
            raise ValueError(f"Generated an invalid NIP {nip}: {problems}")
        self.used_nips.add(nip)
        return nip

    def _name(self, sex: str) -> str:
        rng = self.rng
        first = rng.choice(MALE_NAMES if sex == MALE else FEMALE_NAMES)
        last = rng.choice(MALE_SURNAMES if sex == MALE else FEMALE_SURNAMES + MALE_SURNAMES[:10])
        if rng.random() < 0.15:
            middle = rng.choice(MALE_NAMES if sex == MALE else FEMALE_NAMES)
            if middle != first:
                return f"{first} {middle} {last}"
        return f"{first} {last}"

    @staticmethod
    def _titled(name: str, prefix: str, suffix: str) -> str:
        titled = f"{prefix} {name}" if prefix else name
        return f"{titled}, {suffix}" if suffix else titled
