"""The French and English catalogues: up to date with the sources, complete, and in use.

The .ts files are committed (resources/translations); the .qm files are built from them by
installer/translations.py, which these tests drive into temporary directories.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from homeagent.ui import i18n
from homeagent.ui.desk_window import DeskParts, DeskWindow
from homeagent.ui.softphone_vm import SoftphoneViewModel
from tests.ui.conftest import Phone

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("fr", "en")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
NBSP = "\u00a0"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "homeagent_translations_tool", ROOT / "installer" / "translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _load_tool()


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    numerus: bool
    kind: str  # the translation's type attribute: "" when finished
    forms: tuple[str, ...]  # the translation, or its numerus forms


def read_ts(path: Path) -> list[Message]:
    out = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, (name, message.findtext("source"))
            numerus = message.get("numerus") == "yes"
            forms = (
                tuple(f.text or "" for f in translation.iter("numerusform"))
                if numerus
                else (translation.text or "",)
            )
            out.append(
                Message(
                    name,
                    message.findtext("source") or "",
                    numerus,
                    translation.get("type", ""),
                    forms,
                )
            )
    return out


@pytest.fixture(scope="module")
def catalogues() -> dict[str, list[Message]]:
    return {lang: read_ts(TS_DIR / f"homeagent_{lang}.ts") for lang in LANGUAGES}


@pytest.fixture(scope="module")
def qm_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("qm")
    built = TOOL.build(directory)
    assert [p.name for p in built] == [f"homeagent_{lang}.qm" for lang in LANGUAGES]
    return directory


class Translators:
    """Translators installed for one test: removed again (and the locale reset) after it."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.mine: list[QTranslator] = []

    def install(self, translator: QTranslator) -> None:
        assert self.app.installTranslator(translator)
        self.mine.append(translator)

    def adopt(self, translator: QTranslator) -> None:
        """One installed by the code under test."""
        self.mine.append(translator)


@pytest.fixture
def installed(qapp: QApplication) -> Iterator[Translators]:
    translators = Translators(qapp)
    default_locale = QLocale()
    yield translators
    for translator in translators.mine:
        qapp.removeTranslator(translator)
        if translator.parent() is qapp:
            translator.setParent(None)
            translator.deleteLater()
    QLocale.setDefault(default_locale)


def french(qm_dir: Path) -> QTranslator:
    translator = QTranslator()
    assert translator.load(str(qm_dir / "homeagent_fr.qm"))
    return translator


# ---- (a) the committed catalogues follow the sources ------------------------------------------


def test_ts_files_are_up_to_date_with_the_sources(
    tmp_path: Path, catalogues: dict[str, list[Message]]
) -> None:
    fresh = TOOL.update(tmp_path)
    assert [p.name for p in fresh] == [f"homeagent_{lang}.ts" for lang in LANGUAGES]
    for lang, path in zip(LANGUAGES, fresh, strict=True):
        expected = {(m.context, m.source, m.numerus) for m in read_ts(path)}
        committed = {(m.context, m.source, m.numerus) for m in catalogues[lang]}
        hint = "run `python installer/translations.py update`, then translate"
        assert committed - expected == set(), f"{lang}: stale messages; {hint}"
        assert expected - committed == set(), f"{lang}: messages missing; {hint}"
        assert len(expected) > 400  # lupdate really read the sources


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_the_sources_do_not_hide_text_from_lupdate() -> None:
    """lupdate reads only literals: `tr(variable)` is never extracted, and `parent.tr(...)`
    lands in a context named "parent" that no class looks up at run time."""
    offenders = []
    for path in sorted((ROOT / "homeagent" / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:80]}"
            if node.func.attr == "tr":
                on_self = isinstance(node.func.value, ast.Name) and node.func.value.id == "self"
                if not on_self or not node.args or not _literal(node.args[0]):
                    offenders.append(where)
            elif node.func.attr == "translate" and not (
                len(node.args) >= 2 and _literal(node.args[0]) and _literal(node.args[1])
            ):
                offenders.append(where)
    assert offenders == []


# ---- (b) complete and consistent ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_finished_and_keeps_its_placeholders(
    lang: str, catalogues: dict[str, list[Message]]
) -> None:
    messages = catalogues[lang]
    assert len(messages) > 400
    problems = []
    for m in messages:
        where = f"{m.context} {m.source!r}"
        if m.kind:
            problems.append(f"{where}: type={m.kind}")
        if m.numerus and len(m.forms) != 2:
            problems.append(f"{where}: {len(m.forms)} plural forms")
        for form in m.forms:
            if not form.strip():
                problems.append(f"{where}: empty")
            if set(PLACEHOLDER.findall(form)) != set(PLACEHOLDER.findall(m.source)):
                problems.append(f"{where}: placeholders differ in {form!r}")
            if ("%n" in form) != ("%n" in m.source):
                problems.append(f"{where}: %n differs in {form!r}")
            if form.count("&") != m.source.count("&"):
                problems.append(f"{where}: accelerator differs in {form!r}")
            if "\n" in m.source and "\n" not in form:
                problems.append(f"{where}: line break lost in {form!r}")
    assert problems == []


def test_english_translations_are_the_sources(catalogues: dict[str, list[Message]]) -> None:
    for m in catalogues["en"]:
        if not m.numerus:
            assert m.forms == (m.source,), m


def test_french_follows_french_typography(catalogues: dict[str, list[Message]]) -> None:
    problems = []
    for m in catalogues["fr"]:
        for form in m.forms:
            if re.search(r"[^\u00a0\u202f][:;!?](\s|$)", form):
                problems.append(f"{m.context} {form!r}: no non-breaking space before : ; ! ?")
            if re.search(r"[\"“”]", form):
                problems.append(f"{m.context} {form!r}: use « » quotes")
            if "«" in form and f"«{NBSP}" not in form:
                problems.append(f"{m.context} {form!r}: no non-breaking space inside « »")
            if m.source.endswith("…") and not form.endswith("…"):
                problems.append(f"{m.context} {form!r}: ellipsis lost")
    assert problems == []


# Accelerators that are live at the same time: the window's (menu bar titles, tabs, the ticket
# form's labels), and each menu's entries.
ACCELERATOR_GROUPS = {
    "desk window": [
        ("DeskWindow", "Home&Agent"),
        ("DeskWindow", "Shi&ft"),
        ("DeskWindow", "&Tools"),
        ("DeskWindow", "He&lp"),
        ("DeskWindow", "&Customer"),
        ("DeskWindow", "P&roducts"),
        ("DeskWindow", "&History"),
        ("DeskWindow", "&My day"),
        ("TicketPanel", "&Submit"),
        ("TicketPanel", "&Category"),
        ("TicketPanel", "S&ubject"),
        ("TicketPanel", "&Product"),
        ("TicketPanel", "&Disposition"),
        ("TicketPanel", "&Notes"),
    ],
    "HomeAgent menu": [("DeskWindow", "Sign &out"), ("DeskWindow", "&Quit")],
    "Shift menu": [
        ("ShiftBar", "Clock &in"),
        ("ShiftBar", "Start or end a &break"),
        ("ShiftBar", "Clock &out"),
        ("ShiftBar", "&Timesheet…"),
        ("DeskWindow", "&Pre-shift check…"),
    ],
    "Help menu": [("DeskWindow", "&Keyboard shortcuts"), ("DeskWindow", "&About HomeAgent")],
    "sign-in box": [("SignInBox", "&User name"), ("SignInBox", "&Password")],
}


def _accelerator(text: str) -> str:
    found = re.search(r"&([^&])", text)
    assert found is not None, text
    return found.group(1).lower()


def test_french_accelerators_are_unique_where_they_live_together(
    catalogues: dict[str, list[Message]],
) -> None:
    translated = {(m.context, m.source): m.forms[0] for m in catalogues["fr"]}
    for group, members in ACCELERATOR_GROUPS.items():
        texts = [translated[member] for member in members]
        letters = [_accelerator(text) for text in texts]
        assert len(set(letters)) == len(letters), (group, texts)


# ---- (c) the compiled catalogues and the language choice ---------------------------------------


def test_compiled_french_catalogue_translates(qm_dir: Path, installed: Translators) -> None:
    translator = french(qm_dir)
    assert translator.language() == "fr"
    assert translator.translate("DeskWindow", "&Quit") == "&Quitter"
    assert translator.translate("ShiftBar", "Clock in") == "Pointer l'arrivée"
    assert translator.translate("ShiftViewModel", "Not ready") == "Indisponible"
    assert translator.translate("TicketPanel", "&Disposition") == "&Qualification"
    assert translator.translate("Shortcuts", "Clock out") == "Pointer le départ"
    installed.install(translator)
    tr = QCoreApplication.translate
    assert tr("SyncViewModel", "%n item(s) will be sent again", None, 1) == (
        "1 élément sera renvoyé"
    )
    assert tr("SyncViewModel", "%n item(s) will be sent again", None, 3) == (
        "3 éléments seront renvoyés"
    )
    assert tr("CustomerViewModel", "No customer found for “{query}”.").format(query="Zoé") == (
        f"Aucun client trouvé pour «{NBSP}Zoé{NBSP}»."
    )
    assert tr("NoContext", "Untranslated") == "Untranslated"


def test_compiled_english_catalogue_has_proper_plurals(
    qm_dir: Path, installed: Translators
) -> None:
    translator = QTranslator()
    assert translator.load(str(qm_dir / "homeagent_en.qm"))
    installed.install(translator)
    tr = QCoreApplication.translate
    assert tr("SyncViewModel", "%n item(s) exported to {path}", None, 1) == (
        "1 item exported to {path}"
    )
    assert tr("SyncViewModel", "%n item(s) exported to {path}", None, 2) == (
        "2 items exported to {path}"
    )
    assert tr("DeskWindow", "&Quit") == "&Quit"


@pytest.mark.parametrize(
    ("preference", "system", "expected"),
    [
        ("fr", "en_US", "fr"),
        ("en", "fr_FR", "en"),
        ("", "fr_FR", "fr"),
        ("", "fr_CA", "fr"),
        ("", "en_GB", "en"),
        ("", "de_DE", "en"),
        ("", "C", "en"),
        ("de", "fr_BE", "fr"),
        ("de", "it_IT", "en"),
    ],
)
def test_pick_language_follows_preference_then_system_then_english(
    preference: str, system: str, expected: str
) -> None:
    assert i18n.pick_language(preference, system) == expected


def test_install_loads_ours_and_qts_for_the_chosen_language(
    qapp: QApplication,
    qm_dir: Path,
    installed: Translators,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(i18n, "QM_DIR", qm_dir)
    before = set(qapp.findChildren(QTranslator))
    try:
        assert i18n.install(qapp, "fr") == "fr"
    finally:
        for translator in set(qapp.findChildren(QTranslator)) - before:
            installed.adopt(translator)
    tr = QCoreApplication.translate
    assert tr("DeskWindow", "&Settings…") == "&Paramètres…"
    assert tr("QPlatformTheme", "Cancel") == "Annuler"  # Qt's own catalogue
    assert QLocale().language() == QLocale.Language.French


# ---- (d) the desk in French --------------------------------------------------------------------


def test_desk_window_speaks_french(
    phone: Phone, qtbot: QtBot, qm_dir: Path, installed: Translators
) -> None:
    installed.install(french(qm_dir))
    vm = SoftphoneViewModel(phone.telephony, phone.session, clock=phone.timers.now)
    try:
        tabs = {name: QLabel(name) for name in ("customer", "products", "history", "my_day")}
        win = DeskWindow(
            vm,
            DeskParts(
                customer=tabs["customer"],
                products=tabs["products"],
                history=tabs["history"],
                my_day=tabs["my_day"],
                ticket=QLabel("ticket"),
                open_settings=lambda: None,
                open_preshift=lambda: None,
            ),
        )
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        assert [a.text() for a in win.menuBar().actions()] == [
            "&HomeAgent",
            "&Service",
            "&Outils",
            "&Aide",
        ]
        assert [a.text() for a in win.menus["file"].actions() if a.text()] == [
            "Se &déconnecter",
            "&Quitter",
        ]
        assert [a.text() for a in win.menus["shift"].actions() if a.text()] == [
            "&Vérification de début de service…"
        ]
        assert [a.text() for a in win.menus["tools"].actions()] == ["&Paramètres…"]
        assert [a.text() for a in win.menus["help"].actions()] == [
            "&Raccourcis clavier",
            "À &propos de HomeAgent",
        ]
        assert [win.tabs.tabText(i) for i in range(win.tabs.count())] == [
            "&Client",
            "&Produits",
            "H&istorique",
            "&Ma journée",
        ]
        signin = win.signin
        assert signin.title() == "Se connecter"
        assert signin.sign_in_button.text() == "Se connecter"
        assert signin.remember_check.text() == "Rester connecté sur cet ordinateur"
        labels = {label.text() for label in signin.findChildren(QLabel)}
        assert {"&Identifiant", "&Mot de passe"} <= labels
        assert win.registration_label.text() == "Déconnecté"
        signin.sign_in_button.click()
        assert win.sign_in_message.text() == ("Saisissez votre identifiant et votre mot de passe.")
    finally:
        vm.close()
