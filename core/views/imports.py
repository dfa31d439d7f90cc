"""Unit and account imports: upload -> preview of every row -> confirm (one transaction).

The uploaded file waits in a private folder (see core.imports) under a random name kept in
the uploader's session. The preview and the confirmation both re-read it and re-check every
row against the database; the confirmation applies only when nothing is wrong and the rows
still give the outcomes the preview showed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from core import imports, permissions, spreadsheets
from core.imports.columns import ColumnHelp
from core.unit_forms import ImportUploadForm


@dataclass(frozen=True)
class ImportKind:
    key: str
    title: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    column_help: tuple[ColumnHelp, ...]
    url_prefix: str  # "core-unit-import" -> -preview, -confirm, -template
    done_url: str
    preview_template: str
    plan: Callable
    apply: Callable
    example_rows: Callable
    file_stem: str

    @property
    def session_key(self) -> str:
        return f"core-import-{self.key}"

    def url(self, suffix: str = "") -> str:
        return f"{self.url_prefix}{suffix}"


def _top_code(user) -> str:
    unit = permissions.visible_units(user, roles=permissions.UNIT_ADMIN_ROLES).first()
    return unit.code if unit is not None else ""


def _unit_examples(user) -> list[list[str]]:
    top = _top_code(user)
    return [
        ["DINKES", "Dinas Kesehatan", "Dinkes", "OPD", top, "ya", ""],
        ["PKM-SUKAMAJU", "Puskesmas Sukamaju", "PKM Sukamaju", "Puskesmas", "DINKES", "ya", "35"],
    ]


def _account_examples(user) -> list[list[str]]:
    top = _top_code(user)
    return [
        [
            "budi.santoso",
            "budi.santoso@example.go.id",
            "Budi Santoso",
            "198503302010011001",
            top,
            "operator",
            "",
        ],
        ["siti.aminah", "siti.aminah@example.go.id", "Siti Aminah", "", top, "operator, pimpinan", top],
    ]


def _apply_units(request, plan):
    return imports.unit_import_apply(plan=plan, by=request.user)


def _apply_accounts(request, plan):
    return imports.account_import_apply(plan=plan, by=request.user, base_url=request.build_absolute_uri("/"))


UNITS = ImportKind(
    key="units",
    title=gettext_lazy("Import units"),
    columns=imports.UNIT_COLUMNS,
    required=imports.UNIT_REQUIRED,
    column_help=(
        ColumnHelp(
            "kode", True, gettext_lazy("The unit's code, unique in the portal. Rows are matched by it.")
        ),
        ColumnHelp("nama", True, gettext_lazy("The official name.")),
        ColumnHelp(
            "nama_singkat",
            False,
            gettext_lazy("The short name. Empty: the official name (new units) or the current one."),
        ),
        ColumnHelp(
            "jenis",
            True,
            gettext_lazy(
                "The kind: OPD, Kecamatan, Kelurahan, Desa, Puskesmas, RSUD, Sekolah, UPT, Pemkab, ..."
            ),
        ),
        ColumnHelp(
            "induk",
            True,
            gettext_lazy(
                "The parent unit: its code, official name or short name; it may be a row of the same file. "
                "Empty: a top-level unit (administrators only) or, for an existing unit, no move."
            ),
        ),
        ColumnHelp(
            "aktif", False, gettext_lazy("ya or tidak. Empty: ya for new units, unchanged otherwise.")
        ),
        ColumnHelp(
            "jumlah_asn",
            False,
            gettext_lazy(
                "The number of ASN working in the unit itself (not its sub-units), for the dashboard's "
                "share of ASN in KBK. Empty: not known (new units) or unchanged."
            ),
        ),
    ),
    url_prefix="core-unit-import",
    done_url="core-unit-list",
    preview_template="core/imports/unit_preview.html",
    plan=imports.plan_unit_import,
    apply=_apply_units,
    example_rows=_unit_examples,
    file_stem="template-import-unit",
)

ACCOUNTS = ImportKind(
    key="accounts",
    title=gettext_lazy("Import accounts"),
    columns=imports.ACCOUNT_COLUMNS,
    required=imports.ACCOUNT_REQUIRED,
    column_help=(
        ColumnHelp("username", True, gettext_lazy("The login name. Existing accounts are matched by it.")),
        ColumnHelp(
            "email", True, gettext_lazy("The e-mail address; the invitation to set a password goes there.")
        ),
        ColumnHelp("nama", True, gettext_lazy("The full name.")),
        ColumnHelp("nip", False, gettext_lazy("The 18-digit NIP. Format the column as text in Excel.")),
        ColumnHelp("unit", True, gettext_lazy("The code of the person's unit.")),
        ColumnHelp(
            "peran",
            True,
            gettext_lazy("operator, verifikator or pimpinan; several separated by commas."),
        ),
        ColumnHelp(
            "unit_peran",
            False,
            gettext_lazy(
                "The code of the unit the roles cover (with its sub-units). Empty: the person's unit."
            ),
        ),
    ),
    url_prefix="core-account-import",
    done_url="core-account-list",
    preview_template="core/imports/account_preview.html",
    plan=imports.plan_account_import,
    apply=_apply_accounts,
    example_rows=_account_examples,
    file_stem="template-import-akun",
)


def _discard_pending(request, kind: ImportKind) -> None:
    pending = request.session.pop(kind.session_key, None)
    if pending:
        imports.stash_delete(pending.get("file"))


def _pending_plan(request, kind: ImportKind):
    """(plan, file name) of the upload waiting in the session, or (None, None)."""
    pending = request.session.get(kind.session_key)
    if not pending:
        return None, None
    data = imports.stash_read(pending.get("file"))
    if data is None:
        _discard_pending(request, kind)
        return None, None
    try:
        table = imports.read_table(data, columns=kind.columns, required=kind.required)
    except imports.FileRejected:
        _discard_pending(request, kind)
        return None, None
    return kind.plan(table=table, user=request.user), pending.get("filename", "")


def _upload(request, kind: ImportKind):
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, columns=kind.columns, required=kind.required
    )
    if request.method == "POST" and form.is_valid():
        _discard_pending(request, kind)
        name = imports.stash_save(data=form.data_bytes, file_format=form.table.format)
        request.session[kind.session_key] = {"file": name, "filename": form.cleaned_data["file"].name}
        return redirect(kind.url("-preview"))
    return render(
        request,
        "core/imports/upload.html",
        {
            "form": form,
            "kind": kind,
            "template_url": reverse(f"{kind.url_prefix}-template"),
            "upload_url": reverse(kind.url_prefix),
        },
    )


def _preview(request, kind: ImportKind):
    plan, filename = _pending_plan(request, kind)
    return render(
        request,
        kind.preview_template,
        {"plan": plan, "filename": filename, "kind": kind, "upload_url": reverse(kind.url_prefix)},
    )


def _confirm(request, kind: ImportKind):
    plan, _filename = _pending_plan(request, kind)
    if plan is None:
        messages.error(request, _("There is no uploaded file waiting to be imported. Upload it again."))
        return redirect(kind.url())
    if not plan.is_valid:
        messages.error(request, _("Some rows have errors. Nothing has been saved."))
        return redirect(kind.url("-preview"))
    if request.POST.get("fingerprint") != plan.fingerprint:
        messages.error(
            request,
            _(
                "The data in the portal changed since you checked the preview. "
                "Check the rows again, then confirm."
            ),
        )
        return redirect(kind.url("-preview"))
    try:
        counts = kind.apply(request, plan)
    except ValidationError as error:
        messages.error(
            request,
            _("Nothing has been saved: %(error)s") % {"error": " ".join(error.messages)},
        )
        return redirect(kind.url("-preview"))
    except IntegrityError:
        # Someone saved a unit or account with the same code, username or e-mail meanwhile.
        messages.error(
            request,
            _(
                "Nothing has been saved: the data changed at the same time. Check the rows again, then confirm."
            ),
        )
        return redirect(kind.url("-preview"))
    _discard_pending(request, kind)
    messages.success(
        request,
        _("Import finished: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.")
        % {
            "new": counts[imports.Outcome.NEW],
            "changed": counts[imports.Outcome.CHANGED],
            "unchanged": counts[imports.Outcome.UNCHANGED],
        },
    )
    return redirect(kind.done_url)


def _template(request, kind: ImportKind):
    rows = [list(kind.columns), *kind.example_rows(request.user)]
    if request.GET.get("format") == "csv":
        return spreadsheets.csv_response(rows, filename=f"{kind.file_stem}.csv")
    # Text format keeps codes and NIPs exactly as typed (no rounding, no lost leading zeros).
    return spreadsheets.xlsx_response(rows, filename=f"{kind.file_stem}.xlsx", sheet_title=kind.key)


# --- Units ---


@login_required
def unit_import(request):
    permissions.require_unit_admin(request.user)
    return _upload(request, UNITS)


@login_required
@require_safe
def unit_import_preview(request):
    permissions.require_unit_admin(request.user)
    return _preview(request, UNITS)


@login_required
@require_POST
def unit_import_confirm(request):
    permissions.require_unit_admin(request.user)
    return _confirm(request, UNITS)


@login_required
@require_safe
def unit_import_template(request):
    permissions.require_unit_admin(request.user)
    return _template(request, UNITS)


# --- Accounts ---


@login_required
def account_import(request):
    permissions.require_unit_admin(request.user)
    return _upload(request, ACCOUNTS)


@login_required
@require_safe
def account_import_preview(request):
    permissions.require_unit_admin(request.user)
    return _preview(request, ACCOUNTS)


@login_required
@require_POST
def account_import_confirm(request):
    permissions.require_unit_admin(request.user)
    return _confirm(request, ACCOUNTS)


@login_required
@require_safe
def account_import_template(request):
    permissions.require_unit_admin(request.user)
    return _template(request, ACCOUNTS)
