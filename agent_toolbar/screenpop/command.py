"""Running the configured opener command: no shell, no blocked loop, a clean environment.

``screenpop/command`` is split like a POSIX shell would split it (:func:`shlex.split`), and
the address is appended as one more argument — it is never parsed by a shell, so ``;``,
``$()`` or backticks in it are just characters. The child gets the user's original
environment: in a frozen (PyInstaller) build ``LD_LIBRARY_PATH`` points into the bundle and
would make a browser load our copies of Qt and friends; PyInstaller keeps the original value
in ``LD_LIBRARY_PATH_ORIG``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shlex
import sys
from collections.abc import Mapping

__all__ = ["OpenError", "child_environment", "command_argv", "reap_children", "run_command"]

log = logging.getLogger(__name__)

#: How long to wait for the command to fail before assuming it works (browsers stay open).
SETTLE_SECONDS = 5.0


class OpenError(Exception):
    """The address could not be handed to the browser or command (message: why)."""


def child_environment(
    environ: Mapping[str, str] | None = None, *, frozen: bool | None = None
) -> dict[str, str]:
    """The environment for a child process (a browser), undoing a frozen build's changes."""
    env = dict(os.environ if environ is None else environ)
    is_frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    if not is_frozen:
        return env
    for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH"):
        original = env.pop(f"{name}_ORIG", None)
        if original:
            env[name] = original
        else:
            env.pop(name, None)
    return env


def command_argv(command: str, url: str) -> list[str]:
    """The argv to run: ``command`` split with :func:`shlex.split`, then the address.

    Raises:
        OpenError: The command is empty or cannot be split (unbalanced quotes).
    """
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise OpenError(f"the command cannot be read: {exc}") from exc
    if not argv:
        raise OpenError("no command is configured")
    return [*argv, url]


async def run_command(
    command: str,
    url: str,
    *,
    settle: float = SETTLE_SECONDS,
    environ: Mapping[str, str] | None = None,
) -> None:
    """Start the command for ``url`` and wait up to ``settle`` seconds for it to fail.

    A command still running after ``settle`` seconds is taken to work (a browser stays
    open); it is then drained and reaped in the background.

    Raises:
        OpenError: The command is missing, cannot start, or exits with an error in time.
    """
    argv = command_argv(command, url)
    try:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            env=child_environment(environ),
            start_new_session=True,
        )
    except FileNotFoundError as exc:
        raise OpenError(f"command not found: {argv[0]}") from exc
    except OSError as exc:
        raise OpenError(f"cannot start {argv[0]}: {exc.strerror or exc}") from exc
    collect = asyncio.ensure_future(process.communicate())
    done, _ = await asyncio.wait({collect}, timeout=settle)
    if not done:
        _REAPERS.add(collect)
        collect.add_done_callback(_REAPERS.discard)
        return
    _, err = collect.result()
    code = process.returncode
    if code:
        tail = (err or b"").decode("utf-8", "replace").strip().splitlines()
        detail = f": {tail[-1][:200]}" if tail else ""
        raise OpenError(f"{os.path.basename(argv[0])} exited with status {code}{detail}")


_REAPERS: set[asyncio.Future[tuple[bytes, bytes]]] = set()


async def reap_children(timeout: float | None = None) -> None:
    """Wait (at most ``timeout`` seconds) for commands still running, e.g. at shutdown."""
    running = set(_REAPERS)
    if running:
        await asyncio.wait(running, timeout=timeout)
