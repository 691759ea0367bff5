"""A simulated Oktell server: its HTTP Web-API, written from the specification.

The product's ``--demo --backend oktell``, its tests and training rooms run against it
(``agent-toolbar-sim --backend oktell``). It serves the call-control methods
(``wp_answercall``, ``wp_declinecall``, ``wp_abortcall``, ``wp_switchcall``,
``wp_autocallstart`` / ``wp_autocallstop``, ``wp_flash``, ``wp_setuserstate``), the state
methods a client polls (``tst_getuserstate``, ``wp_getabonentinfo``, ``wp_getchaincontent``)
and ``getversion`` / ``tst_getintnumberreadyusers``, over GET or POST with the parameters in
the query (or a form body), on port 4055 by default.

Where the specification is silent, this simulator chooses (the client must not rely on
more than the specification says, and is tested against both encodings):

* **Authentication**: HTTP Basic on every Web-API request; a missing or wrong password is
  answered ``403 Forbidden`` with no ``WWW-Authenticate`` challenge (as Oktell ≥ 2.9). Every
  operator login and ``admin`` authenticate with one password (``oktell`` unless given).
* **Addressing**: ``line``, ``user``, ``wp`` (and ``iduser`` / ``number`` for
  ``tst_getuserstate``) accept any identifier: the user's GUID, the line's GUID, the login,
  the user's name, the line number (``17002``), the internal number (``183``) or the workplace
  (``OPERATOR1``), in any case. A value that names nobody or several users: 404 with a text
  body. Several parameters naming different users: 400.
* **Answers**: call commands answer 200 with an empty body whether or not the command was
  possible; an impossible one changes nothing (the specification says so of
  ``wp_setuserstate``), so only a later poll shows what happened. Malformed values: 400.
  The call state machine and its preconditions: :mod:`~agent_toolbar.simulators.oktell.world`;
  user states and modes: :mod:`~agent_toolbar.simulators.oktell.userstate`.
* **Line states** (``currentlinestate`` / ``currentlinestatestr``): only 32 ``lsCommutated``
  is documented; the simulator adds 1 ``lsFree`` (idle), 4 ``lsDialing`` (the line calls
  someone), 8 ``lsRinging`` (the operator's phone rings) and 16 ``lsHold`` (only a held party,
  dial tone). An idle line, or one with only a held party, has no ``abonentinfo`` member.
  A ``commutationid`` exists from the first ring and stays the same until the call ends.
* **User states** (``state`` in ``tst_getuserstate``): 1 ``usReady`` is documented; the others
  are 2 ``usBreak``, 3 ``usNotAtPlace``, 5 ``usBusy`` and the service states 0
  ``usDisconnected``, 4 ``usReserved``, 6 ``usNoPhone``. The answer has only ``id`` and
  ``state`` as the example: the call-centre, break and redirect modes are not visible.
  A call makes a ready, away or resting user busy (5); when the line's last call ends the
  user is on a break again if the break mode is on, away if they were away, ready otherwise.
* **Chain content**: the chain of the active call (else of the held one); an idle line gives
  ``{}``. ``trace`` has a ``call`` element per incoming call and a ``commutation`` per live
  call of the line in that chain, ringing ones with an empty ``timeanswer``. A consultation
  call (``wp_switchcall``, or ``wp_autocallstart`` while a party is held) joins the held
  call's chain; a new incoming call starts a chain of its own. ``pbxdirection``:
  ``incoming``, ``outgoing`` or ``internal``. Times are the server's local time, no zone.
* **Encoding**: XML carries the ``utf-16`` declaration of the examples; the bytes are UTF-8
  (``Content-Type: text/xml; charset=utf-8``) unless the simulator is made with
  ``xml_encoding="utf-16"`` (UTF-16 LE with a byte order mark). JSON is UTF-8 and valid; the
  fault ``seedjson`` drops the commas the examples lack.
* **Autocall**: ``sequence=direct`` (the default) calls the number first and the line shows
  nothing until it answers; then the operator's phone rings (a callback) with the number as
  the other party. ``sequence=back`` rings the operator's phone first (the other party shown
  is the number to be called); once answered the line dials the number. ``direction``
  absent: ``pbx`` for a known internal number, ``city`` otherwise.

The control API (ring, answer from the far side, end, faults, refusing connections, the
command log) is on :class:`Simulator`; :mod:`~agent_toolbar.simulators.oktell.control` serves
it over HTTP for other processes; :mod:`~agent_toolbar.simulators.oktell.cli` runs it.
"""

from agent_toolbar.simulators.oktell.model import CommandRecord, SimError, SimTimings
from agent_toolbar.simulators.oktell.scenarios import SCENARIOS
from agent_toolbar.simulators.oktell.simulator import (
    DEFAULT_OPERATORS,
    DEFAULT_PASSWORD,
    DEFAULT_PORT,
    Simulator,
)

__all__ = [
    "DEFAULT_OPERATORS",
    "DEFAULT_PASSWORD",
    "DEFAULT_PORT",
    "SCENARIOS",
    "CommandRecord",
    "SimError",
    "SimTimings",
    "Simulator",
]
