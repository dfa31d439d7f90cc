"""What the demo's verifikator writes: notes on steps, and the notes of a return, a rejection and a
verification. Indonesian whatever the reader's language: they are the reviewer's own words."""

# (tool of the step the note is on, the note, what the group added to the step's narrative)
STEP_NOTES = [
    (
        "cause_test",
        "Pengujian penyebab baru mencakup satu minggu data. Lengkapi dengan lembar periksa minimal dua minggu "
        "dan cantumkan jumlah kejadian setiap penyebab.",
        "Pengujian diperpanjang menjadi dua minggu; jumlah kejadian setiap penyebab dicatat pada lembar periksa.",
    ),
    (
        "before_after",
        "Nilai sesudah perbaikan belum didukung data. Jelaskan periode pengukurannya dan lampirkan rekap "
        "mingguan.",
        "Nilai sesudah perbaikan diukur selama dua belas minggu setelah perbaikan; rekap mingguan dilampirkan.",
    ),
    (
        "plan_5w1h",
        "Kolom “bagaimana” pada rencana perbaikan masih terlalu umum. Uraikan langkah kerjanya dan sebutkan "
        "biayanya bila ada.",
        "Langkah kerja setiap rencana diuraikan; seluruh perbaikan dilaksanakan tanpa tambahan anggaran.",
    ),
    (
        "standard",
        "Tanggal berlaku SOP dan pejabat yang menetapkannya belum disebutkan.",
        "SOP ditetapkan oleh pimpinan unit dan berlaku sejak awal Juni.",
    ),
    (
        "fishbone",
        "Penyebab dari sisi lingkungan kerja dan material masih sedikit. Diskusikan lagi bersama anggota.",
        "Curah pendapat ulang menambah penyebab dari sisi lingkungan kerja dan material.",
    ),
]
RETURN_NOTE = (
    "Secara umum risalah sudah runtut. Perbaiki catatan pada langkah yang ditandai, lalu ajukan kembali."
)
REJECT_NOTES = [
    "Risalah menguraikan program rutin unit, bukan perbaikan yang dikerjakan kelompok: data sebelum dan sesudah "
    "tidak berasal dari pengukuran kelompok. Silakan ajukan tema baru tahun depan.",
    "Isi risalah sama dengan risalah kelompok lain di unit yang sama, dan notulen tidak sesuai dengan daftar "
    "hadir. Risalah tidak dapat diverifikasi.",
]
VERIFY_NOTES = [
    "Risalah lengkap dan konsisten; layak diikutkan Gelar Budaya Kerja.",
    "",
    "Data pendukung lengkap.",
]
EXEMPLARY_NOTE = "Contoh risalah yang baik: judul terukur, penyebab diuji dengan data, target tercapai, dan SOP ditetapkan."
PENDING_NOTE = (
    "before_after",
    "Periksa kembali: bandingkan nilai sesudah perbaikan dengan target pada judul.",
)
