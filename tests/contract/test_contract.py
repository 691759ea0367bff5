"""One suite every backend passes against its own simulator (parametrized by the registry).

For each system the registry can build, ``drivers/<name>.py`` starts that system's
simulator; the backend is built through :func:`agent_toolbar.backends.registry.build_backend`
from real :class:`~agent_toolbar.settings.Settings`, and everything is checked through a
real :class:`~agent_toolbar.cti.session.Session`, as the toolbar sees it:

* it connects and reports its status (of the kind its spec declares);
* a ringing call becomes a card with the caller's number and name;
* every call command it declares works; every one it refuses is refused, with its own
  reason, both by the allowed actions (what the UI greys out) and when sent anyway;
* the call ends (in wrap-up, or closed by the backend itself);
* a dropped connection recovers by itself.

A new backend joins by adding ``drivers/<name>.py`` with a ``make_driver()`` (see
``driver.py``; an optional ``make_variants()`` adds configurations, e.g. Naumen's WebPhone);
a backend the registry can build without a driver fails here.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from agent_toolbar.backends import registry
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.actions import Action, Why, call_actions
from agent_toolbar.cti.backend import Feature, LinkState
from agent_toolbar.cti.model import Call, CallState, SessionState
from agent_toolbar.cti.outcomes import CommandFailure, FailureReason
from agent_toolbar.cti.session import Session
from agent_toolbar.cti.transitions import CallEnded, CallRemoved, Transition
from agent_toolbar.settings import Settings

pytestmark = pytest.mark.asyncio

DRIVERS = Path(__file__).parent / "drivers"
CALLER, NAME = "+79161234567", "Иванова Мария"

#: How to exercise a call feature on a connected call, and what shows it worked.
CALL_CHECKS: dict[Feature, tuple[Callable[[str], it.Intent], Callable[[Call], bool]]] = {
    Feature.HOLD: (lambda cid: it.Hold(cid, True), lambda c: c.hold),
    Feature.MUTE: (lambda cid: it.Mute(cid, True), lambda c: c.muted),
}

#: An intent for every call feature (to check that a refused one is refused).
CALL_INTENTS: dict[Feature, Callable[[str], it.Intent]] = {
    Feature.ANSWER: it.Answer,
    Feature.HANGUP: it.Hangup,
    Feature.HOLD: lambda cid: it.Hold(cid, True),
    Feature.MUTE: lambda cid: it.Mute(cid, True),
    Feature.DTMF: lambda cid: it.SendDtmf(cid, "1"),
    Feature.CLOSE: it.CloseCall,
    Feature.SET_ACTIVE: it.SetActive,
    Feature.TRANSFER_BLIND: lambda cid: it.TransferCall(cid, it.TransferKind.BLIND, "200"),
    Feature.BREAK_TRANSFER: it.BreakTransfer,
    Feature.CALL_PARAMS: lambda cid: it.SetCallParam(cid, "k", "v"),
    Feature.SECURE_MODE: lambda cid: it.SetSecureMode(cid, True),
    Feature.CONFERENCES: lambda cid: it.AddCallToConference("1", cid),
}

#: Call actions guarded by one feature (what the card greys out or hides).
ACTION_FEATURE = {
    Action.ANSWER: Feature.ANSWER,
    Action.HANGUP: Feature.HANGUP,
    Action.HOLD: Feature.HOLD,
    Action.MUTE: Feature.MUTE,
    Action.DTMF: Feature.DTMF,
    Action.CLOSE: Feature.CLOSE,
    Action.SECURE_ON: Feature.SECURE_MODE,
    Action.ADD_TO_CONFERENCE: Feature.CONFERENCES,
}


def _driver_module(name: str) -> Any:
    path = DRIVERS / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"contract_driver_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cases() -> list[str]:
    """``name`` per backend the registry can build, plus ``name-variant`` per variant."""
    out: list[str] = []
    for name in sorted(registry.implemented()):
        out.append(name)
        module = _driver_module(name)
        if module is not None and hasattr(module, "make_variants"):
            out.extend(f"{name}-{variant}" for variant in module.make_variants())
    return out


def load_driver(case: str) -> tuple[str, Any]:
    """The backend name and a fresh driver for ``case`` (``naumen``, ``naumen-webphone``)."""
    name, _, variant = case.partition("-")
    module = _driver_module(name)
    assert module is not None, f"backend {name!r} has no contract driver: add drivers/{name}.py"
    return name, module.make_variants()[variant] if variant else module.make_driver()


async def until(
    session: Session, predicate: Callable[[SessionState], bool], timeout: float = 10.0
) -> SessionState:
    """Wait until ``predicate(session.state)``; fail with the last state after ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate(session.state):
        if loop.time() > deadline:
            raise AssertionError(f"not reached in {timeout} s; last: {session.state!r:.1500}")
        await asyncio.sleep(0.01)
    return session.state


def ringing(state: SessionState) -> Call | None:
    """The customer call ringing now, if any."""
    return next((c for c in state.customer_calls if c.ringing), None)


class Rig:
    """A driver, its backend built through the registry, and a session over it."""

    def __init__(self, name: str, driver: Any, session: Session) -> None:
        self.name, self.driver, self.session = name, driver, session
        self.transitions: list[Transition] = []
        session.subscribe(lambda _old, _new, changes: self.transitions.extend(changes))

    @property
    def caps(self) -> Any:
        return self.session.state.capabilities

    async def rung(self) -> Call:
        await self.driver.ring(CALLER, NAME)
        state = await until(self.session, lambda s: ringing(s) is not None)
        call = ringing(state)
        assert call is not None
        return call

    async def connected_call(self) -> Call:
        call = await self.rung()
        if self.caps.has(Feature.ANSWER):
            assert await self.session.execute(it.Answer(call.cid)) is None
            await until(self.session, lambda s: _state_of(s, call.cid) is CallState.CONNECTED)
        got = self.session.state.calls.get(call.cid)
        assert got is not None
        return got


def _state_of(state: SessionState, cid: str) -> CallState | None:
    call = state.calls.get(cid)
    return call.state if call is not None else None


@pytest_asyncio.fixture(params=cases())
async def rig(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Rig]:
    name, driver = load_driver(request.param)
    await driver.start()
    settings = Settings(user=tmp_path / "user.ini", system=tmp_path / "system.ini")
    settings.override("cti/backend", name)
    settings.override("cti/login", driver.login)
    for key, value in driver.overrides().items():
        settings.override(key, value)
    session = Session(registry.build_backend(settings))
    task = asyncio.ensure_future(session.backend.run())
    try:
        yield Rig(name, driver, session)
    finally:
        await session.backend.stop()
        await asyncio.wait_for(task, 10)
        await session.close()
        await driver.stop()


async def test_connects_and_reports_its_status(rig: Rig) -> None:
    spec = registry.get(rig.name)
    assert spec is not None
    state = await until(rig.session, lambda s: s.connection.state is LinkState.CONNECTED)
    assert state.connection.kind is spec.link
    assert state.connection.server  # an address to show, without secrets
    assert state.capabilities.backend == rig.name
    assert state.identity is not None and state.identity.login == rig.driver.login


async def test_a_ringing_call_becomes_a_card_with_the_caller(rig: Rig) -> None:
    await until(rig.session, lambda s: s.connection.up)
    call = await rig.rung()
    assert call.number == CALLER
    if getattr(rig.driver, "caller_names", True):  # systems that send no names say so
        assert call.display_name == NAME
    assert call in rig.session.state.customer_calls  # what the call list shows


async def test_declared_commands_work_and_refused_ones_say_why(rig: Rig) -> None:
    await until(rig.session, lambda s: s.connection.up)
    call = await rig.connected_call()
    caps = rig.caps
    for feature, (intent, worked) in CALL_CHECKS.items():
        if caps.has(feature):
            assert await rig.session.execute(intent(call.cid)) is None, feature
            await until(rig.session, lambda s, w=worked: w(s.calls[call.cid]))
    verdicts = call_actions(rig.session.state, call.cid)
    for action, feature in ACTION_FEATURE.items():
        refusal = caps.refusal(feature)
        if refusal is not None:
            assert verdicts[action].why is Why.UNSUPPORTED, action
            assert verdicts[action].refusal == refusal, action
    for feature, intent in CALL_INTENTS.items():
        if not caps.has(feature):
            got = await rig.session.execute(intent(call.cid))
            assert got == CommandFailure(FailureReason.UNSUPPORTED), feature


async def test_the_call_ends(rig: Rig) -> None:
    await until(rig.session, lambda s: s.connection.up)
    call = await rig.connected_call()
    await rig.driver.hang_up_far_end()
    await until(rig.session, lambda s: _state_of(s, call.cid) in (CallState.ENDED, None))
    ended = [t for t in rig.transitions if isinstance(t, CallEnded) and t.call.cid == call.cid]
    assert ended, "no CallEnded transition"
    if rig.caps.wrapup:  # the operator finishes wrap-up
        if rig.caps.has(Feature.CLOSE):
            assert await rig.session.execute(it.CloseCall(call.cid)) is None
        await until(rig.session, lambda s: call.cid not in s.calls)
    removed = [t for t in rig.transitions if isinstance(t, CallRemoved) and t.call.cid == call.cid]
    assert removed and removed[-1].call.result is not None


async def test_a_dropped_connection_recovers(rig: Rig) -> None:
    await until(rig.session, lambda s: s.connection.up)
    seen: list[LinkState] = []
    rig.session.subscribe(lambda _o, new, _c: seen.append(new.connection.state))
    await rig.driver.drop_connections()
    await until(rig.session, lambda s: not s.connection.up)
    await until(rig.session, lambda s: s.connection.up, timeout=20.0)
    assert LinkState.RECONNECTING in seen
    call = await rig.rung()  # and calls reach the card again
    assert call.number == CALLER


async def test_the_journal_keeps_the_calls_timeline(rig: Rig, tmp_path: Path) -> None:
    """The call journal, fed by the domain's transitions, works for every backend."""
    from agent_toolbar.history.journal import Journal
    from agent_toolbar.history.model import CallKey, EntryKind
    from agent_toolbar.history.recorder import JournalRecorder
    from agent_toolbar.history.timeline import StepKind, build

    journal = Journal.open(tmp_path / "history.sqlite3")
    rig.session.subscribe(JournalRecorder(journal.record, rig.name))
    try:
        await until(rig.session, lambda s: s.connection.up)
        call = await rig.connected_call()
        last = {call.cid: call}  # the call as the session last had it (answered or not)
        rig.session.subscribe(
            lambda _o, new, _t: (
                last.update({call.cid: new.calls[call.cid]}) if call.cid in new.calls else None
            )
        )
        await rig.driver.hang_up_far_end()
        await until(rig.session, lambda s: _state_of(s, call.cid) in (CallState.ENDED, None))
        if rig.caps.wrapup and rig.caps.has(Feature.CLOSE):
            assert await rig.session.execute(it.CloseCall(call.cid)) is None
        await until(rig.session, lambda s: call.cid not in s.calls)
        assert journal.flush()
        record = journal.latest_for(CallKey(rig.name, call.cid))
        assert record is not None
        names = getattr(rig.driver, "caller_names", True)  # systems that send no names say so
        assert (record.summary.number, record.summary.name) == (CALLER, NAME if names else "")
        kinds = [e.kind for e in record.entries]
        assert kinds[0] is EntryKind.RING and kinds[-1] is EntryKind.WRAPUP_CLOSED
        assert EntryKind.END in kinds
        assert (EntryKind.ANSWER in kinds) is last[call.cid].answered
        assert record.summary.result is not None and record.summary.ended_at is not None
        timeline = build(record.entries)
        assert timeline.steps[0].kind is StepKind.RING and timeline.total is not None
    finally:
        journal.close()
