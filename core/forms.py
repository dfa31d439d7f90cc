from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.models import AuditAction

LAYOUT_TEMPLATE = "forms/layout.html"


class LayoutHelper(FormHelper):
    def get_attributes(self, template_pack=TEMPLATE_PACK):
        attributes = super().get_attributes(template_pack)
        # As |as_crispy_field renders them: help text and errors as blocks under the field
        # (FormHelper makes one of the two inline, whichever is set).
        attributes.update(error_text_inline=False, help_text_inline=False)
        return attributes


def columns(**classes: str) -> list[Div]:
    """One grid column per field, in order: ``columns(year="col-6 col-md-2", q="col-6 col-md-4")``."""
    return [Div(name, css_class=css_class) for name, css_class in classes.items()]


def grid_row(css_class: str = "row", **classes: str) -> Div:
    """The fields side by side in one grid row: ``grid_row("row g-2", nip="col-md-6", role="col-md-6")``."""
    return Div(*columns(**classes), css_class=css_class)


def layout_helper(*fields) -> FormHelper:
    """A crispy helper that arranges a form's fields (in ``Div``s with grid classes) and renders
    nothing else: each field as ``|as_crispy_field`` renders it, no ``<form>`` tag, CSRF token or
    error summary.

    The page's template keeps those, and its headings and buttons (translated text and URLs),
    and writes ``{% crispy form %}`` where the fields go, or ``{% crispy form form.<name>_helper %}``
    for a second group of the form's fields.
    """
    helper = LayoutHelper()
    helper.form_tag = False
    helper.template = LAYOUT_TEMPLATE
    helper.layout = Layout(*fields)
    return helper


def _attributes(attrs: dict) -> str:
    """The attributes as Django's widgets/attrs.html writes them: in order, False left out, True
    bare, everything else as text, escaped."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    """A ``<select>`` written in Python, for long lists of choices (the unit tree: 600 units at a
    big kabupaten).

    Django's Select renders every option through its own template include: about 0.15 ms an
    option, 90 ms of a list page for the unit filter alone. This writes the same HTML (the same
    attributes, option groups, the selected option, every value and label escaped) straight from
    the choices, as Django's ``optgroups`` reads them, without its per-option dictionary of
    ``create_option`` (a subclass that overrides ``create_option`` gets no say here);
    tests/core/test_quick_select.py holds it to Django's own rendering.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        chosen = self.format_value(value)
        parts = [format_html('<select name="{}"{}>', name, _attributes(final_attrs))]
        has_selected = False
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, (list, tuple))
            if grouped and option_value:
                parts.append(f'\n  <optgroup label="{conditional_escape(option_value)}">')
            for subvalue, sublabel in option_label if grouped else ((option_value, option_label),):
                selected = (not has_selected or self.allow_multiple_selected) and str(subvalue) in chosen
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{escape(subvalue)}"{" selected" if selected else ""}>'
                    f"{conditional_escape(sublabel)}</option>\n"
                )
            if grouped and option_value:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value and label escaped)


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _(
            "The username/e-mail or password is wrong. Note that the password is case-sensitive."
        ),
        "inactive": _("This account has been deactivated. Contact the Bagian Organisasi."),
    }


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All"))] + AuditAction.choices, required=False
    )
    who = forms.CharField(label=_("Who"), required=False, max_length=150)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    helper = layout_helper(
        *columns(
            action="col-6 col-md-3",
            who="col-6 col-md-3",
            date_from="col-6 col-md-2",
            date_to="col-6 col-md-2",
        )
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned
