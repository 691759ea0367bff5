"""The gateway's INI: every key read, secrets only from safe files or the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_toolbar.gateway.config import ConfigError, load
from agent_toolbar.gateway.secrets import SecretError, parse_token_lines, resolve

EXAMPLE = Path(__file__).parents[3] / "packaging" / "examples" / "gateway.ini"


def secret(path: Path, text: str, mode: int = 0o600) -> None:
    path.write_text(text + "\n")
    path.chmod(mode)


def full_ini(tmp: Path, body: str = "") -> Path:
    secret(tmp / "wh", "webhook-token-0123456789")
    secret(tmp / "pw", "crm-password")
    secret(tmp / "tokens", "a = token-of-a-0123456789\nb: token-of-b-0123456789")
    ini = tmp / "g.ini"
    ini.write_text(
        """[gateway]
host = 127.0.0.1
port = 9000
max_body_bytes = 4096
heartbeat_seconds = 7.5
instruction_ttl_seconds = 30
[webhook]
token_file = wh
[autosecretary]
base_path = crm/v2/
user = as
password_file = pw
[toolbars]
tokens_file = tokens
[operator:a]
numbers = +7 495 066-53-10, 80052002651
extensions = 2651, 2652
[operator:b]
numbers = 0052002642
"""
        + body
    )
    return ini


def test_every_key_is_read(tmp_path: Path) -> None:
    config = load(full_ini(tmp_path))
    assert (config.host, config.port, config.max_body_bytes) == ("127.0.0.1", 9000, 4096)
    assert config.heartbeat_seconds == 7.5 and config.instruction_ttl_seconds == 30
    assert config.webhook_token == "webhook-token-0123456789"
    assert config.autosecretary is not None
    assert (
        config.autosecretary.base_path == "/crm/v2"
        and config.autosecretary.password == "crm-password"
    )
    assert config.toolbar_tokens == {"a": "token-of-a-0123456789", "b": "token-of-b-0123456789"}
    a = config.operators[0]
    assert a.numbers == {"4950665310", "0052002651"} and a.extensions == {"2651", "2652"}
    assert "crm-password" not in repr(config) and "token-of-a" not in repr(config)
    assert "webhook-token" not in repr(config)
    assert set(config.secret_values()) >= {"crm-password", "webhook-token-0123456789"}


@pytest.mark.parametrize("mode", [0o644, 0o604, 0o602, 0o601])
def test_world_accessible_secret_files_are_refused(tmp_path: Path, mode: int) -> None:
    ini = full_ini(tmp_path)
    (tmp_path / "pw").chmod(mode)
    with pytest.raises(ConfigError, match="accessible to every user"):
        load(ini)


def test_group_readable_is_fine(tmp_path: Path) -> None:
    ini = full_ini(tmp_path)
    (tmp_path / "pw").chmod(0o640)
    assert load(ini).autosecretary is not None


@pytest.mark.parametrize(
    ("section", "line", "message"),
    [
        ("webhook", "token = in-the-ini-0123456789", "never read from the INI"),
        ("autosecretary", "password = x", "never read from the INI"),
        ("toolbars", "tokens = a=b", "never read from the INI"),
        ("webhook", "token_env = X", "give token_file or token_env, not both"),
    ],
)
def test_refusals(tmp_path: Path, section: str, line: str, message: str) -> None:
    ini = full_ini(tmp_path)
    ini.write_text(ini.read_text().replace(f"[{section}]\n", f"[{section}]\n{line}\n"))
    with pytest.raises(ConfigError, match=message):
        load(ini)


def test_missing_file_unset_variable_short_token_missing_operator_token(tmp_path: Path) -> None:
    ini = full_ini(tmp_path)
    (tmp_path / "wh").unlink()
    with pytest.raises(ConfigError, match="cannot read"):
        load(ini)
    ini = full_ini(tmp_path)
    ini.write_text(ini.read_text().replace("token_file = wh", "token_env = NOPE_VAR"))
    with pytest.raises(ConfigError, match="NOPE_VAR is not set"):
        load(ini, env={})
    assert load(ini, env={"NOPE_VAR": "x" * 20}).webhook_token == "x" * 20
    with pytest.raises(ConfigError, match="at least 16"):
        load(ini, env={"NOPE_VAR": "short"})
    ini = full_ini(tmp_path, "[operator:c]\nnumbers = 1\n")
    with pytest.raises(ConfigError, match="no token for c"):
        load(ini)


def test_disabled_systems_need_no_secret(tmp_path: Path) -> None:
    ini = full_ini(tmp_path)
    text = ini.read_text().replace("token_file = wh", "enabled = false")
    ini.write_text(text.replace("password_file = pw", "enabled = no"))
    config = load(ini)
    assert config.webhook_token is None and config.autosecretary is None


def test_bad_numbers_and_tls_pairs(tmp_path: Path) -> None:
    ini = full_ini(tmp_path)
    ini.write_text(ini.read_text().replace("port = 9000", "port = many"))
    with pytest.raises(ConfigError, match="whole number"):
        load(ini)
    ini = full_ini(tmp_path)
    ini.write_text(ini.read_text().replace("port = 9000", "port = 9000\ntls_cert = c.pem"))
    with pytest.raises(ConfigError, match="go together"):
        load(ini)


def test_token_lines() -> None:
    assert parse_token_lines("a=0123456789abcdef; b = 0123456789abcdeg", what="t") == {
        "a": "0123456789abcdef",
        "b": "0123456789abcdeg",
    }
    with pytest.raises(SecretError, match="shorter than 16"):
        parse_token_lines("a = short", what="t")
    with pytest.raises(SecretError, match="not 'login = token'"):
        parse_token_lines("just-a-token", what="t")


def test_resolve_strips_and_refuses_empty(tmp_path: Path) -> None:
    assert resolve({"k_env": "V"}, "k", where="s", env={"V": " v \n"}) == "v"
    with pytest.raises(SecretError, match="empty"):
        resolve({"k_env": "V"}, "k", where="s", env={"V": " "})
    assert resolve({}, "k", where="s", env={}) is None


def test_the_shipped_example_config_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = EXAMPLE.read_text()
    for name in ("webhook-token", "autosecretary-password", "toolbar-tokens"):
        text = text.replace(f"/etc/agent-toolbar-gateway/{name}", str(tmp_path / name))
    secret(tmp_path / "webhook-token", "w" * 32)
    secret(tmp_path / "autosecretary-password", "p" * 20)
    logins = [
        line.split(":", 1)[1].strip(" ]")
        for line in text.splitlines()
        if line.startswith("[operator:")
    ]
    secret(
        tmp_path / "toolbar-tokens", "\n".join(f"{login} = {'t' * 24}{login}" for login in logins)
    )
    ini = tmp_path / "gateway.ini"
    ini.write_text(
        text.replace("tls_cert = /etc", "; tls_cert = /etc").replace(
            "tls_key = /etc", "; tls_key = /etc"
        )
    )
    config = load(ini)
    assert config.operators and config.autosecretary is not None and config.webhook_token
