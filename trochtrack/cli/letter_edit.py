"""``trochtrack-cli letter REF --kind KIND --edit FILE.toml [-o FILE.pdf]``: compose, then issue.

The first run (FILE.toml absent) keeps the app's draft in the database and writes it to
FILE.toml: the request, the opening, the plan and the closing, and the optional
sections. Edit the file, then run the same command again: the edits are saved to the
draft, and with ``-o`` the letter is issued (the PDF written, kept in the documents log
and locked). A draft not issued stays in the database for the next run or the desktop
app.

With ``--correct DOCUMENT`` the first run starts the draft from what issued document
DOCUMENT said; issued, it is a new document that names the one it corrects, and both
stay in the log unchanged.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, NamedTuple

from trochtrack.cli.common import BadInputError, read_text_file, write_private_text
from trochtrack.domain.documents import DocumentKind
from trochtrack.reports.data import DetailSections, LetterText
from trochtrack.services.clinic import Clinic
from trochtrack.services.documents import list_documents
from trochtrack.services.letter_compose import (
    SECTION_FIELDS,
    TEXT_FIELDS,
    LetterDraft,
    issue_draft,
    load_draft,
    save_draft,
    start_correction,
    start_draft,
)
from trochtrack.services.letters import DocumentRequest

HEADER = (
    "# A letter being composed in trochtrack. Edit the texts and the sections, then run\n"
    "# the same command again with -o FILE.pdf to issue it. Keep draft_id as it is.\n"
)


class ComposeTarget(NamedTuple):
    """Whose letter, and which kind, the command line names."""

    patient_id: int
    kind: DocumentKind


def compose(
    clinic: Clinic, target: ComposeTarget, edit: Path, output: Path | None, *, correct: int | None
) -> str:
    """Write the draft to ``edit``, or read it back, save it and issue it to ``output``.

    ``correct`` names the issued document a new draft corrects.
    """
    if not edit.exists():
        draft = _new_draft(clinic, target, correct)
        write_private_text(edit, draft_toml(draft))
        return (
            f"Draft {draft.id} written to {edit}: edit it, then run this command again "
            "with -o FILE.pdf to issue the letter."
        )
    edited = read_draft_toml(edit, clinic, target.patient_id, target.kind)
    if correct is not None and edited.corrects_document_id != correct:
        raise BadInputError(
            f"--correct: {edit} holds draft {edited.id}, which does not correct document "
            f"{correct}; give a new FILE.toml to start the correction"
        )
    save_draft(clinic, edited)
    if output is None:
        return f"Draft {edited.id} saved from {edit}; add -o FILE.pdf to issue it."
    info = issue_draft(clinic, edited.id, output=output)
    return f"{info.title}: issued to {output} (document {info.id} in the patient's log, locked)"


def _new_draft(clinic: Clinic, target: ComposeTarget, correct: int | None) -> LetterDraft:
    if correct is None:
        request = DocumentRequest(
            patient_id=target.patient_id, kind=target.kind, as_of=clinic.today()
        )
        return start_draft(clinic, request)
    # Checked before the draft is made, so a wrong number leaves nothing behind.
    theirs = {document.id: document for document in list_documents(clinic, target.patient_id)}
    corrected = theirs.get(correct)
    if corrected is None or corrected.kind is not target.kind:
        raise BadInputError(
            f"--correct: document {correct} is not one of this patient's {target.kind.value} "
            "documents"
        )
    return start_correction(clinic, correct)


def draft_toml(draft: LetterDraft) -> str:
    """The draft as TOML (strings in JSON's escapes, which TOML basic strings share)."""
    lines = [HEADER, f"draft_id = {draft.id}", ""]
    if draft.corrects_document_id is not None:
        lines[-1:-1] = [f"# This draft corrects document {draft.corrects_document_id}."]
    lines += [
        f"{name} = {json.dumps(getattr(draft.text, name), ensure_ascii=False)}"
        for name in TEXT_FIELDS
    ]
    if draft.kind is DocumentKind.REFERRAL:
        preference = json.dumps(draft.patient_preference or "", ensure_ascii=False)
        lines += [
            "# What the patient would prefer, if they said (leave empty if not).",
            f"patient_preference = {preference}",
        ]
    lines += ["", "[sections]"]
    lines += [f"{name} = {str(getattr(draft.sections, name)).lower()}" for name in SECTION_FIELDS]
    return "\n".join(lines) + "\n"


def read_draft_toml(path: Path, clinic: Clinic, patient_id: int, kind: DocumentKind) -> LetterDraft:
    """The stored draft with the edits in ``path``.

    Raises:
        BadInputError: the file is not TOML, lacks a field, or is another patient's draft.
    """
    try:
        values: dict[str, Any] = tomllib.loads(read_text_file(path))
    except tomllib.TOMLDecodeError as error:
        raise BadInputError(f"{path}: not valid TOML ({error})") from None
    draft_id = values.get("draft_id")
    if not isinstance(draft_id, int):
        raise BadInputError(f"{path}: draft_id: missing or not a whole number")
    draft = load_draft(clinic, draft_id)
    if draft.patient_id != patient_id or draft.kind is not kind:
        raise BadInputError(
            f"{path}: draft_id: draft {draft_id} is not this patient's {kind.value}"
        )
    texts = {name: _string(values, name, path) for name in TEXT_FIELDS}
    sections = values.get("sections", {})
    if not isinstance(sections, dict):
        raise BadInputError(f"{path}: sections: must be a table")
    flags = {name: _flag(sections, name, path) for name in SECTION_FIELDS}
    return LetterDraft(
        id=draft.id,
        patient_id=draft.patient_id,
        episode_id=draft.episode_id,
        kind=draft.kind,
        document_date=draft.document_date,
        text=LetterText(**texts),
        sections=DetailSections(**flags),
        next_appointment=draft.next_appointment,
        send_to=draft.send_to,
        patient_preference=_preference(values, path) or None,
        issued_document_id=draft.issued_document_id,
        corrects_document_id=draft.corrects_document_id,
    )


def _string(values: dict[str, Any], name: str, path: Path) -> str:
    value = values.get(name)
    if not isinstance(value, str):
        raise BadInputError(f"{path}: {name}: missing or not text")
    return value


def _preference(values: dict[str, Any], path: Path) -> str:
    value = values.get("patient_preference", "")
    if not isinstance(value, str):
        raise BadInputError(f"{path}: patient_preference: must be text")
    return value.strip()


def _flag(sections: dict[str, Any], name: str, path: Path) -> bool:
    value = sections.get(name, True)
    if not isinstance(value, bool):
        raise BadInputError(f"{path}: sections.{name}: must be true or false")
    return value
