"""NIP validation.

An ASN's NIP has 18 digits: birth date (YYYYMMDD), appointment month (TMT, YYYYMM), a sex
digit (1 male, 2 female) and a 3-digit serial number, e.g. 198503302010011002.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def nip_problems(nip: str) -> list[str]:
    """Every reason why ``nip`` is not a valid NIP, in words a clerk understands."""
    nip = (nip or "").strip()
    if not nip.isdigit() or len(nip) != 18:
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


def normalise_nip(value: str) -> str:
    """Drop the spaces and dots people type inside a NIP."""
    return "".join(ch for ch in (value or "") if ch not in " .-")


def validate_nip(value: str) -> None:
    problems = nip_problems(normalise_nip(value))
    if problems:
        raise ValidationError(problems, code="invalid_nip")
