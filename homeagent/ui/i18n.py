"""The interface language: French or English, following the system unless the operator chose.

Our .qm files are compiled from resources/translations/*.ts at install/build time
(installer/translations.py); Qt's own (standard buttons, dialogs) come with PySide6.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

QM_DIR = Path(__file__).resolve().parent / "translations"
LANGUAGES = ("fr", "en")
FALLBACK = "en"
TRANSLATOR_NAME = "homeagent-translator"


def pick_language(preference: str, system: str | None = None) -> str:
    """'fr' or 'en': the preference when it is one of ours, else the system's, else English."""
    if preference in LANGUAGES:
        return preference
    name = (system if system is not None else QLocale.system().name()).split("_")[0].lower()
    return name if name in LANGUAGES else FALLBACK


def install(app: QCoreApplication, preference: str = "") -> str:
    """Load our catalogue and Qt's for the chosen language; returns the language used."""
    language = pick_language(preference)
    uninstall(app)  # a second build in one process (tests) replaces, never stacks
    ours = QTranslator(app)
    ours.setObjectName(TRANSLATOR_NAME)
    if ours.load(str(QM_DIR / f"homeagent_{language}.qm")):
        app.installTranslator(ours)
    elif language != FALLBACK:
        log.warning(
            "no compiled translation for %s (run installer/translations.py build)", language
        )
    qt = QTranslator(app)
    qt.setObjectName(TRANSLATOR_NAME)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    QLocale.setDefault(QLocale(language))
    return language


def uninstall(app: QCoreApplication) -> None:
    """Remove the translators install() added (the app object outlives a desk in tests)."""
    for translator in app.findChildren(QTranslator, TRANSLATOR_NAME):
        app.removeTranslator(translator)
        translator.deleteLater()
    QLocale.setDefault(QLocale.system())
