from django.urls import path

from reports import document_views as views

urlpatterns = [
    path("", views.documents, name="reports-documents"),
    path("<int:year>/<uuid:unit>/rekap.pdf", views.recap_pdf, name="reports-recap-pdf"),
    path("<int:year>/<uuid:unit>/surat/", views.letter, name="reports-letter"),
    path("<int:year>/<uuid:unit>/surat.pdf", views.letter_pdf, name="reports-letter-pdf"),
    path("<int:year>/<uuid:unit>/bukti.zip", views.evidence_zip, name="reports-evidence-zip"),
    path(
        "<int:year>/<uuid:unit>/ekspor/<slug:document>/",
        views.document_export,
        name="reports-document-export",
    ),
    path("penandatangan/<uuid:unit>/", views.signatory, name="reports-signatory"),
]
