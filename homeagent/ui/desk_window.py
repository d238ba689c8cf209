"""The agent desktop: sign-in page, then the desk the operator lives in all day.

  +------------------------------------------------------------------------+
  | DEMO badge / line banner / sync banner                                 |
  | shift bar: clock in/out, break, worked today, status selector          |
  +-------------------+-----------------------------------+----------------+
  | incoming call     | Customer | Products | History | My day | ticket  |
  | dialler, calls,   |                                   | form and       |
  | call buttons, pad |   (tabs)                          | wrap-up        |
  +-------------------+-----------------------------------+----------------+
  | line status                                   sync status              |

The window only lays the parts out; each part is a thin view over its own view-model, built
in app.py. Parts that a deployment lacks are simply left out.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from homeagent.ui.call_panel import CallPanel
from homeagent.ui.ringing_panel import RingingPanel
from homeagent.ui.sign_in_box import SignInBox
from homeagent.ui.softphone_vm import SoftphoneViewModel
from homeagent.ui.softphone_window import LineBanner, bring_to_front
from homeagent.ui.widgets import plain_label


@dataclass
class DeskParts:
    """The widgets app.py built for this deployment, and the dialogs the menus open."""

    shift_bar: QWidget | None = None
    banners: list[QWidget] = field(default_factory=list)
    customer: QWidget | None = None
    products: QWidget | None = None
    history: QWidget | None = None
    my_day: QWidget | None = None
    ticket: QWidget | None = None
    sync_status: QWidget | None = None
    # menu entries: (menu, text, shortcut, handler); menus: "shift", "tools", "help"
    actions: list[tuple[str, str, str, Callable[[], None]]] = field(default_factory=list)
    open_settings: Callable[[], object] | None = None
    open_preshift: Callable[[], object] | None = None
    open_training: Callable[[], object] | None = None
    # export(path, on_done(path), on_error(exc)) runs off the GUI thread; the window asks where
    export_diagnostics: (
        Callable[[Path, Callable[[Path], None], Callable[[Exception], None]], None] | None
    ) = None
    diagnostics_name: Callable[[], str] | None = None


TAB_KEYS = ("Alt+1", "Alt+2", "Alt+3", "Alt+4")


def _ignore(fn: Callable[[], object]) -> Callable[[], None]:
    def call() -> None:
        fn()

    return call


class DeskWindow(QMainWindow):
    def __init__(self, vm: SoftphoneViewModel, parts: DeskParts) -> None:
        super().__init__()
        self._vm = vm
        self.parts = parts
        self._signed_in = False
        self._base_title = self.tr("HomeAgent")
        self.setObjectName("deskWindow")
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.sign_in_page = self._build_sign_in_page()
        self.desk_page = self._build_desk_page()
        self.stack.addWidget(self.sign_in_page)
        self.stack.addWidget(self.desk_page)
        self.registration_label = plain_label("registrationLabel", self.tr("Line status"))
        self.statusBar().addWidget(self.registration_label, 1)
        if parts.sync_status is not None:
            self.statusBar().addPermanentWidget(parts.sync_status)
        self._build_menus()
        self.calls.dtmf_shown.connect(self._on_calls_dtmf_shown)
        vm.registration_changed.connect(self._on_vm_registration_changed)
        vm.notice_raised.connect(self._on_vm_notice_raised)
        self._on_vm_registration_changed()
        self.set_signed_in(False)
        self.resize(QSize(1280, 800))

    # ---- pages ---------------------------------------------------------------------------

    def _build_sign_in_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("signInPage")
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        title = QLabel(self.tr("HomeAgent"))
        title.setObjectName("signInTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(title)
        self.sign_in_demo = plain_label("signInDemo", self.tr("Demo mode"))
        self.sign_in_demo.setText(
            self.tr("DEMO / TRAINING — sample customers and a simulated phone line.")
        )
        self.sign_in_demo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.sign_in_demo.setVisible(self._vm.demo)
        outer.addWidget(self.sign_in_demo)
        self.signin = SignInBox(self._vm, self.tr("Keep me signed in on this computer"))
        self.signin.setMaximumWidth(420)
        self.signin.sign_out_button.hide()  # signing out happens from the desk
        outer.addWidget(self.signin, 0, Qt.AlignmentFlag.AlignHCenter)
        self.sign_in_message = plain_label("signInMessage", self.tr("Sign-in message"))
        self.sign_in_message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.sign_in_message.setMaximumWidth(520)
        outer.addWidget(self.sign_in_message, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        return page

    def _build_desk_page(self) -> QWidget:
        parts = self.parts
        page = QWidget()
        page.setObjectName("deskPage")
        root = QVBoxLayout(page)
        self.demo_label = plain_label("demoLabel", self.tr("Demo mode"))
        self.demo_label.setText(
            self.tr("DEMO / TRAINING — simulated callers and sample customers; nothing is real.")
        )
        self.demo_label.setStyleSheet(
            "background: #fde68a; color: #000; padding: 4px; font-weight: bold;"
        )
        self.demo_label.setVisible(self._vm.demo)
        root.addWidget(self.demo_label)
        self.banner = LineBanner(self._vm)
        root.addWidget(self.banner)
        for extra in parts.banners:
            root.addWidget(extra)
        if parts.shift_bar is not None:
            root.addWidget(parts.shift_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("deskSplitter")
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        self.ringing = RingingPanel(self._vm)
        left_box.addWidget(self.ringing)
        self.calls = CallPanel(self._vm)
        left_box.addWidget(self.calls, 1)
        self.splitter.addWidget(left)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("deskTabs")
        self.tabs.setAccessibleName(self.tr("Customer, products, history and my day"))
        for widget, text in (
            (parts.customer, self.tr("&Customer")),
            (parts.products, self.tr("P&roducts")),
            (parts.history, self.tr("&History")),
            (parts.my_day, self.tr("&My day")),
        ):
            if widget is not None:
                self.tabs.addTab(widget, text)
        self.splitter.addWidget(self.tabs)
        if parts.ticket is not None:
            self.splitter.addWidget(parts.ticket)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([360, 560, 420])
        root.addWidget(self.splitter, 1)
        order = [*self.calls.tab_chain(), self.tabs]
        if parts.ticket is not None:
            order.append(parts.ticket)
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        return page

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus = {
            "file": bar.addMenu(self.tr("Home&Agent")),
            "shift": bar.addMenu(self.tr("Shi&ft")),
            "tools": bar.addMenu(self.tr("&Tools")),
            "help": bar.addMenu(self.tr("He&lp")),
        }
        self.sign_out_action = self._action("file", self.tr("Sign &out"), "", self._vm.sign_out)
        self.menus["file"].addSeparator()
        self._action("file", self.tr("&Quit"), "Ctrl+Q", self._quit)
        for index, key in enumerate(TAB_KEYS):
            self._action("view", "", key, self._tab_shower(index))
        for menu, text, keys, handler in self.parts.actions:
            self._action(menu, text, keys, handler)
        parts = self.parts
        if parts.open_preshift is not None:
            self.menus["shift"].addSeparator()
            self._action("shift", self.tr("&Pre-shift check…"), "", _ignore(parts.open_preshift))
        if parts.open_settings is not None:
            self._action("tools", self.tr("&Settings…"), "Ctrl+,", _ignore(parts.open_settings))
        if parts.open_training is not None:
            self._action("tools", self.tr("T&raining…"), "", _ignore(parts.open_training))
        self._action("view", "", "Ctrl+F", self.focus_search)
        self._action("help", self.tr("&Keyboard shortcuts"), "F1", self._show_shortcuts)
        if parts.export_diagnostics is not None:
            self._action("help", self.tr("Export &diagnostics…"), "", self.export_diagnostics)
        self._action("help", self.tr("&About HomeAgent"), "", self._show_about)

    def _action(self, menu: str, text: str, keys: str, handler: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: handler())
        if menu in self.menus:
            self.menus[menu].addAction(action)
        else:
            self.addAction(action)  # a shortcut with no menu entry
        return action

    def export_diagnostics(self, path: Path | None = None) -> None:
        """Ask where (unless told), then write the zip in the background and say so."""
        from PySide6.QtWidgets import QFileDialog

        export = self.parts.export_diagnostics
        if export is None:
            return
        if path is None:
            name = (
                self.parts.diagnostics_name() if self.parts.diagnostics_name else "diagnostics.zip"
            )
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export diagnostics"), str(Path.home() / name),
                self.tr("Zip files (*.zip)"),
            )  # fmt: skip
            if not chosen:
                return
            path = Path(chosen)
        self.statusBar().showMessage(self.tr("Exporting diagnostics…"))
        export(path, self._on_diagnostics_saved, self._on_diagnostics_failed)

    def _on_diagnostics_saved(self, path: Path) -> None:
        self.statusBar().showMessage(
            self.tr("Diagnostics saved to {path}").format(path=str(path)), 10000
        )

    def _on_diagnostics_failed(self, exc: Exception) -> None:
        self.statusBar().showMessage(
            self.tr("Diagnostics not saved: {error}").format(error=str(exc)), 10000
        )

    def _show_shortcuts(self) -> None:
        from homeagent.ui.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self).open()

    def _show_about(self) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        QMessageBox.about(
            self,
            self.tr("About HomeAgent"),
            self.tr(
                "HomeAgent {version}\nSoftphone and agent desktop for call-centre operators."
            ).format(version=QApplication.applicationVersion()),
        )

    def _quit(self) -> None:
        self.close()

    def _tab_shower(self, index: int) -> Callable[[], None]:
        return lambda: self.show_tab(index)

    # ---- state ---------------------------------------------------------------------------

    def set_signed_in(self, signed_in: bool, who: str = "") -> None:
        self._signed_in = signed_in
        self.stack.setCurrentWidget(self.desk_page if signed_in else self.sign_in_page)
        self.sign_out_action.setEnabled(signed_in)
        for name in ("shift", "tools"):
            self.menus[name].setEnabled(signed_in)
        title = self._base_title if not who else f"{self._base_title} — {who}"
        self.setWindowTitle(
            self.tr("{title} — DEMO").format(title=title) if self._vm.demo else title
        )
        if signed_in:
            self.calls.number_edit.setFocus()
        else:
            self.signin.username_edit.setFocus()

    def show_tab(self, index: int) -> None:
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)
            self.tabs.currentWidget().setFocus()

    def show_widget(self, widget: QWidget) -> None:
        """Bring a tab (the customer card, a product) to the front."""
        index = self.tabs.indexOf(widget)
        if index >= 0:
            self.tabs.setCurrentIndex(index)

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the tab in front (customers, products, history)."""
        current = self.tabs.currentWidget()
        focus = getattr(current, "focus_search", None)
        if callable(focus):
            focus()

    def bring_to_front(self) -> None:
        bring_to_front(self)

    # ---- signals -------------------------------------------------------------------------

    @Slot()
    def _on_vm_registration_changed(self) -> None:
        self.registration_label.setText(self._vm.registration_text())

    @Slot(str)
    def _on_vm_notice_raised(self, text: str) -> None:
        if not self._signed_in:
            self.sign_in_message.setText(text)

    @Slot(str)
    def _on_calls_dtmf_shown(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)
