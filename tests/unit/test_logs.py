"""Logging: secrets never reach a log line; rotation settings; exception reporting."""

from __future__ import annotations

import asyncio
import logging
import logging.handlers
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent_toolbar import logs


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    level = root.level
    path = logs.setup_logging("DEBUG", directory=tmp_path, console=False)
    assert path is not None
    yield path
    for handler in list(root.handlers):
        if getattr(handler, "_agent_toolbar", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def written(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig", "eyJhbGciOiJIUzI1NiJ9"),
        ("headers={'Authorization': 'Basic b3BlcmF0b3I6czNjcjN0'}", "b3BlcmF0b3I6czNjcjN0"),
        ('{"password": "hunter2 with spaces"}', "hunter2"),
        ("login=ivanov password=Pa55word! next", "Pa55word!"),
        ("cti/auth_secret=topsecretvalue", "topsecretvalue"),
        ("api_key: ABCDEF123456", "ABCDEF123456"),
        ("X-Api-Token = zzz-token-value", "zzz-token-value"),
        ("connecting to wss://ivanov:Qwerty123@cti.example.com:8443/ws", "Qwerty123"),
        ("proxy-authorization=Negotiate YIIGhgYJKoZIhvcS", "YIIGhgYJKoZIhvcS"),
    ],
)
def test_secrets_are_redacted(log_file: Path, line: str, secret: str) -> None:
    logging.getLogger("any.library").warning("%s", line)
    text = written(log_file)
    assert secret not in text
    assert logs.MASK in text


def test_ordinary_lines_are_untouched(log_file: Path) -> None:
    logging.getLogger("agent_toolbar.cti").info(
        "attached to ws://127.0.0.1:8098 as %s; tokens=%d", "ivanov", 3
    )
    assert "attached to ws://127.0.0.1:8098 as ivanov; tokens=3" in written(log_file)


def test_registered_secret_masked_everywhere(log_file: Path) -> None:
    logs.register_secret("k33p-it-0ut")
    logging.getLogger("keyring").info("got k33p-it-0ut from the keyring for %s", "cti")
    text = written(log_file)
    assert "k33p-it-0ut" not in text
    assert "got *** from the keyring for cti" in text


def test_secret_in_traceback_is_redacted(log_file: Path) -> None:
    try:
        raise RuntimeError("handshake failed with Authorization: Bearer abcdef123456")
    except RuntimeError:
        logging.getLogger("agent_toolbar.x").exception("boom")
    text = written(log_file)
    assert "Traceback" in text
    assert "abcdef123456" not in text


def test_bad_format_string_still_logged(log_file: Path) -> None:
    logging.getLogger("x").error("%s and %s", "only one")
    assert "only one" in written(log_file)


def test_rotation_is_five_files_of_two_megabytes(log_file: Path) -> None:
    handlers = [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.handlers.RotatingFileHandler)
    ]
    assert len(handlers) == 1
    assert handlers[0].maxBytes == 2 * 1024 * 1024
    assert handlers[0].backupCount + 1 == 5


def test_default_log_dir_is_the_platforms(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert logs.log_dir() == tmp_path / "agent-toolbar" / "log"


def test_set_level_and_wire(log_file: Path) -> None:
    logs.set_level("WARNING")
    logging.getLogger("agent_toolbar.a").info("hidden info")
    logs.set_level("debug", wire=True)
    logging.getLogger("agent_toolbar.wire").debug('>> {"name":"Answer"}')
    text = written(log_file)
    assert "hidden info" not in text
    assert '>> {"name":"Answer"}' in text


def test_excepthook_logs_reports_and_restores(log_file: Path) -> None:
    reported: list[tuple[str, str]] = []
    before = sys.excepthook
    restore = logs.install_excepthook(lambda s, d: reported.append((s, d)))
    try:
        try:
            raise ValueError("token=abc123456 went wrong")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        restore()
    assert sys.excepthook is before
    assert reported and reported[0][0].startswith("ValueError:")
    assert "abc123456" not in reported[0][0] + reported[0][1]
    assert "unhandled exception" in written(log_file)


def test_thread_exceptions_are_reported(log_file: Path) -> None:
    reported: list[str] = []
    restore = logs.install_excepthook(lambda s, d: reported.append(s))
    try:

        def crash() -> None:
            raise KeyError("missing")

        worker = threading.Thread(target=crash)
        worker.start()
        worker.join()
    finally:
        restore()
    assert reported == ["KeyError: 'missing'"]


def test_reporter_failure_does_not_escape(log_file: Path) -> None:
    def broken(summary: str, details: str) -> None:
        raise RuntimeError("banner broke")

    restore = logs.install_excepthook(broken)
    try:
        try:
            raise OSError("disk")
        except OSError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        restore()
    assert "could not show an error to the operator" in written(log_file)


@pytest.mark.asyncio
async def test_loop_exception_handler_reports_task_errors(log_file: Path) -> None:
    reported: list[str] = []
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(logs.loop_exception_handler(lambda s, d: reported.append(s)))
    try:

        async def fails() -> None:
            raise LookupError("no such call")

        task = loop.create_task(fails())
        await asyncio.sleep(0)
        del task  # never awaited: the loop reports it when the task is collected
        import gc

        gc.collect()
        loop.call_exception_handler({"message": "plain context"})
    finally:
        loop.set_exception_handler(None)
    assert "LookupError: no such call" in reported
    assert "plain context" in reported
    assert "no such call" in written(log_file)


def test_prose_about_authentication_is_not_redacted() -> None:
    from agent_toolbar.logs import redact

    assert redact("using basic authentication") == "using basic authentication"
    assert redact("Basic Authentication is configured") == "Basic Authentication is configured"
    assert redact("sent Basic dXNlcjpwYXNz") == "sent Basic ***"
    assert redact("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig") == "Bearer ***"


def test_repeats_are_limited_per_window_and_counted() -> None:
    # issue 11 item 12, with a clock the test moves
    from agent_toolbar.log_limits import RepeatLimiter

    now = [0.0]
    limiter = RepeatLimiter(burst=3, window=10.0, clock=lambda: now[0])

    def record(index: int, level: int = logging.WARNING, name: str = "x") -> logging.LogRecord:
        return logging.LogRecord(name, level, __file__, 1, "stray rid=%s", (index,), None)

    passed = [r for r in (record(i) for i in range(1100)) if limiter.filter(r)]
    assert [r.getMessage() for r in passed[:3]] == ["stray rid=0", "stray rid=1", "stray rid=2"]
    assert [r.getMessage().split(" [")[1] for r in passed[3:]] == [
        "repeated: 100 like this not logged so far]",
        "repeated: 1000 like this not logged so far]",
    ]
    now[0] = 11.0
    after = record(5000)
    assert limiter.filter(after)
    assert after.getMessage() == "stray rid=5000 [1095 more like this were not logged]"
    debug = [limiter.filter(record(i, logging.DEBUG)) for i in range(100)]
    wire = [limiter.filter(record(i, name="agent_toolbar.wire")) for i in range(100)]
    assert all(debug) and all(wire)


def test_every_handler_limits_the_same_kinds(tmp_path: Path) -> None:
    # the file and the console each limit a flood, though the first one redacts the record
    import io

    stream = io.StringIO()
    path = logs.setup_logging("INFO", directory=tmp_path, console=False)
    assert path is not None
    console = logging.StreamHandler(stream)
    logs._add(logging.getLogger(), console, logging.Formatter(logs.FORMAT))
    try:
        for index in range(500):
            logging.getLogger("agent_toolbar.flood").warning("stray rid=%s", index)
    finally:
        logging.getLogger().removeHandler(console)
        logs.setup_logging("INFO", directory=tmp_path / "other", console=False)
    assert len(stream.getvalue().splitlines()) <= 25
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 25


def test_an_argument_that_cannot_print_itself_does_not_break_logging() -> None:
    """A Qt object already deleted raises from __str__ and __repr__: the record survives."""
    import logging

    from agent_toolbar.logs import RedactingFilter

    class Deleted:
        def __str__(self) -> str:
            raise RuntimeError("Internal C++ object (HistoryService) already deleted.")

        __repr__ = __str__

    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "history: %s", (Deleted(),), None)
    assert RedactingFilter().filter(record) is True
    assert "Deleted" in record.getMessage()
