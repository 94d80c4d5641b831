"""What goes into the PyInstaller bundle and what is left out — plain data and small functions, shared by
losslab.spec (which builds) and tests/test_packaging.py (which checks them without building).

Measured on Linux (torch 2.13 CPU, PySide6 6.11): the plain one-folder build is ~1.2 GiB; the cuts below
(numba and its LLVM, replaced by the ahead-of-time kernels; unused Qt modules and plugins, Qt translations but zh_CN,
torch's tests, headers and C++ tools, debug symbols of the biggest libraries) bring it to the size build.py
reports.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPTS = ROOT / "build_scripts"
APP_NAME = "losslab"
ENTRY_SCRIPT = BUILD_SCRIPTS / "launcher.py"
ICONS = ROOT / "resources" / "icons"
BUNDLE_IDENTIFIER = "org.losslab.losslab"

# Qt modules the app imports (checked by running it: window, exports, training panel). pyqtgraph 0.14 imports
# QtOpenGL/QtOpenGLWidgets and QtTest unconditionally, and the SVG export needs QtSvg.
KEPT_QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtOpenGL", "QtOpenGLWidgets", "QtSvg", "QtTest")
# Every other module of PySide6-Essentials: excluding the Python module also drops its Qt library and the
# plugins PyInstaller's hooks would collect for it (QML, SQL drivers, TLS backends, print support, …).
EXCLUDED_QT_MODULES = (
    "QtConcurrent", "QtDBus", "QtDesigner", "QtHelp", "QtNetwork", "QtPrintSupport", "QtQml", "QtQuick",
    "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtSql", "QtSvgWidgets", "QtUiTools", "QtXml",
    # Add-on modules (not in Essentials): listed so a full PySide6 install bundles no more.
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtBluetooth", "QtCharts",
    "QtDataVisualization", "QtGraphs", "QtGraphsWidgets", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQuick3D",
    "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio",
    "QtStateMachine", "QtTextToSpeech", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtWebView",
)
# Python packages that are installed for development or pulled in by optional imports, never used at run time.
EXCLUDED_PACKAGES = (
    "tkinter", "_tkinter", "IPython", "matplotlib", "scipy", "pandas", "pytest", "_pytest", "pytestqt",
    "importlinter", "grimp", "PyInstaller", "pip", "ruff", "pydoc_data",
)
# The bundle runs the engine's kernels from the ahead-of-time module (build_scripts/aot.py; core.engine.compiled
# always uses it when frozen), so the just-in-time path stays out: numba, its LLVM binding llvmlite (~150 MiB of
# libllvmlite.so), and the two modules holding the numba source of the kernels, which only the JIT fallback in
# core.engine.compiled imports.
AOT_MODULE = "core.engine._aot_kernels"
AOT_FOLDER = ROOT / "core" / "engine"
JIT_ONLY = ("numba", "llvmlite", "core.engine.kernel", "core.surfaces.native")
# Imported by their packages inside try/except ImportError and never needed by the app: Pillow's AVIF plugin
# (libavif, ~5 MiB), the standard library's sqlite3 and readline (with their C libraries), and what only
# torch.compile / TorchInductor and torch's developer tools use (graph partitioning, code templates, pretty
# printing, remote file systems): the app runs torch eagerly on the CPU.
EXCLUDED_OPTIONAL = (
    "PIL._avif", "PIL.AvifImagePlugin", "sqlite3", "_sqlite3", "readline",
    "networkx", "jinja2", "pygments", "rich", "markdown_it", "mdurl", "fsspec", "setuptools", "distutils",
    "_distutils_hack",
)
EXCLUDES = (tuple(f"PySide6.{name}" for name in EXCLUDED_QT_MODULES) + EXCLUDED_PACKAGES + JIT_ONLY
            + EXCLUDED_OPTIONAL)


def aot_problem(folder: Path = AOT_FOLDER) -> str | None:
    """Why the ahead-of-time module in `folder` cannot be bundled (missing, or built from other sources than
    today's: the frozen app trusts it without checking), or None when it is current."""
    from importlib.machinery import EXTENSION_SUFFIXES

    name = AOT_MODULE.rpartition(".")[2]
    if not any((folder / f"{name}{suffix}").is_file() for suffix in EXTENSION_SUFFIXES):
        return f"no {name}{EXTENSION_SUFFIXES[0]} in {folder}: run build_scripts/aot.py (build.py does)"
    stamp = folder / f"{name}.sha256"
    built_from = stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else None
    if built_from != kernel_source_hash():
        return f"{name} in {folder} was built from older kernel sources: rerun build_scripts/aot.py"
    return None


def kernel_source_hash() -> str | None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from core.engine.compiled import source_hash  # imports neither numba nor the AOT module's code

    return source_hash()


def is_aot_module(bundle_path: str) -> bool:
    return fnmatch.fnmatchcase(bundle_path.replace("\\", "/"), AOT_MODULE.replace(".", "/") + ".*")


def require_aot_module(binaries) -> None:
    """Stop the build if PyInstaller did not collect the ahead-of-time module: without numba in the bundle, the
    app could not run a single step."""
    if not any(is_aot_module(dest) for dest, _, _ in binaries):
        raise SystemExit(f"build: {AOT_MODULE} was not collected: run build_scripts/aot.py first")


def module_collection_mode() -> dict[str, str]:
    """torch's hook asks for all its .py sources (37 MiB) for TorchScript, which the app never uses; torch stays
    bytecode only, except the modules that read their own source at import time (torch's config modules,
    ``install_config_module``: found by scanning, so a new torch version is covered)."""
    modes = {"torch": "pyz"}
    for module in torch_modules_reading_their_source():
        modes[module] = "pyz+py"
    return modes


def torch_modules_reading_their_source() -> list[str]:
    import importlib.util

    spec = importlib.util.find_spec("torch")
    if spec is None or spec.origin is None:
        return []
    package = Path(spec.origin).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if "install_config_module(" in text and not path.name == "_config_module.py":
            parts = path.relative_to(package.parent).with_suffix("").parts
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


# Files dropped from the collected binaries and data, matched against their path inside the bundle (posix
# separators). Trap: torch_shm_manager must stay (`import torch` looks for it), so torch/bin is cut by name.
DROPPED = (
    "torch/test/*", "torch/include/*", "torch/share/*",
    "torch/bin/*Test", "torch/bin/test_*", "torch/bin/protoc*", "torch/bin/*.pt", "torch/bin/*.ptl",
    "torch/bin/upgrader_models/*",
    "torch/lib/libjitbackend_test.so", "torch/lib/libbackend_with_compiler.so", "torch/lib/libaoti_custom_ops.so",
    "torch/lib/libtorchbind_test.so",
    "torch/lib/*.lib", "torch/lib/*.a", "torch/lib/libshm_windows/*",
    "torch/_inductor/codegen/*.h", "torch/utils/benchmark/*", "torch/utils/tensorboard/*",
    "*.pyi", "*.h", "*.hpp", "*.cuh", "*.cpp",
    "PySide6/Qt/translations/*", "PySide6/Qt/qml/*", "PySide6/Qt/metatypes/*", "PySide6/Qt/libexec/*",
    "PySide6/Qt/plugins/designer/*", "PySide6/Qt/plugins/qmllint/*", "PySide6/Qt/plugins/qmltooling/*",
    "PySide6/Qt/plugins/sqldrivers/*", "PySide6/Qt/plugins/printsupport/*", "PySide6/Qt/plugins/tls/*",
    "PySide6/Qt/plugins/networkinformation/*",
    "PySide6/Qt/plugins/wayland-graphics-integration-server/*",
    "PySide6/Qt/plugins/platforms/libqvnc.so", "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
    "PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so", "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqminimalegl.so", "PySide6/Qt/plugins/egldeviceintegrations/*",
    # The GTK3 platform theme drags in the GTK/cairo/pango stack (~9 MiB); the app draws with Fusion and its
    # own palette, and file dialogs still go through the desktop portal plugin.
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    # TUIO touch events arrive over UDP: the only user of QtNetwork (and through it of Kerberos), ~4 MiB.
    "PySide6/Qt/plugins/generic/libqtuiotouchplugin.so",
)
# Files that must survive any pattern above (the test checks these are kept).
REQUIRED = ("torch/bin/torch_shm_manager", "PySide6/Qt/plugins/platforms/libqxcb.so",
            "PySide6/Qt/plugins/platforms/libqoffscreen.so",
            # Qt's own strings (standard dialogs' buttons) in Simplified Chinese, which app.i18n loads
            "PySide6/Qt/translations/qtbase_zh_CN.qm")

# Symbol tables and debug info are much of these libraries' size (~120 MiB in all). Stripping everything
# (PyInstaller's --strip) breaks numpy's bundled OpenBLAS, so only these, each exercised by the smoke test, are
# stripped (--strip-unneeded keeps the dynamic symbols ctypes and dlsym need), and only on Linux (macOS strip
# would void code signatures). Matched against the path inside the bundle.
STRIPPED = ("torch/lib/libtorch_cpu.so", "torch/lib/libtorch_python.so", "libpython3*.so*", "av/*.so",
            "PIL/_imaging*.so")


def metadata() -> dict[str, str]:
    """Name, version and description come from pyproject.toml: one place to bump the version."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"name": project["name"], "version": project["version"], "description": project["description"]}


def datas() -> list[tuple[str, str]]:
    """(source, folder in the bundle) for non-code files: the whole resources/ folder (presets, icons, and any
    resource added later), placed where app.resources looks for it (sys._MEIPASS/resources)."""
    return [(str(ROOT / "resources"), "resources")]


def icon_file(platform: str = sys.platform) -> Path:
    suffix = {"win32": ".ico", "darwin": ".icns"}.get(platform, ".png")
    return ICONS / f"{APP_NAME}{suffix}"


def is_dropped(bundle_path: str) -> bool:
    path = bundle_path.replace("\\", "/")
    if path in REQUIRED:
        return False
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in DROPPED)


def prune(toc):
    """Drop the DROPPED entries of a PyInstaller TOC (a list of (dest_name, src_name, typecode))."""
    return [entry for entry in toc if not is_dropped(entry[0])]


def drop_dangling_links(toc, *others):
    """Drop SYMLINK entries (PyInstaller lists them with the data, e.g. libX.so -> av.libs/libX.so) whose target
    is no longer in the bundle after pruning or stubbing."""
    import posixpath

    present = {dest.replace("\\", "/") for entries in (toc, *others) for dest, _, typecode in entries
               if typecode != "SYMLINK"}
    return [(dest, src, typecode) for dest, src, typecode in toc if typecode != "SYMLINK"
            or posixpath.normpath(posixpath.join(posixpath.dirname(dest.replace("\\", "/")),
                                                 src.replace("\\", "/"))) in present]


def _needed_libraries(path: str) -> list[str]:
    from PyInstaller.depend.bindepend import get_imports

    try:
        return [name for name, _ in get_imports(path)]
    except Exception:  # noqa: BLE001 — an unreadable file just contributes no dependencies
        return []


def _reachable(toc, starts, needed) -> set[str]:
    """Bundle paths of the TOC's libraries that the `starts` entries link to, transitively (matched by name)."""
    by_name: dict[str, list[str]] = {}
    for dest, _, _ in toc:
        by_name.setdefault(Path(dest).name, []).append(dest)
    source = {dest: src for dest, src, _ in toc}
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        for name in needed(source[stack.pop()]):
            for dest in by_name.get(Path(name).name, []):
                if dest not in seen:
                    seen.add(dest)
                    stack.append(dest)
    return seen


def drop_orphaned_dependencies(before, after, needed=_needed_libraries):
    """PyInstaller collected the libraries each binary links to before prune() dropped some binaries; drop the
    libraries that only dropped binaries needed (e.g. the GTK stack of the GTK3 theme plugin). Libraries that
    nothing linked to in the full collection (loaded by dlopen, or the bootloader's libpython) are kept."""
    linked_before = _reachable(before, [dest for dest, _, _ in before], needed)
    roots = [dest for dest, _, _ in after if dest not in linked_before]
    still_linked = _reachable(after, roots, needed)
    orphans = {dest for dest, _, _ in after if dest in linked_before and dest not in still_linked}
    return [entry for entry in after if entry[0] not in orphans]


def strip_debug_symbols(toc, workpath: str, platform: str = sys.platform):
    """Point the STRIPPED entries at stripped copies made in workpath (the installed files are
    untouched). No-op where ``strip`` is missing or off Linux."""
    strip = shutil.which("strip")
    if not platform.startswith("linux") or strip is None:
        return list(toc)
    folder = Path(workpath) / "stripped"
    folder.mkdir(parents=True, exist_ok=True)
    result = []
    for dest, src, typecode in toc:
        if any(fnmatch.fnmatchcase(dest.replace("\\", "/"), pattern) for pattern in STRIPPED):
            copy = folder / dest.replace("\\", "/").replace("/", "__")
            source = Path(src)
            if not copy.exists() or copy.stat().st_mtime < source.stat().st_mtime:
                subprocess.run([strip, "--strip-unneeded", "-o", str(copy), str(source)], check=True)
            src = str(copy)
        result.append((dest, src, typecode))
    return result


# Linux: libraries PyAV's FFmpeg links to for codecs and protocols the app never uses (it encodes H.264 with
# libx264 or FFmpeg's own mpeg4, GIFs with Pillow, and decodes or streams nothing): HEVC, AV1 (SVT encoder, dav1d
# decoder), VP8/9, MP3, Opus, AMR, and GnuTLS for https:// (with its math libraries) — ~37 MiB. Each is
# replaced by a stub of the same name defining just the symbols the bundle's binaries import from it, so FFmpeg
# still loads. FFmpeg asks some of them what they support while listing its codecs (PROBES): those stubs answer
# 0 (NULL: "nothing"); any other stub that is ever called prints which library was left out and aborts.
PROBES = ("vpx_codec_vp?_?x", "vpx_codec_get_caps", "x265_api_get*")  # fnmatch patterns
STUBBED = ("av.libs/libx265-*", "av.libs/libSvtAv1Enc-*", "av.libs/libvpx-*", "av.libs/libdav1d-*",
           "av.libs/libmp3lame-*", "av.libs/libopus-*", "av.libs/libopencore-amr*", "av.libs/libgnutls-*")


def _dynamic_symbols(path: str) -> list[tuple[str, str, int, str | None, bool]]:
    """(name, type, size, version, defined) of a library's dynamic symbols, from ``readelf --dyn-syms``."""
    listing = subprocess.run(["readelf", "--dyn-syms", "-W", path], capture_output=True, text=True,
                             check=True).stdout
    symbols = []
    for line in listing.splitlines():
        fields = line.split()
        if (len(fields) < 8 or not fields[0].endswith(":") or fields[3] not in {"FUNC", "OBJECT", "IFUNC"}
                or fields[6] == "ABS"):  # ABS: the names of symbol versions
            continue
        name, _, version = fields[7].replace("@@", "@").partition("@")
        size = int(fields[2], 0) if fields[2].isdigit() or fields[2].startswith("0x") else 0
        symbols.append((name, fields[3], size, version or None, fields[6] != "UND"))
    return symbols


def stub_source(library: str, symbols) -> tuple[str, str]:
    """C source and linker version script of a stub defining `symbols` ((name, type, size, version))."""
    lines = ["#include <stdio.h>", "#include <stdlib.h>",
             "static void left_out(const char *name) {",
             f'    fprintf(stderr, "losslab: %s was called, but {library} is not in this bundle\\n", name);',
             "    abort();", "}"]
    versions: dict[str, list[str]] = {}
    for index, (name, kind, size, version) in enumerate(sorted(symbols)):
        if kind == "OBJECT":
            lines.append(f'char object_{index}[{max(size, 1)}] __asm__("{name}");')
        elif any(fnmatch.fnmatchcase(name, pattern) for pattern in PROBES):
            lines.append(f'long function_{index}(void) __asm__("{name}");')
            lines.append(f"long function_{index}(void) {{ return 0; }}")
        else:
            lines.append(f'void function_{index}(void) __asm__("{name}");')
            lines.append(f'void function_{index}(void) {{ left_out("{name}"); }}')
        if version:
            versions.setdefault(version, []).append(name)
    script = "".join(f"{version} {{ global: {'; '.join(names)}; }};\n" for version, names in sorted(versions.items()))
    return "\n".join(lines) + "\n", script


def stub_unused_libraries(toc, workpath: str, platform: str = sys.platform, compiler: str | None = None,
                          needed=_needed_libraries):
    """Point the STUBBED entries at stubs built in workpath (see STUBBED). No-op off Linux or where a C
    compiler or readelf is missing: the bundle is then only bigger."""
    compiler = compiler or shutil.which("cc") or shutil.which("gcc")
    if not platform.startswith("linux") or compiler is None or shutil.which("readelf") is None:
        return list(toc)
    stubbed = [entry for entry in toc if any(fnmatch.fnmatchcase(entry[0].replace("\\", "/"), pattern)
                                             for pattern in STUBBED)]
    if not stubbed:
        return list(toc)
    stubbed_names = {Path(dest).name for dest, _, _ in stubbed}
    linking = [src for dest, src, _ in toc if Path(dest).name not in stubbed_names and Path(src).is_file()
               and stubbed_names & {Path(name).name for name in needed(src)}]
    imported = {name for src in linking for name, *_, defined in _dynamic_symbols(src) if not defined}
    folder = Path(workpath) / "stubs"
    folder.mkdir(parents=True, exist_ok=True)
    replaced = {}
    for dest, src, _ in stubbed:
        name = Path(dest).name
        symbols = {(symbol, kind, size, version) for symbol, kind, size, version, defined in _dynamic_symbols(src)
                   if defined and symbol in imported}
        code, script = stub_source(name, symbols)
        (folder / f"{name}.c").write_text(code, encoding="utf-8")
        command = [compiler, "-shared", "-fPIC", "-O1", "-o", str(folder / name), str(folder / f"{name}.c"),
                   f"-Wl,-soname,{name}"]
        if script:
            (folder / f"{name}.map").write_text(script, encoding="utf-8")
            command.append(f"-Wl,--version-script={folder / f'{name}.map'}")
        subprocess.run(command, check=True)
        replaced[dest] = str(folder / name)
    result = [(dest, replaced.get(dest, src), typecode) for dest, src, typecode in toc]
    orphans = _only_needed_by(stubbed, result)
    return [entry for entry in result if Path(entry[0]).name not in orphans]


def _direct_needs(path: str) -> set[str]:
    """The DT_NEEDED names of a library (not ldd's transitive closure, which would follow the original files)."""
    listing = subprocess.run(["readelf", "-d", "-W", path], capture_output=True, text=True).stdout
    return {line.rpartition("[")[2].rstrip("]") for line in listing.splitlines() if "(NEEDED)" in line}


def _only_needed_by(replaced, toc) -> set[str]:
    """Names of the TOC's libraries that only the `replaced` originals needed, directly or through each other
    (GnuTLS's math and Unicode libraries): the stubs need none of them."""
    names_of = {Path(dest).name: src for dest, src, typecode in toc if typecode != "SYMLINK"}
    needs = {name: _direct_needs(src) for name, src in names_of.items() if Path(src).is_file()}
    candidates: set[str] = set()
    stack = [src for _, src, _ in replaced]
    while stack:
        for name in _direct_needs(stack.pop()):
            if name in names_of and name not in candidates:
                candidates.add(name)
                stack.append(names_of[name])
    orphans = set(candidates)
    while True:  # keep whatever a kept library still needs
        kept_needs = set().union(*(needs.get(name, set()) for name in names_of if name not in orphans))
        if not orphans & kept_needs:
            return orphans
        orphans -= kept_needs


def windows_version_text() -> str:
    """The version resource Explorer shows (Properties → Details), in the text form PyInstaller's ``version=``
    reads (it evaluates it on Windows; PyInstaller's versioninfo module needs pefile, absent elsewhere)."""
    meta = metadata()
    numbers = tuple(int(part) for part in (meta["version"].split(".") + ["0"] * 4)[:4])
    strings = {
        "CompanyName": "losslab", "FileDescription": meta["description"][:200], "FileVersion": meta["version"],
        "InternalName": APP_NAME, "OriginalFilename": f"{APP_NAME}.exe", "ProductName": APP_NAME,
        "ProductVersion": meta["version"],
    }
    string_structs = ",\n".join(f"          StringStruct({key!r}, {value!r})" for key, value in strings.items())
    return (
        "VSVersionInfo(\n"
        f"  ffi=FixedFileInfo(filevers={numbers!r}, prodvers={numbers!r}),\n"
        "  kids=[\n"
        "    StringFileInfo([StringTable('040904B0', [\n"
        f"{string_structs}\n"
        "    ])]),\n"
        "    VarFileInfo([VarStruct('Translation', [1033, 1200])]),\n"
        "  ],\n"
        ")\n"
    )


def macos_info_plist() -> dict[str, object]:
    meta = metadata()
    return {
        "CFBundleName": APP_NAME, "CFBundleDisplayName": APP_NAME,
        "CFBundleShortVersionString": meta["version"], "CFBundleVersion": meta["version"],
        "NSHighResolutionCapable": True, "NSHumanReadableCopyright": "MIT licence",
        "LSMinimumSystemVersion": "11.0",
    }
