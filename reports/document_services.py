"""The writes of the documents pages: a letter's notes and a Pemda's signatory."""

from django.db import transaction

from core.models import Unit, User
from groups.models import ProgrammeYear
from reports.models import DocumentSignatory, OpdLetterNote


@transaction.atomic
def letter_note_save(*, year: ProgrammeYear, unit: Unit, number: str, text: str, by: User) -> OpdLetterNote:
    """Keep the notes of ``unit``'s letter for ``year`` (one per unit and year)."""
    note, _created = OpdLetterNote.objects.select_for_update().get_or_create(programme_year=year, unit=unit)
    note.number = number
    note.text = text
    note.updated_by = by
    note.save(update_fields=["number", "text", "updated_by", "updated_at"])
    return note


@transaction.atomic
def signatory_save(*, unit: Unit, by: User, **fields: str) -> DocumentSignatory:
    """Keep who signs the documents of the Pemda ``unit`` (position, name, rank, nip, place)."""
    signatory, _created = DocumentSignatory.objects.select_for_update().get_or_create(unit=unit)
    for name, value in fields.items():
        setattr(signatory, name, value)
    signatory.updated_by = by
    signatory.save(update_fields=[*fields, "updated_by", "updated_at"])
    return signatory
