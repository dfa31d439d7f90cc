"""What the bureau keeps for its documents: the notes of each OPD's evaluation letter, and who
signs the documents of a Pemda.

The signatory is kept per Pemda (the unit of kind Pemkab, Pemkot or Pemprov the documents are
about), in the portal rather than in a setting: the Kepala Bagian Organisasi changes with every
rotation (mutasi) and the bureau must be able to put the new name in without a deployment, and
a provincial deployment holds several Pemda, each with its own bureau head. It lives here and
not as columns of core.Unit because only the reports print it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Unit
from groups.models import ProgrammeYear


class OpdLetterNote(models.Model):
    """The bureau's notes for the evaluation letter of one unit (an OPD) for one year, typed
    before the letter is printed and kept for the next print."""

    programme_year = models.ForeignKey(
        ProgrammeYear, verbose_name=_("programme year"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(
        _("letter number"),
        max_length=120,
        blank=True,
        help_text=_("As in the bureau's register, e.g. 061/123/438.1.2/2026. Empty: a blank to fill in."),
    )
    text = models.TextField(_("notes of the Bagian Organisasi"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation letter notes")
        verbose_name_plural = _("evaluation letter notes")
        constraints = [
            models.UniqueConstraint(fields=["programme_year", "unit"], name="letter_note_once_per_unit_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.programme_year}"


class DocumentSignatory(models.Model):
    """Who signs the recap and the letters of a Pemda: the head of its Bagian Organisasi."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("regional government"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.CharField(
        _("position"),
        max_length=150,
        default="Kepala Bagian Organisasi",
        help_text=_("As printed above the name, e.g. Kepala Bagian Organisasi or Kepala Biro Organisasi."),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    rank = models.CharField(
        _("rank (pangkat)"), max_length=100, blank=True, help_text=_("e.g. Pembina Tingkat I (IV/b).")
    )
    place = models.CharField(
        _("place of signing"),
        max_length=100,
        blank=True,
        help_text=_("The town before the date, e.g. Tuban."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("document signatory")
        verbose_name_plural = _("document signatories")

    def __str__(self) -> str:
        return f"{self.position} — {self.unit}"
