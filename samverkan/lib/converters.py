"""URL converters."""


class IdConverter:
    """A record id in a URL: at most 18 digits, so that it always fits a 64-bit column.

    Django's own `int` converter accepts any length, and a number too large for the database
    fails there instead of answering 404.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
