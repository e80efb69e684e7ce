"""The public login form (``/_util/login/``, for private pages) lands somewhere that exists."""

import pytest


@pytest.mark.django_db
def test_logging_in_without_next_lands_on_the_home_page(client, person):
    person("pro.lyon")
    response = client.post("/_util/login/", {"username": "pro.lyon", "password": "mot-de-passe-de-test-42"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(response["Location"]).status_code == 200
