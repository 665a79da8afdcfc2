"""``make package-test``: run the built (or installed) bundle and check what it carries.

``python packaging/package_test.py BUNDLE [--programs DIR] [--deb FILE]``

* every data file of the trochtrack package (everything that is not Python, and the
  Alembic migrations as files) is in the bundle, byte for byte;
* the smoke run (``trochtrack --smoke DIR``, offscreen; again on xcb under Xvfb when
  xvfb-run is there) passes, and read every one of those data files, bar the few
  listed in NOT_READ_BY_SMOKE with the reason;
* its letter is a PDF with the bundled DejaVu fonts, its window grabs are 1280x800
  pictures, not blank;
* matplotlib's font cache is written once to the app's cache folder and reused by the
  next start (not rebuilt in a new temporary folder each time);
* ``trochtrack-cli`` answers ``--version`` with the one version and evaluates a case;
* with ``--deb``: the package's ``Depends:`` covers every system library the bundle's
  Qt loads (each library's owner, per dpkg, is a dependency or comes with one).

``--programs DIR`` runs the programs from DIR (``/usr/bin`` for the installed .deb)
instead of from the bundle. Exit status 0 when every check passes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "trochtrack"
EXAMPLE_CASE = ROOT / "tests" / "data" / "examples" / "seed-case.json"
NOT_READ_BY_SMOKE = {
    "reports/fonts/LICENSE-DejaVu.txt": "the fonts' licence, for people to read",
    "store/migrations/script.py.mako": "Alembic's template for writing a new revision",
    "store/migrations/__init__.py": "the migrations package marker",
}
WINDOW_SIZE = (1280, 800)
SMOKE_TIMEOUT_S = 300


class CheckError(Exception):
    """A check of the bundle failed (the message says which and why)."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise CheckError(message)


def package_data_files() -> dict[str, bytes]:
    """The source package's files that are not Python, and the migrations as files."""
    found: dict[str, bytes] = {}
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE).as_posix()
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        if path.suffix != ".py" or relative.startswith("store/migrations/"):
            found[relative] = path.read_bytes()
    return found


def check_bundled_files(bundle: Path, expected: dict[str, bytes]) -> None:
    carried = bundle / "_internal" / "trochtrack"
    for relative, data in expected.items():
        copy = carried / relative
        check(copy.is_file(), f"the bundle lacks {relative}")
        check(copy.read_bytes() == data, f"the bundle's {relative} differs from the source")
    print(f"bundle carries all {len(expected)} data files of the package")


def run_smoke(program: Path, home: Path, folder: Path, env: dict[str, str]) -> dict:
    command = [str(program), "--smoke", str(folder)]
    if env.get("QT_QPA_PLATFORM") != "offscreen":
        command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *command]
    run = subprocess.run(
        command,
        env={**env, "TROCHTRACK_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT_S,
        check=False,
    )
    check(run.returncode == 0, f"smoke run failed ({run.returncode}):\n{run.stdout}{run.stderr}")
    print(run.stdout.strip())
    return json.loads((folder / "smoke.json").read_text(encoding="utf-8"))


def check_smoke_outputs(folder: Path, manifest: dict, expected: dict[str, bytes]) -> None:
    from PIL import Image
    from pypdf import PdfReader

    read = set(manifest["package_files_read"])
    unread = sorted(set(expected) - read - set(NOT_READ_BY_SMOKE))
    check(not unread, f"the smoke run did not read these bundled data files: {unread}")
    check(manifest["window_icon"], "the window has no icon")
    letter = PdfReader(folder / manifest["letter"]["path"])
    fonts = {
        str(font["/BaseFont"])
        for page in letter.pages
        for font in page["/Resources"]["/Font"].get_object().values()
    }
    check(any("DejaVuSans" in f for f in fonts), f"the letter lacks the bundled fonts: {fonts}")
    for name in manifest["window"]:
        with Image.open(folder / name) as picture:
            check(picture.size == WINDOW_SIZE, f"{name} is {picture.size}, not {WINDOW_SIZE}")
            colours = picture.convert("RGB").getcolors(1 << 20) or ()
            check(len(colours) > 50, f"{name} is blank")
    print(
        f"smoke read {len(read & set(expected))} data files; letter ({len(letter.pages)} pages) "
        f"embeds {sorted(fonts)}; window grabs {manifest['window']} look right"
    )


def check_font_cache(program: Path, work: Path, env: dict[str, str]) -> None:
    """A second start reuses the font cache the first one wrote (MPLCONFIGDIR kept)."""
    home = work / "home"
    caches = sorted((home / "cache" / "matplotlib").glob("fontlist-*.json"))
    check(len(caches) == 1, f"no matplotlib font cache in {home / 'cache' / 'matplotlib'}")
    written = caches[0].stat().st_mtime_ns
    run_smoke(program, home, work / "smoke-again", env)
    check(caches[0].stat().st_mtime_ns == written, "the second start rebuilt the font cache")
    print(f"font cache kept between starts: {caches[0]}")


def check_cli(program: Path, env: dict[str, str]) -> None:
    from trochtrack import __version__

    shown = subprocess.run(
        [str(program), "--version"], capture_output=True, text=True, check=False, env=env
    )
    check(
        shown.stdout.strip() == f"trochtrack {__version__}",
        f"trochtrack-cli --version said {shown.stdout!r} {shown.stderr!r}",
    )
    evaluated = subprocess.run(
        [str(program), "evaluate", str(EXAMPLE_CASE), "--as-of", "2026-10-20"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    check(evaluated.returncode == 0, f"trochtrack-cli evaluate failed: {evaluated.stderr}")
    check('"alerts"' in evaluated.stdout, "trochtrack-cli evaluate printed no alerts")
    print(f"trochtrack-cli {__version__}: --version and evaluate work")


def owner(path: str) -> str | None:
    for candidate in dict.fromkeys([path, os.path.realpath(path), path.removeprefix("/usr")]):
        found = subprocess.run(
            ["dpkg", "-S", candidate], capture_output=True, text=True, check=False
        )
        if found.returncode == 0:
            return found.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def dependency_closure(packages: set[str]) -> set[str]:
    """The installed packages ``packages`` bring, through Depends and Pre-Depends."""
    seen: set[str] = set()
    todo = list(packages)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        listed = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Depends}, ${Pre-Depends}", name],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        for alternative in listed.split(","):
            first = alternative.split("|")[0].strip()
            if first:
                todo.append(re.split(r"[\s(:]", first, maxsplit=1)[0])
    return seen


def check_depends(bundle: Path, deb: Path) -> None:
    """Every system library the bundle's Qt plugins and libraries load is declared."""
    fields = subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True, text=True, check=True
    ).stdout
    declared = {re.split(r"[\s(]", d.strip(), maxsplit=1)[0] for d in fields.split(",")}
    every = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${Essential} ${Priority}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    base = {line.split()[0] for line in every if " yes " in line or line.endswith(" required")}
    covered = dependency_closure(declared | base)
    qt = bundle / "_internal" / "PySide6" / "Qt"
    elves = [qt / "plugins" / "platforms" / "libqxcb.so", *sorted((qt / "lib").glob("*.so*"))]
    system: dict[str, str] = {}
    for elf in elves:
        listed = subprocess.run(
            ["ldd", str(elf)], capture_output=True, text=True, check=False
        ).stdout
        for line in listed.splitlines():
            name, _, rest = line.strip().partition(" => ")
            path = rest.split(" (")[0]
            if path.startswith("/") and not path.startswith(str(bundle)):
                system.setdefault(name, path)
    undeclared = {
        name: package
        for name, path in sorted(system.items())
        if (package := owner(path)) is not None and package not in covered
    }
    check(not undeclared, f"Depends: lacks the packages of {undeclared}")
    print(
        f"Depends: covers all {len(system)} system libraries the bundled Qt loads "
        f"({len(declared)} packages declared)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--programs", type=Path, help="run the programs from here")
    parser.add_argument("--deb", type=Path, help="the .deb whose Depends: to check")
    args = parser.parse_args()
    bundle = args.bundle.resolve()
    programs = args.programs or bundle
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MPLCONFIGDIR", "TROCHTRACK"))}
    expected = package_data_files()
    try:
        check((programs / "trochtrack").is_file(), f"no trochtrack in {programs}")
        check_bundled_files(bundle, expected)
        with tempfile.TemporaryDirectory(prefix="trochtrack-package-test-") as scratch:
            work = Path(scratch)
            offscreen = {**env, "QT_QPA_PLATFORM": "offscreen"}
            manifest = run_smoke(programs / "trochtrack", work / "home", work / "smoke", offscreen)
            check_smoke_outputs(work / "smoke", manifest, expected)
            check_font_cache(programs / "trochtrack", work, offscreen)
            if shutil.which("xvfb-run") is not None:
                xcb = {k: v for k, v in env.items() if k != "QT_QPA_PLATFORM"}
                shown = run_smoke(programs / "trochtrack", work / "home", work / "smoke-x", xcb)
                check(shown["platform"] == "xcb", f"under Xvfb Qt used {shown['platform']}")
            check_cli(programs / "trochtrack-cli", env)
        if args.deb is not None:
            check_depends(bundle, args.deb)
    except CheckError as failure:
        print(f"package test FAILED: {failure}", file=sys.stderr)
        return 1
    print("package test passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
