"""Files and directories only the user can read: logs, the INI file, diagnostics.

Logs and diagnostics hold phone numbers and call data; the INI file holds the server and the
login. Directories the toolbar creates for them get mode 0700 and files 0600, whatever the
umask; an existing file or directory of the toolbar's own (written by an older version with
0644/0755) is tightened the next time it is used. On Windows the modes mean little: the
per-user profile directories are already private, so these calls only do what ``os.chmod``
can there.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

__all__ = ["DIR_MODE", "FILE_MODE", "make_private_dir", "open_private", "restrict"]

DIR_MODE = 0o700
FILE_MODE = 0o600


def make_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) and make it 0700.

    Raises:
        OSError: It cannot be created.
    """
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    restrict(path, DIR_MODE)
    return path


def restrict(path: Path, mode: int = FILE_MODE) -> None:
    """Set ``mode`` on ``path`` if it exists and is ours (errors are ignored: best effort)."""
    with contextlib.suppress(OSError):
        info = path.stat()
        if not hasattr(os, "geteuid") or info.st_uid == os.geteuid():
            path.chmod(mode)


def open_private(path: str | Path, mode: str = "a", encoding: str | None = None) -> IO[str]:
    """Open a text file for writing, created 0600 (an existing one is made 0600 first)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, FILE_MODE)
    if hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):
            os.fchmod(fd, FILE_MODE)
    return open(fd, mode, encoding=encoding)
