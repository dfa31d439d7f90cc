"""The tools that close the cycle: the new standard (SOP) and the next theme."""

from django import forms
from django.utils.translation import gettext_lazy as _

from risalah.forms.editors import ToolEditor, textarea


class StandardForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the new or revised standard (SOP)"), required=False, max_length=300
    )
    number = forms.CharField(label=_("Number of the SOP"), required=False, max_length=120)
    summary = forms.CharField(
        label=_("What the standard says"), required=False, max_length=4000, widget=textarea()
    )
    socialisation = forms.CharField(
        label=_("How it was socialised"), required=False, max_length=4000, widget=textarea()
    )


class NextThemeForm(forms.Form):
    theme = forms.CharField(label=_("Next theme"), required=False, max_length=300)
    reason = forms.CharField(label=_("Why this theme"), required=False, max_length=4000, widget=textarea(2))


class StandardEditor(ToolEditor):
    tool = "standard"
    form_class = StandardForm


class NextThemeEditor(ToolEditor):
    tool = "next_theme"
    form_class = NextThemeForm
