"""Synthetic clinics kept between runs, never opened in place.

A generated clinic (its whole home folder: database, audit key, settings) is kept under
``build/bench-cache/<key>/<patients>/``, where the key names the generator's version and
the app's schema head: a new migration or a change to the generator makes new clinics,
and the stale ones are removed. The clinic is kept as generated, never evaluated (the
"first start" state); every measure works on its own copy, so nothing a run does (the
evaluation cache filled, letters stored, a backup on close) leaks into the next run.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import adapter
from benchmarks.clinic import AS_OF, GENERATOR_VERSION, ClinicFacts, fill

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "build" / "bench-cache"
FACTS_FILE = "facts.json"
CLINIC_NAME = "Benchmark Physiotherapy"
CLINICIAN = "A. Benchmark"


def parse_size(text: str) -> int:
    """``"10k"`` is 10,000 patients, ``"200"`` is 200."""
    text = text.strip().lower()
    number = float(text[:-1]) * 1000 if text.endswith("k") else float(text)
    if number < 1 or number != int(number):
        raise ValueError(f"{text!r} is not a number of patients (such as 200, 1k or 10k)")
    return int(number)


def size_label(patients: int) -> str:
    return f"{patients // 1000}k" if patients % 1000 == 0 else str(patients)


@dataclass(frozen=True)
class CachedClinic:
    """A generated clinic in the cache (its home folder is read, never opened in place)."""

    home: Path
    facts: ClinicFacts
    generated_s: float
    """How long generating it took (0 when it came from the cache)."""

    @property
    def label(self) -> str:
        return size_label(self.facts.patients)

    def copy_to(self, destination: Path) -> Path:
        """A private copy of the clinic's home at ``destination``; returns it."""
        shutil.copytree(self.home, destination)
        return destination


def cache_key() -> str:
    return f"generator-{GENERATOR_VERSION}-schema-{adapter.schema_head()}"


def cached_clinic(patients: int, root: Path = DEFAULT_ROOT) -> CachedClinic:
    """The clinic of ``patients`` patients, generated now if the cache has none."""
    key_folder = root / cache_key()
    folder = key_folder / str(patients)
    facts_path = folder / FACTS_FILE
    if facts_path.is_file():
        facts = ClinicFacts(**json.loads(facts_path.read_text(encoding="utf-8")))
        facts.refs = {int(k): v for k, v in facts.refs.items()}
        return CachedClinic(folder / "home", facts, 0.0)
    _remove_stale(root, key_folder)
    started = time.perf_counter()
    building = folder.with_name(f"{patients}.partial")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    clinic = adapter.open_at(building / "home", AS_OF)
    try:
        adapter.welcome_done(clinic, CLINIC_NAME, CLINICIAN)
        facts = fill(clinic, patients, seed=patients)
    finally:
        clinic.close()
    (building / FACTS_FILE).write_text(json.dumps(asdict(facts)), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)
    return CachedClinic(folder / "home", facts, time.perf_counter() - started)


def _remove_stale(root: Path, current: Path) -> None:
    if not root.is_dir():
        return
    for entry in root.iterdir():
        if entry.is_dir() and entry != current:
            shutil.rmtree(entry)
