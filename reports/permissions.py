"""Who may have the bureau's documents (the recap, an OPD's letter and evidence pack).

- The recap, a letter's notes and the signatory are the bureau's: a verifikator or an admin over
  the unit. Any other role gets a 403 (the page is not open to it, whatever the unit); a
  verifikator asking for a unit outside their subtree gets a 404.
- A letter and an evidence pack are also for the unit's own people: an operator or pimpinan
  downloads those of the units they hold (their own OPD), and gets a 404 for any other unit.
"""

from django.http import Http404

from core import permissions
from core.models import Unit, User
from groups.models import ProgrammeYear


def get_programme_year(number: int) -> ProgrammeYear:
    try:
        return ProgrammeYear.objects.get(year=number)
    except ProgrammeYear.DoesNotExist as exc:
        raise Http404 from exc


def get_document_unit_for_user(user: User, unit_uuid, *, bureau: bool) -> Unit:
    """The unit a document is about; ``bureau``: a document only the bureau makes."""
    if bureau:
        permissions.require_unit_admin(user)
    else:
        permissions.require_any_role(user)
    return permissions.get_unit_for_user(user, unit_uuid, write=bureau)


def is_bureau_for(user: User, unit: Unit) -> bool:
    """The user makes the bureau's documents of ``unit`` (verifikator over it, or admin)."""
    return permissions.can_manage_units(user, unit)
