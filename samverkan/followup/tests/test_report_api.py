"""The report in the API: same rules and permissions as the pages."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine

from samverkan.activities.models import ActivityKind
from samverkan.followup.models import IssuedReport, ReportText
from samverkan.followup.tests.test_report_build import SECRET, activity, register_2025

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _url(world, rest=""):
    return f"/api/v1/partnerships/{world.mou.pk}/reports/{rest}"


def test_a_reader_gets_the_report_as_they_may_see_it_and_an_outsider_404(world, api):
    register_2025(world)
    viewer = api(world.viewer).get(_url(world, "2025/"))
    assert viewer.status_code == 200
    body = viewer.json()
    assert body["year"] == 2025 and body["language"] == "en"
    assert body["totals"]["counts"] == {
        "planned": 1,
        "ongoing": 3,
        "completed": 2,
        "cancelled": 1,
    }
    assert SECRET not in viewer.content.decode()
    assert body["hidden_activities"] == 1
    entitled = api(world.coordinator).get(_url(world, "2025/")).json()
    assert SECRET in str(entitled)
    assert entitled["totals"] == body["totals"]
    assert api(world.outsider).get(_url(world, "2025/")).status_code == 404
    assert api(None).get(_url(world, "2025/")).status_code == 401
    swedish = api(world.viewer, language="sv").get(_url(world, "2025/")).json()
    assert swedish["language"] == "sv"


def test_the_document_comes_in_each_format_and_a_bad_one_is_a_400(world, api):
    register_2025(world)
    client = api(world.viewer)
    pdf = client.get(_url(world, "2025/document/?format=pdf&language=sv"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = client.get(_url(world, "2025/document/?format=odt"))
    assert bad.status_code == 400
    assert bad.json() == {"format": ["Unknown format “odt”: choose one of html, pdf, docx, xlsx."]}
    bad_language = client.get(_url(world, "2025/document/?format=pdf&language=xx"))
    assert bad_language.json() == {"language": ["Unknown language “xx”: choose one of sv, en."]}
    assert api(world.outsider).get(_url(world, "2025/document/?format=pdf")).status_code == 404


def test_the_text_is_written_by_the_steering_group_with_versions(world, api):
    url = _url(world, "2025/text/")
    assert api(world.viewer).get(url).json() == {
        "year": 2025,
        "trends": "",
        "challenges": "",
        "proposals": "",
        "version": 0,
    }
    assert api(world.viewer).put(url, {"trends": "x"}, format="json").status_code == 403
    steering = api(world.steering)
    first = steering.put(url, {"trends": "AI", "challenges": "", "proposals": ""}, format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["version"] == 1
    assert steering.put(url, {"trends": "Utan version"}, format="json").status_code == 400
    second = steering.put(url, {"trends": "Mer AI", "version": 1}, format="json")
    assert second.json()["version"] == 2
    stale = steering.put(url, {"trends": "Gammalt", "version": 1}, format="json")
    assert stale.status_code == 409
    assert ReportText.objects.get().trends == "Mer AI"
    assert api(world.outsider).get(url).status_code == 404


def test_issuing_in_the_api_and_reading_the_issued_report(world, api):
    areas = register_2025(world)
    assert (
        api(world.viewer).post(_url(world, "2025/issue/"), {"language": "sv"}, format="json")
    ).status_code == 403
    bad = api(world.coordinator).post(_url(world, "2025/issue/"), {"language": "fi"}, format="json")
    assert bad.status_code == 400 and "language" in bad.json()
    response = api(world.coordinator).post(
        _url(world, "2025/issue/"), {"language": "sv"}, format="json"
    )
    assert response.status_code == 201, response.json()
    issued = response.json()
    assert sorted(f["format"] for f in issued["files"]) == ["docx", "html", "pdf", "xlsx"]
    client = api(world.viewer)
    listed = client.get(_url(world, "issued/")).json()
    assert [i["id"] for i in listed] == [issued["id"]]
    detail = client.get(_url(world, f"issued/{issued['id']}/")).json()
    assert detail == issued
    pdf = next(f for f in detail["files"] if f["format"] == "pdf")
    download = client.get(pdf["url"])
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == pdf["sha256"]
    assert client.get(_url(world, f"issued/{issued['id']}/files/odt/")).status_code == 404
    assert client.get(_url(world, f"issued/{issued['id']}/compare/")).json()["unchanged"]
    activity(world, areas["skills"], ActivityKind.OTHER, "2025-05", "2025-06", "completed")
    comparison = client.get(_url(world, f"issued/{issued['id']}/compare/")).json()
    assert not comparison["unchanged"]
    assert comparison["rows"][0]["label"] in ("Alla aktiviteter", "All activities")
    assert api(world.outsider).get(_url(world, f"issued/{issued['id']}/")).status_code == 404
    assert IssuedReport.objects.count() == 1
