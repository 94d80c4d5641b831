"""The interface language: Qt translators, switched live, and the bundled Chinese font.

Languages are "en" (the source strings, no translator) and "zh_CN" (Simplified Chinese). Two
translators are installed for zh_CN: ours (``resources/i18n/losslab_zh_CN.qm``, built by
``build_scripts/i18n.py`` from the ``.ts`` sources, it also carries pyqtgraph's context-menu strings) and
Qt's own ``qtbase_zh_CN.qm`` from the PySide6 wheel (standard dialogs, QDialogButtonBox's "Cancel", …).

Use
    install(app, settings)          at start-up: registers the font, applies the remembered language (the
                                    system locale's on first start) and follows settings.languageChanged
    set_language(app, code)         installs/removes the translators now; every widget gets a
                                    QEvent.LanguageChange
    populate_language_menu(menu, app, settings)   View ▸ Language's actions (English / 简体中文)
    retranslate_pyqtgraph(scene)    pyqtgraph's right-click menus again, in the current language
    translate(context, text)        QCoreApplication.translate for code that is not a QObject. Keep the
                                    name: pyside6-lupdate extracts ``translate("Context", "text")`` calls
                                    (a helper called ``tr(context, text)`` would be read as tr(text,
                                    disambiguation) and land in the wrong context).

How a widget follows a live switch (the pattern for the tr() pass)::

    class ScalePanel(QWidget):
        def __init__(self, ...):
            ...                          # build widgets without text
            self.retranslate()

        def retranslate(self) -> None:   # every user-visible string, set again
            self.keep.setText(self.tr("keep lr × scale constant"))
            self.keep.setToolTip(self.tr("Dragging one slider moves the other ..."))

        def changeEvent(self, event):
            if event.type() == QEvent.Type.LanguageChange:
                self.retranslate()
            super().changeEvent(event)

The context of ``self.tr("…")`` is the class it is written in (lupdate's rule); module-level tables of
labels are marked with ``QT_TRANSLATE_NOOP("Context", "text")`` and looked up with
``translate("Context", text)`` when shown. Strings built at run time are written as one template,
``self.tr("Opened {name}").format(name=...)``, never glued from pieces (lupdate reads literals only).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

import core.i18n
from app.resources import resource_path

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}  # code → its name in its own language (menu labels)
DEFAULT = "en"
FONT_FILE = ("fonts", "NotoSansSC-losslab.otf")
BUNDLED_FAMILY = "LossLab Noto Sans SC"  # the family name inside FONT_FILE (build_scripts/make_font.py)
# Families our widgets ask for (the platform's default is added at run time). The bundled font is a
# substitute for each, so a glyph none of them has (hanzi on a machine without Chinese fonts) comes from it.
FALLBACK_FOR = ("DejaVu Sans", "DejaVu Sans Mono", "Sans Serif", "sans-serif", "monospace", "Monospace",
                "Helvetica", "Arial", "Segoe UI", ".AppleSystemUIFont", "Noto Sans", "Liberation Sans")

_state: dict = {"translators": [], "language": DEFAULT, "font_family": None}


def qm_path(code: str) -> Path:
    return resource_path("i18n", f"losslab_{code}.qm")


def qt_qm_path(code: str) -> Path:
    """Qt's own catalogue for standard dialogs: in the PySide6 wheel's translations folder, else (a bundle
    that keeps only this file) beside ours in resources/i18n."""
    name = f"qtbase_{code}.qm"
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return folder / name if (folder / name).is_file() else resource_path("i18n", name)


def normalise(code: str | None) -> str:
    """A locale name → one of LANGUAGES: zh, zh_CN, zh-Hans, zh_SG… → "zh_CN"; anything else → "en"."""
    text = (code or "").replace("-", "_").strip()
    return "zh_CN" if text.lower().startswith("zh") else DEFAULT


def system_language() -> str:
    """The language to start in when none was chosen yet: Chinese for a zh* system locale, else English."""
    locale = QLocale.system()
    if locale.language() == QLocale.Language.Chinese:
        return "zh_CN"
    return normalise(locale.name())


def current_language() -> str:
    return _state["language"]


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate(context, text, disambiguation, n)


def _core_text(context: str, text: str) -> str:
    """core.i18n's translator in the app: the catalogue's entry for core's (context, text)."""
    return QCoreApplication.translate(context, text)


def _load(path: Path) -> QTranslator | None:
    """A translator reading ``path``'s catalogue from memory: loaded from the file, Qt maps it and reads it
    lazily, so a catalogue rebuilt while the app runs (build_scripts/i18n.py update) turned later lookups
    English in a running window. Qt does not copy the bytes: the translator keeps them."""
    if not path.is_file():
        return None
    data = path.read_bytes()
    translator = QTranslator()
    if not translator.load(data):
        return None
    translator.qm_bytes = data
    return translator


def set_language(app, code: str) -> str:
    """Install the translators for ``code`` (removing the previous ones) and return the language now in
    force. Every widget has had its QEvent.LanguageChange when this returns. An unknown code raises
    ValueError and leaves the current language as it was; a missing ``.qm`` leaves the texts English."""
    if code not in LANGUAGES:
        raise ValueError(f"unknown language '{code}'; available: {', '.join(LANGUAGES)}")
    for translator in _state["translators"]:
        app.removeTranslator(translator)
    _state["translators"] = []
    if code != DEFAULT:
        for path in (qt_qm_path(code), qm_path(code)):  # ours last: it is searched first
            translator = _load(path)
            if translator is not None:
                translator.setParent(app)  # lives as long as the application
                app.installTranslator(translator)
                _state["translators"].append(translator)
    _state["language"] = code
    # core's refusal messages (core.i18n.translate) follow the window's language; English needs no
    # translator, and the command line never calls this, so its messages stay English
    core.i18n.set_translator(_core_text if code != DEFAULT else None)
    # Qt posts the LanguageChange; deliver it now so every widget has retranslated when this returns
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return code


def stored_language(settings) -> str | None:
    """The language remembered in ``settings`` (app.settings.AppSettings), or None when nothing was ever
    chosen there (first start: follow the system locale)."""
    store = getattr(settings, "_store", None)
    if store is not None and not store.contains("language"):
        return None
    code = getattr(settings, "language", None)
    return code if code in LANGUAGES else None


def remember(settings, code: str) -> bool:
    """Save the choice through the settings object; False where its version does not accept ``code`` yet."""
    try:
        settings.set_language(code)
    except ValueError:
        return False
    return True


class _Follower(QObject):
    def __init__(self, app, settings):
        super().__init__(settings)  # lives as long as the settings object
        self._app = app
        settings.languageChanged.connect(self._follow)

    def _follow(self, code: str) -> None:
        if code in LANGUAGES and code != current_language():
            set_language(self._app, code)


def install(app, settings=None) -> str:
    """Start-up: register the bundled font as a fallback, choose the language (remembered, else the
    system's) and, with ``settings``, follow its languageChanged signal. Returns the language chosen."""
    install_font(app)
    code = (stored_language(settings) if settings is not None else None) or system_language()
    set_language(app, code)
    if settings is not None:
        if settings.findChild(_Follower) is None:  # one per settings object, however often install runs
            _Follower(app, settings)
        if settings.language != code:
            remember(settings, code)
    return code


def choose(app, settings, code: str) -> str:
    """What View ▸ Language calls: switch now and remember (the switch happens even where the settings
    object cannot store the code yet)."""
    set_language(app, code)
    if settings is not None:
        remember(settings, code)
    return code


def populate_language_menu(menu, app, settings=None) -> dict:
    """Fill View ▸ Language: one checkable action per language, each named in its own language (never
    translated), exclusive, the current one checked; choosing one switches live and remembers. The menu's
    own title is the caller's (``self.tr("&Language")`` in its retranslate). Returns code → QAction."""
    from PySide6.QtGui import QAction, QActionGroup

    group = QActionGroup(menu)
    group.setExclusive(True)
    actions = {}
    for code, name in LANGUAGES.items():
        action = QAction(name, menu)
        action.setCheckable(True)
        action.setChecked(code == current_language())
        action.triggered.connect(lambda _checked=False, c=code: choose(app, settings, c))
        group.addAction(action)
        menu.addAction(action)
        actions[code] = action
    if settings is not None:
        settings.languageChanged.connect(lambda c: c in actions and actions[c].setChecked(True))
    return actions


def _pyqtgraph_text(context: str, text: str) -> str:
    """QCoreApplication.translate under a name lupdate does not extract: these strings are pyqtgraph's
    (resources/i18n/pyqtgraph_zh_CN.ts), not ours."""
    return QCoreApplication.translate(context, text)


def retranslate_pyqtgraph(scene) -> None:
    """Set the texts of pyqtgraph's own menus in ``scene`` (a GraphicsScene: ``plot_widget.scene()``) in the
    current language. pyqtgraph builds them once, translated at construction; a widget holding plots calls
    this from its retranslate() so a live switch reaches the right-click menus too."""
    import types

    import pyqtgraph as pg

    ui_form = types.SimpleNamespace(setWindowTitle=lambda _title: None)  # the templates' Form argument
    for action in getattr(scene, "contextMenu", [])[:1]:
        action.setText(_pyqtgraph_text("GraphicsScene", "Export..."))
    for item in scene.items():
        if isinstance(item, pg.ViewBox) and item.menu is not None:
            menu = item.menu
            menu.setTitle(_pyqtgraph_text("ViewBox", "ViewBox options"))
            menu.viewAll.setText(_pyqtgraph_text("ViewBox", "View All"))
            submenus = [a.menu() for a in menu.actions() if a.menu() is not None]
            for axis, submenu in zip("XY", submenus[:2], strict=False):
                submenu.setTitle(f"{axis} {_pyqtgraph_text('ViewBox', 'axis')}")
            if len(submenus) > 2:
                submenus[2].setTitle(_pyqtgraph_text("ViewBox", "Mouse Mode"))
            for mode, text in zip(menu.mouseModes, ("3 button", "1 button"), strict=False):
                mode.setText(_pyqtgraph_text("ViewBox", text))
            for ui in menu.ctrl:
                ui.retranslateUi(ui_form)
            menu.updateState()  # retranslateUi wrote "0" into the range fields
        elif isinstance(item, pg.PlotItem) and getattr(item, "ctrlMenu", None) is not None:
            item.ctrl.retranslateUi(ui_form)
            item.ctrlMenu.setTitle(_pyqtgraph_text("PlotItem", "Plot Options"))
            names = ("Transforms", "Downsample", "Average", "Alpha", "Grid", "Points")
            submenus = [a.menu() for a in item.ctrlMenu.actions() if a.menu() is not None]
            for submenu, name in zip(submenus, names, strict=False):
                submenu.setTitle(_pyqtgraph_text("PlotItem", name))


# ---- the bundled font ------------------------------------------------------------------------------
def font_path() -> Path:
    return resource_path(*FONT_FILE)


def install_font(app=None) -> str | None:
    """Register the bundled Simplified-Chinese font (once) and make it the fallback of the application
    font and of the families in FALLBACK_FOR. Returns its family name, or None where the file is missing
    or unreadable (the texts still show wherever the system has a Chinese font)."""
    if _state["font_family"] is not None:
        return _state["font_family"]
    path = font_path()
    if not path.is_file():
        return None
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    family = families[0]
    _state["font_family"] = family
    app = app or QCoreApplication.instance()
    base = app.font() if app is not None and hasattr(app, "font") else QFont()
    # The family the interface is drawn with now: "Sans Serif" is an alias (DejaVu Sans here), and for an
    # alias Qt takes a substitute first, so an application font naming the alias would draw every Latin
    # letter from the CJK subset (mixing fonts where it lacks a glyph: "10⁻¹⁰"). The application font names
    # the real family; the aliases keep the bundled font as their substitute for text that asks for them.
    drawn_with = QFontInfo(base).family()
    for name in (drawn_with, *FALLBACK_FOR):
        if name and name != family and family not in QFont.substitutes(name):
            QFont.insertSubstitution(name, family)
    if app is not None and hasattr(app, "setFont"):
        font = QFont(base)
        font.setFamilies([drawn_with, family] if drawn_with != family else [family])
        app.setFont(font)
    return family


def font_family() -> str | None:
    """The registered family of the bundled font (None before install_font, or without the file)."""
    return _state["font_family"]


def is_language_change(event) -> bool:
    return event.type() == QEvent.Type.LanguageChange


# ---- SVG: the font travels inside the file ----------------------------------------------------------
def _is_cjk(code: int) -> bool:
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F
            or 0xFF00 <= code <= 0xFFEF or code >= 0x20000)


def svg_font_face(characters: str) -> str | None:
    """A ``<style>`` element declaring the bundled family with the font embedded, or None when there is
    nothing to embed (no CJK character, or no font file: the SVG then only names the family). With
    fontTools (the dev extras) the embedded font is a subset holding exactly the CJK ``characters`` (a few
    KB); without it (the packaged app) the whole bundled font (~0.85 MB, 1.1 MB as base64) goes in, so a
    viewer without Chinese fonts still draws the glyphs instead of boxes."""
    import base64
    import io

    wanted = sorted({ord(c) for c in characters if _is_cjk(ord(c))})
    if not wanted or not font_path().is_file():
        return None
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:
        family = _state["font_family"] or BUNDLED_FAMILY
        data = base64.b64encode(font_path().read_bytes()).decode("ascii")
    else:
        font = TTFont(str(font_path()))
        options = subset.Options()
        options.hinting = False
        options.layout_features = []
        options.name_IDs = [0, 1, 2, 3, 4, 6]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        family = font["name"].getDebugName(1)
    return (f'<style type="text/css">@font-face {{ font-family: "{family}"; '
            f'src: url(data:font/otf;base64,{data}) format("opentype"); }}</style>')


def embed_font_in_svg(svg: str) -> str:
    """``svg`` with :func:`svg_font_face` for its own characters placed right after the root ``<svg …>``
    tag (unchanged when there is nothing to embed). Text elements must name the bundled family in their
    font-family list, which Qt's SVG generator does once :func:`install_font` ran."""
    if "@font-face" in svg:
        return svg  # embedded already
    style = svg_font_face(svg)
    if style is None:
        return svg
    start = svg.find("<svg")
    end = svg.find(">", start) if start >= 0 else -1
    if end < 0:
        return svg
    return svg[:end + 1] + "\n" + style + svg[end + 1:]
