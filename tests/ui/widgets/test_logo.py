"""The letterhead logo in Settings: choose a PNG or an SVG, see it, remove it; a bad file is
refused."""

import io
from pathlib import Path

import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from trochtrack.services.letterhead import load_logo
from trochtrack.ui.context import AppContext
from trochtrack.ui.dialogs.settings import SettingsDialog

pytestmark = pytest.mark.ui


def test_the_settings_logo_is_stored_shown_and_removed(
    qtbot: QtBot, ctx: AppContext, prompter, tmp_path: Path
):
    dialog = SettingsDialog(ctx, welcome=False)
    dialog.resize(1024, 700)
    dialog.show()
    qtbot.addWidget(dialog)
    picker = dialog.logo_picker
    assert picker.thumbnail.text() == "No logo"
    assert not picker.remove_button.isEnabled()
    logo = tmp_path / "logo.png"
    out = io.BytesIO()
    Image.new("RGB", (200, 80), (31, 95, 107)).save(out, format="PNG")
    logo.write_bytes(out.getvalue())
    assert picker.use_file(logo)
    assert load_logo(ctx.clinic) == out.getvalue()
    assert not picker.thumbnail.pixmap().isNull()
    assert picker.remove_button.isEnabled()

    bad = tmp_path / "logo.gif"
    bad.write_bytes(b"GIF89a" + b"\0" * 20)
    assert not picker.use_file(bad)
    assert prompter.messages[-1][0] == "warning"
    assert "is not a PNG image" in prompter.messages[-1][1]
    assert load_logo(ctx.clinic) == out.getvalue()

    dialog.grab().save(str(tmp_path / "settings-logo.png"))
    picker.remove()
    assert load_logo(ctx.clinic) is None
    assert picker.thumbnail.text() == "No logo"


LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg"
  width="300" height="100" viewBox="0 0 300 100">
  <rect x="0" y="0" width="150" height="100" fill="#1f5f6b"/>
</svg>"""


def test_an_svg_logo_is_drawn_as_a_sharp_png_and_the_user_is_told(
    qtbot: QtBot, ctx: AppContext, prompter, tmp_path: Path
):
    dialog = SettingsDialog(ctx, welcome=False)
    qtbot.addWidget(dialog)
    logo = tmp_path / "clinic.svg"
    logo.write_text(LOGO_SVG, encoding="utf-8")
    assert dialog.logo_picker.use_file(logo)
    stored = Image.open(io.BytesIO(load_logo(ctx.clinic) or b""))
    # 3:1, scaled to the 2000 x 400 box: 600 dpi at the letterhead's 16 mm height.
    assert stored.size == (1200, 400)
    assert stored.convert("RGBA").getpixel((300, 200)) == (31, 95, 107, 255)
    assert stored.convert("RGBA").getpixel((900, 200))[3] == 0  # transparent beside it
    assert prompter.messages[-1] == (
        "info",
        "The SVG logo was drawn as a 1200 × 400 pixel PNG, which is what the letters print.",
    )
    assert not dialog.logo_picker.thumbnail.pixmap().isNull()


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        (
            '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY name SYSTEM "file:///etc/hostname">]>'
            + LOGO_SVG.replace("</svg>", "<text y='50'>&name;</text></svg>"),
            "declares a document type or entities",
        ),
        ("<svg xmlns='http://www.w3.org/2000/svg'/>", "cannot be drawn"),
        ("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><rect", "cannot be drawn"),
        ("<html><body>not a logo</body></html>", "has no <svg> element"),
        (LOGO_SVG.replace("</svg>", f"<!-- {'x' * 1_100_000} --></svg>"), "the limit is"),
    ],
    ids=["entities", "no-size", "truncated", "not-svg", "too-large"],
)
def test_an_svg_that_should_not_be_read_or_cannot_be_drawn_is_refused_and_the_old_logo_stays(
    qtbot: QtBot, ctx: AppContext, prompter, tmp_path: Path, svg: str, problem: str
):
    dialog = SettingsDialog(ctx, welcome=False)
    qtbot.addWidget(dialog)
    good = tmp_path / "good.svg"
    good.write_text(LOGO_SVG, encoding="utf-8")
    assert dialog.logo_picker.use_file(good)
    before = load_logo(ctx.clinic)
    bad = tmp_path / "bad.svg"
    bad.write_text(svg, encoding="utf-8")
    assert not dialog.logo_picker.use_file(bad)
    assert prompter.messages[-1][0] == "warning"
    assert problem in prompter.messages[-1][1]
    assert prompter.messages[-1][1].startswith("logo: ")
    assert load_logo(ctx.clinic) == before
