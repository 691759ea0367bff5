"""Save diagnostics: one zip a supervisor can attach to a ticket without leaking anything.

The zip holds:

* ``logs/<name>``: every log file, scrubbed (:func:`scrub`): phone numbers masked to their
  last four digits (``+7 999 123-45-67`` → ``+• ••• •••-45-67``; ``sip:1234567@host`` →
  ``sip:•••4567@host``; inside JSON and URLs too), DTMF digits blanked (secure mode or not),
  secrets blanked (known secrets, Authorization headers, ``password=…``, URL passwords);
* ``settings.json``: the effective settings without secrets (``Settings.effective()``),
  scrubbed too;
* ``info.json``: version, platform, Python/Qt/PySide6 versions, keyring backend, connection
  status (whatever the caller passes).

:func:`build_diagnostics_zip` is Qt-free. :func:`save_diagnostics_dialog` is the menu action:
it asks for a file name with a non-blocking ``QFileDialog.open()`` and writes the zip.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import platform
import re
import sys
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent_toolbar import __version__
from agent_toolbar.logs import MASK, redact

if TYPE_CHECKING:
    from agent_toolbar.qt import QtWidgets, QWidget
    from agent_toolbar.settings import Settings

log = logging.getLogger(__name__)

KEEP_DIGITS = 4
MIN_PHONE_DIGITS = 6  # shorter runs are ports, counters, extensions: left alone
MAX_LOG_BYTES = 20 * 1024 * 1024  # per file: the newest part is kept

_DOT = "•"
_open_dialogs: set[Any] = set()

# A phone-number candidate: digits with single spaces, dashes, dots-free brackets between them,
# an optional leading "+", not glued to a word or a dotted value (IPs, versions, ids) and not
# followed by one. A percent escape before it ("%2B" is "+", "%3D" is "=") counts as a
# separator. Possessive: no shorter re-match inside ids.
_PHONE = re.compile(
    r"(?:(?<=%[0-9A-Fa-f]{2})|(?<![\w.]))"
    r"\+?\(?\d(?:[ \-\u00a0()]{0,3}\d)*+"
    r"(?![\w.]\d|[^\W\d])"
)
_DATE_PREFIX = re.compile(r"\d{4}-[01]\d-[0-3]\d")
_DTMF_JSON = re.compile(r'(?i)("?(?:DTMFString|dtmf|digits)"?\s*:\s*")([^"]*)(")')
# websockets' own frame log ("> TEXT '{…}' [63 bytes]") cuts payloads in the middle, so a
# DTMF key may be cut off its value; agent_toolbar.wire logs the same frames already masked.
_WS_FRAME = re.compile(
    r"(?m)((?:^|\s)[<>] (?:TEXT|BINARY|CONT) ).*?"
    r"( \[(?:text, |binary, )?\d+ bytes?(?:, continued)?\])$"
)
_DTMF_KV = re.compile(r"(?i)\b((?:dtmf\w*|digits)\s*[=:]\s*['\"]?)([0-9A-D*#!•]+)")


def _mask_digits(text: str) -> str:
    """Replace every digit but the last :data:`KEEP_DIGITS` with a dot, keeping the layout."""
    total = sum(ch.isdigit() for ch in text)
    if total < MIN_PHONE_DIGITS:
        return text
    hide = total - KEEP_DIGITS
    out = []
    for ch in text:
        if ch.isdigit() and hide > 0:
            out.append(_DOT)
            hide -= 1
        else:
            out.append(ch)
    return "".join(out)


def _phone_match(match: re.Match[str]) -> str:
    text = match[0]
    date = _DATE_PREFIX.match(text)
    if date:  # "2024-05-01 12" is a timestamp, not a number; mask what follows it only
        rest = text[date.end() :]
        return text[: date.end()] + _PHONE.sub(_phone_match, rest)
    return _mask_digits(text)


def mask_phone_numbers(text: str) -> str:
    """Mask every phone-like number in ``text`` to its last four digits."""
    return _PHONE.sub(_phone_match, text)


def mask_dtmf(text: str) -> str:
    """Blank DTMF digits (``"DTMFString": "…"``, ``digits='…'``, ``dtmf=…``).

    Payloads of websockets' own frame log lines are dropped whole (see ``_WS_FRAME``).
    """
    text = _WS_FRAME.sub(lambda m: m[1] + "'[payload removed]'" + m[2], text)
    text = _DTMF_JSON.sub(lambda m: m[1] + _DOT * len(m[2]) + m[3], text)
    return _DTMF_KV.sub(lambda m: m[1] + _DOT * len(m[2]), text)


def scrub(text: str) -> str:
    """Secrets, DTMF digits and phone numbers out of ``text`` (in that order)."""
    return mask_phone_numbers(mask_dtmf(redact(text)))


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list | tuple):
        return [_scrub_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _scrub_value(v) for k, v in value.items()}
    return value


def _read_tail(path: Path) -> str:
    size = path.stat().st_size
    with path.open("rb") as handle:
        if size > MAX_LOG_BYTES:
            handle.seek(size - MAX_LOG_BYTES)
        data = handle.read()
    text = data.decode("utf-8", "replace")
    if size > MAX_LOG_BYTES:
        text = "[… older part cut …]\n" + text.split("\n", 1)[-1]
    return text


def build_diagnostics_zip(
    path: str | Path,
    *,
    log_files: Iterable[str | Path],
    settings_values: Mapping[str, Any],
    info: Mapping[str, Any],
) -> Path:
    """Write the diagnostics zip to ``path`` and return it.

    Args:
        path: The zip to write (replaced if it exists; written to a temporary name first).
        log_files: Log files to include, scrubbed; missing ones are noted in ``info.json``.
        settings_values: Effective settings without secrets (``Settings.effective()``).
        info: Version, platform, keyring backend, connection status … (scrubbed too).

    Returns:
        The path written.
    """
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    missing: list[str] = []
    used: set[str] = set()
    # Created 0600 before anything is written: it holds (scrubbed) logs and call data.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(partial, 0o600)
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in log_files:
            log_path = Path(item)
            try:
                text = _read_tail(log_path)
            except OSError as exc:
                missing.append(f"{log_path.name}: {exc.strerror or exc}")
                continue
            name = log_path.name
            while name in used:
                name = "_" + name
            used.add(name)
            archive.writestr(f"logs/{name}", scrub(text))
        safe_settings = {
            key: (MASK if "secret" in key else _scrub_value(value))
            for key, value in sorted(settings_values.items())
        }
        archive.writestr("settings.json", json.dumps(safe_settings, ensure_ascii=False, indent=2))
        full_info = dict(info)
        if missing:
            full_info["missing_logs"] = missing
        archive.writestr(
            "info.json", json.dumps(_scrub_value(full_info), ensure_ascii=False, indent=2)
        )
    partial.replace(target)
    log.info("diagnostics saved to %s", target)
    return target


def basic_info(
    *, keyring_backend: str = "", connection: str = "", extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Version, platform and runtime versions (Qt ones when Qt is loaded) plus caller facts."""
    info: dict[str, Any] = {
        "version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": sys.version.split()[0],
        "frozen": bool(getattr(sys, "frozen", False)),
        "keyring_backend": keyring_backend,
        "connection": connection,
    }
    if "PySide6" in sys.modules:
        from agent_toolbar.qt import QtCore

        info["qt"] = QtCore.qVersion()
        info["pyside6"] = sys.modules["PySide6"].__version__
    if extra:
        info.update(extra)
    return info


def rotated_logs(log_file: str | Path | None) -> list[Path]:
    """``log_file`` and its rotated copies (``.1``, ``.2`` …) that exist, newest first."""
    if log_file is None:
        return []
    base = Path(log_file)
    found = [base] if base.exists() else []
    index = 1
    while (rotated := base.with_name(f"{base.name}.{index}")).exists():
        found.append(rotated)
        index += 1
    return found


def default_file_name() -> str:
    """``agent-toolbar-diagnostics-YYYYmmdd-HHMMSS.zip``."""
    return time.strftime("agent-toolbar-diagnostics-%Y%m%d-%H%M%S.zip")


_jobs: set[asyncio.Future[Path]] = set()


def _progress(parent: QWidget | None) -> QtWidgets.QProgressDialog:
    """A busy indicator while the zip is written (it cannot be cancelled half-way)."""
    from agent_toolbar.qt import Qt, QtWidgets

    progress = QtWidgets.QProgressDialog(
        QtWidgets.QApplication.translate("Diagnostics", "Saving diagnostics (masking the logs)…"),
        "",
        0,
        0,
        parent,
    )
    progress.setObjectName("diagnosticsProgress")
    progress.setWindowTitle(QtWidgets.QApplication.translate("Diagnostics", "Save diagnostics"))
    progress.setCancelButton(None)
    progress.setMinimumDuration(0)
    progress.setWindowModality(Qt.WindowModality.NonModal)
    progress.show()
    return progress


def save_diagnostics_dialog(
    parent: QWidget | None,
    settings: Settings,
    *,
    log_files: Callable[[], Iterable[str | Path]] | Iterable[str | Path] = (),
    keyring_backend: str = "",
    connection: Callable[[], str] | str = "",
    directory: str | Path | None = None,
    on_saved: Callable[[Path], None] | None = None,
    extra: Callable[[], Mapping[str, Any]] | None = None,
) -> QtWidgets.QFileDialog:
    """Ask where to save (``QFileDialog.open()``, non-blocking) and write the zip there.

    Args:
        parent: Parent window of the dialog.
        settings: The settings (only ``effective()`` is read: no secrets).
        log_files: The log files, or a function returning them when the user confirms
            (e.g. ``lambda: rotated_logs(log_file)``).
        keyring_backend: ``Credentials.backend_name``.
        connection: The connection status text, or a function returning it.
        directory: Where the dialog starts (default: the home directory).
        on_saved: Called with the zip's path once written (e.g. to show a status message).
        extra: More facts for ``info.json`` when the user confirms (e.g. the call
            history's counts: never its content).

    Returns:
        The dialog, already open (it deletes itself when closed).
    """
    from agent_toolbar.qt import Qt, QtWidgets

    start = Path(directory) if directory else Path.home()
    dialog = QtWidgets.QFileDialog(
        parent,
        QtWidgets.QApplication.translate("Diagnostics", "Save diagnostics"),
        str(start / default_file_name()),
        QtWidgets.QApplication.translate("Diagnostics", "Zip archives (*.zip)"),
    )
    dialog.setAcceptMode(QtWidgets.QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("zip")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def failed(chosen: str, exc: OSError) -> None:
        log.error("could not save diagnostics to %s: %s", chosen, exc)
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Warning,
            QtWidgets.QApplication.translate("Diagnostics", "Save diagnostics"),
            QtWidgets.QApplication.translate("Diagnostics", "Could not save: %1").replace(
                "%1", exc.strerror or str(exc)
            ),
            parent=parent,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def write(chosen: str) -> None:
        files = log_files() if callable(log_files) else log_files
        status = connection() if callable(connection) else connection
        build = functools.partial(
            build_diagnostics_zip,
            chosen,
            log_files=list(files),
            settings_values=settings.effective(),
            info=basic_info(
                keyring_backend=keyring_backend,
                connection=status,
                extra=extra() if extra is not None else None,
            ),
        )
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): write it here
            try:
                saved = build()
            except OSError as exc:
                failed(chosen, exc)
                return
            if on_saved is not None:
                on_saved(saved)
            return
        # Scrubbing megabytes of log takes seconds: off the GUI thread, calls keep working.
        progress = _progress(parent)
        job = loop.run_in_executor(None, build)
        _jobs.add(job)

        def finished(future: asyncio.Future[Path]) -> None:
            _jobs.discard(job)
            progress.close()
            progress.deleteLater()
            if future.cancelled():
                return
            exc = future.exception()
            if isinstance(exc, OSError):
                failed(chosen, exc)
            elif exc is not None:
                log.error("saving diagnostics failed", exc_info=exc)
            elif on_saved is not None:
                on_saved(future.result())

        job.add_done_callback(finished)

    dialog.fileSelected.connect(write)
    # Without a parent nothing would own the dialog once we return: keep it until it closes.
    _open_dialogs.add(dialog)
    dialog.finished.connect(lambda _result: _open_dialogs.discard(dialog))
    dialog.open()
    return dialog
