"""What goes into the PyInstaller bundle and what is left out — plain data and small functions, shared by
losslab.spec (which builds) and tests/test_packaging.py (which checks them without building).

Measured on Linux (torch 2.13 CPU, PySide6 6.11): the plain one-folder build is ~1.2 GiB; the cuts below
(numba and its LLVM, replaced by the ahead-of-time kernels; unused Qt modules and plugins, Qt translations,
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
EXCLUDES = tuple(f"PySide6.{name}" for name in EXCLUDED_QT_MODULES) + EXCLUDED_PACKAGES + JIT_ONLY


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
)
# Files that must survive any pattern above (the test checks these are kept).
REQUIRED = ("torch/bin/torch_shm_manager", "PySide6/Qt/plugins/platforms/libqxcb.so",
            "PySide6/Qt/plugins/platforms/libqoffscreen.so")

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
