"""The user's settings (an INI file at ``paths.settings_file``) and the Settings dialog."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QVBoxLayout, QWidget

from linkworker.paths import Paths
from linkworker.ui.widgets import intro_label

DEFAULT_AUTO_LOCK_MINUTES = 5
MIN_AUTO_LOCK_MINUTES = 1
MAX_AUTO_LOCK_MINUTES = 60

_AUTO_LOCK = "locking/auto_lock_minutes"
_GEOMETRY = "window/geometry"
_STATE = "window/state"
_PAGE = "window/page"


class AppSettings:
    """Typed access to the settings file; nothing personal is ever kept here."""

    def __init__(self, paths: Paths) -> None:
        self.qsettings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)

    @property
    def auto_lock_minutes(self) -> int:
        value = self.qsettings.value(_AUTO_LOCK, DEFAULT_AUTO_LOCK_MINUTES)
        try:
            minutes = int(str(value))
        except ValueError:
            return DEFAULT_AUTO_LOCK_MINUTES
        return max(MIN_AUTO_LOCK_MINUTES, min(MAX_AUTO_LOCK_MINUTES, minutes))

    @auto_lock_minutes.setter
    def auto_lock_minutes(self, minutes: int) -> None:
        self.qsettings.setValue(_AUTO_LOCK, int(minutes))
        self.qsettings.sync()

    def window_geometry(self) -> QByteArray | None:
        value = self.qsettings.value(_GEOMETRY)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        value = self.qsettings.value(_STATE)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue(_GEOMETRY, geometry)
        self.qsettings.setValue(_STATE, state)
        self.qsettings.sync()

    @property
    def page(self) -> str:
        return str(self.qsettings.value(_PAGE, ""))

    @page.setter
    def page(self, name: str) -> None:
        self.qsettings.setValue(_PAGE, name)


class SettingsDialog(QDialog):
    """Settings › Auto-lock: how many idle minutes before Linkworker locks itself."""

    def __init__(self, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Auto-lock"))
        self.setAccessibleName(self.tr("Auto-lock settings"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        layout = QVBoxLayout(self)
        layout.addWidget(
            intro_label(
                self.tr(
                    "Linkworker locks itself when nobody has used it for a while, so your "
                    "records stay private if you step away. You then type your passphrase to "
                    "carry on."
                )
            )
        )
        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_AUTO_LOCK_MINUTES, MAX_AUTO_LOCK_MINUTES)
        self.minutes.setValue(minutes)
        self.minutes.setSuffix(self.tr(" minutes"))
        self.minutes.setAccessibleName(self.tr("Minutes without use before locking"))
        form = QFormLayout()
        form.addRow(self.tr("Lock after"), self.minutes)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons

    def discard(self) -> None:
        self.reject()
