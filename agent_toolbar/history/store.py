r"""Opening the journal's file: where it lives, who may read it, and what to do when it is bad.

The file is ``history.sqlite3`` in the platform's data directory (``platformdirs``:
``~/.local/share/agent-toolbar/`` on Linux, ``%LOCALAPPDATA%\\agent-toolbar\\`` on Windows).
The directory is made ``0700`` and the file ``0600`` before SQLite touches it (SQLite gives
its ``-wal`` and ``-shm`` files the database file's mode). The journal never stops the toolbar:

* a file that is not a database, fails ``quick_check`` or cannot be migrated is *corrupt*;
* a file another process keeps write-locked beyond the busy timeout is *locked*;
* a file written by a newer toolbar is *too new* (a downgrade must not rewrite it);

each is moved aside (with its ``-wal`` / ``-shm``) as ``history.sqlite3.<why>-<UTC time>``
and a fresh file is started; the status says which and where the old file went. Only the
newest :data:`KEEP_ASIDE` moved-aside files are kept: they hold call data the retention
purge no longer reaches. If even a fresh file cannot be made (no disk, no permission), the
journal runs in memory for this run (``MEMORY_ONLY``).

Readings: durability. WAL with ``synchronous=NORMAL``: a committed transaction is in the
WAL file as soon as ``COMMIT`` returns, so a killed process loses nothing committed; a power
cut may lose the last transactions since a checkpoint, never consistency. ``secure_delete``
is on so that purged and cleared calls are overwritten, not left in free pages.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from agent_toolbar.history.schema import SchemaTooNewError, migrate

log = logging.getLogger(__name__)

FILE_NAME = "history.sqlite3"
KEEP_ASIDE = 3
_SIDE_FILES = ("", "-wal", "-shm")


class JournalStatus(enum.StrEnum):
    """How the journal's file opened."""

    OK = "ok"
    RECOVERED_CORRUPT = "recovered_corrupt"  # the old file was moved aside, a fresh one started
    RECOVERED_LOCKED = "recovered_locked"
    RECOVERED_TOO_NEW = "recovered_too_new"
    MEMORY_ONLY = "memory_only"  # no file could be used: nothing survives this run
    WRITE_FAILED = "write_failed"  # opened, but writing an event failed since (see detail)


@dataclass(frozen=True, slots=True)
class OpenReport:
    """What opening the journal found.

    Attributes:
        status: The outcome.
        path: The file in use (``None`` in memory).
        moved_to: Where a bad file was moved, if one was.
        detail: The error that made it bad (for the log and diagnostics; no call data).
        migrated_from: The schema version the file had (0 for a new file).
    """

    status: JournalStatus
    path: Path | None
    moved_to: Path | None = None
    detail: str = ""
    migrated_from: int = 0


def default_path() -> Path:
    """The journal's file in the platform's per-user data directory."""
    return Path(platformdirs.user_data_dir("agent-toolbar", appauthor=False)) / FILE_NAME


class _LockedError(Exception):
    """The file stays write-locked by another process."""


def connect(target: str, *, uri: bool = False, busy_timeout: float = 2.0) -> sqlite3.Connection:
    """An autocommit connection with the journal's pragmas (WAL unless in memory)."""
    conn = sqlite3.connect(
        target, timeout=busy_timeout, isolation_level=None, check_same_thread=False, uri=uri
    )
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        if not uri:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise _LockedError(f"journal_mode is {mode}")
            conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def open_database(path: Path, *, busy_timeout: float = 2.0) -> tuple[str, bool, OpenReport]:
    """Make ``path`` a usable, migrated journal; return ``(target, uri, report)``.

    The caller connects to ``target`` (a path, or a shared in-memory URI when ``uri``) for
    its writer and its readers. Never raises for a bad file: see the module docstring.
    """
    try:
        return str(path), False, _try(path, busy_timeout)
    except _LockedError as exc:
        status, why, detail = JournalStatus.RECOVERED_LOCKED, "locked", str(exc)
    except SchemaTooNewError as exc:
        status, why, detail = JournalStatus.RECOVERED_TOO_NEW, "newer", str(exc)
    except sqlite3.DatabaseError as exc:
        status, why, detail = JournalStatus.RECOVERED_CORRUPT, "corrupt", _describe(exc)
    except OSError as exc:
        return memory_target(f"cannot use {path.parent}: {exc.strerror or exc}")
    log.warning("history journal %s (%s): moving it aside", why, detail)
    try:
        moved = move_aside(path, why)
        report = _try(path, busy_timeout)
    except (OSError, sqlite3.Error, _LockedError, SchemaTooNewError) as exc:
        return memory_target(f"{detail}; a fresh file failed too: {exc}")
    return str(path), False, OpenReport(status, path, moved, detail, report.migrated_from)


def _try(path: Path, busy_timeout: float) -> OpenReport:
    _prepare(path)
    try:
        conn = connect(str(path), busy_timeout=busy_timeout)
    except sqlite3.OperationalError as exc:
        if _is_lock(exc):
            raise _LockedError(_describe(exc)) from exc
        raise
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {str(check)[:200]}")
        try:
            before = migrate(conn)
            # A write lock held elsewhere shows here, not on a read-only open.
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        except sqlite3.OperationalError as exc:
            if _is_lock(exc):
                raise _LockedError(_describe(exc)) from exc
            raise
    finally:
        conn.close()
    _tighten(path)
    return OpenReport(JournalStatus.OK, path, migrated_from=before)


def _prepare(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    _tighten(path)


def _tighten(path: Path) -> None:
    for suffix in _SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(f"{path}{suffix}", 0o600)


def move_aside(path: Path, why: str) -> Path:
    """Rename ``path`` and its ``-wal`` / ``-shm`` to ``<name>.<why>-<UTC time>``."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.{why}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{why}-{stamp}-{n}")
    for suffix in _SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{target}{suffix}")
    with contextlib.suppress(FileNotFoundError):
        os.chmod(target, 0o600)
    _prune_aside(path)
    return target


def _prune_aside(path: Path) -> None:
    aside = sorted(
        (p for p in path.parent.glob(f"{path.name}.*-*") if not p.name.endswith(("-wal", "-shm"))),
        key=lambda p: p.stat().st_mtime,
    )
    for old in aside[:-KEEP_ASIDE]:
        for suffix in _SIDE_FILES:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{old}{suffix}")


def memory_target(detail: str) -> tuple[str, bool, OpenReport]:
    """A shared in-memory database for this run, reported as ``MEMORY_ONLY``."""
    log.error("history journal unavailable, keeping this run's calls in memory: %s", detail)
    target = f"file:agent-toolbar-history-{uuid.uuid4().hex}?mode=memory&cache=shared"
    return target, True, OpenReport(JournalStatus.MEMORY_ONLY, None, detail=detail)


def _is_lock(exc: sqlite3.OperationalError) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return name in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in str(exc)


def _describe(exc: BaseException) -> str:
    name = getattr(exc, "sqlite_errorname", "")
    return f"{name}: {exc}" if name else str(exc)
