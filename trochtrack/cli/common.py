"""What every ``trochtrack-cli`` command shares: exit statuses, bad input, opening the clinic."""

from __future__ import annotations

import argparse
import getpass
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import NoReturn

from trochtrack.paths import AppPaths, write_private_file
from trochtrack.services import TrochtrackError
from trochtrack.services.clinic import Clinic, open_clinic
from trochtrack.services.errors import PassphraseRequiredError
from trochtrack.services.instance import InstanceLock, LockMode
from trochtrack.services.security import is_protected

PASSPHRASE_VARIABLE = "TROCHTRACK_PASSPHRASE"  # noqa: S105 - a variable name
NEW_PASSPHRASE_VARIABLE = "TROCHTRACK_NEW_PASSPHRASE"  # noqa: S105 - a variable name
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
# A case file is one patient (the seed case is 6 kB); a rules file is smaller still.
MAX_INPUT_BYTES = 10 * 1024 * 1024
# --within: a century of days is far past any follow-up, and a date can hold it.
MAX_WITHIN_DAYS = 36_500
# How long a command waits for another trochtrack-cli command to finish with the database
# (never for the desktop app, which may be open all day).
LOCK_WAIT_S = 60.0
# How long opening waits while another program (not trochtrack) writes to the database.
BUSY_WAIT_S = 30.0


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments are bad input: one line on stderr naming the option, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see {self.prog} --help)\n")


class BadInputError(TrochtrackError):
    """Input the user must correct (exit status 2)."""


def read_text_file(path: Path) -> str:
    """Read a UTF-8 input file, or raise BadInputError naming it.

    Only a regular file (or a link to one) of at most MAX_INPUT_BYTES is read: a pipe
    would wait for ever, and /dev/zero never ends.
    """
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise BadInputError(f"{path}: not a regular file (a device, folder or pipe)")
        if status.st_size > MAX_INPUT_BYTES:
            raise BadInputError(f"{path}: {status.st_size} bytes; the limit is {MAX_INPUT_BYTES}")
        with path.open("rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            raise BadInputError(f"{path}: more than {MAX_INPUT_BYTES} bytes")
        return data.decode("utf-8")
    except FileNotFoundError:
        raise BadInputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise BadInputError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise BadInputError(f"{path}: {error.strerror}") from None


def write_private_text(path: Path, text: str) -> None:
    """Write an export atomically, readable by its owner only (it holds patient data)."""
    write_private_file(path, text.encode("utf-8"))


def parse_days_argument(text: str) -> int:
    """``--within`` values: a whole number of days, 0 or more."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days")
    if len(text) > len(str(MAX_WITHIN_DAYS)) or int(text) > MAX_WITHIN_DAYS:
        raise argparse.ArgumentTypeError(f"{text} days is more than {MAX_WITHIN_DAYS}")
    return int(text)


def parse_date_argument(text: str) -> date:
    """``--as-of`` values: ISO dates only."""
    try:
        if len(text) != len("YYYY-MM-DD"):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


@contextmanager
def clinic_for(
    args: argparse.Namespace, paths: AppPaths, mode: LockMode = LockMode.READ
) -> Iterator[Clinic]:
    """Open the clinic for one command, under the database's lock, and close it after.

    Commands that change records take the write lock, like the desktop app, so they
    are refused while the app has the file open; every command holds at least the read
    lock, so a restore is refused while it runs.
    """
    url = getattr(args, "db", None)
    with command_lock(args, paths, mode):
        clinic = open_clinic(
            paths,
            url,
            passphrase=passphrase_for(paths, url),
            busy_wait_s=BUSY_WAIT_S,
            on_busy=_say_busy,
        )
        clinic.actor = current_user()
        try:
            yield clinic
        finally:
            clinic.close()


@contextmanager
def command_lock(
    args: argparse.Namespace, paths: AppPaths, mode: LockMode
) -> Iterator[InstanceLock | None]:
    """The command's lock on an SQLite database (a PostgreSQL server has no file)."""
    database = paths.database_file(getattr(args, "db", None))
    if database is None:
        yield None
        return
    lock = InstanceLock(database, f"trochtrack-cli {args.command}")
    lock.acquire(mode, wait_s=LOCK_WAIT_S, on_wait=_say_waiting)
    try:
        yield lock
    finally:
        lock.release()


def _say_busy() -> None:
    print(
        "the database is busy: another program is writing to it; waiting up to "
        f"{BUSY_WAIT_S:.0f} s…",
        file=sys.stderr,
    )


def _say_waiting(holders: list[str]) -> None:
    print(
        f"waiting for {'; '.join(holders) or 'another trochtrack process'} to finish "
        f"with the database (up to {LOCK_WAIT_S:.0f} s)…",
        file=sys.stderr,
    )


def passphrase_for(paths: AppPaths, url: str | None) -> str | None:
    """The passphrase of a protected database: TROCHTRACK_PASSPHRASE, else asked for."""
    if not is_protected(paths, url):
        return None
    if PASSPHRASE_VARIABLE in os.environ:
        return os.environ[PASSPHRASE_VARIABLE]
    if not sys.stdin.isatty():
        raise PassphraseRequiredError()
    return getpass.getpass("Database passphrase: ")


def current_user() -> str | None:
    """The operating-system user running the command, for the audit trail."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None
