"""Accounts and roles, managed by verifikator (over their subtree) and admins (everywhere).

A verifikator sees the accounts whose home unit lies in his subtree; any other account is a
404. He may change an account only when he could have granted every role it holds himself:
otherwise he could take over a wider account (e.g. an administrator's) by changing its
e-mail and sending it a password link.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import exports, permissions, services, twofa
from core.account_forms import AccountCreateForm, AccountEditForm, AccountFilterForm, RoleGrantForm
from core.models import Role, RoleAssignment, User
from core.tables import ACCOUNTS, accounts_listed, roles_prefetch

PAGE_SIZE = 50


def _may_change(officer: User, account: User) -> bool:
    """True when ``officer`` could have granted every role ``account`` holds (roles prefetched)."""
    if permissions.is_admin(officer):
        return True
    if account.is_superuser:
        return False
    return all(permissions.can_grant_role(officer, a.role, a.unit) for a in account.roles.all())


def _account_for_write(officer: User, account_uuid) -> User:
    account = permissions.get_account_for_user(officer, account_uuid, write=True)
    prefetch_related_objects([account], roles_prefetch())
    if not _may_change(officer, account):
        raise PermissionDenied(
            _("This account holds roles beyond your reach; only an administrator can change it.")
        )
    return account


def _twofa_state(officer: User, account: User, may_change: bool) -> dict:
    """What the detail page says of the account's two-factor login, and whether ``officer`` may
    reset it (someone else's account that has an app or recovery codes)."""
    on = twofa.confirmed_device(account) is not None
    recovery_left = twofa.recovery_codes_left(account)
    return {
        "on": on,
        "must": twofa.must_use(account),
        "recovery_left": recovery_left,
        "may_reset": may_change and account.pk != officer.pk and (on or recovery_left > 0),
    }


def _detail_context(request, account: User, grant_form: RoleGrantForm | None = None) -> dict:
    may_change = _may_change(request.user, account)
    roles = [
        {
            "assignment": a,
            "may_revoke": may_change
            and a.user_id != request.user.pk
            and permissions.can_grant_role(request.user, a.role, a.unit),
        }
        for a in account.roles.all()
    ]
    return {
        "account": account,
        "roles": roles,
        "may_change": may_change,
        "twofa": _twofa_state(request.user, account, may_change),
        "grant_form": grant_form or RoleGrantForm(by=request.user, account=account),
    }


@login_required
@require_safe
def account_list(request):
    permissions.require_unit_admin(request.user)
    form = AccountFilterForm(exports.filters_of(request), by=request.user)
    form.is_valid()  # invalid filters are shown beside the field and ignored
    accounts = accounts_listed(request.user, getattr(form, "cleaned_data", {}))
    if response := exports.export_or_none(request, ACCOUNTS, accounts):
        return response
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/accounts/list.html",
        {"form": form, "page": page, "export": exports.offer(ACCOUNTS, page.paginator.count)},
    )


@login_required
def account_create(request):
    permissions.require_unit_admin(request.user)
    form = AccountCreateForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = services.account_create(
            username=data["username"],
            email=data["email"],
            full_name=data["full_name"],
            nip=data["nip"],
            unit=data["unit"],
            roles=[(data["role"], data["role_unit"])],
            by=request.user,
            base_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request,
            _("Account %(username)s created; the invitation was sent to %(email)s.")
            % {"username": account.username, "email": account.email},
        )
        return redirect("core-account-detail", account_uuid=account.uuid)
    return render(request, "core/accounts/create.html", {"form": form})


@login_required
@require_safe
def account_detail(request, account_uuid):
    permissions.require_unit_admin(request.user)
    account = permissions.get_account_for_user(request.user, account_uuid)
    prefetch_related_objects([account], roles_prefetch())
    return render(request, "core/accounts/detail.html", _detail_context(request, account))


@login_required
def account_edit(request, account_uuid):
    permissions.require_unit_admin(request.user)
    account = _account_for_write(request.user, account_uuid)
    form = AccountEditForm(request.POST or None, instance=account, by=request.user)
    if request.method == "POST" and form.is_valid():
        services.account_update(account=account, by=request.user, **form.cleaned_data)
        if account.is_active:
            messages.success(
                request, _("The account %(username)s was saved.") % {"username": account.username}
            )
        else:
            messages.success(
                request,
                _("The account %(username)s was saved; it is deactivated and cannot log in.")
                % {"username": account.username},
            )
        return redirect("core-account-detail", account_uuid=account.uuid)
    return render(request, "core/accounts/edit.html", {"form": form, "account": account})


@login_required
@require_POST
def account_invite(request, account_uuid):
    permissions.require_unit_admin(request.user)
    account = _account_for_write(request.user, account_uuid)
    if not account.is_active:
        messages.error(request, _("This account is deactivated. Activate it before sending an invitation."))
    elif not account.email:
        messages.error(
            request, _("This account has no e-mail address. Add one before sending an invitation.")
        )
    else:
        services.account_send_invitation(user=account, base_url=request.build_absolute_uri("/"))
        messages.success(request, _("A new invitation was sent to %(email)s.") % {"email": account.email})
    return redirect("core-account-detail", account_uuid=account.uuid)


@login_required
@require_POST
def account_twofa_reset(request, account_uuid):
    """For someone who lost their phone and their recovery codes; not for one's own account
    (that is the two-factor settings page, which asks for a code)."""
    permissions.require_unit_admin(request.user)
    account = _account_for_write(request.user, account_uuid)
    if account.pk == request.user.pk:
        messages.error(
            request,
            _("You cannot reset your own two-factor login here; use your two-factor login settings."),
        )
    else:
        twofa.reset_for(account=account, by=request.user, request=request)
        messages.success(
            request,
            _(
                "The two-factor login of %(name)s was reset and all their sessions were ended."
                " At their next login they set up their authenticator app again."
            )
            % {"name": account.get_full_name()},
        )
    return redirect("core-account-detail", account_uuid=account.uuid)


@login_required
@require_POST
def account_role_grant(request, account_uuid):
    permissions.require_unit_admin(request.user)
    account = _account_for_write(request.user, account_uuid)
    form = RoleGrantForm(request.POST, by=request.user, account=account)
    if form.is_valid():
        role = form.cleaned_data["role"]
        must_set_up = (
            twofa.needs_setup_now(account, role)
            and not account.roles.filter(role=role, unit=form.cleaned_data["unit"]).exists()
        )
        assignment = services.role_grant(
            user=account, role=role, unit=form.cleaned_data["unit"], by=request.user
        )
        messages.success(
            request,
            _("%(name)s is now %(role)s over %(unit)s.")
            % {"name": account, "role": assignment.get_role_display(), "unit": assignment.unit},
        )
        if must_set_up:
            messages.info(
                request,
                _(
                    "This role needs two-factor login: the open sessions of %(name)s were ended,"
                    " and at their next login they set up an authenticator app first."
                )
                % {"name": account},
            )
        return redirect("core-account-detail", account_uuid=account.uuid)
    return render(request, "core/accounts/detail.html", _detail_context(request, account, form))


@login_required
@require_POST
def account_role_revoke(request, account_uuid, assignment_uuid):
    permissions.require_unit_admin(request.user)
    account = _account_for_write(request.user, account_uuid)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("unit"), uuid=assignment_uuid, user=account
    )
    if account.pk == request.user.pk:
        # Nobody removes his own access by mistake; another officer has to do it.
        messages.error(
            request, _("You cannot revoke your own roles. Ask another officer or an administrator.")
        )
        return redirect("core-account-detail", account_uuid=account.uuid)
    if not permissions.can_grant_role(request.user, assignment.role, assignment.unit):
        raise PermissionDenied(_("You may revoke only roles that you could grant yourself."))
    label = {"role": Role(assignment.role).label, "unit": assignment.unit, "name": account}
    services.role_revoke(assignment=assignment, by=request.user)
    messages.success(request, _("%(name)s is no longer %(role)s over %(unit)s.") % label)
    return redirect("core-account-detail", account_uuid=account.uuid)
