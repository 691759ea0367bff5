"""Texts for domain values (shared by the window, the tray and dialogs), icons and palettes."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent_toolbar.cti.actions import Action, Why
from agent_toolbar.cti.backend import ConnectionStatus, LinkState, Problem
from agent_toolbar.cti.model import (
    DisplayKind,
    DisplayState,
    StateChoice,
    Transfer,
    TransferFailure,
    TransferKind,
    TransferPhase,
)
from agent_toolbar.qt import QApplication, QPalette, QSize
from agent_toolbar.settings import Settings
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.common.icons import NAMES, icon, svg_bytes
from agent_toolbar.ui.common.palette import DARK, LIGHT, make_palette, scheme_for, stylesheet
from agent_toolbar.ui.common.timefmt import elapsed


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    user = tmp_path / "user.ini"
    user.write_text(
        '[reasons]\nlabels="CustomAwayReason2 = Training; Dinner = Обед"\n'
        "[states]\ncustom1=Back office\n",
        encoding="utf-8",
    )
    return Settings(user=user, system=tmp_path / "system.ini")


@pytest.mark.parametrize(
    ("display", "label"),
    [
        (DisplayState(DisplayKind.NORMAL), "Ready"),
        (DisplayState(DisplayKind.AWAY), "Not ready"),
        (DisplayState(DisplayKind.AWAY, reason="Dinner"), "Not ready — Lunch"),
        (DisplayState(DisplayKind.AWAY, reason="TechnicalBreak"), "Not ready — Technical break"),
        (DisplayState(DisplayKind.AWAY, reason="PrepareToWork"), "Not ready — Preparing to work"),
        (DisplayState(DisplayKind.AWAY, reason="CustomAwayReason3"), "Not ready — Reason 3"),
        (DisplayState(DisplayKind.SPEAKING, channel="voice"), "Talking"),
        (DisplayState(DisplayKind.SPEAKING, channel="telegram"), "Talking (telegram)"),
        (DisplayState(DisplayKind.RINGING), "Ringing"),
        (DisplayState(DisplayKind.WRAPUP, channel="voice"), "Wrap-up"),
        (DisplayState(DisplayKind.ACCIDENT, reason="7:ivr-123", code="7"), "Accident: busy (7)"),
        (DisplayState(DisplayKind.ACCIDENT, reason="garbage"), "Accident"),
        (DisplayState(DisplayKind.DND), "Do not disturb"),
        (DisplayState(DisplayKind.CUSTOM2), "Custom state 2"),
        (DisplayState(DisplayKind.OFFLINE), "Offline"),
        (DisplayState(DisplayKind.STANDOFF), "Suspended by supervisor"),
    ],
)
def test_state_labels(display: DisplayState, label: str) -> None:
    assert texts.state_label(display) == label


def test_admin_labels_win(settings: Settings) -> None:
    away = DisplayState(DisplayKind.AWAY, reason="CustomAwayReason2")
    assert texts.state_label(away, settings) == "Not ready — Training"
    assert texts.reason_label("Dinner", settings) == "Обед"
    assert texts.reason_label("dinner", settings) == "Обед"
    assert texts.reason_label("Something", settings) == "Something"
    assert texts.state_label(DisplayState(DisplayKind.CUSTOM1), settings) == "Back office"
    assert texts.choice_label(StateChoice("custom1"), settings) == "Back office"
    assert texts.choice_label(StateChoice("away", "Dinner")) == "Not ready — Lunch"


def test_labels_split_by_qsettings_commas_still_parse(tmp_path: Path) -> None:
    user = tmp_path / "u.ini"
    user.write_text("[reasons]\nlabels=Dinner = Обед, CustomAwayReason1 = Учёба\n", "utf-8")
    settings = Settings(user=user, system=tmp_path / "s.ini")
    assert texts.reason_labels(settings) == {"dinner": "Обед", "customawayreason1": "Учёба"}


def test_every_refusal_has_its_own_text() -> None:
    words = {texts.why_text(why) for why in Why}
    assert len(words) == len(Why)
    assert all(words)


def test_every_action_has_a_label() -> None:
    assert all(texts.action_label(a) and texts.action_label(a) != a.value for a in Action)


def test_every_transfer_failure_has_its_own_text() -> None:
    words = {texts.transfer_failure_text(f) for f in TransferFailure}
    assert len(words) == len(TransferFailure)
    assert texts.transfer_failure_text(TransferFailure.BUSY) == "The target is busy"


def test_transfer_progress_texts() -> None:
    started = Transfer(TransferPhase.STARTED, TransferKind.BLIND, "2001")
    assert texts.transfer_text(started) == "Transferring to 2001…"
    failed = Transfer(TransferPhase.FAILED, failure=TransferFailure.NOT_FOUND)
    assert texts.transfer_text(failed) == "Transfer failed: The target was not found"
    assert texts.transfer_kind_text(None) == "Transfer"


@pytest.mark.parametrize(
    ("status", "now", "text"),
    [
        (ConnectionStatus(state=LinkState.CONNECTED), 0.0, "Connected"),
        (ConnectionStatus(state=LinkState.CONNECTING), 0.0, "Connecting…"),
        (
            ConnectionStatus(state=LinkState.RECONNECTING, attempt=3, retry_at=104.0),
            100.2,
            "Reconnecting in 4 s (attempt 3)",
        ),
        (
            ConnectionStatus(state=LinkState.RECONNECTING, attempt=3, retry_at=100.0),
            101.0,
            "Reconnecting (attempt 3)…",
        ),
        (
            ConnectionStatus(state=LinkState.FAILED, problem=Problem.UNKNOWN_LOGIN),
            0.0,
            "Failed: the server refused the login",
        ),
        (
            ConnectionStatus(state=LinkState.FAILED, problem=Problem.TLS, retry_at=400.0),
            100.0,
            "Failed: secure connection failed (certificate) — next try in 5 min",
        ),
        (ConnectionStatus(), 0.0, "Disconnected"),
    ],
)
def test_link_texts(status: ConnectionStatus, now: float, text: str) -> None:
    assert texts.link_text(status, now) == text


def test_every_problem_is_explained() -> None:
    assert all(texts.link_problem_text(p) for p in Problem)
    assert texts.link_problem_text(None) == ""


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "00:00"), (7.9, "00:07"), (754, "12:34"), (3723, "1:02:03"), (-5, "00:00")],
)
def test_elapsed(seconds: float, text: str) -> None:
    assert elapsed(seconds) == text


def test_every_icon_exists_and_renders(qapp: QApplication) -> None:
    for name in NAMES:
        assert b"<svg" in svg_bytes(name), name
        image = icon(name).pixmap(QSize(24, 24), 2.0).toImage()
        assert image.width() == 48
        assert any(image.pixelColor(x, y).alpha() for x in range(48) for y in range(48)), name


def test_neutral_icons_take_the_requested_colour(qapp: QApplication) -> None:
    image = icon("hold", "#ff0000").pixmap(QSize(24, 24), 1.0).toImage()
    colours = {
        image.pixelColor(x, y).name()
        for x in range(24)
        for y in range(24)
        if image.pixelColor(x, y).alpha() == 255
    }
    assert colours == {"#ff0000"}


def test_palettes_and_style_sheet(qapp: QApplication) -> None:
    assert set(LIGHT) == set(DARK)
    dark = make_palette("dark").color(QPalette.ColorRole.Window)
    light = make_palette("light").color(QPalette.ColorRole.Window)
    assert dark.lightness() < 60 < 200 < light.lightness()
    assert scheme_for("dark") == "dark" and scheme_for("light") == "light"
    assert scheme_for("system") in ("light", "dark")
    for scheme in ("light", "dark"):
        sheet = stylesheet(scheme)
        assert "#CallCard" in sheet and "@" not in sheet
