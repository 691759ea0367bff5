"""The card's transfer strip: steps per kind, Cancel/Complete from the allowed actions, the
table-4.1 reason, the returned mark, dismissal, and Cancel reaching a real simulator."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Why
from agent_toolbar.cti.model import TransferFailure, TransferKind, TransferPhase
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import Qt
from agent_toolbar.simulators.naumen.simulator import Simulator
from agent_toolbar.ui.calls.call_card import CallCard
from agent_toolbar.ui.common import texts
from agent_toolbar.ui.transfer.transfer_progress import (
    TransferProgress,
    steps_for,
    target_label,
)
from tests.ui.conftest import LOGIN

NAMES = {"201": "Second line support"}  # the directory's labels, as the call list shares them


def card_for(qtbot: QtBot, state: Any, cid: str = "c1") -> CallCard:
    card = CallCard(cid, target_names=NAMES)
    qtbot.addWidget(card)
    card.apply_state(state)
    card.show()
    return card


def started(states: Any, kind: TransferKind, target: str = "201") -> Any:
    return attempt(states.connected().ringing().talking(), kind, target)


def attempt(states: Any, kind: TransferKind, target: str) -> Any:
    """Another transfer of the call c1 (sent, accepted, started)."""
    transfer = it.TransferCall("c1", kind, target)
    return states.issued(transfer).settled(transfer).apply(ev.TransferStarted(cid="c1"))


def strip(card: CallCard) -> TransferProgress:
    row = card.transfer_row
    assert isinstance(row, TransferProgress)
    return row


def visible(widget: Any, card: CallCard) -> bool:
    return bool(widget.isVisibleTo(card))


def test_no_transfer_no_strip(qtbot: QtBot, states: Any) -> None:
    card = card_for(qtbot, states.connected().ringing().talking().state)
    assert not visible(strip(card), card)


def test_consultation_walks_through_its_steps(qtbot: QtBot, states: Any) -> None:
    transfer = it.TransferCall("c1", TransferKind.CONSULTATION, "201")
    states.connected().ringing().talking().issued(transfer)
    card = card_for(qtbot, states.state)
    row = strip(card)
    assert visible(row, card)
    assert row.title.full_text() == "Consultation → Second line support"
    assert row.toolTip() == "Consultation transfer → Second line support (201)"
    assert "● Sent" in row.steps.text() and "✓" not in row.steps.text()
    assert row.steps.accessibleName() == "Transferring to 201…"

    card.apply_state(states.settled(transfer).apply(ev.TransferStarted(cid="c1")).held().state)
    assert "✓ Sent" in row.steps.text() and "● Calling" in row.steps.text()
    assert visible(row.timer, card) and ":" in row.timer.text()
    assert visible(row.cancel, card) and row.cancel.isEnabled()
    assert not visible(row.complete, card)  # not a conference transfer

    card.apply_state(states.apply(ev.TransferSucceeded(cid="c1")).state)
    assert "● Consulting" in row.steps.text()
    assert "✓ Calling" in row.steps.text()
    assert row.outcome.text() == "The caller waits on hold. Hang up to hand them over."
    assert visible(row.cancel, card) and row.cancel.isEnabled()

    card.apply_state(states.ended().state)  # the operator hung up: handed over
    assert row.transfer is not None and row.transfer.phase is TransferPhase.COMPLETED
    assert row.steps.text().count("✓") == 4
    assert row.outcome.text() == "The caller is with Second line support (201)"
    assert not visible(row.cancel, card) and not visible(row.timer, card)


def test_conference_transfer_offers_complete_once_started(qtbot: QtBot, states: Any) -> None:
    transfer = it.TransferCall("c1", TransferKind.CONFERENCE, "2034")
    states.connected().ringing().talking().issued(transfer)
    card = card_for(qtbot, states.state)
    row = strip(card)
    # Complete is shown but waits for the server's OnTransferCall
    assert visible(row.complete, card) and not row.complete.isEnabled()
    assert texts.why_text(Why.IN_FLIGHT) in row.complete.toolTip()
    card.apply_state(states.settled(transfer).apply(ev.TransferStarted(cid="c1")).state)
    assert row.complete.isEnabled()
    card.apply_state(states.apply(ev.TransferSucceeded(cid="c1")).state)
    assert "● Three-way" in row.steps.text()
    assert row.outcome.text() == "Complete leaves the two of them talking."
    got: list[Any] = []
    card.intent_requested.connect(got.append)
    qtbot.mouseClick(row.complete, Qt.MouseButton.LeftButton)
    assert got == [it.FinishConferenceTransfer("c1")]
    assert not row.complete.isEnabled()  # no second click before the next render
    card.apply_state(states.issued(it.FinishConferenceTransfer("c1")).state)
    assert not row.complete.isEnabled()
    assert texts.why_text(Why.IN_FLIGHT) in row.complete.toolTip()


@pytest.mark.parametrize(
    "failure", [f for f in TransferFailure if f is not TransferFailure.UNKNOWN]
)
def test_a_failure_says_why_in_words_until_dismissed(
    qtbot: QtBot, states: Any, failure: TransferFailure
) -> None:
    started(states, TransferKind.BLIND, "202")
    failed = ev.TransferFailed(cid="c1", failure=failure, code="42")  # the system's own code
    card = card_for(qtbot, states.apply(failed).state)
    row = strip(card)
    reason = texts.transfer_failure_text(failure)
    nbsp = "\u00a0"  # "(code 42)" never breaks across lines
    assert row.outcome.text() == f"Transfer failed: {reason}{nbsp}(code{nbsp}42)"
    assert "✗ Calling" in row.steps.text()
    assert row.property("phase") == "failed"
    assert not visible(row.cancel, card)
    assert visible(row.dismiss, card)
    card.tick(states.now + 3600)  # an hour later it is still there
    assert visible(row, card)
    qtbot.mouseClick(row.dismiss, Qt.MouseButton.LeftButton)
    assert not visible(row, card)
    card.apply_state(states.muted().state)  # re-rendered: stays dismissed
    assert not visible(row, card)
    card.apply_state(attempt(states, TransferKind.BLIND, "201").state)  # a new attempt shows
    assert visible(row, card) and "● Calling" in row.steps.text()


def test_an_unknown_status_still_says_the_transfer_failed(qtbot: QtBot, states: Any) -> None:
    started(states, TransferKind.CALLBACK)
    card = card_for(qtbot, states.apply(ev.TransferFailed(cid="c1", code="99")).state)
    assert strip(card).outcome.text() == "Transfer failed: The transfer failed"


def test_a_returned_call_is_marked_until_the_operator_acts(qtbot: QtBot, states: Any) -> None:
    started(states, TransferKind.CALLBACK, "201").held()
    states.apply(ev.TransferSucceeded(cid="c1"))
    card = card_for(qtbot, states.state)
    row = strip(card)
    assert "● With target" in row.steps.text()
    assert "it comes back to you after" in row.outcome.text()
    card.apply_state(states.apply(ev.TransferReturned(cid="c1")).talking().state)
    assert row.property("phase") == "returned"
    assert row.outcome.text() == "↩ The call is back with you"
    assert row.steps.text().count("✓") == 4  # …, Returned
    card.tick(states.now + 3600)
    assert visible(row, card) and visible(row.dismiss, card)
    assert card.button("transfer").isEnabled()  # it can be transferred again
    qtbot.mouseClick(row.dismiss, Qt.MouseButton.LeftButton)
    assert not visible(row, card)


def test_a_cancelled_transfer_shows_the_call_is_back(qtbot: QtBot, states: Any) -> None:
    started(states, TransferKind.CONSULTATION, "203").held()
    states.apply(
        ev.TransferFailed(cid="c1", failure=TransferFailure.CANCELLED, code="8"),
        ev.TransferReturned(cid="c1"),
    ).talking()
    card = card_for(qtbot, states.state)
    row = strip(card)
    assert row.outcome.text().startswith("↩ The call is back with you")
    assert not visible(row.steps, card)  # a cancelled consultation did not "hand over"


def test_cancel_is_greyed_with_the_reason_while_disconnected(qtbot: QtBot, states: Any) -> None:
    started(states, TransferKind.CONSULTATION)
    card = card_for(qtbot, states.disconnected().state)
    row = strip(card)
    assert visible(row.cancel, card) and not row.cancel.isEnabled()
    assert texts.why_text(Why.DISCONNECTED) in row.cancel.toolTip()


def test_a_transfer_started_by_another_client(qtbot: QtBot, states: Any) -> None:
    states.connected().ringing().talking().apply(ev.TransferStarted(cid="c1"))
    card = card_for(qtbot, states.state)
    row = strip(card)
    assert row.title.full_text() == "Transfer"
    assert steps_for(None) == ("Started", "Connected", "Transferred")
    assert "● Started" in row.steps.text()
    assert visible(row.cancel, card) and visible(row.complete, card)


def test_target_labels_come_from_the_directory() -> None:
    assert target_label("201", NAMES) == "Second line support (201)"
    assert target_label("+74951234567", NAMES) == "+74951234567"
    assert target_label(None, NAMES) == ""


@pytest.mark.asyncio
async def test_cancel_on_the_card_reaches_the_simulator(
    qtbot: QtBot, simulator: Simulator, live_session: Session, until: Any, talking: Any
) -> None:
    cid = await talking(simulator, live_session)
    card = CallCard(cid, target_names=NAMES)
    qtbot.addWidget(card)
    card.intent_requested.connect(live_session.submit)
    live_session.subscribe(lambda _o, new, _c: card.apply_state(new))
    card.show()
    live_session.submit(it.TransferCall(cid, TransferKind.CONSULTATION, "203"))  # no answer
    await until(live_session, lambda s: (t := s.calls[cid].transfer) is not None and t.running
                and t.phase is TransferPhase.STARTED)  # fmt: skip
    row = strip(card)
    assert row.cancel.isEnabled()
    qtbot.mouseClick(row.cancel, Qt.MouseButton.LeftButton)
    command = await simulator.wait_for_command("BreakTransfer", login=LOGIN)
    assert command.cid == cid  # type: ignore[attr-defined]
    await until(live_session, lambda s: (t := s.calls[cid].transfer) is not None
                and t.phase is TransferPhase.RETURNED)  # fmt: skip
    assert row.outcome.text().startswith("↩ The call is back with you")
