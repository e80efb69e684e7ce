def test_pages_api_lists_only_live_public_pages_with_streamfield_json(client, guide, pros_page):
    listing = client.get("/api/v2/pages/?type=content.GuidePage&fields=themes,section,audience,body").json()
    slugs = {item["meta"]["slug"] for item in listing["items"]}
    assert slugs == {"cotation-principes", "grille-de-cotation"}
    item = next(i for i in listing["items"] if i["meta"]["slug"] == "cotation-principes")
    assert item["section"] == "cotation" and item["audience"] == "public"
    assert {"name": "Cotation de la demande", "slug": "cotation-de-la-demande", "parent": None} in item["themes"]
    assert [block["type"] for block in item["body"]] == ["text", "callout", "text", "table", "callout"]
    assert item["body"][1]["value"]["kind"] == "note" and item["body"][3]["value"]["data"][0][0] == "Avant"


def test_private_page_is_absent_even_for_signed_in_callers(client, pros_page, person):
    assert client.get(f"/api/v2/pages/{pros_page.pk}/").status_code == 404
    client.force_login(person("connecte"))
    assert client.get(f"/api/v2/pages/{pros_page.pk}/").status_code == 404
    found = client.get("/api/v2/pages/?search=confidentielle").json()
    assert pros_page.pk not in [item["id"] for item in found["items"]]


def test_unpublished_page_is_absent(client, guide):
    guide.unpublish()
    assert client.get(f"/api/v2/pages/{guide.pk}/").status_code == 404


def test_openapi_describes_every_endpoint_and_the_fields_served(client, guide):
    schema = client.get("/api/v2/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in schema["paths"]:
        url = path.replace("{id}", str(guide.pk)) if "pages" in path else path
        if "{id}" in url:
            continue
        assert client.get(url).status_code == 200, url
    documented = schema["components"]["schemas"]["content.GuidePage"]["allOf"][1]["properties"]
    served = client.get(f"/api/v2/pages/{guide.pk}/").json()
    assert set(documented) <= set(served)
    assert documented["audience"]["enum"] == ["public", "pros"]
    assert set(schema["components"]["schemas"]["StreamBlock"]["properties"]["type"]["enum"]) >= {"text", "callout", "table", "faq"}


def test_cors_header_for_allowed_origin(client, guide, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example.org"]
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://front.example.org")
    assert response["Access-Control-Allow-Origin"] == "https://front.example.org"
    assert "Access-Control-Allow-Origin" not in client.get("/api/v2/pages/", HTTP_ORIGIN="https://autre.example").headers
