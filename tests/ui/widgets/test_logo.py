"""The letterhead logo in Settings: choose a PNG, see it, remove it; a bad file is refused."""

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

    bad = tmp_path / "logo.svg"
    bad.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    assert not picker.use_file(bad)
    assert prompter.messages[-1][0] == "warning"
    assert "is not a PNG image" in prompter.messages[-1][1]
    assert load_logo(ctx.clinic) == out.getvalue()

    dialog.grab().save(str(tmp_path / "settings-logo.png"))
    picker.remove()
    assert load_logo(ctx.clinic) is None
    assert picker.thumbnail.text() == "No logo"
