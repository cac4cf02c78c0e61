"""Record ids typed by people or programs: only plain ASCII digits that fit a 64-bit column."""

MAX_ID = 2**63 - 1


def parse_id(text: object) -> int | None:
    """The id in `text`, or None. ("²".isdigit() is true, but it is no id.)"""
    value = str(text).strip()
    if not value or not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if number <= MAX_ID else None
