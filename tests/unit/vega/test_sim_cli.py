"""The Vega simulator's command line: what it refuses before it serves."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_toolbar.simulators.vega.cli import SECRET_ENV, main


def test_cli_usage_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    loose = tmp_path / "secret"
    loose.write_text("s3cret\n")
    loose.chmod(0o644)
    monkeypatch.delenv(SECRET_ENV, raising=False)
    assert main(["--auth", "bearer"]) == 2
    assert main(["--auth", "basic", "--auth-secret-file", str(loose)]) == 2  # no user
    assert main(["--auth", "bearer", "--auth-secret-file", str(loose)]) == 2
    assert "readable by others" in capsys.readouterr().err
    assert main(["--tls-cert", str(loose)]) == 2
    assert main(["--tls-cert", str(loose), "--tls-key", str(loose)]) == 1  # not a certificate
    with pytest.raises(SystemExit) as exit_info:
        main(["--scenario", "nope"])
    assert exit_info.value.code == 2
