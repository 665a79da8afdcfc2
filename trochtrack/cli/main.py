"""``trochtrack-cli``: the clinic's records from the command line.

Exit statuses (docs/case-format.md): 0 done; 1 an unknown patient or a problem with the
database; 2 bad input (the one line on stderr names the field and the problem).
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import date
from pathlib import Path

from trochtrack import __version__
from trochtrack.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    EXIT_OK,
    NEW_PASSPHRASE_VARIABLE,
    PASSPHRASE_VARIABLE,
    BadInputError,
    OneLineParser,
    clinic_for,
    command_lock,
    current_user,
    parse_date_argument,
    parse_days_argument,
    passphrase_for,
    read_text_file,
    write_private_text,
)
from trochtrack.cli.letter import add_letter_command
from trochtrack.domain.errors import ValidationError
from trochtrack.logging_setup import configure_logging
from trochtrack.paths import AppPaths, OutputPathError, check_output_path, private_umask
from trochtrack.services import TrochtrackError
from trochtrack.services.due import DueEntry
from trochtrack.services.errors import DatabaseDamagedError, UnknownPatientError
from trochtrack.services.instance import LockMode
from trochtrack.services.security import is_protected

log = logging.getLogger("trochtrack.cli")


Command = Callable[[argparse.Namespace, AppPaths], int]


def main(argv: Sequence[str] | None = None) -> int:
    private_umask()
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = AppPaths.from_environment()
    with suppress(OSError):  # a read-only log directory must not stop the command
        configure_logging(paths)
    command: Command = args.run
    try:
        return command(args, paths)
    except BrokenPipeError:
        # The reader went away (``| head``): nothing is wrong with the command.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except TrochtrackError as error:
        return report_failure(error, args, paths)


def report_failure(error: TrochtrackError, args: argparse.Namespace, paths: AppPaths) -> int:
    """The one line on stderr for a failed command, and its exit status.

    Bad input (a field, an argument, an output path) exits 2; an unknown patient or a
    database problem exits 1, and a damaged database names the backup to restore.
    """
    if isinstance(error, ValidationError | BadInputError | OutputPathError):
        _fail(str(error))
        return EXIT_BAD_INPUT
    if isinstance(error, UnknownPatientError):
        _fail(str(error))
        return EXIT_FAILURE
    if isinstance(error, DatabaseDamagedError):
        log.error("%s failed: damaged database", args.command)
        _fail(f"{error} {_restore_hint(paths, getattr(args, 'db', None))}")
        return EXIT_FAILURE
    log.error("%s failed: %s", args.command, type(error).__name__)
    _fail(str(error))
    return EXIT_FAILURE


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="trochtrack-cli",
        description="Lateral hip pain follow-up: case files, rules, due list, letters.",
    )
    parser.add_argument("--version", action="version", version=f"trochtrack {__version__}")
    db_help = "database URL or SQLite file (default: TROCHTRACK_DB, else the user data file)"
    # --db before the command or after it: the command's own --db, when given, wins, and
    # when not given leaves the one before the command in place.
    parser.add_argument("--db", metavar="URL", help=db_help)
    database = OneLineParser(add_help=False)
    database.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=db_help)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=OneLineParser
    )
    _add_case_commands(commands, database)
    _add_rules_commands(commands, database)
    _add_safety_commands(commands, database)
    add_letter_command(commands, database)
    return parser


def _add_case_commands(
    commands: argparse._SubParsersAction[OneLineParser], database: OneLineParser
) -> None:
    """``import``, ``export`` and ``demo``: case files in and out."""
    imp = commands.add_parser(
        "import", parents=[database], help="add or update a patient from a case file"
    )
    imp.add_argument("case_file", metavar="CASE.json", type=Path)
    imp.set_defaults(run=run_import)

    exp = commands.add_parser(
        "export", parents=[database], help="print a patient as a trochtrack-case/1 file"
    )
    exp.add_argument("ref", metavar="REF")
    exp.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    exp.set_defaults(run=run_export)

    demo = commands.add_parser(
        "demo", parents=[database], help="load the demo patients (the seed case among them)"
    )
    demo.set_defaults(run=run_demo)


def _add_rules_commands(
    commands: argparse._SubParsersAction[OneLineParser], database: OneLineParser
) -> None:
    """``evaluate`` (a case file, no database) and ``due`` (across all patients)."""
    evaluate = commands.add_parser(
        "evaluate", help="apply the rules to a case file (touches no database)"
    )
    evaluate.add_argument("case_file", metavar="CASE.json", type=Path)
    evaluate.add_argument(
        "--as-of", type=parse_date_argument, metavar="DATE", help="default: today"
    )
    evaluate.add_argument("--preset", help="protocol (default), leap or uk-pathway")
    evaluate.add_argument(
        "--rules", type=Path, metavar="FILE", help="a rules file laid over the shipped rules"
    )
    evaluate.set_defaults(run=run_evaluate)

    due = commands.add_parser(
        "due", parents=[database], help="escalation and follow-up dates across all patients"
    )
    due.add_argument("--as-of", type=parse_date_argument, metavar="DATE", help="default: today")
    due.add_argument(
        "--within", type=parse_days_argument, metavar="DAYS", help="only what falls due by then"
    )
    due.add_argument("--json", action="store_true", help="print JSON instead of a table")
    due.set_defaults(run=run_due)


def _add_safety_commands(
    commands: argparse._SubParsersAction[OneLineParser], database: OneLineParser
) -> None:
    """Backups, restore, subject-access export, retention, encryption and the audit trail."""
    backup = commands.add_parser(
        "backup", parents=[database], help="write a verified backup of the database now"
    )
    backup.set_defaults(run=run_backup)

    restore = commands.add_parser(
        "restore",
        parents=[database],
        help="replace the database with a backup (the current one is kept aside)",
    )
    restore.add_argument("backup_file", metavar="FILE", type=Path)
    restore.set_defaults(run=run_restore)

    record = commands.add_parser(
        "export-record",
        parents=[database],
        help="everything held about one patient, in a zip file (subject-access request)",
    )
    record.add_argument("ref", metavar="REF")
    record.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.zip")
    record.set_defaults(run=run_export_record)

    retention = commands.add_parser(
        "retention",
        parents=[database],
        help="archived patients and how long their records must be kept",
    )
    retention.add_argument(
        "--as-of", type=parse_date_argument, metavar="DATE", help="default: today"
    )
    retention.set_defaults(run=run_retention)

    protect = commands.add_parser(
        "protect",
        parents=[database],
        help="encrypt the database and its backups with a passphrase (or change it)",
    )
    protect.set_defaults(run=run_protect)

    audit = commands.add_parser("audit", parents=[database], help="check the audit trail")
    audit.add_argument("action", choices=["verify"])
    audit.set_defaults(run=run_audit)


def run_import(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.cases import import_case_text

    text = read_text_file(args.case_file)
    with clinic_for(args, paths, LockMode.WRITE) as clinic:
        summary = import_case_text(clinic, text)
    log.info("import: %s", summary.describe())
    print(summary.describe())
    return EXIT_OK


def run_export(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.cases import export_case_text

    if args.output:
        check_output_path(args.output)
    with clinic_for(args, paths) as clinic:
        text = export_case_text(clinic, args.ref)
    if args.output:
        write_private_text(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def run_demo(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.demo import load_demo

    with clinic_for(args, paths, LockMode.WRITE) as clinic:
        summaries = load_demo(clinic)
    for summary in summaries:
        print(summary.describe())
    return EXIT_OK


def run_evaluate(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.evaluation import evaluate_case_text
    from trochtrack.services.rules_config import rules_from

    del paths  # pure: no database, no user files
    rules_text = read_text_file(args.rules) if args.rules else None
    rules = rules_from(preset=args.preset, rules_text=rules_text)
    text = read_text_file(args.case_file)
    as_of = args.as_of or date.today()  # noqa: DTZ011 - the user's calendar day
    document = evaluate_case_text(text, as_of=as_of, rules=rules)
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    return EXIT_OK


def run_due(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.due import due_list

    with clinic_for(args, paths) as clinic:
        as_of = args.as_of or clinic.today()
        # The CLI's contract is soonest first; the window pins critical alerts awaiting
        # an action above everything, and here they are marked instead.
        entries = sorted(due_list(clinic, as_of, within_days=args.within), key=_due_day)
    if args.json:
        sys.stdout.write(json.dumps(due_json(as_of, entries), ensure_ascii=False, indent=1) + "\n")
        return EXIT_OK
    print(f"Due list on {as_of.isoformat()}: {len(entries)} item(s)")
    for entry in entries:
        flag = ("PINNED " if entry.pinned else "") + ("OVERDUE " if entry.overdue else "")
        level = f"[{entry.severity}] " if entry.severity else ""
        print(
            f"{entry.due.isoformat()}  {flag}{entry.patient_ref}  {entry.patient_name}  "
            f"{entry.side} hip  {entry.status}  {level}{entry.label}"
        )
    return EXIT_OK


def _due_day(entry: DueEntry) -> date:
    return entry.due


def due_json(as_of: date, entries: Sequence[DueEntry]) -> dict[str, object]:
    return {
        "format": "trochtrack-due-list/1",
        "as_of": as_of.isoformat(),
        "items": [
            {
                "due": entry.due.isoformat(),
                "overdue": entry.overdue,
                "type": entry.kind.value,
                "what": entry.what,
                "severity": entry.severity.value if entry.severity else None,
                "label": entry.label,
                "patient": entry.patient_ref,
                "name": entry.patient_name,
                "side": entry.side,
                "episode": entry.episode_ref,
                "status": entry.status.value if entry.status else None,
                "pinned": entry.pinned,
            }
            for entry in entries
        ],
    }


def run_backup(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.backups import make_backup

    with clinic_for(args, paths) as clinic:
        info = make_backup(clinic)
    print(f"backup written and verified: {info.path}")
    return EXIT_OK


def run_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.backups import restore_backup

    if not args.backup_file.is_file():
        raise BadInputError(f"{args.backup_file}: no such file")
    result = restore_backup(
        paths,
        args.backup_file,
        url=args.db,
        actor=current_user(),
        passphrase=passphrase_for(paths, args.db),
        purpose="trochtrack-cli restore",
    )
    print(f"restored from {result.restored_from.name}")
    if result.previous_database is not None:
        print(f"the database before the restore was kept as {result.previous_database}")
    return EXIT_OK


def run_export_record(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.retention import export_patient_record

    with clinic_for(args, paths, LockMode.WRITE) as clinic:
        written = export_patient_record(clinic, args.ref, args.output)
    print(f"written: {written} (readable by you only; it holds patient data)")
    return EXIT_OK


def run_retention(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.retention import retention_report

    with clinic_for(args, paths) as clinic:
        as_of = args.as_of or clinic.today()
        items = retention_report(clinic)
    print(f"Archived records on {as_of.isoformat()}: {len(items)}")
    for item in items:
        state = "period ended, review for disposal" if item.expired(as_of) else "keep"
        last = item.last_visit.isoformat() if item.last_visit else "no visits"
        print(f"{item.ref}  last visit {last}  keep until {item.keep_until.isoformat()}  {state}")
    return EXIT_OK


def run_protect(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.security import (
        change_passphrase,
        pending_protection,
        protect_database,
    )

    new = os.environ.get(NEW_PASSPHRASE_VARIABLE)
    if new is None:
        if not sys.stdin.isatty():
            raise BadInputError(f"set {NEW_PASSPHRASE_VARIABLE} or run this in a terminal")
        new = getpass.getpass("New passphrase: ")
        if getpass.getpass("Repeat the new passphrase: ") != new:
            raise BadInputError("passphrase: the two entries differ")
    with command_lock(args, paths, LockMode.EXCLUSIVE):
        pending = pending_protection(paths, args.db)
        turning_on = (
            pending.previous is None if pending is not None else not is_protected(paths, args.db)
        )
        if pending is not None:
            print("finishing the interrupted encryption", file=sys.stderr)
        if turning_on:
            report = protect_database(paths, new, url=args.db, actor=current_user())
            print("the database and its backups are now encrypted; keep the passphrase safe:")
            print("without it the records cannot be opened")
        else:
            old = os.environ.get(PASSPHRASE_VARIABLE) or passphrase_for(paths, args.db) or ""
            report = change_passphrase(paths, old, new, url=args.db, actor=current_user())
            print("passphrase changed; the database and its backups are re-encrypted")
    for path in report.removed:
        print(f"removed (overwritten first): {path}")
    for path, reason in report.not_done:
        print(f"NOT encrypted, left as it is: {path} ({reason})", file=sys.stderr)
    return EXIT_FAILURE if report.not_done else EXIT_OK


def run_audit(args: argparse.Namespace, paths: AppPaths) -> int:
    from trochtrack.services.audit import verify_audit

    with clinic_for(args, paths) as clinic:
        result = verify_audit(clinic)
    if result.intact:
        print(f"audit trail intact: {result.events_checked} events checked")
        return EXIT_OK
    where = (
        f"event {result.first_bad_event_id}"
        if result.first_bad_event_id
        else "the end of the trail"
    )
    print(f"audit trail broken at {where}: {result.problem}", file=sys.stderr)
    return EXIT_FAILURE


def _restore_hint(paths: AppPaths, url: str | None) -> str:
    """What to do about a damaged database: restore the newest verified backup."""
    from trochtrack.services.backups import backup_to_suggest

    newest = backup_to_suggest(paths, url=url, passphrase=os.environ.get(PASSPHRASE_VARIABLE))
    if newest is None:
        return "No verified backup was found; the file was left as it is."
    return (
        "The file was left as it is. To restore the newest verified backup (the damaged "
        f"file is kept aside): trochtrack-cli restore {newest.path}"
    )


def _fail(message: str) -> None:
    print(message.replace("\n", " "), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
