"""The documents table: letters and handouts produced for the patient."""

from __future__ import annotations

from PySide6.QtGui import QColor
from typing_extensions import override

from trochtrack.domain.documents import DocumentInfo, DocumentKind, DocumentStatus
from trochtrack.domain.vocabulary import Severity
from trochtrack.ui.models.table import Column, RowTableModel
from trochtrack.ui.text import (
    SEVERITY_COLOURS,
    sentence,
    show_date,
)
from trochtrack.wording.labels import DOCUMENT_KIND_NAMES


def document_kind_label(kind: DocumentKind) -> str:
    return sentence(DOCUMENT_KIND_NAMES[kind])


def _document_status(document: DocumentInfo) -> str:
    return "Ready" if document.status is DocumentStatus.GENERATED else "Failed"


class DocumentTableModel(RowTableModel[DocumentInfo]):
    """Letters and handouts produced for the patient, newest first."""

    columns = (
        Column("Date", lambda d: show_date(d.document_date), sort_key=lambda d: d.created_at),
        Column("Document", lambda d: document_kind_label(d.kind)),
        Column("Title", lambda d: d.title, tooltip=lambda d: d.title),
        Column("To", lambda d: d.recipient or ""),
        Column("Status", _document_status, tooltip=lambda d: d.error),
        Column("By", lambda d: d.clinician or ""),
    )

    @override
    def row_foreground(self, row: DocumentInfo) -> QColor | None:
        if row.status is DocumentStatus.FAILED:
            return QColor(SEVERITY_COLOURS[Severity.CRITICAL])
        return None
