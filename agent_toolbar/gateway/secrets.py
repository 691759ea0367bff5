"""Secrets for the gateway: from a file that only its owner (and group) can read, or the env.

A secret is named in the INI by ``<key>_file = /path`` or ``<key>_env = VARIABLE``, never by
value: a plain ``<key> = …`` is refused, so a secret cannot end up in a config file that is
copied around, backed up or shown. A file that every user may read or write (any of the
``o+rwx`` bits) is refused with a message that says how to fix it. One trailing newline is
dropped; an empty secret is refused.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

__all__ = ["SecretError", "parse_token_lines", "read_file_secret", "resolve"]


class SecretError(ValueError):
    """A secret that is missing, unsafe or malformed (the message says which and how to fix)."""


def read_file_secret(path: Path, *, what: str) -> str:
    """The content of ``path`` if only its owner and group can reach it."""
    try:
        info = path.stat()
    except OSError as exc:
        raise SecretError(f"{what}: cannot read {path}: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise SecretError(f"{what}: {path} is not a regular file")
    if info.st_mode & 0o007:
        mode = stat.filemode(info.st_mode)
        raise SecretError(
            f"{what}: {path} is accessible to every user ({mode}); "
            f"run 'chmod o-rwx {path}' (e.g. chmod 600) and start again"
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretError(f"{what}: cannot read {path}: {exc}") from None
    return text[:-1] if text.endswith("\n") else text


def resolve(
    section: Mapping[str, str],
    key: str,
    *,
    where: str,
    env: Mapping[str, str] | None = None,
    base: Path | None = None,
) -> str | None:
    """The secret ``key`` of an INI section (``None`` when neither form is given).

    Args:
        section: The INI section's keys.
        key: The secret's name (``token``, ``password``, ``tokens``).
        where: The section's name, for messages.
        env: The environment (default ``os.environ``).
        base: Relative file names are taken from here (the INI's folder).

    Raises:
        SecretError: The secret is written in the INI, its file is unsafe, or its variable is
            unset or empty.
    """
    environ = os.environ if env is None else env
    if key in section:
        raise SecretError(
            f"[{where}] {key}: a secret is never read from the INI itself; "
            f"put it in a file named by {key}_file (chmod 600) or in the variable named by "
            f"{key}_env"
        )
    file_name = section.get(f"{key}_file", "").strip()
    env_name = section.get(f"{key}_env", "").strip()
    if file_name and env_name:
        raise SecretError(f"[{where}] give {key}_file or {key}_env, not both")
    value: str | None = None
    if file_name:
        path = Path(file_name).expanduser()
        if not path.is_absolute() and base is not None:
            path = base / path
        value = read_file_secret(path, what=f"[{where}] {key}_file")
    elif env_name:
        value = environ.get(env_name)
        if value is None:
            raise SecretError(f"[{where}] {key}_env: the variable {env_name} is not set")
    else:
        return None
    value = value.strip()
    if not value:
        raise SecretError(f"[{where}] {key}: the secret is empty")
    return value


def parse_token_lines(text: str, *, what: str) -> dict[str, str]:
    """``login = token`` lines (``#`` comments, blank lines; ``;`` or newlines between pairs)."""
    tokens: dict[str, str] = {}
    for raw in text.replace(";", "\n").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        login, sep, token = line.partition("=")
        if not sep:
            login, sep, token = line.partition(":")
        login, token = login.strip(), token.strip()
        if not sep or not login or not token:
            raise SecretError(f"{what}: a line is not 'login = token'")
        if len(token) < 16:
            raise SecretError(f"{what}: the token of {login!r} is shorter than 16 characters")
        tokens[login] = token
    return tokens
