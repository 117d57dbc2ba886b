def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_home_and_lists_render(client, orgs):
    assert client.get("/").status_code == 200
    response = client.get("/directory/organisations/")
    assert response.status_code == 200
    assert "Lao-German Technical College" in response.content.decode()
