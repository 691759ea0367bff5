"""Call cards against session states built by the real reducer: what shows, what is enabled,
what every tooltip says, and which intent each click or key sends."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, Why
from agent_toolbar.cti.model import SessionState, StateChoice, TransferFailure, TransferKind
from agent_toolbar.qt import Qt
from agent_toolbar.ui.calls.call_card import BUTTONS, CallCard
from agent_toolbar.ui.calls.call_list import CallList
from agent_toolbar.ui.common import texts

NAMES = [name for name, _ in BUTTONS]


def card_for(qtbot: QtBot, state: SessionState, cid: str = "c1") -> CallCard:
    card = CallCard(cid)
    qtbot.addWidget(card)
    card.apply_state(state)
    card.show()
    return card


def shown(card: CallCard) -> dict[str, bool]:
    """Visible buttons and whether each is enabled."""
    return {n: card.button(n).isEnabled() for n in NAMES if card.button(n).isVisibleTo(card)}


def intents_of(card: CallCard) -> list[Any]:
    got: list[Any] = []
    card.intent_requested.connect(got.append)
    return got


def test_ringing_card_offers_answer_and_hang_up(qtbot: QtBot, states: Any) -> None:
    state = states.connected().ringing("c1", ProjectTitle="Доставка").state
    card = card_for(qtbot, state)
    assert shown(card) == {"answer": True, "hangup": True}
    answer = card.button("answer")
    assert answer.toolButtonStyle() is Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    assert answer.accessibleName() == "Answer"
    assert card.header.name.full_text() == "Петров Пётр"
    assert card.header.number.text() == "+79161234567"
    assert "Доставка" in card.header.project.full_text()
    assert card.header.state.text().startswith("Ringing")
    assert card.property("phase") == "ringing"


def test_connected_card_offers_the_talk_controls(qtbot: QtBot, states: Any) -> None:
    state = states.connected().ringing().talking().active("c1").state
    card = card_for(qtbot, state)
    assert shown(card) == {
        "hold": True,
        "mute": True,
        "dtmf": True,
        "transfer": True,
        "secure": True,
        "hangup": True,
    }
    assert card.shown_action("hold") is Action.HOLD
    assert not card.button("hold").isChecked()
    assert card.shown_action("mute") is Action.MUTE
    assert card.property("active") is True
    assert card.header.state.text().startswith("Talking")


def test_held_and_muted_card_offers_resume_and_unmute(qtbot: QtBot, states: Any) -> None:
    state = states.connected().ringing().talking().held().muted().state
    card = card_for(qtbot, state)
    hold, mute = card.button("hold"), card.button("mute")
    assert card.shown_action("hold") is Action.RESUME
    assert hold.isEnabled() and hold.isChecked() and hold.accessibleName() == "Resume"
    assert card.shown_action("mute") is Action.UNMUTE
    assert mute.isEnabled() and mute.isChecked() and mute.accessibleName() == "Unmute"
    assert card.header.state.text().startswith("On hold")
    assert card.header.muted.isVisibleTo(card)


def test_wrap_up_card_offers_only_finish(qtbot: QtBot, states: Any) -> None:
    state = states.connected().ringing().talking().ended().state
    card = card_for(qtbot, state)
    assert shown(card) == {"close": True}
    close = card.button("close")
    assert close.text() == "Finish wrap-up"
    assert close.toolButtonStyle() is Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    assert card.header.state.text().startswith("Wrap-up")


def test_outgoing_call_while_dialling_can_only_be_hung_up(qtbot: QtBot, states: Any) -> None:
    state = states.connected().dialling("o1").active("o1").state
    card = card_for(qtbot, state, "o1")
    assert shown(card) == {"hangup": True}
    assert card.header.state.text().startswith("Dialling")
    assert card.header.name.full_text() == "+74951234567"  # no name: the number


@pytest.mark.parametrize("phase", ["ringing", "talking", "held", "ended"])
def test_disconnected_card_greys_every_button_and_says_why(
    qtbot: QtBot, states: Any, phase: str
) -> None:
    states.connected().ringing()
    if phase != "ringing":
        states.talking()
    if phase == "held":
        states.held()
    if phase == "ended":
        states.ended()
    card = card_for(qtbot, states.disconnected().state)
    visible = shown(card)
    assert visible and not any(visible.values())
    for name in visible:
        assert texts.why_text(Why.DISCONNECTED) in card.button(name).toolTip()


def test_a_command_in_flight_greys_its_button_with_the_reason(qtbot: QtBot, states: Any) -> None:
    state = states.connected().ringing().talking().issued(it.Hold("c1", on=True)).state
    card = card_for(qtbot, state)
    hold = card.button("hold")
    assert hold.isVisible() and not hold.isEnabled()
    assert hold.toolTip() == f"Hold — {texts.why_text(Why.IN_FLIGHT)}"
    assert card.button("mute").isEnabled()


def test_enabled_buttons_show_their_hotkeys(qtbot: QtBot, states: Any) -> None:
    card = CallCard("c1")
    qtbot.addWidget(card)
    card.set_hotkeys({Action.HOLD: "F7", Action.RESUME: "F7", Action.HANGUP: "Ctrl+Alt+E"})
    card.apply_state(states.connected().ringing().talking().state)
    assert card.button("hold").toolTip() == "Hold (F7)"
    assert card.button("hangup").toolTip() == "Hang up (Ctrl+Alt+E)"
    assert card.button("mute").toolTip() == "Mute"


def test_failed_command_shows_on_the_card_until_dismissed(qtbot: QtBot, states: Any) -> None:
    states.connected().ringing().talking()
    card = card_for(qtbot, states.failed(it.Hold("c1", on=True), "timeout").state)
    assert card.error_row.isVisibleTo(card)
    assert "timeout" in card.error_row.text.text()
    with qtbot.waitSignal(card.error_dismissed) as blocker:
        qtbot.mouseClick(card.error_row.close_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["c1"]
    card.apply_state(states.apply(ev.CallErrorDismissed(cid="c1")).state)
    assert not card.error_row.isVisibleTo(card)


def test_clicks_become_intents(qtbot: QtBot, states: Any) -> None:
    card = card_for(qtbot, states.connected().ringing().state)
    got = intents_of(card)
    qtbot.mouseClick(card.button("answer"), Qt.MouseButton.LeftButton)
    assert got == [it.Answer("c1")]
    assert not card.button("answer").isEnabled()  # no double send before the next render

    card.apply_state(states.talking().state)
    for name in ("hold", "mute", "secure"):
        qtbot.mouseClick(card.button(name), Qt.MouseButton.LeftButton)
    assert got[1:] == [
        it.Hold("c1", on=True),
        it.Mute("c1", on=True),
        it.SetSecureMode("c1", enable=True),
    ]
    card.apply_state(states.held().muted().state)
    qtbot.mouseClick(card.button("hold"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(card.button("mute"), Qt.MouseButton.LeftButton)
    assert got[-2:] == [it.Hold("c1", on=False), it.Mute("c1", on=False)]
    card.apply_state(states.call("c1", hold=False, muted=False).ended().state)
    qtbot.mouseClick(card.button("close"), Qt.MouseButton.LeftButton)
    assert got[-1] == it.CloseCall("c1")


def test_hang_up_and_make_active(qtbot: QtBot, states: Any) -> None:
    state = (
        states.connected()
        .ringing("c1")
        .talking("c1")
        .ringing("c2", "Second")
        .talking("c2")
        .active("c1")
        .state
    )
    card = card_for(qtbot, state, "c2")
    got = intents_of(card)
    qtbot.mouseClick(card.button("active"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(card.button("hangup"), Qt.MouseButton.LeftButton)
    assert got == [it.SetActive("c2"), it.Hangup("c2")]


def test_transfer_button_asks_for_the_dialog(qtbot: QtBot, states: Any) -> None:
    card = card_for(qtbot, states.connected().ringing().talking().state)
    with qtbot.waitSignal(card.transfer_requested) as blocker:
        qtbot.mouseClick(card.button("transfer"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["c1"]


def test_transfer_in_progress_shows_its_phase_and_can_be_cancelled(
    qtbot: QtBot, states: Any
) -> None:
    transfer = it.TransferCall("c1", TransferKind.CONSULTATION, "2001")
    states.connected().ringing().talking().issued(transfer).settled(transfer)

    card = card_for(qtbot, states.apply(ev.TransferStarted(cid="c1")).state)
    row = card.transfer_row
    assert row.isVisibleTo(card)
    assert row.title.full_text() == "Consultation → 2001"
    assert row.steps.accessibleName() == "Transferring to 2001…"
    assert card.button("transfer").isEnabled() is False
    assert texts.why_text(Why.TRANSFER_RUNNING) in card.button("transfer").toolTip()
    got = intents_of(card)
    qtbot.mouseClick(row.cancel, Qt.MouseButton.LeftButton)
    assert got == [it.BreakTransfer("c1")]

    card.apply_state(
        states.apply(ev.TransferFailed(cid="c1", failure=TransferFailure.BUSY, code="7")).state
    )
    assert texts.transfer_failure_text(TransferFailure.BUSY) in row.outcome.text()


def test_digits_typed_on_a_connected_card_are_sent_as_dtmf(qtbot: QtBot, states: Any) -> None:
    card = card_for(qtbot, states.connected().ringing().talking().state)
    got = intents_of(card)
    card.button("hold").setFocus()
    qtbot.keyClicks(card.button("hold"), "12#")
    assert got == [it.SendDtmf("c1", "1"), it.SendDtmf("c1", "2"), it.SendDtmf("c1", "#")]


def test_digits_on_a_ringing_card_explain_instead(qtbot: QtBot, states: Any) -> None:
    card = card_for(qtbot, states.connected().ringing().state)
    got = intents_of(card)
    with qtbot.waitSignal(card.explained) as blocker:
        qtbot.keyClicks(card, "5")
    assert got == []
    assert texts.why_text(Why.NOT_CONNECTED) in blocker.args[0]


def test_keypad_popup_sends_digits_and_masks_them_in_secure_mode(qtbot: QtBot, states: Any) -> None:
    card = card_for(qtbot, states.connected().ringing().talking().state)
    got = intents_of(card)
    qtbot.mouseClick(card.button("dtmf"), Qt.MouseButton.LeftButton)
    popup = card.dtmf_popup
    assert popup.isVisible()
    for key in ("4", "!", "*"):
        qtbot.mouseClick(popup.pad.button(key), Qt.MouseButton.LeftButton)
    assert got == [it.SendDtmf("c1", "4"), it.SendDtmf("c1", "!"), it.SendDtmf("c1", "*")]
    assert popup.pad.findChild(type(card.header.state), "dtmfEcho").text() == "4!*"
    card.apply_state(states.issued(it.SetSecureMode("c1", enable=True)).state)
    assert popup.pad.findChild(type(card.header.state), "dtmfEcho").text() == "•••"
    assert card.header.secure.isVisibleTo(card)
    popup.hide()


def test_call_list_keeps_one_card_per_call_in_order_and_skips_the_device_leg(
    qtbot: QtBot, states: Any
) -> None:
    calls = CallList()
    qtbot.addWidget(calls)
    created: list[CallCard] = []
    calls.card_created.connect(created.append)
    states.connected().ringing("c1").call("dev1", state="connected", kind="dev")
    calls.apply_state(states.ringing("c2", "Вторая").state)
    assert [c.cid for c in calls.cards()] == ["c1", "c2"]
    first = calls.card("c1")
    calls.apply_state(states.talking("c1").state)
    assert calls.card("c1") is first  # reused, not rebuilt
    assert len(created) == 2
    calls.apply_state(states.ended("c1").closed("c1").state)
    assert [c.cid for c in calls.cards()] == ["c2"]


def test_unchanged_call_is_not_redrawn(qtbot: QtBot, states: Any) -> None:
    states.connected().ringing("c1").ringing("c2")
    card = card_for(qtbot, states.state)
    assert card.apply_state(states.talking("c2").state) is False
    assert card.apply_state(states.talking("c1").state) is True


def test_queued_next_state_does_not_touch_cards(qtbot: QtBot, states: Any) -> None:
    card = card_for(qtbot, states.connected().ringing().talking().state)
    assert card.apply_state(states.next_state(StateChoice("away", "Dinner")).state) is False


def test_a_new_ringing_call_is_scrolled_into_view(qtbot: QtBot, states: Any) -> None:
    calls = CallList()
    qtbot.addWidget(calls)
    calls.resize(500, 200)
    calls.show()
    states.connected().ringing("c1").talking("c1").ringing("c2").talking("c2")
    calls.apply_state(states.state)
    calls.apply_state(states.ringing("c3", "Третий").state)
    card = calls.card("c3")
    assert card is not None

    def in_view() -> bool:
        assert card is not None
        left = card.mapTo(calls.viewport(), card.rect().topLeft()).x()
        return left >= 0 and left + card.width() <= calls.viewport().width()

    qtbot.waitUntil(in_view, timeout=2000)


def test_a_command_waiting_for_confirmation_says_so_on_the_card(qtbot: QtBot, states: Any) -> None:
    from agent_toolbar.cti.outcomes import Accepted, IntentStage

    states.connected().ringing().talking()
    card = CallCard("c1")
    qtbot.addWidget(card)
    hold = it.Hold("c1", True)
    card.apply_state(states.apply(ev.IntentIssued(intent=hold)).state)
    assert not card.stage_line.isVisibleTo(card)  # only sent: the greyed button says it
    accepted = ev.IntentSettled(intent=hold, accepted=Accepted(5.0))
    card.apply_state(states.apply(accepted).state)
    assert card.stage_line.isVisibleTo(card)
    assert card.stage_line.text() == "Hold: accepted, waiting for the phone"
    done = ev.IntentProgressed(intent=hold, stage=IntentStage.CONFIRMED)
    card.apply_state(states.apply(done).state)
    assert not card.stage_line.isVisibleTo(card)


def test_play_prompt_shows_only_where_the_system_offers_it(qtbot: QtBot, states: Any) -> None:
    from dataclasses import replace

    from agent_toolbar.backends.gateway.spec import capabilities_for

    talking = states.connected().ringing().talking().state
    card = card_for(qtbot, talking)
    assert "announce" not in shown(card)  # Naumen plays no recordings
    plain = replace(talking, capabilities=capabilities_for("autosecretary"))
    card.apply_state(plain)
    assert "announce" not in shown(card)  # not configured: hidden
    offered = replace(talking, capabilities=capabilities_for("autosecretary", "please_hold"))
    card.apply_state(offered)
    assert shown(card) == {"transfer": True, "announce": True, "hangup": True}
    got = intents_of(card)
    qtbot.mouseClick(card.button("announce"), Qt.MouseButton.LeftButton)
    assert got == [it.PlayAnnouncement("c1")]
    assert card.button("announce").accessibleName() == "Play prompt"
