"""A stand-in for actionplans.selectors with the agreed quarter-summary contract (plain dicts)."""

from types import SimpleNamespace

THEMES = ["Pengentasan Kemiskinan", "Peningkatan Investasi", "Digitalisasi Pemerintahan", "Belanja Produk Dalam Negeri"]


def fake_plan(index, quarter=3):
    targets = [25 * q for q in (1, 2, 3, 4)]
    realisations = [25, 50, 70 + index % 10 if index % 3 else 75, None][:quarter] + [None] * (4 - quarter)
    latest = next((r for r in reversed(realisations) if r is not None), 0)
    achievement = min(100.0, latest * 100.0 / targets[quarter - 1])
    status = ["verified", "submitted", "returned", "draft"][index % 4]
    return {
        "code": f"RA-{index + 1:02d}",
        "theme": THEMES[index % 4],
        "indicator": f"Persentase layanan perizinan terintegrasi nomor {index + 1}",
        "unit": "%",
        "target_mode": "cumulative",
        "annual_target": 100,
        "targets": targets,
        "realisations": realisations,
        "achievement": achievement,
        "achieved": achievement >= 100,
        "status": status,
        "evidence_count": index % 3,
        "obstacles": "Jaringan internet di kecamatan belum stabil." if index % 2 else "",
        "solutions": "Koordinasi dengan Diskominfo untuk penguatan jaringan." if index % 2 else "",
        "comment": "Lengkapi data dukung." if status == "returned" else "",
    }


def make_fake_selectors(plans_per_opd=10, reported=None):
    def opd_quarter_summary(opd, year, quarter):
        plans = [fake_plan(i, quarter) for i in range(plans_per_opd)]
        achieved = sum(1 for p in plans if p["achieved"])
        return {
            "plans": plans,
            "total": {"plans": len(plans), "achieved": achieved,
                      "achievement": sum(p["achievement"] for p in plans) / len(plans) if plans else None},
            "reported": True if reported is None else opd.pk in reported,
        }

    def pemda_quarter_summary(pemda, year, quarter):
        from agencies.models import Opd

        opds = list(Opd.objects.filter(pemda__province=pemda.province, is_active=True).select_related("pemda"))
        rows = []
        for opd in opds:
            summary = opd_quarter_summary(opd, year, quarter)
            rows.append({"opd_id": opd.pk, "name": opd.name, "short_name": opd.short_name,
                         "pemda_name": opd.pemda.name, "plans": summary["total"]["plans"],
                         "achieved": summary["total"]["achieved"], "achievement": summary["total"]["achievement"],
                         "reported": summary["reported"]})
        plans = sum(r["plans"] for r in rows)
        achieved = sum(r["achieved"] for r in rows)
        actual = achieved * 100.0 / plans if plans else None
        return {
            "target": {"quarter": 3, "target": 75, "actual": actual, "plans": plans, "achieved": achieved},
            "total": {"plans": plans, "achieved": achieved, "achievement": 80.0},
            "themes": [{"name": t, "plans": plans // 4, "achieved": achieved // 4, "achievement": 80.0} for t in THEMES],
            "opds": rows,
            "regencies": [{"name": "Kota Palangka Raya", "plans": 20, "achieved": 10, "achievement": 70.0},
                          {"name": "Kabupaten Kotawaringin Barat", "plans": 10, "achieved": 8, "achievement": 90.0}],
            "reporting": {"total": len(rows), "reported": sum(1 for r in rows if r["reported"])},
        }

    return SimpleNamespace(opd_quarter_summary=opd_quarter_summary, pemda_quarter_summary=pemda_quarter_summary)
