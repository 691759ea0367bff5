"""A fake Autosecretary platform calling a CRM's API («Автосекретарь-CRM v. 2»).

It plays the platform towards any implementation of the CRM side: HTTP Basic on every
request, the activation test first (:meth:`~.platform.FakePlatform.activate`), then scripted
calls (:class:`~.script.CallScript`, :data:`~.script.SCENARIOS`) with call IDs above 2^53,
``POST <base>/CallEvent`` for each event in the specification's order, ``GET
<base>/CallEvent/{CallID}`` every 3 s (injectable) once the operator is connected, acting on
the ``ReturnCRMData`` it gets back, and the three error rules. Everything sent and received is
recorded (:class:`~.client.Exchange`, :class:`~.call.CallRecord`).

Usage from a test::

    async with FakePlatform(base, "crm", "secret", poll_interval=0.05) as platform:
        assert (await platform.activate()).ok
        call = platform.start_call(an="79161112233", dn=("79160000001",))
        await call.connected()
        call.set_transfer_results("1284")   # the next transfer finds no answer
        call.caller_hangs_up()
        record = await call.ended()

Readings of the specification (where it is silent or contradicts itself); the modules say
more:

* Activation (``platform``): GET then POST, both always sent; empty values are ``""`` and
  ``0``; the content type compared as HTTP does; a failed test means no request at all.
* ``ReturnCRMData`` (``wire``): ``{"CallID": int64, "EventType": action 1–12, "Param":
  string}``; ``CallID`` must be the call's exact integer; "nothing to do" is ``EventType``
  absent, ``null`` or ``0``; ``Param`` required for transfers and prompts. The specification's
  name varies (``ReturnCRMDData`` / ``ReturnCRMData``, ``CRMDData`` / ``CRMData``): one format.
* Every ``CRMDData`` carries all its fields, ``""`` where there is no value, ``EventTime`` at
  UTC+03:00 to the second; ``DN1``/``EXT1`` name the scenario's destination from
  ``CallAccepted`` on, then the destination being tried; ``DN2``/``EXT2`` the operator's own
  transfer; ``DTMF`` only on the ``DTMF`` event.
* Error rules (``call``): a POST not answered 200 (or not answered) stops every request of the
  call; a malformed 200 answer to an analysed POST is ignored; a malformed (or non-200, or
  missing) GET answer stops the polls. Answers to events that are not analysed are not read.
* Which answers are read: ``CallAccepted``, ``CallAnswered``, ``HelloMessage``, ``DTMF``,
  ``PrepareToConnect`` as listed, and ``BDropped`` for the rating menu; only ``CallAccepted``
  for ServiceType 2. Only with "routing on request" on (the default); polls likewise.
* Effects of the actions (``course``): transfers route before the operator and consult after;
  ``Hangup`` and ``PlayPrompt`` end the call (``EndCall`` ``Result`` 0); the prompts to the
  operator count only at ``PrepareToConnect``; anything out of place is ignored and noted.
* ServiceType 3 and 4 follow ServiceType 1's course (the specification describes no
  difference); ServiceType 2 its own narrower one.
"""

from agent_toolbar.simulators.autosecretary.call import CallRecord, PlatformCall
from agent_toolbar.simulators.autosecretary.client import CrmClient, Exchange
from agent_toolbar.simulators.autosecretary.platform import Activation, FakePlatform
from agent_toolbar.simulators.autosecretary.script import SCENARIOS, CallScript
from agent_toolbar.simulators.autosecretary.wire import (
    TRANSFER_BUSY,
    TRANSFER_CONNECTED,
    TRANSFER_NO_ANSWER,
    Action,
    EndSide,
    EventType,
    Instruction,
    Malformed,
    ServiceType,
    parse_return,
)

__all__ = [
    "SCENARIOS",
    "TRANSFER_BUSY",
    "TRANSFER_CONNECTED",
    "TRANSFER_NO_ANSWER",
    "Action",
    "Activation",
    "CallRecord",
    "CallScript",
    "CrmClient",
    "EndSide",
    "EventType",
    "Exchange",
    "FakePlatform",
    "Instruction",
    "Malformed",
    "PlatformCall",
    "ServiceType",
    "parse_return",
]
