"""The diff layer on hand-made snapshots: every rule for a call missing from a poll."""

from __future__ import annotations

from datetime import datetime

from agent_toolbar.backends.oktell.diff import (
    CallAnswered,
    CallAppeared,
    CallEnded,
    CallHeld,
    CallPhase,
    CallResumed,
    Change,
    Differ,
    EndReason,
    Snapshot,
    UserStateChanged,
)
from agent_toolbar.backends.oktell.records import (
    AbonentInfo,
    ChainContent,
    Commutation,
    LineInfo,
    LineState,
    Side,
    UserState,
)

ME = Side(line_number="17002", is_user=True, user_login="operator", user_id="u-1")
ANSWERED = datetime(2026, 1, 1, 10, 0, 5)


def party(number: str) -> Side:
    return Side(out_number=number, text=f"caller {number}")


def line(state: LineState, call: str | None = None, chain: str = "", number: str = "") -> LineInfo:
    abonent = AbonentInfo(call, chain, number or f"+7{call}") if call else None
    return LineInfo(state, None, "", abonent)


def commutation(
    call: str, number: str, *, answered: bool = True, ours_b: bool = True
) -> Commutation:
    a, b = (party(number), ME) if ours_b else (ME, party(number))
    return Commutation(call, a, b, time_answer=ANSWERED if answered else None)


def chain(chain_id: str, *commutations: Commutation) -> ChainContent:
    return ChainContent(chain_id=chain_id, commutations=commutations)


def kinds(changes: list[Change]) -> list[tuple[str, str]]:
    out = []
    for change in changes:
        if isinstance(change, UserStateChanged):
            out.append(("user", str(change.current.state)))
        else:
            out.append((type(change).__name__, change.call.call_id))
    return out


FREE = Snapshot(line(LineState.FREE), ChainContent())


def connected(differ: Differ, call: str = "a", chain_id: str = "c1") -> None:
    differ.apply(
        Snapshot(
            line(LineState.COMMUTATED, call, chain_id), chain(chain_id, commutation(call, "1"))
        ),
        0,
    )


def test_ringing_answered_ended() -> None:
    differ = Differ("OPERATOR")
    ring = Snapshot(
        line(LineState.RINGING, "a", "c1"), chain("c1", commutation("a", "1", answered=False))
    )
    (appeared,) = differ.apply(ring, 0)
    assert isinstance(appeared, CallAppeared) and appeared.call.phase is CallPhase.RINGING
    assert appeared.call.outgoing is False  # the line is the b side: it was called
    assert differ.apply(ring, 1) == []
    connected(differ)
    assert isinstance(differ.calls["a"], object) and differ.calls["a"].answered
    (ended,) = differ.apply(FREE, 2)
    assert isinstance(ended, CallEnded) and ended.reason is EndReason.LINE_FREE


def test_a_held_call_in_the_chain_is_seen_as_held() -> None:
    differ = Differ("operator")
    connected(differ)
    consult = Snapshot(
        line(LineState.DIALING, "b", "c1", "200"),
        chain("c1", commutation("a", "1"), commutation("b", "200", answered=False, ours_b=False)),
    )
    changes = differ.apply(consult, 1)
    assert kinds(changes) == [("CallAppeared", "b"), ("CallHeld", "a")]
    assert differ.calls["b"].outgoing is True and differ.calls["b"].phase is CallPhase.DIALING


def test_a_poll_that_shows_only_the_current_commutation_keeps_the_held_call() -> None:
    differ = Differ("operator")
    connected(differ)
    hold = Snapshot(line(LineState.HOLD), chain("c1", commutation("a", "1")))
    assert kinds(differ.apply(hold, 1)) == [("CallHeld", "a")]
    other = Snapshot(
        line(LineState.RINGING, "b", "c2"), chain("c2", commutation("b", "2", answered=False))
    )
    assert kinds(differ.apply(other, 2)) == [("CallAppeared", "b")]
    talk = Snapshot(line(LineState.COMMUTATED, "b", "c2"), chain("c2", commutation("b", "2")))
    assert kinds(differ.apply(talk, 3)) == [("CallAnswered", "b")]
    assert differ.calls["a"].phase is CallPhase.HELD
    only_held = Snapshot(line(LineState.HOLD), None)  # the chain request failed
    assert kinds(differ.apply(only_held, 4)) == [("CallEnded", "b")]
    back = Snapshot(line(LineState.COMMUTATED, "a", "c1"), chain("c1", commutation("a", "1")))
    assert kinds(differ.apply(back, 5)) == [("CallResumed", "a")]


def test_hold_out_of_sight_is_presumed_when_the_line_says_hold() -> None:
    differ = Differ("operator")
    connected(differ)
    (held,) = differ.apply(Snapshot(line(LineState.HOLD), None), 1)
    assert isinstance(held, CallHeld)


def test_a_line_holds_one_party() -> None:
    differ = Differ("operator")
    connected(differ, "a", "c1")
    differ.apply(Snapshot(line(LineState.HOLD), None), 1)  # a held
    connected(differ, "b", "c2")  # b talks in another chain, a out of sight
    assert differ.calls["a"].phase is CallPhase.HELD
    # b vanishes, the line shows c only: a stays held (one held), b cannot be held too
    third = Snapshot(line(LineState.DIALING, "c", "c3"), chain("c3"))
    changes = differ.apply(third, 2)
    assert ("CallEnded", "b") in kinds(changes) and ("CallAppeared", "c") in kinds(changes)
    assert differ.calls["a"].phase is CallPhase.HELD


def test_a_call_left_out_of_its_own_chain_ended() -> None:
    differ = Differ("operator")
    connected(differ, "a", "c1")
    other = Snapshot(line(LineState.COMMUTATED, "b", "c1"), chain("c1", commutation("b", "2")))
    changes = differ.apply(other, 1)
    assert kinds(changes) == [("CallAppeared", "b"), ("CallEnded", "a")]
    ended = changes[1]
    assert isinstance(ended, CallEnded) and ended.reason is EndReason.LEFT_CHAIN


def test_a_ringing_call_that_vanishes_for_a_new_ring_was_missed() -> None:
    differ = Differ("operator")
    differ.apply(Snapshot(line(LineState.RINGING, "a", "c1"), None), 0)
    changes = differ.apply(Snapshot(line(LineState.RINGING, "b", "c2"), None), 1)
    assert kinds(changes) == [("CallAppeared", "b"), ("CallEnded", "a")]
    assert not differ.calls["b"].answered


def test_a_connected_call_replaced_by_a_ringing_one_ended() -> None:
    differ = Differ("operator")
    connected(differ)
    changes = differ.apply(Snapshot(line(LineState.RINGING, "b", "c2"), None), 1)
    assert ("CallEnded", "a") in kinds(changes)


def test_callback_hint_makes_a_ring_outgoing_once() -> None:
    differ = Differ("operator")
    differ.expect_outgoing("+74950000000", now=0)
    (appeared,) = differ.apply(
        Snapshot(line(LineState.RINGING, "a", "c1", "+74950000000"), None), 1
    )
    assert isinstance(appeared, CallAppeared)
    assert (appeared.call.outgoing, appeared.call.callback) == (True, True)
    differ.apply(FREE, 2)
    (again,) = differ.apply(Snapshot(line(LineState.RINGING, "b", "c2", "+74950000000"), None), 3)
    assert isinstance(again, CallAppeared) and not again.call.callback


def test_callback_hints_expire() -> None:
    differ = Differ("operator")
    differ.expect_outgoing("201", now=0)
    (appeared,) = differ.apply(Snapshot(line(LineState.RINGING, "a", "c1", "201"), None), 500)
    assert isinstance(appeared, CallAppeared) and not appeared.call.callback


def test_user_state_changes_only_when_the_number_changes() -> None:
    differ = Differ("operator")
    ready = UserState("u-1", 1, "usReady")
    first = differ.apply(Snapshot(line(LineState.FREE), ChainContent(), ready), 0)
    assert kinds(first) == [("user", "1")]
    assert differ.apply(Snapshot(line(LineState.FREE), ChainContent(), ready), 1) == []
    assert differ.apply(Snapshot(line(LineState.FREE), ChainContent(), None), 2) == []
    (change,) = differ.apply(Snapshot(line(LineState.FREE), ChainContent(), UserState("u-1", 2)), 3)
    assert isinstance(change, UserStateChanged) and change.previous == ready


def test_an_undocumented_line_state_is_judged_by_the_answer_time() -> None:
    differ = Differ("operator")
    odd = LineInfo(LineState.UNKNOWN, 77, "lsWhatever", AbonentInfo("a", "c1", "1"))
    (appeared,) = differ.apply(Snapshot(odd, chain("c1", commutation("a", "1"))), 0)
    assert isinstance(appeared, CallAppeared) and appeared.call.phase is CallPhase.CONNECTED
    quiet = LineInfo(LineState.UNKNOWN, 0, "", None)
    (ended,) = differ.apply(Snapshot(quiet, ChainContent()), 1)
    assert isinstance(ended, CallEnded) and ended.reason is EndReason.LINE_FREE


def test_swap_between_chains() -> None:
    differ = Differ("operator")
    connected(differ, "a", "c1")
    differ.apply(Snapshot(line(LineState.HOLD), None), 1)
    connected(differ, "b", "c2")
    swapped = Snapshot(line(LineState.COMMUTATED, "a", "c1"), chain("c1", commutation("a", "1")))
    changes = differ.apply(swapped, 2)
    assert kinds(changes) == [("CallResumed", "a"), ("CallHeld", "b")]
    assert isinstance(changes[0], CallResumed) and isinstance(changes[1], CallHeld)


def test_reset_ends_everything() -> None:
    differ = Differ("operator")
    connected(differ)
    (ended,) = differ.reset()
    assert isinstance(ended, CallEnded) and differ.calls == {}
    assert not any(isinstance(c, CallAnswered) for c in [ended])
