"""The Oktell server's HTTP Web-API in the backend registry.

Cheap to import: the aiohttp client, the poller and the adapter load only when
:func:`agent_toolbar.backends.oktell.build.build` runs.
"""

from __future__ import annotations

from agent_toolbar.backends.spec import BackendSpec, SettingsLike
from agent_toolbar.cti.capabilities import Capabilities, Feature, StateOptions
from agent_toolbar.cti.connection import LinkKind
from agent_toolbar.declarations import Kind, Setting, tr_noop

__all__ = ["FEATURES", "SPEC", "STATE_CHOICES", "oktell_capabilities"]

#: What the Web-API can do: answer, hang up (decline / abort / stop the autocall), hold,
#: return and swap (flash), dial (autocall), blind and consultation transfers to a number
#: (``wp_switchcall``; hanging up with the party held completes it), cancelling one
#: (``wp_flash mode=abort``), and the user state. No mute, DTMF, conferences, call
#: parameters, secure mode or wrap-up: those are not offered.
FEATURES = frozenset(
    {
        Feature.ANSWER,
        Feature.HANGUP,
        Feature.HOLD,
        Feature.MAKE_CALL,
        Feature.CHANGE_STATE,
        Feature.TRANSFER_BLIND,
        Feature.TRANSFER_CONSULTATION,
        Feature.BREAK_TRANSFER,
    }
)

#: ``normal`` ready (1), ``away`` a break with a reason (``onlunch``), ``dnd`` not at place (3).
STATE_CHOICES = ("normal", "away", "dnd")


def oktell_capabilities(settings: SettingsLike | None = None) -> Capabilities:
    """What the toolbar can do on Oktell (the same whatever the settings)."""
    return Capabilities(
        backend="oktell",
        features=FEATURES,
        states=StateOptions(choices=STATE_CHOICES),
        wrapup=False,
    )


SPEC = BackendSpec(
    name="oktell",
    label=tr_noop("Oktell"),
    builder="agent_toolbar.backends.oktell.build:build",
    capabilities=oktell_capabilities,
    settings=(
        Setting(
            "oktell/password",
            Kind.STR,
            "",
            tr_noop("Web-API password"),
            "server",
            secret=True,
            help=tr_noop(
                "HTTP Basic password of cti/auth_user (or the login); kept in the keyring"
            ),
            reconnect=True,
            backend="oktell",
        ),
        Setting(
            "oktell/user_id",
            Kind.STR,
            "",
            tr_noop("Oktell user GUID"),
            "server",
            help=tr_noop("Optional: the user's id, for tst_getuserstate"),
            reconnect=True,
            backend="oktell",
        ),
        Setting(
            "oktell/poll_ms",
            Kind.INT,
            1000,
            tr_noop("Poll every, ms"),
            "server",
            minimum=200,
            maximum=60000,
            reconnect=True,
            backend="oktell",
        ),
        Setting(
            "oktell/sequence",
            Kind.CHOICE,
            "direct",
            tr_noop("Outgoing calls ring"),
            "server",
            ("direct", "back"),
            choice_labels=(
                ("direct", tr_noop("the number first, then my phone")),
                ("back", tr_noop("my phone first, then the number")),
            ),
            backend="oktell",
        ),
        Setting(
            "oktell/allow_http",
            Kind.BOOL,
            False,
            tr_noop("Send the password over plain http:// (not recommended)"),
            "server",
            help=tr_noop(
                "Oktell needs the password with every request. Over http:// anyone on the "
                "network can read it: use https:// (the Web-API's port 4055). Loopback "
                "addresses are always allowed."
            ),
            reconnect=True,
            backend="oktell",
        ),
    ),
    simulator="agent_toolbar.simulators.oktell.demo:start_demo",
    simulator_cli="agent_toolbar.simulators.oktell.cli",
    link=LinkKind.POLL,
    url_schemes=("https", "http"),  # the Web-API; a bare host means http:// on port 4055
    bare_host=True,
)
