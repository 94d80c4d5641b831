"""The zh_CN pipeline end to end: the catalogue is complete (lupdate check), translators switch live,
Qt's own dialogs and pyqtgraph's menus translate, the choice is remembered, and the bundled font covers
every character the translations and glossary use and draws them (no tofu)."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app import i18n

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(f"_build_{name}", ROOT / "build_scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _translations() -> list[tuple[str, str, str]]:
    """(context, source, translation) of every message in every .ts under resources/i18n."""
    found = []
    for path in sorted(I18N.glob("*.ts")):
        for context in ET.parse(path).getroot().iter("context"):
            for message in context.iter("message"):
                found.append((context.findtext("name"), message.findtext("source"), message.findtext("translation")))
    return found


@pytest.fixture
def zh(qapp):
    i18n.set_language(qapp, "zh_CN")
    yield qapp
    i18n.set_language(qapp, "en")


class MainWindow(QWidget):
    """A widget following the documented pattern; its class name is a context of the catalogue."""

    def __init__(self):
        super().__init__()
        self.label = QLabel(self)
        self.retranslations = 0
        self.retranslate()

    def retranslate(self):
        self.retranslations += 1
        self.label.setText(self.tr("&File"))

    def changeEvent(self, event):
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def test_the_catalogue_is_complete_and_compiled():
    """`build_scripts/i18n.py check`: no unfinished, vanished or stale entry (lupdate over app/ and core/)."""
    done = subprocess.run([sys.executable, str(ROOT / "build_scripts" / "i18n.py"), "--check"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_fails_on_an_unfinished_string(tmp_path, monkeypatch):
    """The check is not vacuous: a pending entry without its translation is reported."""
    script = _load_script("i18n")
    pending = [m for m in script.read_ts(script.PENDING)]
    assert pending
    pending[0].translation, pending[0].kind = "", "unfinished"
    broken = tmp_path / "pending.ts"
    script.write_ts(broken, pending)
    monkeypatch.setattr(script, "PENDING", broken)
    result = script.build(tmp_path)
    problems = script.report(result, stream=sys.stderr)
    assert any(pending[0].source in line and "unfinished" in line for line in problems)


def test_translate_switches_live(qapp, qtbot):
    widget = MainWindow()
    qtbot.addWidget(widget)
    before = widget.retranslations
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    try:
        assert i18n.set_language(qapp, "zh_CN") == "zh_CN"
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
        assert i18n.translate("MainWindow", "&View") == "视图(&V)"
        # the widget heard the change and set its text again; self.tr's context is its class name
        assert widget.retranslations > before
        assert widget.label.text() == "文件(&F)"
        # Qt's own catalogue: standard buttons of dialogs
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        # pyqtgraph's context menus
        assert QCoreApplication.translate("ViewBox", "View All") == "显示全部"
        assert QCoreApplication.translate("GraphicsScene", "Export...") == "导出..."
    finally:
        i18n.set_language(qapp, "en")
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert widget.label.text() == "&File"


def test_an_unknown_language_is_refused_and_the_current_one_stays(zh):
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.set_language(zh, "fr")
    assert i18n.current_language() == "zh_CN"
    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"


@pytest.mark.parametrize(("name", "expected"), [
    ("zh_CN", "zh_CN"), ("zh-Hans-CN", "zh_CN"), ("zh_TW", "zh_CN"), ("zh", "zh_CN"),
    ("en_US", "en"), ("de_DE", "en"), ("C", "en"), ("", "en"), (None, "en")])
def test_locale_names_map_to_a_language(name, expected):
    assert i18n.normalise(name) == expected


def test_first_start_follows_the_system_then_the_choice_is_remembered(qapp, tmp_path):
    from app.settings import AppSettings

    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = AppSettings(store)
    try:
        assert i18n.stored_language(settings) is None  # nothing chosen yet
        assert i18n.install(qapp, settings) == i18n.system_language()
        stored = i18n.choose(qapp, settings, "zh_CN")
        assert stored == "zh_CN" and i18n.current_language() == "zh_CN"
        if "zh_CN" in getattr(sys.modules["app.settings"], "LANGUAGES", ()):
            # a second start reads the choice back, whatever the system says
            again = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
            assert i18n.stored_language(again) == "zh_CN"
            settings.set_language("en")  # the settings signal switches the translators
            assert i18n.current_language() == "en"
    finally:
        i18n.set_language(qapp, "en")


def test_the_glossary_is_complete_and_consistent():
    with (I18N / "glossary.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) >= 60
    english = [row["English"] for row in rows]
    assert len(set(english)) == len(english)
    table = {row["English"]: row["zh_CN"] for row in rows}
    for term, chinese in {"learning rate": "学习率", "momentum": "动量", "weight decay": "权重衰减",
                          "gradient clipping": "梯度裁剪", "batch normalization": "批量归一化"}.items():
        assert table[term] == chinese
    # the translations follow it: wherever a source says "learning rate", the translation says 学习率
    for term in ("learning rate", "weight decay", "momentum", "gradient"):
        for _context, source, translation in _translations():
            if term in source.lower() and translation:
                assert table[term] in translation, (source, translation)


def test_the_bundled_font_covers_every_translation_and_the_glossary():
    # fontTools is a dev dependency (pyproject's dev extras); the font is built with it, not the app
    TTFont = pytest.importorskip("fontTools.ttLib", reason="fontTools (dev extras) not installed").TTFont

    make_font = _load_script("make_font")
    cmap = TTFont(str(i18n.font_path()), lazy=True).getBestCmap()
    text = "".join(t or "" for _c, _s, t in _translations()) + (I18N / "glossary.tsv").read_text(encoding="utf-8")
    hanzi = {c for c in text if make_font.is_cjk(c)}
    assert len(hanzi) > 200  # the catalogue really is Chinese
    assert {c for c in hanzi if ord(c) not in cmap} == set()
    assert make_font.missing() == {}  # the presets and lessons too
    assert i18n.font_path().stat().st_size <= 2 * 1024 * 1024
    assert (i18n.font_path().parent / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") >= 1


def _draw(text: str, font: QFont) -> QImage:
    image = QImage(400, 60, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(10, 45, text)
    painter.end()
    return image


def test_the_registered_font_draws_chinese_not_tofu(qapp):
    family = i18n.install_font(qapp)
    assert family == "LossLab Noto Sans SC"  # a name no system font has: what follows uses our file only
    font = QFont(family, 20)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    metrics = QFontMetrics(font)
    sample = "学习率 动量 权重衰减 梯度裁剪 文件(&F)，损失缩放：鞍点"
    assert all(metrics.inFontUcs4(ord(c)) for c in sample)
    assert not metrics.inFontUcs4(0xE000)  # a private-use code point: the check can say no
    drawn = _draw("学习率", font)
    tofu = _draw("\ue000\ue000\ue000", font)
    blank = _draw("", font)
    assert drawn != blank and drawn != tofu
    # the application font falls back to it (widgets and QPainter exports use the app font)
    assert family in qapp.font().families() or family in QFont.substitutes(qapp.font().family())
    # distinct glyphs: the three hanzi draw three different shapes
    shapes = {_draw(c, font).bits().tobytes() for c in "学习率"}
    assert len(shapes) == 3


def test_the_qm_holds_every_prepared_string(zh):
    """Every finished entry of every .ts translates at run time (pending ones included, so a string
    translates the moment the tr() pass wraps it)."""
    checked = 0
    for context, source, translation in _translations():
        if translation:
            assert QCoreApplication.translate(context, source) == translation, (context, source)
            checked += 1
    assert checked > 300
    assert QApplication.instance() is zh


def test_an_svg_export_carries_the_glyphs_it_uses(qapp):
    """pyqtgraph's SVG of a plot titled in Chinese names the bundled family, and embed_font_in_svg puts
    a subset holding exactly those hanzi inside the file (a viewer without Chinese fonts can draw them)."""
    import base64
    import io
    import re

    import pyqtgraph as pg

    TTFont = pytest.importorskip("fontTools.ttLib", reason="fontTools (dev extras) not installed").TTFont
    from app.export.svg import svg_text

    family = i18n.install_font(qapp)
    widget = pg.GraphicsLayoutWidget()
    plot = widget.addPlot(title="学习率与动量")
    plot.setLabel("bottom", "步")
    plot.plot([1, 2, 3], [3, 1, 2])
    svg = svg_text(widget.ci, 400, 300)
    texts = re.findall(r"<text[^>]*font-family=\"([^\"]*)\"[^>]*>([^<]*)</text>", svg)
    assert any("学习率" in body and family in families for families, body in texts)
    embedded = i18n.embed_font_in_svg(svg)
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", embedded).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
    assert {ord(c) for c in "学习率与动量步"} <= set(cmap)
    assert len(data) < 60_000  # a subset, not the whole font
    assert i18n.embed_font_in_svg("<svg><text>loss</text></svg>") == "<svg><text>loss</text></svg>"
    assert embedded == svg and svg.count("@font-face") == 1  # svg_text embedded it already, once
    widget.deleteLater()


def test_without_fonttools_the_whole_bundled_font_travels_in_the_svg(monkeypatch):
    """The packaged app has no fontTools: the SVG then carries the whole bundled font under its own family
    name (what the text elements name), not nothing."""
    import base64
    import builtins

    TTFont = pytest.importorskip("fontTools.ttLib", reason="fontTools (dev extras) not installed").TTFont
    assert TTFont(str(i18n.font_path()))["name"].getDebugName(1) == i18n.BUNDLED_FAMILY
    real_import = builtins.__import__

    def no_fonttools(name, *args, **kwargs):
        if name.startswith("fontTools"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_fonttools)
    style = i18n.svg_font_face("学习率")
    assert f'font-family: "{i18n.BUNDLED_FAMILY}"' in style
    data = style.split("base64,", 1)[1].split(")", 1)[0]
    assert base64.b64decode(data) == i18n.font_path().read_bytes()


def test_merge_adopts_prepared_translations_and_keeps_vanished_ones():
    """What `update` does when the tr() pass wraps a string: the prepared translation moves into the
    lupdate catalogue (finished); a string gone from the sources goes back to pending, translation kept."""
    script = _load_script("i18n")
    Message = script.Message
    lupdated = [Message("ScalePanel", "Reset to 1×", "", "unfinished"),
                Message("ScalePanel", "brand new", "", "unfinished"),
                Message("OldPanel", "gone", "走了", "vanished")]
    pending = [Message("ScalePanel", "Reset to 1×", "重置为 1×"), Message("Other", "later", "以后")]
    main, left, vanished = script.merge(lupdated, pending)
    by_source = {m.source: m for m in main}
    assert by_source["Reset to 1×"].finished and by_source["Reset to 1×"].translation == "重置为 1×"
    assert not by_source["brand new"].finished
    assert {(m.context, m.source, m.translation) for m in left} == {("Other", "later", "以后"),
                                                                    ("OldPanel", "gone", "走了")}
    assert [m.source for m in vanished] == ["gone"]


def test_hand_written_translations_join_the_pending_catalogue(tmp_path, monkeypatch):
    """`update --tsv`: tab-separated lines become finished pending entries (\\n is a newline), a later line
    for the same string replaces its translation, and a malformed line is refused with its line number."""
    script = _load_script("i18n")
    pending = tmp_path / "pending.ts"
    script.write_ts(pending, [script.Message("ScalePanel", "Reset to 1×", "重置")])
    monkeypatch.setattr(script, "PENDING", pending)
    tsv = tmp_path / "new.tsv"
    tsv.write_text("# a comment\nScalePanel\tReset to 1×\t重置为 1×\n\nHelp\tTwo\\nlines\t两\\n行\n",
                   encoding="utf-8")
    assert script.add_to_pending(script.read_tsv(tsv)) == 2
    found = {(m.context, m.source): m for m in script.read_ts(pending)}
    assert found[("ScalePanel", "Reset to 1×")].translation == "重置为 1×"
    assert found[("Help", "Two\nlines")].translation == "两\n行" and found[("Help", "Two\nlines")].finished
    tsv.write_text("Help\tno translation\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="new.tsv:1"):
        script.read_tsv(tsv)


def test_text_in_the_application_font_is_drawn_with_the_bundled_glyphs(qapp):
    """What widgets and QPainter exports (PNG, GIF, MP4 frames) draw: hanzi in the application's own font
    come out pixel for pixel as the bundled font draws them, not from whatever the system has (this machine
    has Droid Sans Fallback; Qt's own fallback may also reach a registered font, the substitution makes it
    explicit where the platform's fallback does not)."""
    family = i18n.install_font(qapp)
    app_font = QFont(qapp.font())
    app_font.setPixelSize(24)
    ours = QFont(family)
    ours.setPixelSize(24)
    ours.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    for text in ("学习率", "梯度裁剪"):
        assert _draw(text, app_font) == _draw(text, ours)
    assert _draw("学习率", app_font) != _draw("梯度裁剪", app_font)


def test_the_language_menu_switches_and_shows_the_choice(qapp, qtbot):
    from PySide6.QtWidgets import QMenu

    menu = QMenu()
    try:
        actions = i18n.populate_language_menu(menu, qapp, None)
        assert [a.text() for a in menu.actions()] == ["English", "简体中文"]
        assert actions["en"].isChecked() and not actions["zh_CN"].isChecked()
        actions["zh_CN"].trigger()
        assert i18n.current_language() == "zh_CN" and actions["zh_CN"].isChecked()
        assert not actions["en"].isChecked()
        assert QCoreApplication.translate("MainWindow", "&Language") == "语言(&L)"
        assert [a.text() for a in menu.actions()] == ["English", "简体中文"]  # never translated
        actions["en"].trigger()
        assert i18n.current_language() == "en"
    finally:
        i18n.set_language(qapp, "en")
        menu.deleteLater()


def test_pyqtgraph_menus_follow_a_live_switch(qapp, qtbot):
    import pyqtgraph as pg

    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.plot([0, 1, 2], [2, 0, 1])
    plot, box = widget.getPlotItem(), widget.getPlotItem().getViewBox()
    assert box.menu.title() == "ViewBox options"
    try:
        i18n.set_language(qapp, "zh_CN")
        i18n.retranslate_pyqtgraph(widget.scene())
        assert box.menu.title() == "视图框选项"
        assert box.menu.viewAll.text() == "显示全部"
        titles = [a.menu().title() for a in box.menu.actions() if a.menu() is not None]
        assert titles == ["X 轴", "Y 轴", "鼠标模式"]
        assert box.menu.ctrl[0].invertCheck.text() == "反转轴"
        low, high = box.viewRange()[0]
        assert float(box.menu.ctrl[0].minText.text()) == pytest.approx(low, rel=1e-4)  # not reset to "0"
        assert float(box.menu.ctrl[0].maxText.text()) == pytest.approx(high, rel=1e-4)
        assert plot.ctrlMenu.title() == "绘图选项"
        assert [a.menu().title() for a in plot.ctrlMenu.actions() if a.menu()] == [
            "变换", "降采样", "平均", "透明度", "网格", "数据点"]
        assert plot.ctrl.logXCheck.text() == "对数 X"
        assert widget.scene().contextMenu[0].text() == "导出..."
    finally:
        i18n.set_language(qapp, "en")
    i18n.retranslate_pyqtgraph(widget.scene())
    assert box.menu.title() == "ViewBox options" and plot.ctrlMenu.title() == "Plot Options"


# ---- the "no English left" walker (for the tr() pass: walk every tab and dialog in zh_CN) ---------------
# Words that stay English in the Chinese interface: optimizer names, libraries, units, file formats, symbols,
# and "English", the language menu's name for English in every language.
ALLOWED_WORDS = frozenset("""
    sgd momentum nesterov rmsprop adam adamw adagrad lbfgs mlp cpu cuda gpu torch numpy pyqtgraph qt
    png svg gif mp4 csv json pdf fps dpi ema lr rms fft mse relu tanh gelu sigmoid losslab
    lanczos rosenbrock himmelblau beale rastrigin xavier kaiming cohen float16 fp16 bf16 float32 float64
    min max log exp sin cos sqrt abs home end space ctrl shift esc pca
    english
""".split())


def _texts(widget) -> list[str]:
    """Every user-visible string of ``widget`` and its children."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLineEdit, QMenu, QTabWidget

    found = []
    for w in [widget, *widget.findChildren(QWidget)]:
        found += [w.windowTitle() if w.isWindow() else "", w.toolTip(), w.statusTip(), w.whatsThis()]
        if isinstance(w, (QLabel, QAbstractButton)):
            found.append(w.text())
        if isinstance(w, QGroupBox):
            found.append(w.title())
        if isinstance(w, QLineEdit):
            found.append(w.placeholderText())
        if isinstance(w, QComboBox):
            found += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            found += [w.tabText(i) for i in range(w.count())] + [w.tabToolTip(i) for i in range(w.count())]
        if isinstance(w, QMenu):
            found.append(w.title())
        found += [a.text() for a in w.actions()] + [a.toolTip() for a in w.actions() if a.toolTip() != a.text()]
    return [t for t in found if t]


def untranslated_words(widget, allowed=ALLOWED_WORDS) -> dict[str, str]:
    """English word (2+ letters, outside ``allowed``) → the first text showing it; HTML tags, entities and
    '&' mnemonics aside."""
    import re

    words = {}
    for text in _texts(widget):
        plain = re.sub(r"<[^>]*>|&[a-z]+;|&(?=\w)", " ", text)
        for word in re.findall(r"(?<![0-9A-Za-z_])[A-Za-z][A-Za-z0-9_']+", plain):
            # with a digit or _: a symbol, key, format or code (L1, F1, MP4, torch's clip_grad_norm_)
            if word.lower() not in allowed and not re.search(r"[0-9_]", word):
                words.setdefault(word, text)
    return words


def test_the_walker_finds_english_and_is_satisfied_by_a_translated_widget(qapp, qtbot):
    from PySide6.QtWidgets import QGroupBox, QPushButton, QVBoxLayout

    class ScalePanel(QGroupBox):  # a context of the catalogue: its strings are prepared
        def __init__(self):
            super().__init__()
            layout = QVBoxLayout(self)
            self.reset = QPushButton(self)
            self.keep = QPushButton(self)
            layout.addWidget(self.reset)
            layout.addWidget(self.keep)
            self.retranslate()

        def retranslate(self):
            self.setTitle(self.tr("Learning rate × loss scale (all optimizers)"))
            self.reset.setText(self.tr("Reset to 1×"))
            self.keep.setText(self.tr("keep lr × scale constant"))
            self.keep.setToolTip(self.tr("Dragging one slider moves the other so their product stays the same"))

        def changeEvent(self, event):
            if event.type() == QEvent.Type.LanguageChange:
                self.retranslate()
            super().changeEvent(event)

    panel = ScalePanel()
    qtbot.addWidget(panel)
    english = untranslated_words(panel)
    assert {"Learning", "Reset", "keep", "Dragging"} <= set(english)
    assert "lr" not in english  # allowed
    try:
        i18n.set_language(qapp, "zh_CN")
        assert untranslated_words(panel) == {}
        assert panel.reset.text() == "重置为 1×"
    finally:
        i18n.set_language(qapp, "en")


def test_install_follows_the_settings_signal_once(qapp):
    """A settings object that already knows zh_CN (the shape of app.settings.AppSettings): a language
    chosen through it switches the translators; install twice still leaves one follower."""
    from PySide6.QtCore import QObject, Signal

    class Settings(QObject):
        languageChanged = Signal(str)

        def __init__(self):
            super().__init__()
            self.language, self.saved = "zh_CN", []

        def set_language(self, code):
            self.language = code
            self.saved.append(code)
            self.languageChanged.emit(code)

    settings = Settings()
    try:
        assert i18n.install(qapp, settings) == "zh_CN"  # the stored choice wins over the system's
        i18n.install(qapp, settings)
        assert len(settings.findChildren(QObject)) == 1
        assert QCoreApplication.translate("MainWindow", "&View") == "视图(&V)"
        settings.set_language("en")
        assert i18n.current_language() == "en"
        assert QCoreApplication.translate("MainWindow", "&View") == "&View"
        i18n.choose(qapp, settings, "zh_CN")
        assert settings.saved[-1] == "zh_CN" and i18n.current_language() == "zh_CN"
    finally:
        i18n.set_language(qapp, "en")


def test_the_bundled_font_is_a_fallback_not_the_latin_font(qapp):
    """Latin text keeps the system's interface font (what the app drew before the CJK font joined), the
    bundled family comes after it: were the application font the alias "Sans Serif" (whose substitute it
    is), every Latin letter would be drawn from the CJK subset, mixed with other fonts where it lacks a
    glyph ("10⁻¹⁰"), and an SVG's text runs, placed with one font and named with another, would collide in
    a viewer."""
    from PySide6.QtGui import QFontInfo

    family = i18n.install_font(qapp)
    font = qapp.font()
    assert font.families()[-1] == family
    assert QFontInfo(font).family() == font.families()[0] != family


def test_a_catalogue_rewritten_under_a_running_app_changes_nothing(qapp, tmp_path):
    """The translator reads its catalogue from memory: rewriting the .qm file (an update while the app runs)
    leaves the running window's texts Chinese — mapped from the file, lookups turned English mid-session."""
    copy = tmp_path / "losslab_zh_CN.qm"
    copy.write_bytes(i18n.qm_path("zh_CN").read_bytes())
    translator = i18n._load(copy)
    assert translator.translate("MainWindow", "&File") == "文件(&F)"
    copy.write_bytes(b"\0" * copy.stat().st_size)
    assert translator.translate("MainWindow", "&File") == "文件(&F)"
