"""The Bimtek's pages: participants, registration (by NIP or from a roster) within the OPD
quotas, the quotas, the check-in on the day, the attendance export and the certificates."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import exports
from core.models import Unit
from core.permissions import READ_ROLES, access_for
from events import services
from events.attendance import quota_for
from events.certificate_pdf import certificate_response
from events.forms_bimtek import CheckInSearchForm, NipRegistrationForm, QuotaForm, RosterPickForm
from events.models import BimtekParticipant, BimtekQuota, Certificate, CertificateKind
from events.permissions import (
    bimtek_units,
    can_manage_event,
    get_attendee_for_user,
    get_bimtek_for_user,
)
from events.tables import attendance_table, attendees_listed
from groups.models import Group, Person
from groups.permissions import get_group_for_user


def _seats_left(event, unit) -> str:
    """'Dinkes: 3 of 10 seats left', or '' when no quota covers the unit."""
    quota = quota_for(event, unit)
    if quota is None:
        return ""
    taken = BimtekParticipant.objects.filter(event=event, unit__path__startswith=quota.unit.path).count()
    return _("%(unit)s: %(left)s of %(seats)s seats left.") % {
        "unit": quota.unit,
        "left": max(quota.seats - taken, 0),
        "seats": quota.seats,
    }


def _refusal(error: ValidationError, event, unit) -> str:
    text = " ".join(error.messages)
    if error.code == "quota_full" or getattr(error, "error_list", [error])[0].code == "quota_full":
        text = f"{text} {_seats_left(event, unit)}"
    return text


def _quotas_seen(user, event, manage: bool) -> list[BimtekQuota]:
    """The quotas with ``taken`` and ``left``: all for the bureau, for others those covering or
    lying inside one of their units. Two queries."""
    quotas = list(event.quotas.select_related("unit"))
    if not manage:
        paths = access_for(user).paths_for(READ_ROLES)
        quotas = [
            q for q in quotas if any(p.startswith(q.unit.path) or q.unit.path.startswith(p) for p in paths)
        ]
    if not quotas:
        return []
    registered = list(BimtekParticipant.objects.filter(event=event).values_list("unit__path", flat=True))
    for quota in quotas:
        quota.taken = sum(1 for path in registered if path.startswith(quota.unit.path))
        quota.left = max(quota.seats - quota.taken, 0)
    return quotas


@login_required
@require_safe
def bimtek_detail(request, uuid):
    event = get_bimtek_for_user(request.user, uuid)
    manage = can_manage_event(request.user, event)
    attendees = list(attendees_listed(request.user, event))
    issued = dict(
        Certificate.objects.filter(
            attendee__in=[a.pk for a in attendees], revoked_at__isnull=True
        ).values_list("attendee_id", "uuid")
    )
    for attendee in attendees:
        attendee.certificate_uuid = issued.get(attendee.pk)
    quotas = _quotas_seen(request.user, event, manage)
    return render(
        request,
        "events/bimtek/detail.html",
        {
            "event": event,
            "manage": manage,
            "attendees": attendees,
            "attended": sum(1 for a in attendees if a.attended),
            "export": exports.offer(attendance_table(event), len(attendees)),
            "quotas": quotas,
            "may_register": bimtek_units(request.user, event).exists(),
        },
    )


@login_required
def bimtek_register(request, uuid):
    event = get_bimtek_for_user(request.user, uuid)
    units = bimtek_units(request.user, event)
    if not units.exists():
        raise Http404
    form = NipRegistrationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attendee = services.bimtek_register(
                event=event,
                nip=data["nip"],
                name=data["name"],
                unit=data["unit"],
                by=request.user,
                person=form.person,
            )
        except ValidationError as error:
            form.add_error(None, _refusal(error, event, data["unit"]))
        else:
            messages.success(
                request, _("%(name)s (%(nip)s) is registered.") % {"name": attendee.name, "nip": attendee.nip}
            )
            return redirect("bimtek-register", uuid=event.uuid)
    return render(request, "events/bimtek/register.html", {"event": event, "form": form})


def _roster_people(event, group, units):
    return (
        Person.objects.filter(
            memberships__group_year__group=group,
            memberships__group_year__programme_year=event.programme_year,
            unit__in=units,
        )
        .exclude(nip__in=BimtekParticipant.objects.filter(event=event).values("nip"))
        .select_related("unit")
        .order_by("name")
        .distinct()
    )


def _fits_quotas(form: RosterPickForm, event) -> bool:
    """Refuse the whole choice when it needs more seats than a quota has left (and say how many
    are left), rather than registering the first few."""
    wanted: dict[int, list] = {}
    for person in form.cleaned_data["people"]:
        quota = quota_for(event, person.unit)
        if quota is not None:
            wanted.setdefault(quota.pk, [quota, 0])[1] += 1
    for quota, count in wanted.values():
        taken = BimtekParticipant.objects.filter(event=event, unit__path__startswith=quota.unit.path).count()
        left = max(quota.seats - taken, 0)
        if count > left:
            form.add_error(
                "people",
                _(
                    "You ticked %(count)s people of %(unit)s, but only %(left)s of its %(seats)s seats are left."
                )
                % {"count": count, "unit": quota.unit, "left": left, "seats": quota.seats},
            )
    return not form.errors


@login_required
def bimtek_register_roster(request, uuid):
    event = get_bimtek_for_user(request.user, uuid)
    units = bimtek_units(request.user, event)
    if not units.exists():
        raise Http404
    groups = (
        Group.objects.filter(unit__in=units, years__programme_year=event.programme_year, is_active=True)
        .select_related("unit")
        .order_by("name")
        .distinct()
    )
    group = None
    form = None
    group_uuid = request.POST.get("group") or request.GET.get("group")
    if group_uuid:
        group = get_group_for_user(request.user, group_uuid)
        if not group.unit.is_within(event.scope):
            raise Http404
        form = RosterPickForm(request.POST or None, people=_roster_people(event, group, units))
        if request.method == "POST" and form.is_valid() and _fits_quotas(form, event):
            done, refused = [], []
            for person in form.cleaned_data["people"]:
                try:
                    services.bimtek_register(
                        event=event,
                        nip=person.nip,
                        name=person.name,
                        unit=person.unit,
                        by=request.user,
                        person=person,
                    )
                except ValidationError as error:
                    refused.append(f"{person.name}: {_refusal(error, event, person.unit)}")
                else:
                    done.append(person.name)
            if done:
                messages.success(request, _("Registered: %(names)s.") % {"names": ", ".join(done)})
            for line in refused:
                messages.error(request, line)
            return redirect(f"{request.path}?group={group.uuid}")
    return render(
        request,
        "events/bimtek/register_roster.html",
        {"event": event, "groups": groups, "group": group, "form": form},
    )


@login_required
def bimtek_quotas(request, uuid):
    event = get_bimtek_for_user(request.user, uuid, manage=True)
    scope = event.scope
    units = Unit.objects.filter(path__startswith=scope.path, depth=scope.depth + 1).order_by("name")
    current = {q.unit_id: q for q in event.quotas.all()}
    form = QuotaForm(request.POST or None, units=units, quotas={pk: q.seats for pk, q in current.items()})
    if request.method == "POST" and form.is_valid():
        for unit, seats in form.seats().items():
            quota = current.get(unit.pk)
            if seats is None:
                if quota is not None:
                    quota.delete()
            elif quota is None:
                BimtekQuota.objects.create(event=event, unit=unit, seats=seats)
            elif quota.seats != seats:
                quota.seats = seats
                quota.save(update_fields=["seats"])
        messages.success(request, _("The quotas are saved."))
        return redirect("bimtek-quotas", uuid=event.uuid)
    return render(request, "events/bimtek/quotas.html", {"event": event, "form": form})


@login_required
@require_safe
def bimtek_check_in_list(request, uuid):
    event = get_bimtek_for_user(request.user, uuid, manage=True)
    form = CheckInSearchForm(exports.filters_of(request))
    q = form.cleaned_data["q"] if form.is_valid() else ""
    attendees = attendees_listed(request.user, event, q)
    table = attendance_table(event)
    if response := exports.export_or_none(request, table, attendees, unit=event.organiser):
        return response
    attendees = list(attendees)
    total = BimtekParticipant.objects.filter(event=event).count()
    present = BimtekParticipant.objects.filter(event=event, attended=True).count()
    return render(
        request,
        "events/bimtek/check_in.html",
        {
            "event": event,
            "form": form,
            "q": q,
            "attendees": attendees,
            "total": total,
            "present": present,
            "export": exports.offer(table, len(attendees)),
        },
    )


@login_required
@require_POST
def bimtek_check_in(request, uuid, attendee):
    event = get_bimtek_for_user(request.user, uuid, manage=True)
    attendee = get_attendee_for_user(request.user, event, attendee)
    was_present = attendee.attended
    attendee = services.bimtek_check_in(attendee=attendee, by=request.user)
    local = timezone.localtime(attendee.attended_at)
    if was_present:
        messages.info(
            request,
            _("%(name)s was already checked in at %(time)s.")
            % {"name": attendee.name, "time": f"{local:%H:%M}"},
        )
    else:
        messages.success(
            request,
            _("%(name)s is checked in (%(time)s).") % {"name": attendee.name, "time": f"{local:%H:%M}"},
        )
    target = redirect("bimtek-check-in-list", uuid=event.uuid)
    if request.POST.get("q"):
        target["Location"] += "?" + urlencode({"q": request.POST["q"]})
    target["Location"] += f"#hadir-{attendee.uuid}"
    return target


@login_required
@require_safe
def bimtek_attendance_xlsx(request, uuid):
    """Everyone the user sees on the Bimtek (the bureau: all; an operator: their units' people):
    XLSX, or CSV with ``?format=csv``."""
    event = get_bimtek_for_user(request.user, uuid)
    return exports.export_response(
        request,
        attendance_table(event),
        attendees_listed(request.user, event),
        file_format=exports.requested_format(request) or "xlsx",
        unit=event.organiser,
    )


@login_required
@require_POST
def bimtek_certificates_issue(request, uuid):
    event = get_bimtek_for_user(request.user, uuid, manage=True)
    attendees = BimtekParticipant.objects.filter(event=event, attended=True).exclude(
        pk__in=Certificate.objects.filter(attendee__isnull=False, revoked_at__isnull=True).values(
            "attendee_id"
        )
    )
    issued = 0
    for attendee in attendees.order_by("name", "pk"):
        services.certificate_issue(
            event=event, kind=CertificateKind.BIMTEK_ATTENDEE, by=request.user, attendee=attendee
        )
        issued += 1
    messages.success(request, _("%(count)s certificates issued.") % {"count": issued})
    return redirect("bimtek-detail", uuid=event.uuid)


@login_required
@require_safe
def bimtek_certificate_pdf(request, uuid, attendee):
    event = get_bimtek_for_user(request.user, uuid)
    attendee = get_attendee_for_user(request.user, event, attendee)
    certificate = (
        Certificate.objects.select_related("event__organiser", "attendee__unit")
        .filter(attendee=attendee, kind=CertificateKind.BIMTEK_ATTENDEE, revoked_at__isnull=True)
        .first()
    )
    if certificate is None:
        raise Http404
    filename = f"sertifikat-{slugify(attendee.name) or 'peserta'}-{attendee.nip}.pdf"
    return certificate_response(request, certificate, filename=filename)
