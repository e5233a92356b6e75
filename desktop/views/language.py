"""The UI language: Qt translators for the app (source strings are Vietnamese; English from
tonghop_en.qm) and for Qt's own buttons and menus (qt_vi.qm, as Qt ships no Vietnamese), and the
default QLocale, which decides how numbers are written (1.855 or 1,855).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop.paths import resource

_installed: list[QTranslator] = []


def translations_dir() -> str:
    return str(resource("translations"))


def install_language(language: str) -> bool:
    """Switch the running app to `language` ("vi" or "en"); widgets retranslate on LanguageChange.

    Returns False when a needed translation file is missing (the UI then stays Vietnamese).
    """
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    files = ["tonghop_en"] if language == "en" else ["qt_vi"]
    complete = True
    for name in files:
        translator = QTranslator(app)
        if translator.load(name, translations_dir()):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            complete = False
    if language == "en" and complete:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    return complete
