import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Unit
from core.nip import validate_nip


def upload_to_logo(instance, filename: str) -> str:
    return f"groups/logos/{uuid.uuid4().hex}{_suffix(filename)}"


def upload_to_sk(instance, filename: str) -> str:
    return f"groups/sk/{uuid.uuid4().hex}{_suffix(filename)}"


def _suffix(filename: str) -> str:
    # The suffix is set by core.uploads from the sniffed content, never by the user.
    return "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


class ProgrammeYear(models.Model):
    """A programme year (Tahun Program): its calendar and the roster rules in force."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    sk_deadline = models.DateField(_("SK and roster deadline"), null=True, blank=True)
    risalah_deadline = models.DateField(_("risalah deadline"), null=True, blank=True)
    gelar_date = models.DateField(_("Gelar Budaya Kerja date"), null=True, blank=True)
    is_current = models.BooleanField(
        _("current year"),
        default=False,
        help_text=_("The year shown by default in lists and on the home page."),
    )
    # Roster rules; the defaults follow quality-circle practice (see DOMAIN.md).
    min_members = models.PositiveSmallIntegerField(_("minimum members"), default=3)
    max_members = models.PositiveSmallIntegerField(_("maximum members"), default=10)
    ketua_count = models.PositiveSmallIntegerField(_("number of Ketua"), default=1)
    sekretaris_count = models.PositiveSmallIntegerField(_("number of Sekretaris"), default=1)
    min_fasilitator = models.PositiveSmallIntegerField(_("minimum Fasilitator"), default=1)

    class Meta:
        verbose_name = _("programme year")
        verbose_name_plural = _("programme years")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_members__lte=models.F("max_members")),
                name="programme_year_min_members_lte_max",
            ),
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_programme_year"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @classmethod
    def current(cls) -> "ProgrammeYear | None":
        """The current year, else the latest one. Runs a query."""
        return cls.objects.filter(is_current=True).first() or cls.objects.first()


class GroupQuerySet(models.QuerySet):
    def for_list(self, year: ProgrammeYear | None):
        """Groups with their unit and, when a year is given, that year's record."""
        qs = self.select_related("unit").order_by("unit__path", "name")
        if year is not None:
            qs = qs.prefetch_related(
                Prefetch(
                    "years",
                    queryset=GroupYear.objects.filter(programme_year=year).annotate(
                        member_count=Count("members")
                    ),
                    to_attr="selected_years",
                )
            )
        return qs

    def with_completeness(self, year: ProgrammeYear, completeness: str):
        if completeness == Completeness.COMPLETE:
            return self.filter(years__programme_year=year, years__status=Completeness.COMPLETE)
        if completeness == Completeness.INCOMPLETE:
            return self.filter(years__programme_year=year, years__status=Completeness.INCOMPLETE)
        if completeness == Completeness.MISSING:
            return self.exclude(years__programme_year=year)
        return self


class Group(models.Model):
    """A Kelompok Budaya Kerja. Persists across years; SK and roster are per year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("group name"), max_length=120)
    makna = models.TextField(_("meaning of the name"), blank=True)
    motto = models.CharField(_("motto"), max_length=250, blank=True)
    yel_yel = models.TextField(_("yel-yel"), blank=True)
    logo = models.FileField(_("logo"), upload_to=upload_to_logo, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    formed_on = models.DateField(_("date formed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GroupQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("KBK group")
        verbose_name_plural = _("KBK groups")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="group_name_unique_per_unit"),
        ]

    def __str__(self) -> str:
        return self.name


class Completeness(models.TextChoices):
    COMPLETE = "complete", _("Complete")
    INCOMPLETE = "incomplete", _("Incomplete")
    MISSING = "missing", _("No SK/roster yet")


class GroupYear(models.Model):
    """A group's SK and roster for one programme year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="years")
    programme_year = models.ForeignKey(
        ProgrammeYear, verbose_name=_("programme year"), on_delete=models.PROTECT, related_name="group_years"
    )
    sk_number = models.CharField(_("SK number"), max_length=120, blank=True)
    sk_date = models.DateField(_("SK date"), null=True, blank=True)
    sk_signed_by = models.CharField(_("signed by"), max_length=150, blank=True)
    sk_scan = models.FileField(_("scanned SK"), upload_to=upload_to_sk, blank=True)
    # Derived from the SK fields and the roster by groups.services.evaluate_group_year();
    # stored so that lists and the dashboard can filter on it.
    status = models.CharField(
        _("completeness"), max_length=20, choices=Completeness.choices, default=Completeness.INCOMPLETE
    )
    problems = models.JSONField(_("what is missing"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("group year")
        verbose_name_plural = _("group years")
        ordering = ["-programme_year__year"]
        constraints = [
            models.UniqueConstraint(fields=["group", "programme_year"], name="group_year_once_per_year"),
            models.CheckConstraint(
                condition=Q(status__in=["complete", "incomplete"]), name="group_year_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.programme_year}"

    @property
    def has_sk(self) -> bool:
        return bool(self.sk_number and self.sk_date and self.sk_scan)

    @property
    def problem_messages(self) -> list[str]:
        """What is missing, in the reader's language (``problems`` keeps codes and numbers)."""
        return [describe_problem(problem) for problem in self.problems]


class Person(models.Model):
    """An ASN, identified by NIP; one record across years and groups."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validate_nip])
    name = models.CharField(_("name"), max_length=150)
    jabatan = models.CharField(_("position (jabatan)"), max_length=150, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ASN")
        verbose_name_plural = _("ASN")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class RosterRole(models.TextChoices):
    PEMBINA = "pembina", _("Pembina")
    FASILITATOR = "fasilitator", _("Fasilitator")
    KETUA = "ketua", _("Ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    ANGGOTA = "anggota", _("Anggota")


ROSTER_ROLE_ORDER = {role: index for index, role in enumerate(RosterRole.values)}

# What a GroupYear lacks, stored in ``GroupYear.problems`` as {"code": ..., numbers} and put into
# words only when shown: stored sentences would stay in the language of whoever saved last.
PROBLEM_MESSAGES = {
    "sk_number": _("The SK number is missing."),
    "sk_date": _("The SK date is missing."),
    "sk_scan": _("The scanned SK is missing."),
    "min_members": _("The roster has %(count)d members; at least %(min)d are required."),
    "max_members": _("The roster has %(count)d members; at most %(max)d are allowed."),
    "role_count": _("There must be exactly %(wanted)d %(role)s (now %(count)d)."),
    "min_fasilitator": _("At least %(min)d Fasilitator is required (now %(count)d)."),
}


def describe_problem(problem: dict) -> str:
    params = {key: value for key, value in problem.items() if key != "code"}
    if "role" in params:
        params["role"] = RosterRole(params["role"]).label
    return str(PROBLEM_MESSAGES[problem["code"]]) % params


class SeatConfirmation(models.TextChoices):
    """Whether a roster seat of an ASN from another unit was confirmed by that unit's operator.

    A seat is "own" when whoever put the ASN on the roster manages the ASN's unit; otherwise
    the ASN is "anggota dari unit lain" and the seat waits for an operator of the ASN's unit.
    Only own and confirmed seats let a Ketua or Sekretaris with an account write the risalah.
    """

    OWN = "own", _("Own unit")
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


# The seats that grant what a seat grants (writing the risalah as Ketua or Sekretaris).
GRANTING_SEATS = (SeatConfirmation.OWN, SeatConfirmation.CONFIRMED)


class RosterMemberQuerySet(models.QuerySet):
    def granting(self):
        """Seats that grant writing: of the operator's own units, or confirmed by the other unit."""
        return self.filter(confirmation__in=GRANTING_SEATS)

    def awaiting_confirmation(self):
        """Seats of ASN from another unit waiting for that unit's operator, for the confirmation page."""
        return (
            self.filter(confirmation=SeatConfirmation.PENDING)
            .select_related("person__unit", "group_year__group__unit", "group_year__programme_year")
            .order_by("group_year__programme_year__year", "group_year__group__name", "person__name")
        )


class RosterMember(models.Model):
    group_year = models.ForeignKey(GroupYear, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person, verbose_name=_("ASN"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role in the group"), max_length=20, choices=RosterRole.choices)
    confirmation = models.CharField(
        _("confirmation by the member's unit"),
        max_length=20,
        choices=SeatConfirmation.choices,
        default=SeatConfirmation.OWN,
    )

    objects = RosterMemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("roster member")
        verbose_name_plural = _("roster members")
        constraints = [
            models.UniqueConstraint(
                fields=["group_year", "person"], name="roster_person_once_per_group_year"
            ),
            models.CheckConstraint(
                condition=Q(confirmation__in=["own", "pending", "confirmed", "declined"]),
                name="roster_member_confirmation_valid",
            ),
        ]
        indexes = [
            # The year's members by role, read from the index alone (the dashboard's member count).
            models.Index(fields=["group_year", "role", "person"], name="roster_year_role_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} — {self.get_role_display()}"

    @property
    def from_other_unit(self) -> bool:
        """ "Anggota dari unit lain": the roster shows only the NIP and name that were typed."""
        return self.confirmation != SeatConfirmation.OWN

    @property
    def grants_writing(self) -> bool:
        return self.confirmation in GRANTING_SEATS

    @property
    def shown_jabatan(self) -> str:
        """The position as the group's pages may show it: not another unit's record."""
        return "" if self.from_other_unit else self.person.jabatan
