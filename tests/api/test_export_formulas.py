"""Exports never write live formulas: text beginning with = + - @ (or tab, CR) gets a leading apostrophe
in CSV and XLSX, and importing the export gives back exactly the same values."""
import csv
import io

import openpyxl
import pytest

from skillsnet.core import importer, services, tabular
from skillsnet.directory.models import Organisation

NAMES = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+855 23 000 000", "-minus", "@SUM(1+1)",
         "'=already quoted"]


@pytest.fixture
def risky(system_user, reference):
    return [services.create_object(system_user, Organisation, {"name": name, "kind": "other", "city": name})
            for name in NAMES]


def test_neutralise_round_trip():
    for value in [*NAMES, "\tTabbed", "\r=x", "plain", "", "O'Brien", "'", "''=x", 5, None]:
        assert tabular.unneutralise(tabular.neutralise(value)) == value
    assert tabular.neutralise("=1+1") == "'=1+1"
    assert tabular.neutralise("plain") == "plain"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_are_inert_and_reimport_unchanged(client, users, risky, fmt):
    client.force_login(users["secretariat_admin"])
    response = client.get(f"/directory/organisations/?export={fmt}&q=")
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "csv":
        cells = [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]
    else:
        book = openpyxl.load_workbook(io.BytesIO(data))
        sheet = book.active
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
        cells = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    for name in NAMES:
        assert "'" + name in cells, name
    assert not any(isinstance(c, str) and c.startswith(("=", "+", "-", "@")) for c in cells)
    result = importer.run_import(users["secretariat_admin"], Organisation, data, f"orgs.{fmt}", commit=False)
    assert result.ok, result.errors
    planned = {r.action for r in result.rows}
    assert planned == {"unchanged"}, [(r.action, getattr(r, "changes", None)) for r in result.rows if r.action != "unchanged"]
    assert sorted(Organisation.objects.filter(pk__in=[o.pk for o in risky]).values_list("name", flat=True)) == sorted(NAMES)
