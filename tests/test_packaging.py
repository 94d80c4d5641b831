"""The PyInstaller spec, checked without building (the full build + smoke test is build_scripts/build.py).

The spec is executed with stand-ins for PyInstaller's Analysis/PYZ/EXE/COLLECT, so what it would hand to
PyInstaller is inspected directly: the excludes must not remove anything the app imports (numba and LLVM are
left out: the bundle runs the ahead-of-time kernels, which the spec must collect), the pruning must keep every
file torch and Qt load at run time, and every resource the app looks up must be collected where app.resources
finds it in the bundle.
"""

from __future__ import annotations

import ast
import fnmatch
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPTS = ROOT / "build_scripts"
sys.path.insert(0, str(BUILD_SCRIPTS))

import bundle_plan  # noqa: E402
import PySide6  # noqa: E402

SITE_PACKAGES = Path(PySide6.__file__).resolve().parent.parent  # where the installed packages live


class _Recorder:
    """Stands in for one of PyInstaller's spec classes: records its arguments."""

    calls: dict[str, list] = {}

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        _Recorder.calls.setdefault(type(self).__name__, []).append(self)


class Analysis(_Recorder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pure, self.scripts = [("app", "app/__init__.py", "PYMODULE")], [("launcher", "launcher.py", "PYSOURCE")]
        self.binaries = [(dest, f"/nowhere/{dest}", "BINARY") for dest in FAKE_BINARIES]
        self.datas = [(dest, f"/nowhere/{dest}", "DATA") for dest in FAKE_DATAS]


class PYZ(_Recorder):
    pass


class EXE(_Recorder):
    pass


class COLLECT(_Recorder):
    pass


class BUNDLE(_Recorder):
    pass


AOT_DEST = "core/engine/_aot_kernels.cpython-311-x86_64-linux-gnu.so"
FAKE_BINARIES = [
    AOT_DEST, "torch/lib/libc10.so", "torch/lib/libjitbackend_test.so", "torch/bin/torch_shm_manager",
    "torch/bin/test_api", "torch/bin/protoc", "numpy.libs/libscipy_openblas64_.so",
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so", "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
]
FAKE_DATAS = [
    "torch/include/ATen/ATen.h", "torch/test/foo.py", "torch/testing/_internal/common_dtype.py",
    "torch/_C/__init__.pyi", "torch/nn/modules/linear.py", "PySide6/Qt/translations/qtbase_de.qm",
    "resources/presets/race_beale.json", "resources/icons/losslab.png",
]


def _execute_spec(workpath: Path, analysis=Analysis) -> dict[str, list]:
    _Recorder.calls = {}
    namespace = {"__name__": "__main__", "SPECPATH": str(BUILD_SCRIPTS), "workpath": str(workpath),
                 "Analysis": analysis, "PYZ": PYZ, "EXE": EXE, "COLLECT": COLLECT, "BUNDLE": BUNDLE}
    spec = BUILD_SCRIPTS / "losslab.spec"
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)
    return _Recorder.calls


@pytest.fixture(scope="module")
def spec_run(tmp_path_factory):
    """Execute losslab.spec with the stand-ins (as if the AOT module were built: a checkout need not have it);
    return the recorded calls."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bundle_plan, "aot_problem", lambda: None)
        return _execute_spec(tmp_path_factory.mktemp("pyinstaller-work"))


@pytest.fixture(scope="module")
def runtime_imports():
    """What a fresh interpreter imports and loads when the app's modules (window, exports, training panel,
    torch trainer) are imported, a GIF is saved through Pillow (which tries every image plugin) and the twin
    networks train two steps: Qt modules, top-level packages, and (Linux) shared libraries mapped. numba,
    llvmlite and the other excluded packages are blocked, as in the bundle: none of this may need them."""
    blocked = ["numba", "llvmlite", *bundle_plan.EXCLUDED_PACKAGES, *bundle_plan.EXCLUDED_OPTIONAL]
    script = """
import contextlib, io, json, os, sys
sys.modules.update(dict.fromkeys(json.loads(sys.argv[1])))  # `import numba` raises ImportError, as in the bundle
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
import app.main_window, app.export.render, app.export.svg, app.training.panel
import pyqtgraph.exporters
import core.engine, core.training.twin, core.experiments.catalog
from PIL import Image
Image.new("RGB", (8, 8)).save(io.BytesIO(), format="GIF")
Image.init()
from app.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    assert main(["train", "--task", "spirals", "--steps", "2", "--seed", "1", "--device", "cpu", "--json"]) == 0
files = sorted({m.__file__ for m in list(sys.modules.values()) if getattr(m, "__file__", None)})
libraries = []
if os.path.exists("/proc/self/maps"):
    libraries = sorted({line.split()[-1] for line in open("/proc/self/maps") if ".so" in line})
modules = sorted(name for name, module in sys.modules.items() if module is not None)  # not the blocked ones
print(json.dumps({"modules": modules, "files": files, "libraries": libraries}))
"""
    result = subprocess.run([sys.executable, "-c", script, json.dumps(blocked)], cwd=ROOT, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _bundle_path(file: str) -> str | None:
    """Where an installed file lands in the bundle (its path below site-packages), or None if not installed."""
    try:
        return Path(file).resolve().relative_to(SITE_PACKAGES.resolve()).as_posix()
    except ValueError:
        return None


# ---- excludes -----------------------------------------------------------------------------------------------
def test_spec_hands_pyinstaller_the_plan(spec_run):
    (analysis,) = spec_run["Analysis"]
    assert analysis.args[0] == [str(bundle_plan.ENTRY_SCRIPT)] and bundle_plan.ENTRY_SCRIPT.is_file()
    assert analysis.kwargs["excludes"] == list(bundle_plan.EXCLUDES)
    assert analysis.kwargs["datas"] == bundle_plan.datas()
    assert analysis.kwargs["hiddenimports"] == ["core.engine._aot_kernels"]
    assert not analysis.kwargs.get("runtime_hooks")  # the numba cache hook went with numba
    modes = analysis.kwargs["module_collection_mode"]
    assert modes == bundle_plan.module_collection_mode()
    assert "torch.utils._config_module" not in modes and "torch._dynamo.config" in modes
    (exe,) = spec_run["EXE"]
    assert exe.kwargs["name"] == "losslab" and exe.kwargs["exclude_binaries"] is True
    assert Path(exe.kwargs["icon"]).is_file()
    assert exe.kwargs["strip"] is False, "stripping every library breaks numpy's OpenBLAS"
    (collect,) = spec_run["COLLECT"]
    collected = {entry[0] for toc in collect.args[1:] for entry in toc}
    assert collected == {dest for dest in FAKE_BINARIES + FAKE_DATAS if not bundle_plan.is_dropped(dest)}
    assert {AOT_DEST, "torch/bin/torch_shm_manager", "PySide6/Qt/plugins/platforms/libqxcb.so",
            "numpy.libs/libscipy_openblas64_.so", "resources/presets/race_beale.json"} <= collected
    assert not collected & {"torch/bin/test_api", "torch/include/ATen/ATen.h", "torch/test/foo.py",
                            "PySide6/Qt/translations/qtbase_de.qm", "PySide6/Qt/plugins/sqldrivers/libqsqlite.so"}


def test_numba_and_llvm_are_excluded_with_the_jit_only_kernel_sources(spec_run):
    excludes = spec_run["Analysis"][0].kwargs["excludes"]
    assert {"numba", "llvmlite", "core.engine.kernel", "core.surfaces.native"} <= set(excludes)
    assert "core.engine.compiled" not in excludes and "core.engine._aot_kernels" not in excludes
    assert not any(fnmatch.fnmatchcase("llvmlite/binding/libllvmlite.so", pattern)
                   for pattern in bundle_plan.STRIPPED)  # nothing left to strip there


def _imports_of(tree: ast.AST):
    """(module imported, imported at module level?) for every import statement of a parsed module."""
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, id(node) in top) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield from ((f"{node.module}.{alias.name}", id(node) in top) for alias in node.names)
            yield node.module, id(node) in top


def test_only_the_jit_fallback_imports_the_excluded_kernel_sources():
    """The excluded modules import numba; in the bundle only core.engine.compiled may name them, inside the
    functions it calls when no ahead-of-time module is loaded (never when frozen)."""
    excluded = {"core.engine.kernel", "core.surfaces.native", "numba", "llvmlite"}
    allowed_at_top = {ROOT / "core" / "engine" / "kernel.py", ROOT / "core" / "surfaces" / "native.py"}
    offenders = []
    for source in list((ROOT / "app").rglob("*.py")) + list((ROOT / "core").rglob("*.py")):
        for module, at_top in _imports_of(ast.parse(source.read_text(encoding="utf-8"))):
            hits = {name for name in excluded if module == name or module.startswith(name + ".")}
            if not hits or source in allowed_at_top:
                continue
            if at_top or source != ROOT / "core" / "engine" / "compiled.py":
                offenders.append(f"{source.relative_to(ROOT)}: {module}")
    assert not offenders


def test_the_spec_stops_without_a_current_aot_module(monkeypatch, tmp_path):
    monkeypatch.setattr(bundle_plan, "aot_problem", lambda: "no _aot_kernels")
    with pytest.raises(SystemExit, match="no _aot_kernels"):
        _execute_spec(tmp_path)

    class AnalysisWithoutAot(Analysis):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.binaries = [entry for entry in self.binaries if entry[0] != AOT_DEST]

    monkeypatch.setattr(bundle_plan, "aot_problem", lambda: None)
    with pytest.raises(SystemExit, match="not collected"):
        _execute_spec(tmp_path, AnalysisWithoutAot)
    assert "COLLECT" not in _Recorder.calls


def test_aot_module_must_exist_and_match_todays_kernel_sources(tmp_path):
    from importlib.machinery import EXTENSION_SUFFIXES

    from core.engine import compiled

    assert "no _aot_kernels" in bundle_plan.aot_problem(tmp_path)
    (tmp_path / f"_aot_kernels{EXTENSION_SUFFIXES[0]}").write_bytes(b"\x7fELF")
    assert "older kernel sources" in bundle_plan.aot_problem(tmp_path)  # no stamp
    (tmp_path / "_aot_kernels.sha256").write_text("0" * 64 + "\n")
    assert "older kernel sources" in bundle_plan.aot_problem(tmp_path)
    (tmp_path / "_aot_kernels.sha256").write_text(compiled.source_hash() + "\n")
    assert bundle_plan.aot_problem(tmp_path) is None
    assert bundle_plan.is_aot_module("core\\engine\\_aot_kernels.cp311-win_amd64.pyd")
    assert not bundle_plan.is_aot_module("core/engine/compiled.py")


def test_every_unused_qt_module_is_excluded_and_no_used_one():
    installed = {path.name.split(".")[0] for path in (SITE_PACKAGES / "PySide6").iterdir()
                 if path.name.startswith("Qt") and path.suffix in {".so", ".pyd"}}
    assert installed, "PySide6 extension modules not found"
    assert set(bundle_plan.KEPT_QT_MODULES) <= installed
    assert installed - set(bundle_plan.KEPT_QT_MODULES) <= set(bundle_plan.EXCLUDED_QT_MODULES)
    assert not set(bundle_plan.KEPT_QT_MODULES) & set(bundle_plan.EXCLUDED_QT_MODULES)


def test_excludes_remove_nothing_the_app_imports(runtime_imports):
    modules = runtime_imports["modules"]
    qt_used = {name.split(".")[1] for name in modules if name.startswith("PySide6.Qt")}
    assert {"QtCore", "QtGui", "QtWidgets", "QtOpenGL"} <= qt_used  # pyqtgraph 0.14 imports QtOpenGL
    assert qt_used <= set(bundle_plan.KEPT_QT_MODULES)
    top_level = {name.split(".")[0] for name in modules}
    assert "torch" in top_level and not top_level & set(bundle_plan.EXCLUDED_PACKAGES)
    assert not set(modules) & set(bundle_plan.JIT_ONLY + bundle_plan.EXCLUDED_OPTIONAL)
    assert "PIL.GifImagePlugin" in modules and "torch.optim" in modules  # the GIF and the training really ran
    assert "core.engine.compiled" in modules or "core.engine" in modules


def test_pruning_keeps_every_file_the_app_loads(runtime_imports):
    loaded = [path for path in (_bundle_path(file) for file in runtime_imports["files"] + runtime_imports["libraries"])
              if path is not None]
    assert any(path.startswith("torch/") for path in loaded) and any(path.startswith("PySide6/") for path in loaded)
    dropped = [path for path in loaded if bundle_plan.is_dropped(path)]
    assert not dropped


def test_pruning_cuts_torch_tests_headers_tools_and_qt_translations():
    torch_dir, qt_dir = SITE_PACKAGES / "torch", SITE_PACKAGES / "PySide6" / "Qt"
    for folder in (torch_dir / "test", torch_dir / "include", torch_dir / "bin", qt_dir / "translations"):
        if not folder.is_dir():
            continue
        files = [_bundle_path(str(path)) for path in folder.rglob("*") if path.is_file()]
        kept = [path for path in files if not bundle_plan.is_dropped(path)]
        # `import torch` fails without torch_shm_manager; the zh_CN window needs Qt's own Chinese strings
        allowed = {"torch/bin/torch_shm_manager", "PySide6/Qt/translations/qtbase_zh_CN.qm"}
        assert set(kept) <= allowed, kept[:5]
    if (torch_dir / "bin" / "torch_shm_manager").is_file():
        assert not bundle_plan.is_dropped("torch/bin/torch_shm_manager")
    for required in bundle_plan.REQUIRED:
        assert not bundle_plan.is_dropped(required)


@pytest.mark.skipif(shutil.which("strip") is None or not sys.platform.startswith("linux"), reason="needs binutils")
def test_only_the_named_libraries_are_stripped_into_the_work_folder(tmp_path):
    small_library = SITE_PACKAGES / "torch" / "lib" / "libtorch_global_deps.so"
    if not small_library.is_file():
        pytest.skip("torch's small library is not where expected")
    original = tmp_path / "libtorch_python.so"
    shutil.copy(small_library, original)
    before = original.read_bytes()
    toc = [("torch/lib/libtorch_python.so", str(original), "BINARY"),
           ("numpy.libs/libscipy_openblas64_.so", "/x/libscipy_openblas64_.so", "BINARY")]
    result = bundle_plan.strip_debug_symbols(toc, str(tmp_path / "work"))
    stripped = Path(result[0][1])
    assert stripped.parent == tmp_path / "work" / "stripped" and stripped.is_file()
    assert result[0][0] == toc[0][0]
    assert stripped.stat().st_size < len(before)
    assert original.read_bytes() == before  # the installed file is never modified
    assert result[1] == toc[1]  # OpenBLAS is left alone


def test_stripping_spares_openblas_and_covers_the_big_libraries():
    def stripped(dest):
        return any(fnmatch.fnmatchcase(dest, pattern) for pattern in bundle_plan.STRIPPED)

    assert stripped("torch/lib/libtorch_cpu.so") and stripped("torch/lib/libtorch_python.so")
    assert stripped("libpython3.11.so.1.0") and stripped("av/video/frame.abi3.so")
    assert not stripped("numpy.libs/libscipy_openblas64_-32a4b2a6.so")
    assert not any(stripped(f"numpy/{name}") for name in ("_core/_multiarray_umath.so", "linalg/_umath_linalg.so"))


def test_libraries_only_dropped_binaries_needed_are_dropped_too():
    needed = {
        "/s/libqgtk3.so": ["libgtk-3.so.0", "libQt6Gui.so.6"], "/s/libgtk-3.so.0": ["libcairo.so.2", "libglib.so"],
        "/s/libqxcb.so": ["libQt6XcbQpa.so.6", "libQt6Gui.so.6"], "/s/libQt6Gui.so.6": ["libglib.so"],
        "/s/QtGui.so": ["libQt6Gui.so.6"],
    }
    before = [(dest, f"/s/{Path(dest).name}", "BINARY") for dest in (
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/QtGui.so", "libgtk-3.so.0", "libcairo.so.2", "libglib.so", "libQt6Gui.so.6", "libQt6XcbQpa.so.6",
        "libdlopened.so", "libpython3.11.so.1.0")]
    after = [entry for entry in before if "libqgtk3" not in entry[0]]
    result = bundle_plan.drop_orphaned_dependencies(before, after, lambda src: needed.get(src, []))
    kept = {dest for dest, _, _ in result}
    assert "libgtk-3.so.0" not in kept and "libcairo.so.2" not in kept
    assert {"libglib.so", "libQt6Gui.so.6", "libQt6XcbQpa.so.6", "PySide6/QtGui.so"} <= kept  # still linked
    assert {"libdlopened.so", "libpython3.11.so.1.0"} <= kept  # never linked: may be loaded by name


# ---- resources ---------------------------------------------------------------------------------------------
def _resource_paths_used_by_the_app() -> set[tuple[str, ...]]:
    """Literal arguments of every resource_path(...) call in app/ and core/, plus the presets folder."""
    used = {("presets",)}
    for source in list((ROOT / "app").rglob("*.py")) + list((ROOT / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None))
                    == "resource_path" and node.args
                    and all(isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in node.args)):
                used.add(tuple(arg.value for arg in node.args))
    return used


def test_every_resource_the_app_uses_exists_and_is_collected():
    from app import resources

    (source, destination), = bundle_plan.datas()
    assert Path(source) == ROOT / "resources" and destination == "resources"
    assert resources.resources_root() == Path(source)
    for parts in _resource_paths_used_by_the_app():
        from_source = resources.resource_path(*parts)
        assert from_source.exists(), from_source
        files = [from_source] if from_source.is_file() else [p for p in from_source.rglob("*") if p.is_file()]
        assert files, f"{from_source} is empty"
        for file in files:
            in_bundle = (Path(destination) / file.relative_to(source)).as_posix()
            assert not bundle_plan.is_dropped(in_bundle), in_bundle
    assert len(resources.presets()) == len(list((ROOT / "resources" / "presets").glob("*.json")))


def test_the_bundle_finds_resources_under_meipass(monkeypatch, tmp_path):
    from app import resources

    (_, destination), = bundle_plan.datas()
    shutil.copytree(ROOT / "resources" / "presets", tmp_path / destination / "presets")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_root() == tmp_path / destination
    titles = [title for title, _ in resources.presets()]
    assert titles and all(path.is_relative_to(tmp_path) for _, path in resources.presets())
    monkeypatch.delattr(sys, "_MEIPASS")
    assert titles == [title for title, _ in resources.presets()]


def test_app_icons_exist_for_every_platform():
    from PIL import Image

    for platform in ("linux", "win32", "darwin"):
        icon = bundle_plan.icon_file(platform)
        assert icon.is_file() and icon.is_relative_to(ROOT / "resources")
    with Image.open(bundle_plan.icon_file("linux")) as png:
        assert png.size[0] >= 256 and png.size[0] == png.size[1]
    with Image.open(bundle_plan.icon_file("win32")) as ico:
        assert (256, 256) in ico.info["sizes"] and (16, 16) in ico.info["sizes"]
    assert bundle_plan.icon_file("darwin").read_bytes()[:4] == b"icns"


def test_windows_version_resource_carries_pyproject_metadata():
    text = bundle_plan.windows_version_text()
    tree = ast.parse(text, mode="eval")
    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call)}
    assert called <= {"VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct",
                      "VarFileInfo", "VarStruct"}
    meta = bundle_plan.metadata()
    assert f"'ProductVersion', '{meta['version']}'" in text
    assert f"filevers={tuple(int(p) for p in (meta['version'] + '.0').split('.')[:4])!r}" in text
    plist = bundle_plan.macos_info_plist()
    assert plist["CFBundleShortVersionString"] == meta["version"]


def test_build_output_lands_in_ignored_folders():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored
    build = (BUILD_SCRIPTS / "build.py").read_text(encoding="utf-8")
    assert 'ROOT / "dist"' in build and 'ROOT / "build" / "pyinstaller"' in build


# ---- stubs for the codec libraries the app never calls ------------------------------------------------------
@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("cc") is None
                    or shutil.which("readelf") is None, reason="needs Linux, a C compiler and binutils")
def test_a_stubbed_library_still_loads_answers_probes_and_aborts_on_real_use(monkeypatch, tmp_path):
    """A real library with a versioned function, a probe and a data object, and a user linked to it: with the
    real one replaced by its stub the user still loads, the probe answers 0, a real call aborts saying why. A
    library only the real one needed leaves the bundle."""
    (tmp_path / "helper.c").write_text("int helper(void) { return 1; }\n")
    helper = tmp_path / "libhelper-9.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", helper, tmp_path / "helper.c", "-Wl,-soname,libhelper-9.so"],
                   check=True)
    (tmp_path / "real.c").write_text("int codec_probe(void) { return 7; }\nint codec_encode(int x) { return x; }\n"
                                     "int codec_table[16] = {1};\nint helper(void);\n"
                                     "int codec_unused(void) { return helper(); }\n")
    (tmp_path / "real.map").write_text("CODEC_1 { global: codec_probe; codec_encode; codec_table; codec_unused; };\n")
    (tmp_path / "user.c").write_text("int codec_probe(void); int codec_encode(int); extern int codec_table[16];\n"
                                     "int probe(void) { return codec_probe() + codec_table[0]; }\n"
                                     "int encode(int x) { return codec_encode(x); }\n")
    real, user = tmp_path / "libcodec-1234.so.5", tmp_path / "libuser.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", real, tmp_path / "real.c", "-Wl,-soname,libcodec-1234.so.5",
                    f"-Wl,--version-script={tmp_path / 'real.map'}", helper], check=True)
    subprocess.run(["cc", "-shared", "-fPIC", "-o", user, tmp_path / "user.c", real,
                    "-Wl,-rpath,$ORIGIN/bundle"], check=True)
    monkeypatch.setattr(bundle_plan, "STUBBED", ("av.libs/libcodec-*",))
    monkeypatch.setattr(bundle_plan, "PROBES", ("codec_pro*",))
    toc = [("av/user.so", str(user), "EXTENSION"), ("av.libs/libcodec-1234.so.5", str(real), "BINARY"),
           ("numpy.libs/libscipy_openblas64_.so", "/x/libscipy_openblas64_.so", "BINARY"),
           ("av.libs/libhelper-9.so", str(helper), "BINARY")]
    result = bundle_plan.stub_unused_libraries(toc, str(tmp_path / "work"))
    assert [entry[0] for entry in result] == [entry[0] for entry in toc[:3]]  # the helper went with the codec
    assert result[0] == toc[0] and result[2] == toc[2]
    stub = Path(result[1][1])
    assert stub.parent == tmp_path / "work" / "stubs" and stub.name == real.name
    exported = {name for name, *_, defined in bundle_plan._dynamic_symbols(str(stub)) if defined}
    assert exported == {"codec_probe", "codec_encode", "codec_table"}  # only what the user imports
    (tmp_path / "bundle").mkdir()
    shutil.copy(stub, tmp_path / "bundle" / real.name)
    code = ("import ctypes, sys; lib = ctypes.CDLL(sys.argv[1]); print(lib.probe(), flush=True); "
            "print(lib.encode(5), flush=True)")
    run = subprocess.run([sys.executable, "-c", code, str(user)], capture_output=True, text=True, timeout=60)
    assert run.stdout.split() == ["0"]  # the probe and the zeroed table answer 0; encode never returns
    assert run.returncode != 0 and "codec_encode was called, but libcodec-1234.so.5 is not in this bundle" in run.stderr
    real.unlink()  # the user must now be loading the stub, not the real library
    assert subprocess.run([sys.executable, "-c", code.split("; print(lib.encode")[0], str(user)],
                          capture_output=True, text=True, timeout=60).stdout.split() == ["0"]


def test_links_to_dropped_libraries_are_dropped_too():
    binaries = [("av.libs/libx264-1.so", "/s/libx264-1.so", "BINARY"), ("torch/lib/libc10.so", "/s/c10", "BINARY")]
    datas = [("libx264-1.so", "av.libs/libx264-1.so", "SYMLINK"), ("libgmp-2.so", "av.libs/libgmp-2.so", "SYMLINK"),
             ("torch/lib/libc10.so.2", "libc10.so", "SYMLINK"), ("resources/a.json", "/s/a.json", "DATA")]
    assert bundle_plan.drop_dangling_links(datas, binaries) == [datas[0], datas[2], datas[3]]


def test_stubbing_is_planned_only_for_unused_codecs_and_not_elsewhere():
    def stubbed(dest):
        return any(fnmatch.fnmatchcase(dest, pattern) for pattern in bundle_plan.STUBBED)

    assert stubbed("av.libs/libx265-f5385bb8.so.216") and stubbed("av.libs/libgnutls-71454fd1.so.30.42.0")
    for kept in ("av.libs/libx264-d6533a8d.so.165", "av.libs/libavcodec-5e6b81c2.so.62.28.102",
                 "av.libs/libswscale-88e9f973.so.9.5.102", "pillow.libs/libwebp-51b0b3f7.so.7.2.0",
                 "numpy.libs/libscipy_openblas64_-32a4b2a6.so", "torch/lib/libtorch_cpu.so"):
        assert not stubbed(kept), kept
    assert bundle_plan.stub_unused_libraries([("av.libs/libx265-1.so", "/x", "BINARY")], "/w", "win32") == \
        [("av.libs/libx265-1.so", "/x", "BINARY")]
