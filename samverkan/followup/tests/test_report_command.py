"""`manage.py annual_report`: the report for a scheduler, with clear errors."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from samverkan.followup.tests.test_report_build import SECRET, register_2025
from samverkan.lib.partial_dates import PartialDate

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _run(tmp_path, **options):
    output = tmp_path / "report.out"
    arguments = {
        "partnership": "stockholms-stad-kth",
        "year": 2025,
        "file_format": "pdf",
        "language": "sv",
        "output": str(output),
        **options,
    }
    call_command("annual_report", stdout=io.StringIO(), **arguments)
    return output


def test_the_command_writes_the_pdf_as_every_participant_may_read_it(world, tmp_path):
    register_2025(world)
    output = _run(tmp_path)
    data = output.read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "2025" in text and "Stockholms stad–KTH" in text
    assert SECRET not in text
    assert "Sekretess (OSL 31 kap. 16 §)" in text


@pytest.mark.parametrize(
    ("file_format", "starts"), [("html", b"<!doctype html>"), ("docx", b"PK"), ("xlsx", b"PK")]
)
def test_the_command_writes_every_format(world, tmp_path, file_format, starts):
    register_2025(world)
    output = _run(tmp_path, file_format=file_format, language="en")
    assert output.read_bytes().startswith(starts)


def test_an_unknown_partnership_is_refused_naming_the_known_ones(world, tmp_path):
    with pytest.raises(CommandError) as error:
        _run(tmp_path, partnership="stockholm")
    assert (
        str(error.value) == "No partnership 'stockholm'. Known partnerships: stockholms-stad-kth."
    )


def test_a_year_without_data_is_refused(world, tmp_path):
    register_2025(world)
    with pytest.raises(CommandError) as error:
        _run(tmp_path, year=2010)
    assert str(error.value) == (
        "stockholms-stad-kth has nothing in the register for 2010: no activity, agreement, "
        "exchange, leadership dialogue, steering-group meeting or innovation-support case."
    )
    assert not (tmp_path / "report.out").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"file_format": "odt"}, "Unknown format 'odt': choose one of html, pdf, docx, xlsx."),
        ({"language": "fi"}, "Unknown language 'fi': choose one of sv, en."),
        ({"year": 12}, "The year must be between 1900 and 9999, not 12."),
    ],
)
def test_an_unknown_format_language_or_year_is_refused(world, tmp_path, options, message):
    with pytest.raises(CommandError) as error:
        _run(tmp_path, **options)
    assert str(error.value) == message


def test_an_unwritable_output_is_refused(world, tmp_path):
    register_2025(world)
    with pytest.raises(CommandError) as error:
        _run(tmp_path, output=str(tmp_path / "missing" / "report.pdf"))
    assert "the folder" in str(error.value) and "does not exist" in str(error.value)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(CommandError) as error:
        _run(tmp_path, output=str(folder))
    assert str(error.value).startswith(f"Cannot write {folder}:")


def test_a_network_year_with_innovation_cases_only_has_data(world, tmp_path):
    """A network whose year holds nothing but innovation-support cases still has a report."""
    from samverkan.innovation.tests.factories import (
        InnovationCaseFactory,
        InnovationOfficeFactory,
        MemberFactory,
        NetworkFactory,
    )

    network = NetworkFactory(name="Nätverket")
    member = MemberFactory(partnership=network, membership__starts_on=PartialDate.parse("2020"))
    InnovationOfficeFactory(network=network)
    InnovationCaseFactory(
        network=network,
        institution=member.organisation,
        opened_on=datetime.date(2024, 3, 1),
        stage_since=datetime.date(2024, 3, 1),
    )
    output = tmp_path / "network.xlsx"
    call_command(
        "annual_report",
        partnership=network.slug,
        year=2024,
        file_format="xlsx",
        language="en",
        output=str(output),
        stdout=io.StringIO(),
    )
    assert output.read_bytes().startswith(b"PK")
    with pytest.raises(CommandError, match="nothing in the register for 2023"):
        call_command(
            "annual_report",
            partnership=network.slug,
            year=2023,
            file_format="xlsx",
            language="en",
            output=str(output),
            stdout=io.StringIO(),
        )
