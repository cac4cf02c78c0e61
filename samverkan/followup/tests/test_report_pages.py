"""The report's pages: the report of a year, its files, the steering group's text, issuing, the
issued report and its comparison with the register now."""

from __future__ import annotations

import datetime
import hashlib
import io
from unittest import mock

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from samverkan.activities.models import ActivityKind
from samverkan.followup.models import IssuedReport, IssuedReportFile, ReportText
from samverkan.followup.report.issue import FORMATS, file_intact, read_file
from samverkan.followup.tests.test_report_build import SECRET, activity, register_2025

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _url(world, name="partnerships:report", *args):
    return reverse(name, args=[world.mou.pk, *args])


def _page(world, year=2025):
    return _url(world, "partnerships:report", year)


def test_anyone_taking_part_reads_the_report_and_an_outsider_gets_404(world, as_user):
    register_2025(world)
    response = as_user(world.viewer).get(_page(world), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Annual report 2025", "Per collaboration area", "chart-areas-data", "<svg"):
        assert text in html
    assert as_user(world.outsider).get(_page(world)).status_code == 404
    assert as_user(world.viewer).get(_url(world, "partnerships:report", 12345)).status_code == 404


def test_the_year_chooser_leads_to_the_year_asked_for(world, as_user):
    client = as_user(world.viewer)
    response = client.get(_url(world, "partnerships:report_index") + "?year=2024")
    assert response.status_code == 302
    assert response["Location"] == _page(world, 2024)
    assert client.get(_url(world, "partnerships:report_index") + "?year=x")["Location"] == _page(
        world, 2026
    )


def test_the_secret_title_shows_to_the_entitled_only_while_the_counts_are_the_same(
    world, as_user, client
):
    register_2025(world)
    entitled = as_user(world.coordinator).get(_page(world), HTTP_ACCEPT_LANGUAGE="en")
    client.logout()
    viewer = as_user(world.viewer).get(_page(world), HTTP_ACCEPT_LANGUAGE="en")
    assert SECRET in entitled.content.decode()
    page = viewer.content.decode()
    assert SECRET not in page
    assert "Secret (OSL 31 kap. 16 §)" in page
    assert "1 activities and 0 agreements" in page


def test_the_page_runs_a_fixed_number_of_queries(world, as_user, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    areas = register_2025(world)
    client = as_user(world.coordinator)
    with CaptureQueriesContext(connection) as first:
        assert client.get(_page(world)).status_code == 200
    for n in range(30):
        activity(world, areas["skills"], ActivityKind.OTHER, "2025-02", "2025-04", "completed")
        ReportText.objects.get_or_create(partnership=world.mou, year=2025)
        assert n >= 0
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(_page(world)).status_code == 200


@pytest.mark.parametrize("file_format", ["html", "pdf", "docx", "xlsx"])
def test_the_report_downloads_in_each_format(world, as_user, file_format):
    register_2025(world)
    url = _url(world, "partnerships:report_download", 2025)
    response = as_user(world.viewer).get(f"{url}?format={file_format}&language=en")
    assert response.status_code == 200
    assert f"stockholms-stad-kth-2025-en.{file_format}" in response["Content-Disposition"]
    body = response.content
    starts = {"html": b"<!doctype html>", "pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK"}
    assert body.startswith(starts[file_format])
    if file_format == "html":
        assert SECRET.encode() not in body
    if file_format == "pdf":
        assert SECRET not in "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("format=odt&language=en", "Unknown format “odt”: choose one of html, pdf, docx, xlsx."),
        ("format=pdf&language=fi", "Unknown language “fi”: choose one of sv, en."),
    ],
)
def test_an_unknown_format_or_language_is_a_400_with_a_clear_message(
    world, as_user, query, message
):
    url = _url(world, "partnerships:report_download", 2025)
    response = as_user(world.viewer).get(f"{url}?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_steering_group_writes_its_text_and_a_stale_edit_is_refused(world, as_user, client):
    url = _url(world, "partnerships:report_text", 2025)
    assert as_user(world.viewer).get(url).status_code == 403
    client.logout()
    steering = as_user(world.steering)
    assert steering.get(url).status_code == 200
    response = steering.post(
        url, {"trends": "AI", "challenges": "", "proposals": "", "version": ""}
    )
    assert response.status_code == 302
    text = ReportText.objects.get(partnership=world.mou, year=2025)
    assert (text.trends, text.version) == ("AI", 1)
    assert steering.post(url, {"trends": "Mer AI", "version": 1}).status_code == 302
    stale = steering.post(url, {"trends": "Gammalt", "version": 1}, HTTP_ACCEPT_LANGUAGE="en")
    assert stale.status_code == 400
    text.refresh_from_db()
    assert (text.trends, text.version) == ("Mer AI", 2)
    page = steering.get(_page(world)).content.decode()
    assert "Mer AI" in page


def _issue(client, world, language="sv"):
    return client.post(_url(world, "partnerships:report_issue", 2025), {"language": language})


def test_issuing_keeps_the_files_with_their_hashes_and_is_for_coordinators_and_steering(
    world, as_user, client
):
    register_2025(world)
    assert _issue(as_user(world.viewer), world).status_code == 403
    client.logout()
    steering = as_user(world.steering)
    assert steering.get(_url(world, "partnerships:report_issue", 2025)).status_code == 405
    response = _issue(steering, world, "en")
    issued = IssuedReport.objects.get()
    assert response["Location"] == _url(world, "partnerships:report_issued", issued.uuid)
    assert (issued.year, issued.language, issued.issued_by) == (2025, "en", world.steering)
    files = {f.format: f for f in issued.files.all()}
    assert sorted(files) == sorted(FORMATS)
    for record in files.values():
        data = read_file(record)
        assert record.sha256 == hashlib.sha256(data).hexdigest()
        assert record.size == len(data)
        assert SECRET.encode() not in data
    # Issued as every participant may read it, though the steering member issued it.
    assert SECRET not in str(issued.content)
    assert issued.content["hidden_activities"] == 1
    page = steering.get(response["Location"]).content.decode()
    for record in files.values():
        assert record.sha256 in page
    download = steering.get(_url(world, "partnerships:report_issued_file", issued.uuid, "pdf"))
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == files["pdf"].sha256


def test_an_issued_report_never_changes_when_the_register_does(world, as_user):
    areas = register_2025(world)
    client = as_user(world.coordinator)
    _issue(client, world)
    issued = IssuedReport.objects.get()
    content = issued.content
    hashes = {f.format: f.sha256 for f in issued.files.all()}
    activity(world, areas["skills"], ActivityKind.OTHER, "2025-05", "2025-06", "completed")
    ReportText.objects.create(partnership=world.mou, year=2025, trends="Nytt")
    issued.refresh_from_db()
    assert issued.content == content
    for record in IssuedReportFile.objects.filter(report=issued):
        assert record.sha256 == hashes[record.format]
        assert file_intact(record)
    page = client.get(_url(world, "partnerships:report_issued", issued.uuid)).content.decode()
    assert "matches its SHA-256" in page or "stämmer" in page


def test_the_comparison_shows_what_changed_in_the_register_since_issuing(world, as_user):
    areas = register_2025(world)
    client = as_user(world.coordinator)
    _issue(client, world, "en")
    issued = IssuedReport.objects.get()
    url = _url(world, "partnerships:report_compare", issued.uuid)
    assert 'id="unchanged"' in client.get(url).content.decode()
    added = activity(
        world, areas["skills"], ActivityKind.OTHER, "2025-05", "2025-06", "completed", students=4
    )
    added.title = "Ny aktivitet"
    added.save()
    page = client.get(url).content.decode()
    assert 'id="unchanged"' not in page
    assert "Ny aktivitet (Other, Completed)" in page
    assert "<td>Skills</td>" in page or '<th scope="row">Skills</th>' in page
    # Students: 11 as issued, 15 now
    assert "<td>11</td><td>15</td>" in page


def test_issuing_leaves_nothing_behind_when_a_file_cannot_be_made(world, as_user):
    register_2025(world)
    client = as_user(world.coordinator)
    with (
        mock.patch(
            "samverkan.followup.report.issue.render_file",
            side_effect=RuntimeError("renderer broke"),
        ),
        pytest.raises(RuntimeError),
    ):
        _issue(client, world)
    assert not IssuedReport.objects.exists()
    assert not IssuedReportFile.objects.exists()


def test_issued_reports_of_another_partnership_answer_404(world, as_user):
    from samverkan.partnerships.tests.factories import PartnershipFactory

    register_2025(world)
    _issue(as_user(world.coordinator), world)
    issued = IssuedReport.objects.get()
    other = PartnershipFactory()
    admin = as_user(world.admin)
    url = reverse("partnerships:report_issued", args=[other.pk, issued.uuid])
    assert admin.get(url).status_code == 404


def test_issuing_removes_the_stored_files_when_the_database_refuses_one(world, as_user):
    register_2025(world)
    original = IssuedReportFile.save
    saved = []

    def failing_save(self, *args, **kwargs):
        if self.format == "xlsx":
            raise RuntimeError("database refused")
        saved.append(self.file.name)
        return original(self, *args, **kwargs)

    with mock.patch.object(IssuedReportFile, "save", failing_save), pytest.raises(RuntimeError):
        _issue(as_user(world.coordinator), world)
    assert saved  # some files were written before the failure…
    assert not IssuedReport.objects.exists()
    from django.core.files.storage import default_storage

    for name in saved:  # …and none of them is left behind
        assert not default_storage.exists(name)


def test_the_report_shows_the_compliance_findings(world, as_user):
    register_2025(world)
    page = as_user(world.viewer).get(_page(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    from samverkan.followup.compliance import findings

    with translation.override("en"):
        expected = findings(world.mou, user=world.viewer, on=datetime.date(2025, 12, 31))
    assert expected
    for finding in expected:
        assert finding.obligation in page


def test_the_long_lists_rows_escape_their_text_and_link_only_on_the_page():
    from samverkan.followup.report.html import present
    from samverkan.followup.tests.report_samples import AWKWARD_AREA, sample_report

    report = sample_report("en")
    with translation.override("en"):
        page, document = present(report), present(report, links=False)
    rows = str(page["activity_rows"])
    assert rows.count("<tr>") == len(report.activities)
    assert '<a href="/activities/1/">' in rows
    assert "Digitalisering &lt;script&gt;alert(1)&lt;/script&gt; &amp; AI" in rows
    assert AWKWARD_AREA not in rows
    masked = next(line for line in rows.split("\n") if "report-secret" in line)
    assert "<a " not in masked and "(content marked secret)" in masked
    assert "<a " not in str(document["activity_rows"])
    signed = page["agreement_groups"][0]
    assert str(signed["rows"]).count("<tr>") == len(report.agreements.signed)
    assert "href" not in str(document["agreement_groups"][0]["rows"])
