"""Swedish organisation numbers (organisationsnummer).

Ten digits: digit 1 the legal form group, digits 3-4 at least 20 (so that no organisation number
is also a personal identity number), digit 10 a Luhn check digit. python-stdnum knows the format
and the check digit; the digits 3-4 rule is added here.
"""

from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr


class InvalidOrganisationNumber(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalise(value: str) -> str:
    """The organisation number as NNNNNN-NNNN, or InvalidOrganisationNumber with its reason.

    The reason is one of "format", "third-digits" and "check-digit".
    """
    digits = orgnr.compact(value)
    if len(digits) != 10 or not digits.isdigit():
        raise InvalidOrganisationNumber("format")
    if int(digits[2:4]) < 20:
        raise InvalidOrganisationNumber("third-digits")
    try:
        luhn.validate(digits)
    except StdnumError as error:
        raise InvalidOrganisationNumber("check-digit") from error
    return orgnr.format(digits)
