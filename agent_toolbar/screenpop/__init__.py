"""Screen-pop: open the customer's CRM record from the call's data — correctly, once, safely.

* :mod:`~agent_toolbar.screenpop.template` — the ``{caller}`` / ``{params.KEY}`` syntax and
  percent-encoded rendering;
* :mod:`~agent_toolbar.screenpop.rules` — several templates with conditions;
* :mod:`~agent_toolbar.screenpop.safety` — the address check every URL passes before opening;
* :mod:`~agent_toolbar.screenpop.policy` — when to pop (trigger, late data, once per call);
* :mod:`~agent_toolbar.screenpop.config` — the settings as plain values;
* :mod:`~agent_toolbar.screenpop.command` — running a configured opener command;
* :mod:`~agent_toolbar.ui.shell.screenpop_opener` — the Qt side (the only module here that uses Qt).

Everything but the opener is free of Qt; importing this package imports no Qt.
"""

from agent_toolbar.screenpop.config import Missing, OpenWith, ScreenPopConfig, Trigger
from agent_toolbar.screenpop.policy import PopKind, PopResult, ScreenPopPolicy, call_data
from agent_toolbar.screenpop.rules import RuleError, RuleSet
from agent_toolbar.screenpop.safety import UrlPolicy, Verdict, check_url
from agent_toolbar.screenpop.template import CallData, Template, TemplateError

__all__ = [
    "CallData",
    "Missing",
    "OpenWith",
    "PopKind",
    "PopResult",
    "RuleError",
    "RuleSet",
    "ScreenPopConfig",
    "ScreenPopPolicy",
    "Template",
    "TemplateError",
    "Trigger",
    "UrlPolicy",
    "Verdict",
    "call_data",
    "check_url",
]
