"""The dashboard's indicators and the figures they read: what is counted.

Who and what is counted
-----------------------
- **Units**: the active units of the subtree, except whole governments (Pemkab, Pemkot, Pemprov),
  which do not form groups themselves.
- **Groups of a year** ("groups formed"): active groups formed by the end of that year; a group
  without a formation date counts in every year. Every other group figure counts groups of this
  set, so no figure can exceed "groups formed".
- **Valid SK**: the group's record for the year has an SK number, an SK date and the scan.
- **SK and roster complete**: the year's record is marked complete (groups.services re-checks it).
- **Risalah states**: groups with a risalah of the year in that state.
- **Not submitted** ("belum menyerahkan"): groups with no risalah of the year past the draft state.
- **Overdue** ("terlambat"): once the risalah deadline has passed, groups with no risalah of the
  year submitted on or before the deadline day (Jakarta time); once the SK deadline has passed,
  groups whose SK and roster are not complete. **SK or roster overdue** is the second half alone.
- **Members**: the people on the year's rosters of the groups (Pembina excluded, as in the
  risalah's own figures); a person in two groups counts once. **Share of ASN involved**: the members
  in groups of units that recorded their number of ASN, out of the sum of those numbers (units
  that did not are left out; none known: no percentage).
- **Filed risalah** (meetings, attendance, targets, standards): per group, the highest revision of
  the year that is submitted, under review or verified; a newer revision still in draft, returned
  or rejected does not replace the one filed before it.
- **Meetings** and **average attendance**: the meetings of the filed risalah; attendance is the
  roster members present over the roster members expected, summed over those meetings. Both are
  read as filed (the counts of the risalah's newest snapshot, written by submit and verify), and
  so are the **members** of a group with a filed risalah; only a risalah filed before snapshots
  existed is read live. A roster or meeting change after filing moves none of them.
- **Targets reached**: groups whose filed risalah says at step 6 (before and after) that the target
  was reached. **Standards adopted**: groups whose filed risalah names a standard (a title or a
  number) at step 7.
- **Gelar**: groups registered in a Gelar Budaya Kerja of the year (any round reached). **Gelar
  awards won**: groups with an award (Juara, Harapan) in the last round of a Gelar of the year whose
  results are published.
- **Bimtek attendance** ("Ikut Bimtek"): people, not groups or units. The distinct people (by NIP)
  checked in at a Bimtek of the year (a seminar does not count, nor a registration without a
  check-in), each under the unit they were registered for; the bureau's own staff count on the
  root's own row. A person at two Bimtek of the year counts once (per row, per unit kind and in
  the total), like the members. The list behind the number shows the people, with the Bimtek they
  attended.
- **Unit kind**: a group counts under its own unit's kind; a filter by kind keeps the units of
  that kind and their groups.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.utils.translation import gettext_lazy as _

from groups.models import RosterRole
from risalah.models import Status

# --- indicators ---------------------------------------------------------------------------


UNIT = "unit"
GROUP = "group"
PERSON = "person"  # the Bimtek attendees: a list of people


@dataclass(frozen=True)
class Indicator:
    slug: str  # in the URL of the list behind a number
    field: str  # the attribute of Figures
    label: Any
    kind: str  # UNIT, GROUP or PERSON: what the list behind the number shows
    column: bool = True  # a column of the matrix (others are lists only)
    trend: bool = True  # also a column of the year-on-year trend
    percent: bool = False  # the field is a percentage (None: nothing to divide by)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("unit", "units", _("Units"), UNIT),
    Indicator("unit-berkelompok", "units_with_group", _("Units with a group"), UNIT),
    Indicator("unit-tanpa-kelompok", "units_without_group", _("Units without a group"), UNIT, column=False),
    Indicator("kelompok", "groups", _("Groups formed"), GROUP),
    Indicator("sk-sah", "sk_valid", _("Valid SK"), GROUP),
    Indicator("susunan-lengkap", "complete", _("SK and roster complete"), GROUP),
    Indicator("sk-terlambat", "sk_overdue", _("SK or roster overdue"), GROUP),
    Indicator("anggota", "members", _("Members"), GROUP, trend=False),
    Indicator("asn-terlibat", "asn_percent", _("Share of ASN involved"), UNIT, trend=False, percent=True),
    Indicator("draf", "draft", _("Draft"), GROUP),
    Indicator("diajukan", "submitted", _("Submitted"), GROUP),
    Indicator("diperiksa", "in_review", _("Under review"), GROUP),
    Indicator("perlu-perbaikan", "returned", _("Returned for revision"), GROUP),
    Indicator("terverifikasi", "verified", _("Verified"), GROUP),
    Indicator("ditolak", "rejected", _("Rejected"), GROUP),
    Indicator("belum-menyerahkan", "not_filed", _("Not submitted"), GROUP),
    Indicator("terlambat", "overdue", _("Overdue"), GROUP),
    Indicator("rapat", "meetings", _("Meetings"), GROUP, trend=False),
    Indicator("kehadiran", "attendance_percent", _("Average attendance"), GROUP, trend=False, percent=True),
    Indicator("target-tercapai", "targets_reached", _("Targets reached (step 6)"), GROUP, trend=False),
    Indicator("standar", "standards", _("Standards adopted (step 7)"), GROUP, trend=False),
    Indicator("gelar", "gelar_groups", _("Took part in the Gelar"), GROUP),
    Indicator("juara-gelar", "gelar_awarded", _("Gelar awards won"), GROUP),
    Indicator("ikut-bimtek", "bimtek_attendees", _("Attended a Bimtek"), PERSON),
    Indicator("menunggu-pemeriksaan", "awaiting_review", _("Waiting for review"), GROUP, column=False),
    Indicator("perlu-dilengkapi", "missing", _("Something missing"), GROUP, column=False),
)
BY_SLUG = {indicator.slug: indicator for indicator in INDICATORS}
COLUMNS = tuple(indicator for indicator in INDICATORS if indicator.column)
TREND_COLUMNS = tuple(indicator for indicator in COLUMNS if indicator.trend)
# The ready filters at the top of the dashboard.
READY_FILTERS = ("belum-menyerahkan", "perlu-perbaikan", "terlambat", "sk-terlambat")

STATE_FIELDS = {
    Status.DRAFT: "draft",
    Status.SUBMITTED: "submitted",
    Status.IN_REVIEW: "in_review",
    Status.RETURNED: "returned",
    Status.VERIFIED: "verified",
    Status.REJECTED: "rejected",
}
COUNTED_ROLES = tuple(role for role in RosterRole if role != RosterRole.PEMBINA)


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        """Rounded down, so that 199 of 200 never reads as 100 %."""
        return None if not self.whole else self.part * 100 // self.whole

    @property
    def level(self) -> str:
        """good (80 % or more), fair (50 % to under 80 %), poor (under 50 %), none (nothing to count)."""
        if not self.whole:
            return "none"
        if self.part * 100 >= 80 * self.whole:
            return "good"
        if self.part * 100 >= 50 * self.whole:
            return "fair"
        return "poor"


@dataclass
class Figures:
    units: int = 0
    units_with_group: int = 0
    groups: int = 0
    sk_valid: int = 0
    complete: int = 0
    draft: int = 0
    submitted: int = 0
    in_review: int = 0
    returned: int = 0
    verified: int = 0
    rejected: int = 0
    not_filed: int = 0
    overdue: int = 0
    awaiting_review: int = 0
    missing: int = 0
    sk_overdue: int = 0
    # Units' recorded ASN (those that said) and the members of their groups.
    asn: int = 0
    asn_members: int = 0
    members: int = 0
    # The filed risalah: meetings, roster members present and expected over them, results.
    meetings: int = 0
    present: int = 0
    expected: int = 0
    targets_reached: int = 0
    standards: int = 0
    # The Gelar of the year: groups that took part, groups that won an award (published results).
    gelar_groups: int = 0
    gelar_awarded: int = 0
    # Distinct people checked in at a Bimtek of the year (set by the caller, like the members).
    bimtek_attendees: int = 0

    @property
    def units_without_group(self) -> int:
        return self.units - self.units_with_group

    @property
    def unit_coverage(self) -> Coverage:
        return Coverage(self.units_with_group, self.units)

    @property
    def verified_coverage(self) -> Coverage:
        return Coverage(self.verified, self.groups)

    @property
    def asn_coverage(self) -> Coverage:
        return Coverage(self.asn_members, self.asn)

    @property
    def asn_percent(self) -> int | None:
        return self.asn_coverage.percent

    @property
    def attendance(self) -> Coverage:
        return Coverage(self.present, self.expected)

    @property
    def attendance_percent(self) -> int | None:
        return self.attendance.percent

    def add(self, other: Figures) -> None:
        """Sum every figure; the distinct people (members, asn_members, bimtek_attendees) are then
        set by the caller."""
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    def is_empty(self) -> bool:
        return not any(getattr(self, item.name) for item in fields(self))
