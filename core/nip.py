"""NIP normalisation and validation, the one place for every way a NIP enters the portal
(the roster forms and imports of groups, the account forms and the account import).

An ASN's NIP has 18 digits: birth date (YYYYMMDD), appointment month (TMT, YYYYMM), a sex
digit (1 male, 2 female) and a 3-digit serial number, e.g. 198503302010011002.

It lives in core because accounts carry a NIP too and core imports no app.
"""

import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Typed or pasted between the groups of digits: "19850714 201001 1 003", "19850714.201001.1.003".
SEPARATORS = frozenset(".-_/\u2010\u2011\u2012\u2013\u2014\u2212")
ASCII_DIGITS = frozenset("0123456789")


def _is_separator(ch: str) -> bool:
    # Spaces of every kind (non-breaking, thin, ideographic), tabs and line breaks (category
    # Z*, Cc), and the invisible format characters Word and web pages paste (zero-width space,
    # joiners, word joiner, byte-order mark: category Cf).
    return ch in SEPARATORS or ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cc", "Cf")


def normalise_nip(value: str) -> str:
    """The NIP as stored: separators and invisible characters dropped, digits made ASCII.

    Decimal digits of other scripts (Arabic-Indic ٠١٢, Persian ۰۱۲, full-width ０１２, ...)
    are the same number and become 0-9, so one person never gets a second record. Anything
    else (letters, superscript ², fractions) is kept, for ``nip_problems`` to refuse.
    """
    result = []
    for ch in value or "":
        if ch in ASCII_DIGITS:
            result.append(ch)
        elif _is_separator(ch):
            continue
        else:
            decimal = unicodedata.decimal(ch, None)
            result.append(str(decimal) if decimal is not None else ch)
    return "".join(result)


def nip_problems(nip: str) -> list[str]:
    """Every reason why ``nip`` (normalised or not) is not a valid NIP, in words a clerk understands."""
    nip = normalise_nip(nip)
    strange = list(dict.fromkeys(ch for ch in nip if ch not in ASCII_DIGITS))  # in the order typed
    if strange:
        return [
            _("A NIP has only the digits 0-9; remove %(characters)s.")
            % {"characters": ", ".join(f"“{ch}”" for ch in strange)}
        ]
    if len(nip) != 18:
        return [_("A NIP has exactly 18 digits (now: %(count)d characters).") % {"count": len(nip)}]
    problems = []
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        birth = None
        problems.append(_("Digits 1-8 (%(part)s) are not a real birth date (YYYYMMDD).") % {"part": nip[0:8]})
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12 or tmt_year < 1945:
        problems.append(
            _("Digits 9-14 (%(part)s) are not a real appointment month (YYYYMM).") % {"part": nip[8:14]}
        )
    elif birth is not None and tmt_year < birth.year + 15:
        problems.append(
            _("The appointment year %(tmt)d is too soon after the birth year %(birth)d.")
            % {"tmt": tmt_year, "birth": birth.year}
        )
    if nip[14] not in "12":
        problems.append(_("Digit 15 must be 1 (male) or 2 (female), not %(digit)s.") % {"digit": nip[14]})
    return problems


def validate_nip(value: str) -> None:
    problems = nip_problems(value)
    if problems:
        raise ValidationError(problems, code="invalid_nip")


def clean_nip(value: str) -> str:
    """Normalise and validate a typed NIP; returns the 18 ASCII digits or raises ValidationError."""
    nip = normalise_nip(value)
    validate_nip(nip)
    return nip
