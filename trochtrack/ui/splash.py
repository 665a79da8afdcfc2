"""The splash: on screen the moment the app starts, until its first window or question.

The session's imports (the database layers, every view) and the opening of a large
clinic take a second or more; the splash answers the click at once, with the app's and
the clinic's name. The database is not open yet, so the name is the one the last
session kept in the window-state file; on a first start there is none. The splash goes
as soon as any other window shows: the main window, or a question asked on the way (the
passphrase, a damaged file, another program holding the database).

Only Qt and the paths are imported here: this module is loaded before the rest.

Not a ``QSplashScreen``: its ``show()`` and ``finish()`` wait up to a second for the
window manager to report the window visible, which on X11 and Wayland it only learns
from the event loop that the wait keeps from running (FreeCAD measured the same second,
FreeCAD/FreeCAD#29917). This one waits for its window to be exposed for at most
:data:`EXPOSE_WAIT_MS`, running the event loop meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QObject, QRect, QSettings, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QWidget
from typing_extensions import override

from trochtrack.paths import AppPaths, own_private_dir
from trochtrack.ui.icon import app_icon

UI_STATE_FILE: Final = "ui-state.ini"
"""Window geometry and the like (UI state; the clinic's settings are in the database)."""
CLINIC_NAME_KEY: Final = "splash/clinic_name"
WIDTH: Final = 460
HEIGHT: Final = 170
ICON_SIZE: Final = 72
MARGIN: Final = 24
GAP: Final = 6
OPENING: Final = "Opening the records…"
EXPOSE_WAIT_MS: Final = 250
"""How long the splash waits to be on screen before the imports go on (a few ms on X11)."""


def ui_state(paths: AppPaths) -> QSettings:
    """The window-state file of these paths (made private on first use)."""
    own_private_dir(paths.config)
    return QSettings(str(paths.config / UI_STATE_FILE), QSettings.Format.IniFormat)


def remembered_clinic_name(paths: AppPaths) -> str | None:
    """The clinic's name as the last session left it, if it had one."""
    value = ui_state(paths).value(CLINIC_NAME_KEY)
    return value if isinstance(value, str) and value.strip() else None


def remember_clinic_name(paths: AppPaths, name: str | None) -> None:
    """Keep the clinic's name for the next start's splash (forgotten when unset)."""
    state = ui_state(paths)
    if name and name.strip():
        state.setValue(CLINIC_NAME_KEY, name)
    else:
        state.remove(CLINIC_NAME_KEY)
    state.sync()


class StartupSplash(QWidget):
    """The app's icon and name, the clinic's name, and that the records are opening."""

    def __init__(self, clinic_name: str | None) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("startupSplash")
        self.setAccessibleName(" ".join(filter(None, ["trochtrack", clinic_name, OPENING])))
        self.clinic_name = clinic_name
        self.picture = _picture(clinic_name)
        self.setFixedSize(WIDTH, HEIGHT)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.move(screen.center() - self.rect().center())
        application = QApplication.instance()
        if application is not None:
            application.installEventFilter(self)

    @classmethod
    @contextmanager
    def shown(cls, paths: AppPaths) -> Iterator[StartupSplash]:
        """On screen and painted now; gone by the end of the block at the latest."""
        splash = cls(remembered_clinic_name(paths))
        splash.show()
        waited = QElapsedTimer()
        waited.start()
        window = splash.windowHandle()
        while not window.isExposed() and waited.elapsed() < EXPOSE_WAIT_MS:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
        splash.repaint()
        QApplication.processEvents()
        try:
            yield splash
        finally:
            splash.leave()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.picture)
        painter.end()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self
        ):
            self.leave()
        return False

    def leave(self) -> None:
        """Off screen for good (another window has come)."""
        application = QApplication.instance()
        if application is not None:
            application.removeEventFilter(self)
        self.close()


def _picture(clinic_name: str | None) -> QPixmap:
    """The splash drawn in the desktop's own colours, sharp on a high-density screen.

    A long clinic name wraps onto a second line rather than being cut short.
    """
    ratio = QGuiApplication.primaryScreen().devicePixelRatio()
    pixmap = QPixmap(int(WIDTH * ratio), int(HEIGHT * ratio))
    pixmap.setDevicePixelRatio(ratio)
    palette = QGuiApplication.palette()
    pixmap.fill(palette.color(QPalette.ColorRole.Window))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(palette.color(QPalette.ColorRole.Mid))
    painter.drawRect(0, 0, WIDTH - 1, HEIGHT - 1)
    painter.drawPixmap(MARGIN, (HEIGHT - ICON_SIZE) // 2, app_icon().pixmap(ICON_SIZE, ICON_SIZE))
    left = MARGIN * 2 + ICON_SIZE
    width = WIDTH - left - MARGIN
    lines = [("trochtrack", 20, True, QPalette.ColorRole.WindowText)]
    if clinic_name:
        lines.append((clinic_name, 12, False, QPalette.ColorRole.WindowText))
    lines.append((OPENING, 10, False, QPalette.ColorRole.PlaceholderText))
    flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
    boxes: list[tuple[QFont, QRect]] = []
    for text, points, bold, _role in lines:
        font = QFont(painter.font())
        font.setPointSize(points)
        font.setBold(bold)
        metrics = QFontMetrics(font)
        most = QRect(0, 0, width, metrics.lineSpacing() * 2)
        boxes.append((font, metrics.boundingRect(most, flags, text).intersected(most)))
    top = (HEIGHT - sum(box.height() + GAP for _font, box in boxes) + GAP) // 2
    for (text, _points, _bold, role), (font, box) in zip(lines, boxes, strict=True):
        painter.setFont(font)
        painter.setPen(palette.color(role))
        painter.drawText(QRect(left, top, width, box.height()), flags, text)
        top += box.height() + GAP
    painter.end()
    return pixmap
