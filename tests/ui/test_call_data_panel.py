"""Call data on the card: the parameters table, copying, editing, updates by other clients."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from agent_toolbar.cti import events as ev
from agent_toolbar.cti import intents as it
from agent_toolbar.cti.backend import Backend, ConnectionStatus, LinkState
from agent_toolbar.cti.session import Session
from agent_toolbar.qt import QGuiApplication, Qt
from agent_toolbar.ui.calls.call_card import CallCard
from agent_toolbar.ui.calls.call_data_panel import LOCAL, PARAMS, CallDataPanel
from agent_toolbar.ui.calls.call_extras import CardExtender, install_card_extras
from agent_toolbar.ui.calls.call_list import CallList

if TYPE_CHECKING:
    from tests.ui.conftest import FeedBackend

UP = ConnectionStatus(state=LinkState.CONNECTED, server="ws://127.0.0.1:8098")
DOWN = ConnectionStatus(state=LinkState.RECONNECTING, server="ws://127.0.0.1:8098", attempt=1)
PARAMS_IN = {
    "caller": "+79161234567",
    "sessionId": "s" * 64,
    "ProjectTitle": "Линия поддержки",
    "ClientId": "CL-100500",
}


class Rig:
    """A real session and a real card extended with the call-data panel."""

    def __init__(
        self,
        qtbot: QtBot,
        backend: Backend,
        editable: tuple[str, ...] = (),
        local: tuple[str, ...] = (),
    ) -> None:
        self.session = Session(backend)
        self.session.apply(ev.ConnectionChanged(status=UP))
        info = ev.CallInfo(
            cid="c1",
            state="connected",
            direction="in",
            kind="voice",
            params=PARAMS_IN,
            local_params={"Note": "перезвонить"},
        )
        self.session.apply(ev.CallReported(call=info, new=True))
        self.card = CallCard("c1")
        qtbot.addWidget(self.card)
        self.intents: list[it.Intent] = []
        self.card.intent_requested.connect(self.intents.append)
        self.extender = CardExtender(
            lambda: self.session.state, editable=editable, editable_local=local
        )
        self.extender.extend(self.card)
        self.card.apply_state(self.session.state)
        extras = self.extender.extras("c1")
        assert extras is not None
        self.panel: CallDataPanel = extras.data
        self.card.show()

    def render(self) -> None:
        self.card.apply_state(self.session.state)
        self.extender.apply_state(self.session.state)

    def feed(self, *events: ev.DomainEvent) -> None:
        for event in events:
            self.session.apply(event)
        self.render()


MakeRig = Callable[..., Rig]


@pytest.fixture
def make_rig(qtbot: QtBot, feed_backend: type[FeedBackend]) -> MakeRig:
    """``make_rig(**options)``: a :class:`Rig` over a fresh feed backend."""
    return lambda **options: Rig(qtbot, feed_backend(), **options)


def test_table_shows_all_params_and_local_params(make_rig: MakeRig) -> None:
    rig = make_rig()
    rows = rig.panel.rows()
    assert (PARAMS, "ClientId", "CL-100500") in rows
    assert (PARAMS, "ProjectTitle", "Линия поддержки") in rows
    assert (LOCAL, "Note", "перезвонить") in rows
    assert len(rows) == 5
    assert rig.panel.toggle.text() == "Call data (5)"
    assert not rig.panel.body.isVisible()
    rig.panel.toggle.click()
    assert rig.panel.body.isVisible()


def test_updates_by_other_clients_appear(make_rig: MakeRig) -> None:
    rig = make_rig()
    rig.feed(
        ev.CallParamsReported(cid="c1", params={"ClientId": "CL-7", "Result": "sale"}),
        ev.LocalParamsReported(cid="c1", params={"Note": "готово"}),
    )
    rows = rig.panel.rows()
    assert (PARAMS, "ClientId", "CL-7") in rows
    assert (PARAMS, "Result", "sale") in rows
    assert (LOCAL, "Note", "готово") in rows


def test_copy_value(qtbot: QtBot, make_rig: MakeRig) -> None:
    rig = make_rig()
    rig.panel.toggle.click()
    table = rig.panel.table
    target = next(
        table.topLevelItem(i)
        for i in range(table.topLevelItemCount())
        if table.topLevelItem(i).text(0) == "ClientId"  # type: ignore[union-attr]
    )
    table.setCurrentItem(target)
    with qtbot.waitSignal(rig.panel.value_copied) as copied:
        rig.panel.copy_action.trigger()
    assert copied.args == ["ClientId"]
    assert QGuiApplication.clipboard().text() == "CL-100500"


def test_editable_fields_send_intents(qtbot: QtBot, make_rig: MakeRig) -> None:
    rig = make_rig(editable=("Result",), local=("Note",))
    rig.panel.toggle.click()
    result = rig.panel.field(PARAMS, "Result")
    note = rig.panel.field(LOCAL, "Note")
    assert result.text() == ""
    assert note.text() == "перезвонить"
    result.setFocus()
    result.insert("продажа")  # QTest can only type ASCII
    qtbot.keyClick(result, Qt.Key.Key_Return)
    note.selectAll()
    note.insert("не звонить")
    qtbot.keyClick(note, Qt.Key.Key_Enter)
    assert rig.intents == [
        it.SetCallParam("c1", "Result", "продажа"),
        it.SetLocalParam("c1", "Note", "не звонить"),
    ]


def test_enter_without_a_change_sends_nothing_and_escape_reverts(
    qtbot: QtBot, make_rig: MakeRig
) -> None:
    rig = make_rig(local=("Note",))
    rig.panel.toggle.click()
    note = rig.panel.field(LOCAL, "Note")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    qtbot.keyClicks(note, "!!!")
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert note.text() == "перезвонить"
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert rig.intents == []


def test_confirmed_value_replaces_the_field(make_rig: MakeRig) -> None:
    rig = make_rig(editable=("Result",))
    rig.feed(ev.CallParamsReported(cid="c1", params={"Result": "callback"}))
    assert rig.panel.field(PARAMS, "Result").text() == "callback"


def test_fields_are_read_only_when_edits_cannot_work(qtbot: QtBot, make_rig: MakeRig) -> None:
    rig = make_rig(editable=("Result",))
    rig.feed(ev.ConnectionChanged(status=DOWN))
    field = rig.panel.field(PARAMS, "Result")
    assert field.isReadOnly()
    assert field.toolTip()
    qtbot.keyClicks(field, "x")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert rig.intents == []


def test_admin_changes_editable_keys(make_rig: MakeRig) -> None:
    rig = make_rig()
    assert not rig.panel.editors.isVisibleTo(rig.panel)
    rig.extender.set_editable(["ClientId"], [])
    assert rig.panel.field(PARAMS, "ClientId").text() == "CL-100500"
    with pytest.raises(KeyError):
        rig.panel.field(LOCAL, "Note")


@pytest.fixture
def shot(tmp_path_factory: pytest.TempPathFactory) -> Callable[[object, str], None]:
    folder = tmp_path_factory.mktemp("shots")

    def save(widget: object, name: str) -> None:
        widget.grab().save(str(folder / f"{name}.png"))  # type: ignore[attr-defined]

    return save


def test_card_with_the_panel_renders(
    make_rig: MakeRig, shot: Callable[[object, str], None]
) -> None:
    rig = make_rig(editable=("Result",), local=("Note",))
    rig.panel.toggle.click()
    rig.card.resize(rig.card.sizeHint())
    shot(rig.card, "call_data")
    assert rig.panel.isVisible()


def test_installed_on_a_call_list_follows_the_session(
    qtbot: QtBot, feed_backend: type[FeedBackend]
) -> None:
    session = Session(feed_backend())
    session.apply(ev.ConnectionChanged(status=UP))
    call_list = CallList()
    qtbot.addWidget(call_list)
    settings = {"calldata/editable": ["Result"], "calldata/editable_local": []}
    extender = install_card_extras(call_list, session, None, settings.__getitem__)
    info = ev.CallInfo(cid="c1", state="connected", direction="in", params=PARAMS_IN)
    session.apply(ev.CallReported(call=info, new=True))
    call_list.apply_state(session.state)
    extras = extender.extras("c1")
    assert extras is not None
    field = extras.data.field(PARAMS, "Result")
    assert not field.isReadOnly()
    session.apply(ev.ConnectionChanged(status=DOWN))  # the call itself does not change
    qtbot.waitUntil(field.isReadOnly)
    settings["calldata/editable"] = ["ClientId"]
    extender.reload(settings.__getitem__)
    assert extras.data.field(PARAMS, "ClientId").text() == "CL-100500"
