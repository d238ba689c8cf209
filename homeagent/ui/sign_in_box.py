"""The sign-in form: user name, password, remember me. The password field is cleared at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from homeagent.ui.softphone_vm import SoftphoneViewModel
from homeagent.ui.widgets import button, line_edit


class SignInBox(QGroupBox):
    def __init__(
        self, vm: SoftphoneViewModel, remember_text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Sign in"))
        self.setObjectName("signInBox")
        self._vm = vm
        form = QFormLayout(self)
        self.username_edit = line_edit("usernameEdit", self.tr("User name"))
        self.password_edit = line_edit("passwordEdit", self.tr("Password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self._on_sign_in_button_clicked)
        self.remember_check = QCheckBox(remember_text or self.tr("Remember password"))
        self.remember_check.setObjectName("rememberCheck")
        self.remember_check.setAccessibleName(self.remember_check.text())
        self.sign_in_button = button(
            self.tr("Sign in"), self._on_sign_in_button_clicked, name="signInButton"
        )
        self.sign_out_button = button(
            self.tr("Sign out"), self._on_sign_out_button_clicked, name="signOutButton"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(self.sign_out_button)
        for text, edit in (
            (self.tr("&User name"), self.username_edit),
            (self.tr("&Password"), self.password_edit),
        ):
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setBuddy(edit)
            form.addRow(label, edit)
        form.addRow(self.remember_check)
        form.addRow(buttons)
        vm.registration_changed.connect(self._on_vm_registration_changed)
        self.render_controls()

    def tab_chain(self) -> list[QWidget]:
        return [
            self.username_edit,
            self.password_edit,
            self.remember_check,
            self.sign_in_button,
            self.sign_out_button,
        ]

    def render_controls(self) -> None:
        c = self._vm.controls()
        for widget in (
            self.sign_in_button,
            self.username_edit,
            self.password_edit,
            self.remember_check,
        ):
            widget.setEnabled(c.sign_in)
        self.sign_out_button.setEnabled(c.sign_out)

    @Slot()
    def _on_vm_registration_changed(self) -> None:
        self.render_controls()

    @Slot()
    def _on_sign_in_button_clicked(self) -> None:
        if not self._vm.controls().sign_in:
            return
        self._vm.sign_in(
            self.username_edit.text(), self.password_edit.text(), self.remember_check.isChecked()
        )
        self.password_edit.clear()

    @Slot()
    def _on_sign_out_button_clicked(self) -> None:
        self._vm.sign_out()
