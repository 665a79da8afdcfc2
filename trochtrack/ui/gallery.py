"""Every screen of the app, filled with the demo patients, as a user opens it.

``make screenshots`` photographs each one at 1280x800 and at 1024x700 into
``docs/screenshots/gallery/``, and the layout test (``tests/ui/test_layout.py``) checks
each one for widgets that overlap, lie outside their parent, sit in no layout, cannot be
reached with Tab, or have their text cut off. A new dialog or view gets a line in
:data:`SCREENS`, so both see it.

The screens are opened through the same methods the menus and buttons call, on the seed
case (P-SEED: a scan with three tracked lesions, four treatments, a decision due) and on
P-DEMO-02 (a critical red flag).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget

from trochtrack.domain.actions import AlertActionKind
from trochtrack.domain.documents import DocumentKind
from trochtrack.domain.model import Episode
from trochtrack.services.backups import list_backups, make_backup
from trochtrack.services.documents import list_documents
from trochtrack.services.errors import DatabaseDamagedError
from trochtrack.services.evaluation import evaluate_patient
from trochtrack.services.letter_compose import start_draft
from trochtrack.services.letters import DocumentRequest, generate_document, letters_due
from trochtrack.services.records import list_patients
from trochtrack.services.workflow import episode_alert_views
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.compose import ComposeDialog
from trochtrack.ui.dialogs.critical_alert import CriticalAlertDialog
from trochtrack.ui.dialogs.damaged import DamagedDatabaseDialog
from trochtrack.ui.dialogs.form import FormDialog
from trochtrack.ui.dialogs.help import HelpDialog
from trochtrack.ui.dialogs.letters import BatchLettersDialog
from trochtrack.ui.dialogs.merge import open_merge
from trochtrack.ui.dialogs.passphrase import PassphraseDialog
from trochtrack.ui.dialogs.questionnaire import QuestionnaireDialog
from trochtrack.ui.dialogs.settings import SettingsDialog
from trochtrack.ui.dialogs.visit import VisitDialog
from trochtrack.ui.episode_records import VISITS
from trochtrack.ui.models.due_table import THIS_WEEK_DAYS
from trochtrack.ui.splash import StartupSplash
from trochtrack.ui.views.main_window import DUE_TAB, PATIENTS_TAB, MainWindow
from trochtrack.ui.views.patient_view import PatientView
from trochtrack.ui.views.record_export import print_shown_record
from trochtrack.ui.widgets.measure_chart import SYMPTOMS
from trochtrack.ui.workers import wait_for_background_work

SCREEN_SIZES: Final = (QSize(1280, 800), QSize(1024, 700))
SEED_REF: Final = "P-SEED"
RED_FLAG_REF: Final = "P-DEMO-02"
SEVERAL_DIAGNOSES_REF: Final = "P-DEMO-04"
GALLERY_DATABASE: Final = Path("/home/physio/.local/share/trochtrack/trochtrack.sqlite")


@dataclass(frozen=True, slots=True)
class Gallery:
    """The main window over a clinic holding the demo patients."""

    ctx: AppContext
    window: MainWindow

    def patient_id(self, ref: str) -> int:
        return next(p.patient_id for p in list_patients(self.ctx.clinic) if p.ref == ref)

    def seed_view(self) -> PatientView:
        """The main window showing the seed patient."""
        self.window.open_patient(self.patient_id(SEED_REF))
        return self.window.patient_view

    def seed_episode(self) -> Episode:
        episode = self.seed_view().episode
        if episode is None:
            raise LookupError("the seed patient has no episode on view")
        return episode


def settle() -> None:
    """Let Qt lay out and paint what was just shown."""
    app = QApplication.instance()
    for _ in range(3):
        if app is not None:
            app.processEvents()


def _tab(name: str) -> Callable[[Gallery], QWidget]:
    def shown(gallery: Gallery) -> QWidget:
        tabs = gallery.seed_view().tabs
        tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == name))
        return gallery.window

    return shown


def _main_tab(index: int) -> Callable[[Gallery], QWidget]:
    def shown(gallery: Gallery) -> QWidget:
        gallery.window.tabs.setCurrentIndex(index)
        return gallery.window

    return shown


def _several_diagnoses(gallery: Gallery) -> QWidget:
    """The episode of a demo patient whose bursitis may come with a tendinopathy."""
    gallery.window.open_patient(gallery.patient_id(SEVERAL_DIAGNOSES_REF))
    return _opened(gallery.window.patient_view.edit_episode())


def _lock_screen(gallery: Gallery) -> QWidget:
    gallery.window.lock()
    return gallery.window


def _restore(gallery: Gallery) -> QWidget:
    """The backups to restore from (one made here, so the list is not empty)."""
    if not list_backups(gallery.ctx.paths):
        make_backup(gallery.ctx.clinic)
    dialog = gallery.window.database.restore_dialog()
    if dialog is None:
        raise LookupError("the restore dialog did not open")
    dialog.open()
    return dialog


def _damaged(gallery: Gallery) -> QWidget:
    """What start-up shows when the database file cannot be used."""
    # A path of its own, so the picture is the same on every machine.
    error = DatabaseDamagedError(GALLERY_DATABASE, "its integrity check found damaged pages")
    dialog = DamagedDatabaseDialog(gallery.ctx.paths, error, parent=gallery.window)
    dialog.open()
    return dialog


def _batch_letters(gallery: Gallery) -> QWidget:
    """The letters for everyone due this week, written to the end."""
    today = gallery.ctx.clinic.today()
    dialog = BatchLettersDialog(
        gallery.ctx,
        letters_due(gallery.ctx.clinic, today, within_days=THIS_WEEK_DAYS),
        gallery.window,
    )
    dialog.start()
    wait_for_background_work()
    return dialog


def _letter_preview(gallery: Gallery) -> QWidget:
    """A letter in the log, in the print preview the Letters tab opens."""
    view = gallery.seed_view()
    patient = gallery.patient_id(SEED_REF)
    request = DocumentRequest(
        patient_id=patient, kind=DocumentKind.GP_FOLLOWUP, as_of=gallery.ctx.clinic.today()
    )
    document = next(iter(list_documents(gallery.ctx.clinic, patient)), None)
    return _opened(
        view.documents.preview_document(document or generate_document(gallery.ctx.clinic, request))
    )


def _visit_history(gallery: Gallery) -> QWidget:
    return gallery.seed_view().show_history(VISITS, gallery.seed_episode().visits[0])


def _alert_history(gallery: Gallery) -> QWidget:
    view = gallery.seed_view()
    return view.show_alert_history(view.alert_views[0])


def _passphrase(gallery: Gallery) -> QWidget:
    dialog = PassphraseDialog("That is not the passphrase of this database.", gallery.window)
    dialog.open()
    return dialog


def _with_errors(
    open_dialog: Callable[[Gallery], FormDialog | None],
) -> Callable[[Gallery], QWidget]:
    """The dialog after Save with nothing filled in that needs filling (its errors shown)."""

    def shown(gallery: Gallery) -> QWidget:
        dialog = open_dialog(gallery)
        if dialog is None:
            raise LookupError("the screen did not open")
        dialog.save()
        return dialog

    return shown


def _opened(dialog: QWidget | None) -> QWidget:
    if dialog is None:
        raise LookupError("the screen did not open")
    return dialog


def _new_patient(gallery: Gallery) -> FormDialog:
    return gallery.window.new_patient()


def _new_visit(gallery: Gallery) -> FormDialog | None:
    return gallery.seed_view().new_visit()


def _edit_visit(gallery: Gallery) -> QWidget:
    return _opened(gallery.seed_view().edit_visit(gallery.seed_episode().visits[-1]))


def _visit_measures(gallery: Gallery) -> VisitDialog:
    dialog = _edit_visit(gallery)
    if not isinstance(dialog, VisitDialog):
        raise LookupError("the visit dialog did not open")
    dialog.pages.setCurrentIndex(dialog.measures_page)
    return dialog


def _questionnaire(code: str) -> Callable[[Gallery], QWidget]:
    """A questionnaire's items over the seed's last visit, as its button opens them."""

    def shown(gallery: Gallery) -> QWidget:
        items = _visit_measures(gallery).form_dialogs[code]
        items.start()
        return items

    return shown


def _measure_chart(code: str) -> Callable[[Gallery], QWidget]:
    def shown(gallery: Gallery) -> QWidget:
        _tab("&Charts")(gallery)
        selector = gallery.seed_view().tabs.measure_panel.selector
        selector.setCurrentIndex(selector.findData(code))
        return gallery.window

    return shown


def _edit_scan(gallery: Gallery) -> QWidget:
    return _opened(gallery.seed_view().edit_scan(gallery.seed_episode().scans[-1]))


def _edit_treatment(gallery: Gallery) -> QWidget:
    return _opened(gallery.seed_view().edit_treatment(gallery.seed_episode().treatments[0]))


def _letter(kind: DocumentKind) -> Callable[[Gallery], QWidget]:
    def shown(gallery: Gallery) -> QWidget:
        return _opened(gallery.seed_view().documents.create_document(kind))

    return shown


def _compose(gallery: Gallery) -> QWidget:
    view = gallery.seed_view()
    if view.patient_id is None or view.episode_id is None:
        raise LookupError("the seed patient has no episode on view")
    request = DocumentRequest(
        patient_id=view.patient_id,
        kind=DocumentKind.GP_FOLLOWUP,
        as_of=gallery.ctx.clinic.today(),
        episode_id=view.episode_id,
    )
    dialog = ComposeDialog(gallery.ctx, start_draft(gallery.ctx.clinic, request), view)
    dialog.open()
    return dialog


def _alert_action(action: AlertActionKind) -> Callable[[Gallery], QWidget]:
    def shown(gallery: Gallery) -> QWidget:
        view = gallery.seed_view()
        return _opened(view.act_with_dialog(view.alert_views[0], action))

    return shown


def _critical(gallery: Gallery) -> QWidget:
    patient_id = gallery.patient_id(RED_FLAG_REF)
    window = gallery.window
    # Opened directly: opening the patient would ask through the prompter first.
    evaluation = evaluate_patient(gallery.ctx.clinic, patient_id, gallery.ctx.clinic.today())
    ((episode_id, episode_eval),) = evaluation.episodes.items()
    views = episode_alert_views(gallery.ctx.clinic, episode_id, episode_eval)
    critical = next(v for v in views if v.alert.code.is_red_flag)
    dialog = CriticalAlertDialog(
        gallery.ctx, patient_id, critical, evaluation.record.patient.display_name, window
    )
    dialog.open()
    return dialog


def _help(tab: int) -> Callable[[Gallery], QWidget]:
    def shown(gallery: Gallery) -> QWidget:
        gallery.window.help_actions[tab].trigger()
        opened = [d for d in gallery.window.findChildren(HelpDialog) if d.isVisible()]
        return _opened(opened[-1] if opened else None)

    return shown


def _splash(gallery: Gallery) -> QWidget:
    splash = StartupSplash(gallery.ctx.settings.clinic_name)
    splash.show()
    return splash


def _welcome(gallery: Gallery) -> QWidget:
    dialog = SettingsDialog(gallery.ctx, welcome=True, parent=gallery.window)
    dialog.open()
    return dialog


SCREENS: Final[dict[str, Callable[[Gallery], QWidget]]] = {
    "splash": _splash,
    "due-list": _main_tab(DUE_TAB),
    "patients": _main_tab(PATIENTS_TAB),
    "patient-timeline": _tab("&Timeline"),
    "patient-visits": _tab("V&isits"),
    "patient-scans": _tab("&Scans"),
    "patient-treatments": _tab("T&reatments"),
    "patient-charts": _measure_chart(SYMPTOMS),
    "patient-chart-visa-g": _measure_chart("visa_g"),
    "patient-chart-strength": _measure_chart("abduction"),
    "patient-letters": _tab("&Letters"),
    "new-patient": _new_patient,
    "new-patient-errors": _with_errors(_new_patient),
    "edit-patient": lambda g: _opened(g.seed_view().edit_patient()),
    "new-episode": lambda g: _opened(g.seed_view().new_episode()),
    "edit-episode": lambda g: _opened(g.seed_view().edit_episode()),
    "edit-episode-diagnoses": _several_diagnoses,
    "new-visit": lambda g: _opened(_new_visit(g)),
    "new-visit-errors": _with_errors(_new_visit),
    "edit-visit": _edit_visit,
    "visit-measures": _visit_measures,
    "visa-g-items": _questionnaire("visa_g"),
    "lefs-items": _questionnaire("lefs"),
    "psfs-items": _questionnaire("psfs"),
    "new-scan": lambda g: _opened(g.seed_view().new_scan()),
    "edit-scan": _edit_scan,
    "new-treatment": lambda g: _opened(g.seed_view().new_treatment()),
    "edit-treatment": _edit_treatment,
    "decision": lambda g: _opened(g.seed_view().record_decision()),
    "override-alert": _alert_action(AlertActionKind.OVERRIDDEN),
    "snooze-alert": _alert_action(AlertActionKind.SNOOZED),
    "critical-alert": _critical,
    "gp-letter": _letter(DocumentKind.GP_FOLLOWUP),
    "referral": _letter(DocumentKind.REFERRAL),
    "handout": _letter(DocumentKind.HANDOUT),
    "compose-letter": _compose,
    "letter-preview": _letter_preview,
    "print-record": lambda g: _opened(print_shown_record(g.ctx, g.seed_view(), g.window)),
    "merge-records": lambda g: _opened(open_merge(g.ctx, g.seed_view(), g.window)),
    "batch-letters": _batch_letters,
    "restore-backup": _restore,
    "damaged-database": _damaged,
    "lock-screen": _lock_screen,
    "visit-history": _visit_history,
    "alert-history": _alert_history,
    "passphrase": _passphrase,
    "settings": lambda g: g.window.edit_settings(),
    "welcome": _welcome,
    "user-guide": _help(0),
    "keyboard-shortcuts": _help(1),
    "about": lambda g: g.window.show_about(),
}
"""Each screen by its gallery name, and how a user opens it."""


def show_screen(gallery: Gallery, name: str, size: QSize) -> QWidget:
    """Open screen ``name`` as it would look on a screen of ``size``; returns its window.

    The main window fills the screen; a dialog takes the size it asks for (or the one it
    set itself), within it.
    """
    gallery.window.resize(size)
    gallery.window.show()
    settle()
    widget = SCREENS[name](gallery)
    if widget is not gallery.window:
        asked = widget.size() if widget.testAttribute(Qt.WidgetAttribute.WA_Resized) else None
        wanted = (asked or widget.sizeHint()).expandedTo(widget.minimumSizeHint())
        widget.resize(wanted.boundedTo(size))
    settle()
    return widget


def close_screen(gallery: Gallery, widget: QWidget) -> None:
    """Close a dialog opened by :func:`show_screen` without asking to discard it."""
    if widget is gallery.window:
        gallery.window.unlock("")
        return
    # A dialog opened from another (a questionnaire's items) closes with it.
    opener = widget.parentWidget() if isinstance(widget, QuestionnaireDialog) else None
    for dialog in (widget, opener):
        if isinstance(dialog, FormDialog):
            dialog.mark_saved()
        if dialog is not None:
            dialog.close()
    settle()
