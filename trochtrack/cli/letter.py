"""``trochtrack-cli letter REF --kind KIND -o FILE.pdf [--as-of DATE] [--edit FILE.toml]``.

Writes a GP follow-up letter, a referral letter or a patient handout. The PDF is written
atomically and readable by its owner only (it holds patient data), and the document is
kept in the patient's documents log. Exit statuses follow the CLI contract: 0 written;
1 unknown patient, or the PDF could not be produced (the failed attempt is logged);
2 bad input (kind, date, or an output path that cannot be used). ``--edit`` composes the
letter first (see :mod:`trochtrack.cli.letter_edit`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from trochtrack.cli.common import (
    EXIT_OK,
    BadInputError,
    OneLineParser,
    clinic_for,
    parse_date_argument,
)
from trochtrack.domain.documents import DocumentKind
from trochtrack.paths import AppPaths, check_output_path
from trochtrack.services.instance import LockMode


def add_letter_command(
    commands: argparse._SubParsersAction[OneLineParser],
    database: OneLineParser,
) -> None:
    """Register ``letter`` on the CLI's subcommands (``database`` gives ``--db``)."""
    letter = commands.add_parser(
        "letter",
        parents=[database],
        help="write a GP follow-up letter, a referral letter or a patient handout (PDF)",
    )
    letter.add_argument("ref", metavar="REF", help="the patient's ref")
    letter.add_argument(
        "--kind",
        required=True,
        choices=[kind.value for kind in DocumentKind],
        help="which document to write",
    )
    letter.add_argument("-o", "--output", type=Path, metavar="FILE.pdf", help="where to write it")
    letter.add_argument(
        "--edit",
        type=Path,
        metavar="FILE.toml",
        help="compose the letter: write the draft to FILE.toml, or issue it once edited",
    )
    letter.add_argument(
        "--correct",
        type=int,
        metavar="DOCUMENT",
        help="with --edit: start a correction of issued document DOCUMENT (a new version)",
    )
    letter.add_argument(
        "--as-of", type=parse_date_argument, metavar="DATE", help="document date (default: today)"
    )
    letter.set_defaults(run=run_letter)


def run_letter(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.letters import (
        DocumentRequest,
        generate_document,
        patient_id_for_ref,
    )

    output: Path | None = args.output
    if output is not None:
        check_output_path(output)  # before anything is generated or logged
    if args.edit is not None:
        return _compose(args, paths, output)
    if args.correct is not None:
        raise BadInputError("--correct: needs --edit FILE.toml to hold the corrected letter")
    if output is None:
        raise BadInputError("-o/--output: required (unless --edit composes a draft first)")
    with clinic_for(args, paths, LockMode.WRITE) as clinic:
        info = generate_document(
            clinic,
            DocumentRequest(
                patient_id=patient_id_for_ref(clinic, args.ref),
                kind=DocumentKind(args.kind),
                as_of=args.as_of or clinic.today(),
            ),
            output=output,
        )
    print(f"{info.title}: written to {output} (document {info.id} in the patient's log)")
    return EXIT_OK


def _compose(args: argparse.Namespace, paths: AppPaths, output: Path | None) -> int:
    from trochtrack.cli.letter_edit import ComposeTarget, compose
    from trochtrack.services.letters import patient_id_for_ref

    if args.as_of is not None:
        raise BadInputError("--as-of: a composed letter is dated the day it is drafted")
    with clinic_for(args, paths, LockMode.WRITE) as clinic:
        message = compose(
            clinic,
            ComposeTarget(patient_id_for_ref(clinic, args.ref), DocumentKind(args.kind)),
            args.edit,
            output,
            correct=args.correct,
        )
    print(message)
    return EXIT_OK
