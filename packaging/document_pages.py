"""Page images of every document for three demo patients: ``python packaging/document_pages.py``.

Renders the GP follow-up letter, the referral (where the record allows one) and the
handout for the seed case (P-SEED), the red-flag patient (P-DEMO-02) and a responder
(P-DEMO-03) on a throwaway TROCHTRACK_HOME with a fixed clock, and turns each page into
a PNG at 60 dpi with poppler's ``pdftoppm``, so a reviewer can look at every page. The
demo clinic has a logo, so the letterhead is seen as printed.
Run it as a script (see ``screenshots.py`` for why not with ``-m``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXED_NOW = datetime(2026, 10, 20, 9, 30, tzinfo=UTC)
PATIENTS = ("P-SEED", "P-DEMO-02", "P-DEMO-03")


def render(out: Path) -> list[Path]:
    """Write each document's PDF and page PNGs into ``out``; returns the PNGs."""
    from trochtrack.domain.documents import DocumentKind
    from trochtrack.paths import AppPaths, private_umask
    from trochtrack.services.clinic import open_clinic
    from trochtrack.services.demo import load_demo
    from trochtrack.services.letterhead import set_logo
    from trochtrack.services.letters import (
        DocumentRequest,
        LetterError,
        patient_id_for_ref,
        render_document,
    )
    from trochtrack.services.settings import update_settings

    private_umask()
    clinic = open_clinic(AppPaths.from_environment(), clock=lambda: FIXED_NOW)
    update_settings(
        clinic,
        clinician_name="Alex Morgan",
        clinician_profession="Physiotherapist",
        clinician_registration="PHY0001234",
        clinic_name="Harbour Physiotherapy",
        clinic_address="Unit 3, The Old Mill\n14 Quay Street\nNorthtown NT2 5LM",
        clinic_phone="01234 567890",
        clinic_email="hello@harbour.example",
        welcome_done=True,
    )
    load_demo(clinic)
    set_logo(clinic, _demo_logo())
    pages: list[Path] = []
    try:
        for ref in PATIENTS:
            patient_id = patient_id_for_ref(clinic, ref)
            for kind in DocumentKind:
                request = DocumentRequest(patient_id=patient_id, kind=kind, as_of=clinic.today())
                try:
                    pdf = render_document(clinic, request, invariant=True)
                except LetterError:
                    continue  # no reason on record for a referral: nothing to show
                stem = out / f"{ref}-{kind.value}"
                stem.with_suffix(".pdf").write_bytes(pdf)
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "60", str(stem.with_suffix(".pdf")), str(stem)],
                    check=True,
                )
                pages += sorted(out.glob(f"{stem.name}-*.png"))
    finally:
        clinic.close()
    return pages


def _demo_logo() -> bytes:
    """A plain mark for the demo clinic: a teal square with a white wave."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 240), (31, 95, 107))
    draw = ImageDraw.Draw(image)
    draw.arc((30, 60, 210, 240), start=200, end=340, fill=(255, 255, 255), width=18)
    draw.arc((30, 20, 210, 200), start=200, end=340, fill=(255, 255, 255), width=18)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "documents")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="trochtrack-docs-") as home:
        os.environ["TROCHTRACK_HOME"] = home
        os.environ.pop("TROCHTRACK_DB", None)
        os.environ["MPLCONFIGDIR"] = str(Path(home) / "matplotlib")
        for path in render(args.out):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
