"""A fake cloud PBX that POSTs call events by webhook («Звонковые события по Webhook»).

It plays the PBX of the specification towards any receiver of its webhooks: the eight hook
types (:class:`~.hooks.HookType`) with the specification's field names, scripted flows
(:class:`~.flows.FlowFactory`: parallel and sequential ringing to several employees, answered
by one of them, missed by all, outgoing), the specification's own inconsistencies
(:class:`~.hooks.Quirks`), duplicates, reordering and concurrency, all from one seed.

Usage from a test::

    factory = FlowFactory(seed=7, quirks=Quirks(result_code="integer"))
    flow = factory.incoming(["0052002651", "0052002642"], answered_by=1)
    async with FakePbx(url) as pbx:
        run = await pbx.run_flow(flow)   # run.posted: every body sent and its answer

Readings of the specification (where it is silent or contradicts itself):

* Every request is ``POST`` with ``Content-Type: application/json`` and a UTF-8 body; the
  specification gives no authentication, so any secret lives in the URL.
* ``ResultCode`` is declared ``integer`` but the examples send strings and ``603-S`` is not
  a number: strings by default, integers (except ``603-S``) or a mix on request.
* ``StartTime`` is "required" but missing from three examples: omitted where the examples
  omit it by default; always sent, or dropped at random, on request. ``ChangeIncCall`` has
  ``StartDuration`` instead, never ``StartTime``.
* Numbers: employees' numbers carry a leading ``8`` while ringing and answering and none in
  the end hooks, as in the examples (``80052002651`` / ``0052002651``; ``800774994086005`` is
  ``8`` + ``00774994086005``); ``Redirecting`` and ``MissedIncCall``'s ``Called`` are ``8`` +
  the city number; the caller and the city number come without it. Always, never or at random
  on request.
* The answering employee gets no ``AttemptIncCallEnd``; a missed call ends with
  ``MissedIncCall`` only (``Duration`` 0, ``ResultCode`` ``603-S`` or ``304``); its ``Called``
  is the city number, so it does not say whose number was missed.
* Outgoing calls (no example in the specification): ``CreateOutCall`` then ``EndOutCall``,
  ``Caller`` the employee, ``Called`` the dialled number; not answered means ``Duration`` 0
  and a ``ResultCode`` other than 200.
* Times are the PBX's local time without a zone, ``YYYY-MM-DD hh:mm:ss``, scripted from
  2021-01-28 14:15:22 (the examples' day), not the wall clock, so a seed repeats exactly.
* The PBX's reaction to a failed delivery is not specified: the fake never retries and records
  the answer; repeated deliveries are the ``duplicates`` quirk.
* The printed ``AttemptIncCallEnd`` example lacks its closing brace; ``FlowFactory.malformed``
  sends it as printed (with other non-object bodies) to check a receiver's refusal.
"""

from agent_toolbar.simulators.pbx_webhooks.flows import (
    FLOWS,
    SEED_CALLER,
    SEED_CITY,
    SEED_OPERATORS,
    Flow,
    FlowFactory,
    Post,
    build,
)
from agent_toolbar.simulators.pbx_webhooks.hooks import (
    ALL_QUIRKS,
    RESULT_CODES,
    HookType,
    Quirks,
)
from agent_toolbar.simulators.pbx_webhooks.pbx import FakePbx, FlowRun, Posted

__all__ = [
    "ALL_QUIRKS",
    "FLOWS",
    "RESULT_CODES",
    "SEED_CALLER",
    "SEED_CITY",
    "SEED_OPERATORS",
    "FakePbx",
    "Flow",
    "FlowFactory",
    "FlowRun",
    "HookType",
    "Post",
    "Posted",
    "Quirks",
    "build",
]
