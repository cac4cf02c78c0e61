"""A lint check: outside the models, services and the masking module itself, records that may
hold secrets are read only through `for_user(user)`, which masks them (STYLE.md §4).

Services may read them unmasked (they display nothing); pages, forms, exports, the API, the
admin and the demo loader's readers go through `for_user` or the masked prefetch querysets.
"""

import re
from pathlib import Path

SAMVERKAN = Path(__file__).resolve().parent.parent
SECRET_MODELS = ("Agreement", "Activity", "Registration", "ActivityParty", "ActivityParticipant")
ALLOWED_FILES = {"models.py", "services.py", "confidentiality.py"}
READ = re.compile(
    r"\b(" + "|".join(SECRET_MODELS) + r")\.(objects|_default_manager)\.(?!for_user\()"
)


def _modules():
    for path in SAMVERKAN.rglob("*.py"):
        parts = set(path.relative_to(SAMVERKAN).parts)
        if parts & {"tests", "migrations", "demo"} or path.name in ALLOWED_FILES:
            continue
        yield path


def test_secret_records_are_read_through_for_user_only():
    offences = []
    for path in _modules():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if READ.search(line) and "# unmasked:" not in line:
                offences.append(f"{path.relative_to(SAMVERKAN)}:{number}: {line.strip()}")
    assert not offences, "Read through for_user(user):\n" + "\n".join(offences)


def test_the_check_catches_a_plain_read():
    assert READ.search("Agreement.objects.filter(pk=1)")
    assert READ.search("rows = Activity.objects.all()")
    assert not READ.search("Agreement.objects.for_user(user).filter(pk=1)")
    assert not READ.search("PersonnelExchange.objects.filter(pk=1)")


# Innovation-support cases are confidential by default (decision 0008): pages, forms and the API
# read them through `InnovationCase.objects.visible_to(user)`; only the services (which display
# nothing) and the figures (which count in SQL and name no case) read them whole.
CASE_MODELS = ("InnovationCase", "StageChange", "Support", "Outcome", "CasePerson")
CASE_ALLOWED_FILES = {"models.py", "case_services.py", "figures.py"}
CASE_READ = re.compile(
    r"\b(" + "|".join(CASE_MODELS) + r")\.(objects|_default_manager)\.(?!visible_to\()"
)


def test_innovation_cases_are_read_through_visible_to_only():
    offences = []
    for path in _modules():
        if path.name in CASE_ALLOWED_FILES:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if CASE_READ.search(line) and "# all cases:" not in line:
                offences.append(f"{path.relative_to(SAMVERKAN)}:{number}: {line.strip()}")
    assert not offences, "Read through visible_to(user):\n" + "\n".join(offences)


def test_the_case_check_catches_a_plain_read():
    assert CASE_READ.search("InnovationCase.objects.filter(pk=1)")
    assert CASE_READ.search("Support.objects.all()")
    assert not CASE_READ.search("InnovationCase.objects.visible_to(user).filter(pk=1)")
