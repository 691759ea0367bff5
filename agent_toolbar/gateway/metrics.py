"""Counters and gauges, rendered in the Prometheus text exposition format at ``/metrics``.

Names (all prefixed ``agent_toolbar_gateway_``): ``events_total{source,kind}``,
``duplicates_total{source}``, ``rejects_total{reason}``, ``instructions_total{status}``,
``toolbars_connected``, ``calls_active{source}``, ``frames_sent_total``,
``toolbars_dropped_total{reason}``, ``activation_tests_total{method}``. Labels hold no
personal data (no numbers, no logins).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

__all__ = ["Metrics"]

PREFIX = "agent_toolbar_gateway_"

_HELP: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "events_total": ("counter", "Events received, by source and kind", ("source", "kind")),
    "duplicates_total": ("counter", "Events already seen (ignored)", ("source",)),
    "rejects_total": ("counter", "Requests or frames refused, by reason", ("reason",)),
    "instructions_total": ("counter", "Instruction status changes", ("status",)),
    "frames_sent_total": ("counter", "Frames queued to toolbars", ()),
    "toolbars_dropped_total": ("counter", "Toolbar connections closed by us", ("reason",)),
    "activation_tests_total": ("counter", "Autosecretary activation tests", ("method",)),
}


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


class Metrics:
    """The gateway's counters; gauges are read from callables at render time."""

    def __init__(self) -> None:
        self._counters: dict[str, defaultdict[tuple[str, ...], int]] = {
            name: defaultdict(int) for name in _HELP
        }
        self._gauges: dict[
            str, tuple[str, Callable[[], dict[tuple[str, ...], float]], tuple[str, ...]]
        ] = {}

    def inc(self, name: str, *labels: str, by: int = 1) -> None:
        """Add ``by`` to counter ``name`` with ``labels`` (in the declared order)."""
        self._counters[name][labels] += by

    def value(self, name: str, *labels: str) -> int:
        """A counter's current value (0 if never counted)."""
        return self._counters[name].get(labels, 0)

    def gauge(
        self,
        name: str,
        help_text: str,
        read: Callable[[], dict[tuple[str, ...], float]],
        labels: tuple[str, ...] = (),
    ) -> None:
        """Declare a gauge whose values ``read`` returns when rendered."""
        self._gauges[name] = (help_text, read, labels)

    def render(self) -> str:
        """The exposition text."""
        lines: list[str] = []
        for name, (kind, help_text, label_names) in _HELP.items():
            full = PREFIX + name
            lines += [f"# HELP {full} {help_text}", f"# TYPE {full} {kind}"]
            series = self._counters[name]
            if not series and not label_names:
                lines.append(f"{full} 0")
            for labels, count in sorted(series.items()):
                lines.append(f"{full}{_labels(label_names, labels)} {count}")
        for name, (help_text, read, label_names) in self._gauges.items():
            full = PREFIX + name
            lines += [f"# HELP {full} {help_text}", f"# TYPE {full} gauge"]
            for labels, number in sorted(read().items()):
                lines.append(f"{full}{_labels(label_names, labels)} {number:g}")
        return "\n".join(lines) + "\n"


def _labels(names: tuple[str, ...], values: tuple[str, ...]) -> str:
    if not names:
        return ""
    pairs = ",".join(f'{n}="{_escape(v)}"' for n, v in zip(names, values, strict=False))
    return "{" + pairs + "}"
