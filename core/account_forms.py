"""Forms of the account pages (core.views.accounts).

Every form that offers units or roles takes the officer (``by``) and offers only what the
officer may manage: the units of his subtree, and the administrator role to admins only.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.forms import QuickSelect, columns, layout_helper
from core.models import Role, RoleAssignment, Unit, User
from core.nip import normalise_nip, validate_nip

ROLE_REFUSED = _("Choose one of the roles offered. Only an administrator can grant the Administrator role.")


class UnitChoiceField(forms.ModelChoiceField):
    """Units by UUID, labelled with their place in the tree."""

    widget = QuickSelect  # hundreds of units: options written without a template each

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Unit.objects.none())
        kwargs.setdefault("to_field_name", "uuid")
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return "— " * (obj.depth - 1) + obj.name


def managed_units(officer: User):
    """The units whose accounts ``officer`` manages (all units for an admin)."""
    return permissions.visible_units(officer, permissions.UNIT_ADMIN_ROLES)


def grantable_roles(officer: User) -> list[tuple[str, str]]:
    if permissions.is_admin(officer):
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value != Role.ADMIN]


def _email_taken(email: str, exclude: User | None = None) -> bool:
    others = User.objects.filter(email__iexact=email)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.exists()


def _clean_nip(value: str) -> str:
    nip = normalise_nip(value)
    if nip:
        validate_nip(nip)
    return nip


class AccountFilterForm(forms.Form):
    """The filters of the account list; every field is optional."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Name, username, e-mail or NIP")
    )
    unit = UnitChoiceField(label=_("Unit (with its sub-units)"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("All roles"))] + Role.choices, required=False)

    helper = layout_helper(
        *columns(q="col-12 col-md-4", unit="col-6 col-md-3", role="col-6 col-md-3"),
    )

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = managed_units(by)


class AccountCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_(
            "Letters, digits and . _ - only, e.g. budi.santoso. The person may also log in with the e-mail."
        ),
    )
    email = forms.EmailField(
        label=_("E-mail address"), help_text=_("The invitation to set a password goes here.")
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    nip = forms.CharField(label=_("NIP"), required=False, max_length=30, help_text=_("Optional: 18 digits."))
    unit = UnitChoiceField(label=_("Home unit"))
    role = forms.ChoiceField(label=_("Role"), error_messages={"invalid_choice": ROLE_REFUSED})
    role_unit = UnitChoiceField(
        label=_("Role over unit"),
        required=False,
        help_text=_("The role covers this unit and everything under it. Leave empty to use the home unit."),
    )

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        units = managed_units(by)
        self.fields["unit"].queryset = units
        self.fields["role_unit"].queryset = units
        self.fields["role"].choices = [("", "---------")] + grantable_roles(by)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if "@" in username:
            # The login form treats anything with an @ as an e-mail address.
            raise forms.ValidationError(
                _("A username cannot contain @. Put the e-mail address in its own field.")
            )
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Another account already uses this username."))
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if _email_taken(email):
            raise forms.ValidationError(_("Another account already uses this e-mail address."))
        return email

    def clean_nip(self) -> str:
        return _clean_nip(self.cleaned_data["nip"])

    def clean(self):
        cleaned = super().clean()
        role, unit = cleaned.get("role"), cleaned.get("role_unit") or cleaned.get("unit")
        if role and unit is not None:
            cleaned["role_unit"] = unit
            if not permissions.can_grant_role(self.by, role, unit):
                self.add_error("role", ROLE_REFUSED)
        return cleaned


class AccountEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "nip", "unit", "is_active"]
        labels = {"unit": _("Home unit")}
        help_texts = {
            "is_active": _(
                "Untick to deactivate the account: the person can no longer log in, "
                "but everything he or she did stays on record."
            ),
        }

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["unit"] = UnitChoiceField(label=_("Home unit"), queryset=managed_units(by))
        self.fields["full_name"].required = True
        self.fields["email"].required = True
        self.fields["email"].help_text = _("Invitations and password links go here.")
        # Longer than the 18 digits: people type spaces and dots inside a NIP; clean_nip drops them.
        self.fields["nip"] = forms.CharField(
            label=_("NIP"), required=False, max_length=30, help_text=_("Optional: 18 digits.")
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if _email_taken(email, exclude=self.instance):
            raise forms.ValidationError(_("Another account already uses this e-mail address."))
        return email

    def clean_nip(self) -> str:
        return _clean_nip(self.cleaned_data["nip"])

    def clean_is_active(self) -> bool:
        active = self.cleaned_data["is_active"]
        if not active and self.instance.pk == self.by.pk:
            raise forms.ValidationError(_("You cannot deactivate your own account."))
        return active


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), error_messages={"invalid_choice": ROLE_REFUSED})
    unit = UnitChoiceField(
        label=_("Over unit"), help_text=_("The role covers this unit and everything under it.")
    )

    def __init__(self, *args, by: User, account: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        self.account = account
        self.fields["role"].choices = [("", "---------")] + grantable_roles(by)
        self.fields["unit"].queryset = managed_units(by)
        if account.unit_id is not None and not self.is_bound:
            self.initial.setdefault("unit", account.unit.uuid)

    def clean(self):
        cleaned = super().clean()
        role, unit = cleaned.get("role"), cleaned.get("unit")
        if role and unit is not None:
            if not permissions.can_grant_role(self.by, role, unit):
                self.add_error("role", ROLE_REFUSED)
            elif RoleAssignment.objects.filter(user=self.account, role=role, unit=unit).exists():
                self.add_error(
                    None,
                    _("%(name)s already holds the role %(role)s over %(unit)s.")
                    % {"name": self.account, "role": Role(role).label, "unit": unit},
                )
        return cleaned
