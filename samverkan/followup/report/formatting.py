"""Numbers, money and year-over-year change as the annual report writes them, in one place.

Every renderer (web page, PDF, DOCX, charts) formats through these functions, so a figure reads
the same in all formats and a test can build the expected text the same way. Swedish writes
"1 234 567,5" (a no-break space between thousands, as Django's Swedish formats do, so a number
never wraps across lines) and "+8 %"; English writes "1,234,567.5" and "+8%". A negative sign is
the typographic minus (U+2212). The XLSX renderer keeps real numbers and uses `change` and
`change_percent` rather than the text.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.translation import gettext as _

NO_BREAK_SPACE = "\u00a0"
MINUS = "\u2212"
NOTHING = "\u2014"  # an em dash: no figure at all (e.g. no funding in any currency)

# Separators (thousands, decimals) and the text between a percentage and its sign.
_STYLES = {
    "sv": (NO_BREAK_SPACE, ",", NO_BREAK_SPACE),
    "en": (",", ".", ""),
}

# Hours may carry fractions; no figure of the report needs more than two decimals.
MAX_DECIMALS = 2


def _style(language: str | None) -> tuple[str, str, str]:
    code = (language or translation.get_language() or "sv").split("-")[0]
    return _STYLES.get(code, _STYLES["en"])


def _as_decimal(value: int | Decimal | float) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def format_number(
    value: int | Decimal | float, language: str | None = None, *, signed: bool = False
) -> str:
    """`value` grouped by thousands, with at most two decimals and no trailing zeros ("12,5",
    "1 234"). `signed` writes "+" before a positive number (a change). Language None: the
    active one."""
    thousands, decimal_mark, _percent_space = _style(language)
    number = _as_decimal(value).quantize(Decimal(1).scaleb(-MAX_DECIMALS), ROUND_HALF_UP)
    sign = "-" if number < 0 else "+" if signed and number > 0 else ""
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = thousands.join(groups)
    if fraction:
        text = f"{text}{decimal_mark}{fraction}"
    return sign.replace("-", MINUS) + text


def format_money(amount: Decimal | int, currency: str, language: str | None = None) -> str:
    """An amount in one currency: "1 234 567 SEK" (the ISO code after the amount)."""
    return f"{format_number(amount, language)}{NO_BREAK_SPACE}{currency}"


def format_funding(funding: dict[str, Decimal], language: str | None = None) -> str:
    """Funding summed per currency, never across: "1 234 SEK, 5 000 EUR" (by currency code);
    an em dash when there is none."""
    amounts = [format_money(funding[code], code, language) for code in sorted(funding)]
    return ", ".join(amounts) if amounts else NOTHING


def format_percent(value: int | Decimal | float, language: str | None = None) -> str:
    """A signed percentage: "+8 %" in Swedish, "+8%" in English."""
    _thousands, _decimal_mark, percent_space = _style(language)
    return f"{format_number(value, language, signed=True)}{percent_space}%"


def change(current: int | Decimal, previous: int | Decimal) -> int | Decimal:
    """This year's figure minus last year's."""
    return current - previous


def change_percent(current: int | Decimal, previous: int | Decimal) -> Decimal | None:
    """The change as a percentage of last year's figure, rounded to a whole percent; None when
    last year had nothing (there is no percentage of zero)."""
    if not previous:
        return None
    ratio = Decimal(current - previous) * 100 / Decimal(previous)
    return ratio.quantize(Decimal(1), ROUND_HALF_UP)


def format_change(
    current: int | Decimal, previous: int | Decimal, language: str | None = None
) -> str:
    """The change from last year: "+12 (+8 %)", "−3 (−20 %)", "0 (0 %)"; "new" when last year
    had nothing and this year has something; "0" when both years have nothing."""
    with translation.override(language or translation.get_language()):
        if not previous:
            return _("new") if current else format_number(0, language)
        difference = format_number(change(current, previous), language, signed=True)
        percent = format_percent(change_percent(current, previous), language)
        return f"{difference} ({percent})"


def format_funding_change(
    current: dict[str, Decimal], previous: dict[str, Decimal], language: str | None = None
) -> str:
    """The change of funding per currency: "SEK +100 000 (+10 %), EUR new"; an em dash when
    neither year has any funding."""
    parts = []
    for code in sorted(set(current) | set(previous)):
        amount = format_change(current.get(code, 0), previous.get(code, 0), language)
        parts.append(f"{code}{NO_BREAK_SPACE}{amount}")
    return ", ".join(parts) if parts else NOTHING


def format_date(value, language: str | None = None) -> str:
    """A date as ISO 8601 ("2025-03-01") in both languages: unambiguous, and how Swedish
    authorities write dates; "" for none."""
    return value.isoformat() if value else ""
