def test_pages(cast, login):
    c = login(cast.biro)
    for url in ["/", "/wilayah/", "/wilayah/provinsi/62/", "/wilayah/kabkota/62.71/", "/opd/", f"/opd/{cast.dinkes.pk}/", "/api/v1/opds/", "/api/schema/", "/api/docs/", "/healthz", "/admin/"]:
        r = c.get(url)
        assert r.status_code in (200, 302), (url, r.status_code, r.content[:500])
    assert c.get(f"/opd/{cast.kaltim_dinkes.pk}/").status_code == 404
