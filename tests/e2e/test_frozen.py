"""The packaged (PyInstaller onedir) toolbar: it builds, starts, and finds its keyring.

The bundle is built once per run with ``packaging/build.sh`` into ``build/frozen-test/`` and
reused while the sources, resources, packaging files and installed packages are unchanged
(the key is their hash; ``build/`` is not in git, so a clean clone always builds). Deselect
with ``-m "not frozen"``.

The runs that need no keyring get a D-Bus address that leads nowhere: with none at all,
libdbus would autolaunch a session bus that outlives the test.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
from importlib import metadata
from pathlib import Path

import pytest

from agent_toolbar import __version__
from tests.e2e.conftest import App, Desktop, Launcher

pytestmark = [pytest.mark.frozen, pytest.mark.timeout(900)]

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / "build" / "frozen-test"
DIST = CACHE / "dist"
BUNDLE = DIST / "agent-toolbar"
EXE = BUNDLE / ("agent-toolbar.exe" if sys.platform == "win32" else "agent-toolbar")
NO_BUS = "unix:path=/nonexistent/agent-toolbar-test-bus"


def source_key() -> str:
    """A hash of everything that ends up in the bundle or decides how it is built."""
    digest = hashlib.sha256()
    for base in ("agent_toolbar", "resources", "packaging"):
        for path in sorted((REPO / base).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    digest.update((REPO / "pyproject.toml").read_bytes())
    for dist in sorted(metadata.distributions(), key=lambda d: d.metadata["Name"] or ""):
        digest.update(f"{dist.metadata['Name']}=={dist.version}\n".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def bundle() -> Path:
    """The built bundle's executable (built now unless an identical build is cached)."""
    if shutil.which("bash") is None:
        pytest.skip("building the bundle needs bash")
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run building the same bundle waits here
        key = source_key()
        stamp = CACHE / "source-key"
        if not (EXE.exists() and stamp.exists() and stamp.read_text() == key):
            stamp.unlink(missing_ok=True)
            env = dict(
                os.environ,
                DIST=str(DIST),
                WORK=str(CACHE / "work"),
                PY=sys.executable,
                AGENT_TOOLBAR_NO_BOOTSTRAP="1",
            )
            done = subprocess.run(
                ["bash", "packaging/build.sh"],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                timeout=840,
                check=False,
            )
            assert done.returncode == 0, (
                f"build failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
            )
            stamp.write_text(key)
    return EXE


def run_frozen(
    exe: Path, *args: str, env: dict[str, str], timeout: float = 60.0
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def isolated_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A fresh home and XDG dirs, no system-wide file, no display unless given."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DBUS_", "WAYLAND", "QT_", "XDG_", "DISPLAY", "PYTHON"))
    }
    for name in ("home", "config", "state", "xdg", "run"):
        (tmp_path / name).mkdir(exist_ok=True)
    (tmp_path / "run").chmod(0o700)
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CONFIG_DIRS=str(tmp_path / "xdg"),
        XDG_RUNTIME_DIR=str(tmp_path / "run"),
        DBUS_SESSION_BUS_ADDRESS=NO_BUS,
    )
    env.update(extra)
    return env


def test_version(bundle: Path, tmp_path: Path) -> None:
    done = run_frozen(bundle, "--version", env=isolated_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"agent-toolbar {__version__}"


def test_bundle_holds_what_it_should_and_nothing_else(bundle: Path) -> None:
    files = [p.relative_to(BUNDLE).as_posix() for p in BUNDLE.rglob("*") if p.is_file()]
    names = "\n".join(files)
    # our resources, and keyring's entry points
    assert "_internal/resources/icons/agent-toolbar.svg" in files
    assert any(f.startswith("_internal/keyring-") and f.endswith("entry_points.txt") for f in files)
    # one Qt binding, the Qt modules we use, two Qt translations
    for other in ("PyQt5", "PyQt6", "PySide2", "tkinter", "libtk", "libQt6Qml",
                  "libQt6Quick", "libQt6Pdf", "libQt6OpenGL", "QtQml.abi3", "QtDBus.abi3",
                  "libqgtk3"):  # fmt: skip
        assert other not in names, other
    translations = sorted(Path(f).name for f in files if f.endswith(".qm") and "/Qt/" in f)
    assert translations == ["qtbase_en.qm", "qtbase_ru.qm"]
    plugins = {f.split("/plugins/", 1)[1] for f in files if "/Qt/plugins/" in f}
    if sys.platform.startswith("linux"):
        for plugin in ("platforms/libqxcb.so", "platforms/libqoffscreen.so",
                       "platforms/libqwayland.so", "iconengines/libqsvgicon.so",
                       "imageformats/libqsvg.so"):  # fmt: skip
            assert plugin in plugins, plugin
        assert not any(p.startswith(("xcbglintegrations/", "tls/", "generic/")) for p in plugins)
        # the tarball carries the bundle with the desktop integration
        tarballs = list(DIST.glob(f"agent-toolbar-{__version__}-linux-*.tar.gz"))
        assert len(tarballs) == 1
        with tarfile.open(tarballs[0]) as archive:
            members = set(archive.getnames())
        for name in ("agent-toolbar/agent-toolbar", "agent-toolbar/agent-toolbar.desktop",
                     "agent-toolbar/agent-toolbar.svg", "agent-toolbar/install.sh",
                     "agent-toolbar/agent-toolbar.ini.example"):  # fmt: skip
            assert name in members, name


def test_smoke_offscreen(bundle: Path, tmp_path: Path) -> None:
    env = isolated_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    done = run_frozen(bundle, "--smoke", "--config", str(tmp_path / "user.ini"), env=env)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Traceback" not in done.stderr
    assert "smoke:" in done.stderr  # the app's own log line: the whole UI was built


@pytest.mark.e2e
def test_smoke_on_x11(bundle: Path, tmp_path: Path, desktop: Desktop) -> None:
    env = isolated_env(tmp_path, DISPLAY=desktop.display, QT_QPA_PLATFORM="xcb")
    done = run_frozen(bundle, "--smoke", "--config", str(tmp_path / "user.ini"), env=env)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Traceback" not in done.stderr
    assert "smoke:" in done.stderr


@pytest.mark.e2e
def test_demo_window_appears_and_quits_cleanly(
    bundle: Path, desktop: Desktop, launch: Launcher, tmp_path: Path
) -> None:
    env = launch.env()
    env.update(DBUS_SESSION_BUS_ADDRESS=NO_BUS, LD_LIBRARY_PATH="")
    stderr_path = tmp_path / "frozen-demo.stderr"
    argv = [str(bundle), "--demo", "--config", str(tmp_path / "demo.ini")]
    with stderr_path.open("w", encoding="utf-8") as stream:
        proc = subprocess.Popen(argv, env=env, stdout=stream, stderr=stream, text=True)
    app = App(proc, env, Path(env["HOME"]), desktop, stderr_path, argv)
    launch.apps.append(app)
    assert app.window()
    app.wait_log("attached to ws://127.0.0.1:")  # the bundled simulator answered
    app.wait_log("global hotkey answer grabbed")  # python-xlib is in the bundle and works
    assert app.terminate() == 0


def test_keyring_backends_are_found_in_the_bundle(bundle: Path, tmp_path: Path) -> None:
    if not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        pytest.skip("needs dbus-run-session and gnome-keyring (bash scripts/bootstrap.sh test)")
    env = isolated_env(tmp_path)
    env.pop("DBUS_SESSION_BUS_ADDRESS")
    (tmp_path / "home" / ".local" / "share" / "keyrings").mkdir(parents=True)
    script = (
        'eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets '
        '| sed "s/^/export /")"; exec "$0" --diagnose-keyring'
    )
    done = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", script, str(bundle)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for entry_point in ("SecretService = keyring.backends.SecretService",
                        "KWallet = keyring.backends.kwallet", "Windows = keyring.backends.Windows",
                        "macOS = keyring.backends.macOS"):  # fmt: skip
        assert entry_point in out, out
    assert "keyring.backends.SecretService.Keyring: viable" in out, out
    assert "chosen: keyring.backends.SecretService.Keyring" in out, out
    assert "round trip: ok" in out, out


def test_silent_linux_install_from_the_tarball(bundle: Path, tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the tarball and install.sh are the Linux packaging")
    (tarball,) = DIST.glob(f"agent-toolbar-{__version__}-linux-*.tar.gz")
    with tarfile.open(tarball) as archive:
        if hasattr(tarfile, "tar_filter"):  # PEP 706 (3.11.4+): keep modes, refuse escapes
            archive.extractall(tmp_path / "unpacked", filter="tar")
        else:
            archive.extractall(tmp_path / "unpacked")  # our own tarball
    root = tmp_path / "root"
    fleet_ini = REPO / "packaging" / "examples" / "agent-toolbar.ini"
    done = subprocess.run(
        ["bash", str(tmp_path / "unpacked" / "agent-toolbar" / "install.sh"),
         "--config", str(fleet_ini), "--autostart", "--default-dialer"],
        env=dict(os.environ, DESTDIR=str(root)), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    installed = root / "opt" / "agent-toolbar"
    assert (installed / "agent-toolbar").is_file()
    assert os.readlink(root / "usr/local/bin/agent-toolbar") == "/opt/agent-toolbar/agent-toolbar"
    desktop_file = (root / "usr/share/applications/agent-toolbar.desktop").read_text()
    assert "Exec=agent-toolbar" in desktop_file and "Icon=agent-toolbar" in desktop_file
    assert "MimeType=x-scheme-handler/tel;" in desktop_file  # click-to-dial
    defaults = (root / "etc/xdg/mimeapps.list").read_text()
    for scheme in ("tel", "callto", "sip", "sips"):
        assert f"x-scheme-handler/{scheme}=agent-toolbar.desktop" in defaults
    assert (root / "usr/share/icons/hicolor/scalable/apps/agent-toolbar.svg").is_file()
    assert (root / "etc/xdg/autostart/agent-toolbar.desktop").is_file()
    system_ini = root / "etc/xdg/agent-toolbar/agent-toolbar.ini"
    assert system_ini.read_bytes() == fleet_ini.read_bytes()
    # the installed copy runs
    run = run_frozen(installed / "agent-toolbar", "--version", env=isolated_env(tmp_path))
    assert run.stdout.strip() == f"agent-toolbar {__version__}"
