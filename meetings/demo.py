"""Demo data: the five meetings of the source reports (shared/seed-reports), as reported.

Dates, places, chairs and participants are those the news reports give; agendas, decisions,
recommendations and follow-ups are plausible reconstructions of what such meetings decide.
`seed(stdout)` is idempotent: meetings and follow-ups carry stable keys; an existing meeting
is left as it is (users may have moved its follow-ups on), a missing one is created whole.
"""

import datetime
import zoneinfo

from django.db import transaction

from agencies.models import Opd, Pemda

from . import services
from .models import Attendance, ExternalUnit, FollowUp, Meeting

KEMENPANRB = ("Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi", "KemenPAN-RB")
KEMENDAGRI_FKK = (
    "Direktorat Fasilitasi Kelembagaan dan Kepegawaian Perangkat Daerah, Ditjen Otonomi Daerah, Kemendagri",
    "Dit. FKKPD Kemendagri",
)

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def at(tz, y, m, d, hh, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=tz)


def province_pemda(code):
    return Pemda.objects.select_related("province").get(level=Pemda.Level.PROVINCE, province__code=code)


def unit(pemda, code):
    return Opd.objects.filter(pemda=pemda, code=code).first()


def bureaus_of_regencies(province_code):
    """The Bagian Organisasi of every regency/city of a province."""
    return list(
        Opd.objects.filter(
            pemda__province__code=province_code, pemda__level=Pemda.Level.REGENCY, kind=Opd.Kind.BAGIAN_ORGANISASI
        ).order_by("pemda__regency__code")
    )


def units(pemda, *codes):
    return [u for u in (unit(pemda, c) for c in codes) if u is not None]


def external(name_short):
    name, short = name_short
    obj, _ = ExternalUnit.objects.get_or_create(name=name, defaults={"short_name": short, "kind": ExternalUnit.Kind.MINISTRY})
    return obj


def plan_for(opd, year):
    """An action plan of this OPD and year, when the action-plan demo made one."""
    try:
        from actionplans.models import ActionPlan
    except ImportError:  # pragma: no cover
        return None
    return ActionPlan.objects.filter(opd=opd, year=year).order_by("code").first()


def meetings():
    """The five meetings, as keyword arguments for `_create` (built lazily: they need the agencies' demo rows)."""
    kalteng, kaltim, bengkulu, banten = (province_pemda(c) for c in ("62", "64", "17", "36"))
    kemenpanrb, kemendagri = external(KEMENPANRB), external(KEMENDAGRI_FKK)
    kalteng_bureaus = bureaus_of_regencies("62")
    kaltim_bureaus = bureaus_of_regencies("64")
    bengkulu_bureaus = bureaus_of_regencies("17")
    biro_kalteng = unit(kalteng, "BIRO-ORG")

    yield dict(
        key="kalteng-2023-10-20-isu-strategis",
        pemda=kalteng,
        organiser=biro_kalteng,
        kind=Meeting.Kind.STRATEGIC,
        title="Rapat Pembahasan Isu-Isu Strategis Permasalahan Kelembagaan dan Anjab (Analisis Jabatan)",
        starts_at=at(WIB, 2023, 10, 20, 8, 30),
        ends_at=at(WIB, 2023, 10, 20, 11, 30),
        venue="Ruang Rapat Biro Organisasi Setda Provinsi Kalimantan Tengah, Palangka Raya",
        chair_name="Betri Susilawati",
        chair_title="Plh. Kepala Biro Organisasi Setda Provinsi Kalimantan Tengah",
        invited=kalteng_bureaus,
        attending=[biro_kalteng, *kalteng_bureaus],
        other_units="",
        status=Meeting.Status.APPROVED,
        minutes=(
            "<p>Rapat membahas isu-isu strategis kelembagaan dan analisis jabatan pada pemerintah "
            "kabupaten/kota se-Kalimantan Tengah pasca penyederhanaan struktur organisasi dan "
            "penyetaraan jabatan, sebagai persiapan pra rapat koordinasi organisasi dan kepegawaian "
            "se-Provinsi Kalimantan Tengah.</p>"
            "<p>Pokok bahasan:</p><ul>"
            "<li>perkembangan penataan kelembagaan perangkat daerah pasca penyederhanaan birokrasi;</li>"
            "<li>jabatan fungsional hasil penyetaraan yang belum sesuai tugas, fungsi dan kualifikasi pendidikan;</li>"
            "<li>penyusunan Anjab/ABK yang belum mutakhir di sebagian kabupaten/kota.</li></ul>"
            "<p>Plh. Kepala Biro Organisasi menegaskan bahwa hasil rapat menjadi rekomendasi dan usulan "
            "perbaikan Biro Organisasi, sekaligus usulan perbaikan kepada Pemerintah Pusat.</p>"
        ),
        agenda=[
            ("Pembukaan dan arahan", "Betri Susilawati, Plh. Kepala Biro Organisasi"),
            ("Paparan perkembangan penataan kelembagaan kabupaten/kota", "Biro Organisasi"),
            ("Diskusi isu strategis kelembagaan dan Anjab", "Bagian Organisasi kabupaten/kota"),
            ("Perumusan rekomendasi dan usulan perbaikan", ""),
        ],
        decisions=[
            "Isu strategis kelembagaan dan Anjab kabupaten/kota dihimpun sebagai bahan pra rakor organisasi "
            "dan kepegawaian se-Kalimantan Tengah.",
            "Biro Organisasi menyusun rekomendasi perbaikan bagi kabupaten/kota dan usulan perbaikan bagi Pemerintah Pusat.",
        ],
        recommendations=[
            dict(
                text="Menerbitkan pedoman teknis penyesuaian jabatan fungsional hasil penyetaraan yang tidak sesuai "
                "tugas, fungsi dan kualifikasi pendidikan.",
                addressee_kind="central", addressee_external=kemenpanrb,
            ),
            dict(
                text="Memfasilitasi bimbingan teknis penataan kelembagaan perangkat daerah kabupaten/kota pasca "
                "penyederhanaan birokrasi.",
                addressee_kind="central", addressee_external=kemendagri,
            ),
            dict(
                text="Memutakhirkan Anjab/ABK seluruh perangkat daerah sesuai PermenPANRB 1/2020.",
                addressee_kind="regency", addressee_note="seluruh kabupaten/kota se-Kalimantan Tengah",
            ),
        ],
        follow_ups=[
            dict(key="kalteng-2023-isu-rekap", opd=biro_kalteng, due=datetime.date(2023, 11, 3),
                 title="Menyusun rekap isu strategis kelembagaan dan Anjab sebagai bahan pra rakor",
                 done="https://biroorganisasi.kalteng.go.id/rekap-isu-strategis-2023"),
            *[
                dict(key=f"kalteng-2023-isu-data-{bureau.pemda.regency.code}", opd=bureau, due=datetime.date(2023, 11, 10),
                     title="Mengirim data jabatan fungsional hasil penyetaraan yang tidak sesuai tugas dan fungsi",
                     done="https://drive.kalteng.go.id/anjab/" + bureau.pemda.regency.code if i % 2 == 0 else None)
                for i, bureau in enumerate(kalteng_bureaus[:4])
            ],
        ],
    )

    yield dict(
        key="kaltim-2023-06-07-rakor-bidang-organisasi",
        pemda=kaltim,
        organiser=unit(kaltim, "BIRO-ORG"),
        kind=Meeting.Kind.RAKOR,
        title="Rapat Koordinasi (Rakor) Bidang Organisasi se-Kaltim 2023",
        starts_at=at(WITA, 2023, 6, 7, 8, 0),
        ends_at=at(WITA, 2023, 6, 8, 16, 0),
        venue="Gedung Awa' Mangkuruku, Tanah Grogot, Kabupaten Paser",
        chair_name="Christianus Benny",
        chair_title="Staf Ahli Gubernur Bidang Sumber Daya Alam, Perekonomian Daerah dan Kesejahteraan Rakyat "
        "(membuka atas nama Gubernur Kalimantan Timur)",
        declared_participants=92,
        invited=[*units(kaltim, "SETDA", "BKD", "BAPPEDA", "INSPEKTORAT", "DPMPTSP", "DISKOMINFO"), *kaltim_bureaus],
        attending=[*units(kaltim, "BIRO-ORG", "SETDA", "BKD", "BAPPEDA", "INSPEKTORAT", "DPMPTSP", "DISKOMINFO"), *kaltim_bureaus],
        external=[kemenpanrb],
        other_units="Narasumber Kementerian PANRB",
        status=Meeting.Status.APPROVED,
        minutes=(
            "<p>Sambutan tertulis Gubernur Kalimantan Timur dibacakan Staf Ahli Christianus Benny: Pemprov "
            "Kaltim telah menyusun Peraturan Gubernur tentang Sistem Kerja yang dapat menjadi acuan "
            "kabupaten/kota dalam menyusun peraturan bupati/wali kota.</p>"
            "<p>Rakor membahas persoalan pascaimplementasi sistem kerja untuk penyederhanaan birokrasi: "
            "jabatan fungsional yang tidak sesuai tugas dan fungsi serta kualifikasi pendidikan, dan "
            "pemberian tugas kepada jabatan pelaksana yang mengalami perubahan nomenklatur.</p>"
            "<p>RB tematik 2023–2024 ditetapkan dalam empat tema: <strong>pengentasan kemiskinan, "
            "peningkatan investasi, digitalisasi administrasi pemerintahan dan percepatan prioritas "
            "aktual presiden</strong>. Narasumber KemenPANRB memaparkan kebijakan RB tematik.</p>"
        ),
        agenda=[
            ("Pembukaan dan sambutan Gubernur (dibacakan Staf Ahli)", "Christianus Benny"),
            ("Kebijakan RB tematik dan Road Map RB 2020–2024", "Narasumber KemenPANRB"),
            ("Sistem kerja pascapenyederhanaan birokrasi", "Narasumber KemenPANRB"),
            ("Diskusi permasalahan kabupaten/kota", "Bagian Organisasi kabupaten/kota se-Kaltim"),
        ],
        decisions=[
            "Peraturan Gubernur tentang Sistem Kerja menjadi acuan penyusunan peraturan bupati/wali kota.",
            "Kabupaten/kota menetapkan tema RB tematik sesuai empat tema nasional.",
        ],
        recommendations=[
            dict(text="Menyusun peraturan bupati/wali kota tentang sistem kerja mengacu Pergub Kaltim.",
                 addressee_kind="regency", addressee_note="seluruh kabupaten/kota se-Kalimantan Timur"),
            dict(text="Memberikan pendampingan pemetaan jabatan fungsional yang tidak sesuai kualifikasi pendidikan.",
                 addressee_kind="central", addressee_external=kemenpanrb),
        ],
        follow_ups=[
            dict(key="kaltim-2023-rakor-sistem-kerja", opd=unit(kaltim, "BIRO-ORG"), due=datetime.date(2023, 7, 31),
                 title="Menyampaikan Pergub Sistem Kerja dan materi rakor kepada seluruh kabupaten/kota",
                 done="https://biroorganisasi.kaltimprov.go.id/materi-rakor-2023"),
            dict(key="kaltim-2023-rakor-jf", opd=unit(kaltim, "BKD"), due=datetime.date(2023, 9, 29),
                 title="Memetakan jabatan fungsional yang tidak sesuai tugas, fungsi dan kualifikasi pendidikan"),
        ],
    )

    yield dict(
        key="bengkulu-2024-07-18-rakor-penataan-pd",
        pemda=bengkulu,
        organiser=unit(bengkulu, "BIRO-ORG"),
        kind=Meeting.Kind.RAKOR,
        title="Rakor Evaluasi Pembinaan dan Pengendalian Penataan Perangkat Daerah Kabupaten/Kota se-Provinsi Bengkulu",
        starts_at=at(WIB, 2024, 7, 18, 9, 0),
        ends_at=at(WIB, 2024, 7, 18, 15, 0),
        venue="Hotel di Kota Bengkulu (Kemendagri mengikuti melalui Zoom Meeting)",
        chair_name="Nandar Munadi",
        chair_title="Asisten III Sekretariat Daerah Provinsi Bengkulu (mewakili Gubernur)",
        invited=[*units(bengkulu, "BIRO-HUKUM"), *bengkulu_bureaus],
        attending=[*units(bengkulu, "BIRO-ORG", "BIRO-HUKUM"), *bengkulu_bureaus],
        external=[kemendagri],
        other_units="Bagian Hukum kabupaten/kota se-Provinsi Bengkulu",
        status=Meeting.Status.HELD,
        minutes=(
            "<p>Rakor dibuka Asisten III Setda Provinsi Bengkulu, Nandar Munadi, mewakili Gubernur, "
            "yang menekankan koordinasi dan evaluasi penataan perangkat daerah serta sinergi antara "
            "pemerintah provinsi dan kabupaten/kota.</p>"
            "<p>Direktorat Fasilitasi Kelembagaan dan Kepegawaian Kemendagri (daring) memaparkan "
            "kebijakan terbaru penataan kelembagaan dan kepegawaian daerah, serta pentingnya adaptasi "
            "terhadap perubahan regulasi dan peningkatan kompetensi PNS.</p>"
            "<p>Peserta dari Biro Hukum dan Biro/Bagian Organisasi berbagi pengalaman dan tantangan "
            "penataan perangkat daerah di wilayah masing-masing.</p>"
        ),
        agenda=[
            ("Pembukaan", "Nandar Munadi, Asisten III Setda Provinsi Bengkulu"),
            ("Tujuan rakor: evaluasi kinerja perangkat daerah", "Kepala Biro Organisasi Setda Provinsi Bengkulu"),
            ("Kebijakan penataan kelembagaan dan kepegawaian daerah (daring)", "Direktorat FKKPD Kemendagri"),
            ("Diskusi tantangan penataan perangkat daerah kabupaten/kota", "Biro Hukum dan Bagian Organisasi"),
            ("Penutupan", "Nandar Munadi"),
        ],
        decisions=[
            "Evaluasi dan pembinaan penataan perangkat daerah kabupaten/kota dilaksanakan secara rutin.",
            "Hasil rakor segera diimplementasikan di masing-masing kabupaten/kota.",
        ],
        recommendations=[
            dict(text="Menyesuaikan peraturan kepala daerah tentang kedudukan dan tata kerja perangkat daerah dengan "
                 "regulasi terbaru.", addressee_kind="regency", addressee_note="seluruh kabupaten/kota se-Provinsi Bengkulu"),
            dict(text="Menyediakan konsultasi daring berkala tentang penataan kelembagaan perangkat daerah.",
                 addressee_kind="central", addressee_external=kemendagri),
            dict(text="Menyusun program peningkatan kompetensi SDM pengelola kelembagaan.",
                 addressee_kind="opd", addressee_opd=unit(bengkulu, "BPSDM")),
        ],
        follow_ups=[
            dict(key="bengkulu-2024-rakor-laporan", opd=unit(bengkulu, "BIRO-ORG"), due=datetime.date(2024, 8, 30),
                 title="Menyusun laporan hasil evaluasi pembinaan dan pengendalian penataan perangkat daerah",
                 done="https://biroorganisasi.bengkuluprov.go.id/laporan-rakor-2024"),
            dict(key="bengkulu-2024-rakor-perkada", opd=unit(bengkulu, "BIRO-HUKUM"), due=datetime.date(2024, 10, 31),
                 title="Inventarisasi perkada kedudukan dan tata kerja perangkat daerah kabupaten/kota"),
            dict(key="bengkulu-2024-rakor-sdm", opd=unit(bengkulu, "BPSDM"), due=datetime.date(2024, 12, 20),
                 title="Usulan pelatihan kompetensi pengelola kelembagaan kabupaten/kota"),
        ],
    )

    diskominfo, dinkes, inspektorat = unit(kalteng, "DISKOMINFO"), unit(kalteng, "DINKES"), unit(kalteng, "INSPEKTORAT")
    yield dict(
        key="kalteng-2025-01-30-tim-rb-berdampak",
        pemda=kalteng,
        organiser=biro_kalteng,
        kind=Meeting.Kind.TEAM,
        title="Rapat Pembentukan Tim RB Berdampak",
        starts_at=at(WIB, 2025, 1, 30, 9, 0),
        ends_at=at(WIB, 2025, 1, 30, 12, 0),
        venue="Ruang Rapat Biro Organisasi, Kantor Gubernur Kalimantan Tengah, Palangka Raya",
        chair_name="Betri Susilawati",
        chair_title="Plt. Kepala Biro Organisasi Setda Provinsi Kalimantan Tengah",
        invited=units(kalteng, "INSPEKTORAT", "BAPPEDA", "DISKOMINFO", "DINKES", "DPMPTSP", "DINSOS", "BKD"),
        attending=units(kalteng, "BIRO-ORG", "INSPEKTORAT", "BAPPEDA", "DISKOMINFO", "DINKES", "DPMPTSP", "DINSOS"),
        status=Meeting.Status.HELD,
        minutes=(
            "<p>Rapat mengevaluasi pelaksanaan RB tahun 2024 dan menyusun strategi RB Berdampak tahun 2025. "
            "Sambil menunggu hasil evaluasi RB 2024 (dirilis Februari), dibahas reviu pelaksanaan program "
            "tahun sebelumnya dengan target predikat <strong>BB atau lebih tinggi</strong>.</p>"
            "<p>Kepala Bagian RB dan Akuntabilitas Kinerja, Yosias: RB Berdampak difokuskan pada empat "
            "prioritas (pengentasan kemiskinan, peningkatan investasi, digitalisasi pemerintahan, belanja "
            "produk dalam negeri); target paling tidak 75 % rencana aksi tercapai pada triwulan III.</p>"
            "<p>Inspektur Pembantu II, Diana: LHE internal menjadi acuan utama merancang strategi perbaikan.</p>"
        ),
        agenda=[
            ("Pembukaan dan arahan", "Betri Susilawati, Plt. Kepala Biro Organisasi"),
            ("RB Berdampak 2025: empat prioritas dan target TW III", "Yosias, Kepala Bagian RB dan Akuntabilitas Kinerja"),
            ("Perkembangan rencana aksi dan LHE internal", "Diana, Inspektur Pembantu II Inspektorat Daerah"),
            ("Pembentukan tim RB Berdampak dan tim admin portal KemenPAN-RB", ""),
        ],
        decisions=[
            "Membentuk tim RB Berdampak Provinsi Kalimantan Tengah tahun 2025.",
            "Membentuk tim admin yang mengelola pelaporan melalui portal KemenPAN-RB.",
            "Target: paling tidak 75 % rencana aksi tercapai pada triwulan III 2025.",
        ],
        recommendations=[
            dict(text="Segera mengisi blanko rencana aksi 2025 dan mengirimkannya ke Biro Organisasi.",
                 addressee_kind="province", addressee_note="seluruh perangkat daerah Pemprov Kalimantan Tengah"),
            dict(text="Menjadikan LHE internal sebagai acuan strategi perbaikan RB.",
                 addressee_kind="opd", addressee_opd=inspektorat),
            dict(text="Menerbitkan petunjuk teknis evaluasi RB Berdampak 2025 bagi pemerintah daerah.",
                 addressee_kind="central", addressee_external=kemenpanrb),
        ],
        follow_ups=[
            dict(key="kalteng-2025-rb-sk-tim", opd=biro_kalteng, due=datetime.date(2025, 2, 14),
                 title="Menyiapkan SK Gubernur tim RB Berdampak dan tim admin portal KemenPAN-RB",
                 done="https://biroorganisasi.kalteng.go.id/sk-tim-rb-berdampak-2025"),
            dict(key="kalteng-2025-rb-blanko-diskominfo", opd=diskominfo, due=datetime.date(2025, 2, 28),
                 title="Mengirim blanko rencana aksi RB Berdampak 2025 (digitalisasi pemerintahan)",
                 done="https://diskominfo.kalteng.go.id/blanko-ra-2025", plan=True),
            dict(key="kalteng-2025-rb-blanko-dinkes", opd=dinkes, due=datetime.date(2025, 2, 28),
                 title="Mengirim blanko rencana aksi RB Berdampak 2025 (pengentasan kemiskinan)", plan=True),
            dict(key="kalteng-2025-rb-reviu-ra", opd=inspektorat, due=datetime.date(2025, 10, 15),
                 title="Reviu capaian rencana aksi TW III berdasarkan LHE internal"),
            dict(key="kalteng-2025-rb-evaluasi-akhir", opd=biro_kalteng, due=datetime.date(2026, 12, 31),
                 title="Menyusun laporan evaluasi akhir RB Berdampak untuk portal KemenPAN-RB"),
        ],
        attendance=[
            ("Betri Susilawati", "Biro Organisasi Setda Provinsi Kalimantan Tengah", "Plt. Kepala Biro Organisasi"),
            ("Yosias", "Biro Organisasi Setda Provinsi Kalimantan Tengah", "Kepala Bagian RB dan Akuntabilitas Kinerja"),
            ("Diana", inspektorat.name if inspektorat else "Inspektorat", "Inspektur Pembantu II"),
        ],
    )

    yield dict(
        key="banten-2024-06-20-dialog-kinerja",
        pemda=banten,
        organiser=unit(banten, "BIRO-ORG"),
        kind=Meeting.Kind.DIALOGUE,
        title="Penguatan Reformasi Birokrasi Kelembagaan Perangkat Daerah Provinsi Banten (Dialog Kinerja)",
        starts_at=at(WIB, 2024, 6, 20, 9, 0),
        ends_at=at(WIB, 2024, 6, 20, 13, 0),
        venue="Ruang Rapat Lantai 6 Gedung Satuan Kerja Perangkat Daerah (SKPD) Terpadu Provinsi Banten, "
        "KP3B Curug, Kota Serang",
        chair_name="Virgojanti",
        chair_title="Plh. Sekretaris Daerah Provinsi Banten",
        invited=list(Opd.objects.filter(pemda=banten, is_active=True).exclude(code="BIRO-ORG")),
        attending=list(Opd.objects.filter(pemda=banten, is_active=True)),
        status=Meeting.Status.APPROVED,
        minutes=(
            "<p>Plh. Sekda Banten, Virgojanti, membuka kegiatan: penguatan RB kelembagaan perangkat daerah "
            "agar OPD mampu memberikan layanan publik yang optimal, dengan RB general maupun tematik.</p>"
            "<p>Plt. Kepala Biro Organisasi dan RB, Akhmad Thamrin: kegiatan ini merupakan dialog kinerja "
            "atas apa yang telah dilakukan masing-masing PD; kelembagaan PD bersifat dinamis, disesuaikan "
            "dengan beban kerja dan prioritas program pembangunan.</p>"
        ),
        agenda=[
            ("Pembukaan", "Virgojanti, Plh. Sekda Banten"),
            ("Dialog kinerja RB per perangkat daerah", "Akhmad Thamrin, Plt. Kepala Biro Organisasi dan RB"),
            ("Kelembagaan PD yang dinamis: beban kerja dan prioritas pembangunan", "Biro Organisasi dan RB"),
        ],
        decisions=[
            "Seluruh PD memperkuat kolaborasi dan kompetensi SDM yang berorientasi hasil bagi masyarakat.",
            "Biro Organisasi dan RB memantau tindak lanjut dialog kinerja per triwulan.",
        ],
        recommendations=[
            dict(text="Menyusun program peningkatan kompetensi SDM berorientasi hasil.",
                 addressee_kind="opd", addressee_opd=unit(banten, "BKD")),
            dict(text="Memperbaiki tata kelola layanan administrasi dan keuangan.",
                 addressee_kind="province", addressee_note="seluruh perangkat daerah Pemprov Banten"),
        ],
        follow_ups=[
            dict(key="banten-2024-dialog-analisis-beban", opd=unit(banten, "BIRO-ORG"), due=datetime.date(2024, 9, 30),
                 title="Analisis beban kerja sebagai dasar penyesuaian kelembagaan PD",
                 done="https://biroorganisasi.bantenprov.go.id/abk-2024"),
            dict(key="banten-2024-dialog-kompetensi", opd=unit(banten, "BKD"), due=datetime.date(2024, 12, 16),
                 title="Rencana pengembangan kompetensi SDM aparatur 2025"),
        ],
    )


def _create(spec):
    spec = dict(spec)
    children = {name: spec.pop(name, []) for name in ("agenda", "decisions", "recommendations", "follow_ups", "attendance")}
    final_status = spec.pop("status")
    meeting = services.create_meeting(by=None, status=Meeting.Status.HELD, **spec)
    for order, (title, speaker) in enumerate(children["agenda"], 1):
        meeting.agenda_items.create(order=order, title=title, speaker=speaker)
    for order, text in enumerate(children["decisions"], 1):
        services.add_decision(meeting, by=None, text=text, order=order)
    for order, rec in enumerate(children["recommendations"], 1):
        services.add_recommendation(meeting, by=None, order=order, **rec)
    if children["attendance"]:
        rows = [{"name": n, "unit_name": u, "position": p, "mode": Attendance.Mode.IN_PERSON} for n, u, p in children["attendance"]]
        services.record_attendance(meeting, rows, by=None)
    _follow_ups(meeting, children["follow_ups"])
    if final_status == Meeting.Status.APPROVED:
        services.approve_minutes(meeting, by=None)
        # approved a week after the meeting, as it would have been, not on the day of seeding
        meeting.minutes_approved_at = meeting.ends_at + datetime.timedelta(days=7)
        meeting.save(update_fields=["minutes_approved_at"])
    return meeting


def _follow_ups(meeting, specs):
    created = 0
    for spec in specs:
        if spec["opd"] is None:
            continue
        plan = plan_for(spec["opd"], meeting.local_start.year) if spec.get("plan") else None
        existing = FollowUp.objects.filter(key=spec["key"]).first()
        if existing is not None:
            if plan is not None and existing.action_plan_id is None:
                # the action-plan demo may run after a first seed: link once the plan exists
                existing.action_plan = plan
                existing.save(update_fields=["action_plan", "updated_at"])
            continue
        item = services.add_follow_up(
            meeting, by=None, key=spec["key"], title=spec["title"], opd=spec["opd"], due_date=spec["due"], action_plan=plan
        )
        if spec.get("done"):
            services.close_follow_up(
                item, by=None, note="Selesai; bukti terlampir.", evidence_link=spec["done"]
            )
            # closed a few days before the due date, in the province's office hours
            tz = meeting.pemda.province.tzinfo
            item.closed_at = datetime.datetime.combine(
                spec["due"] - datetime.timedelta(days=3), datetime.time(10, 0), tzinfo=tz
            )
            item.save(update_fields=["closed_at"])
        created += 1
    return created


@transaction.atomic
def seed(stdout):
    created = 0
    for spec in meetings():
        existing = Meeting.objects.filter(key=spec["key"]).first()
        if existing is None:
            _create(spec)
            created += 1
        else:
            _follow_ups(existing, spec.get("follow_ups", []))
    _link_pd_rounds()
    overdue = FollowUp.objects.filter(key__isnull=False).overdue().count()
    stdout.write(f"meetings: 5 meetings from the source reports ({created} created); {overdue} overdue follow-ups")


# The rakor that discussed a maturity evaluation (evaluations.pd): meeting key -> (province code, year).
PD_ROUND_LINKS = {"bengkulu-2024-07-18-rakor-penataan-pd": ("17", 2024)}


def _link_pd_rounds():
    """Point the demo rakor at the round it discussed (once the evaluations demo made it). Idempotent."""
    from evaluations.models import PdRound

    for key, (province_code, year) in PD_ROUND_LINKS.items():
        round = PdRound.objects.filter(pemda__level="province", pemda__province__code=province_code, year=year).first()
        for meeting in Meeting.objects.filter(key=key, pd_round__isnull=True) if round is not None else []:
            meeting.pd_round = round
            meeting.save(update_fields=["pd_round"])
