"""Vendor result codes into a category, the code and words the toolbar can show.

The PBX webhook specification tabulates ``ResultCode`` for ``EndIncCall``, ``MissedIncCall`` and
``EndOutCall``; its schema says integer, its examples send strings (``"200"``, ``"603-S"``):
both are read, and an unknown code becomes ``failed`` with the code kept.

The Autosecretary specification gives ``Result`` of ``Transfer`` as ``1280`` connected, ``1284``
no answer, ``1289`` busy, any other value a release code of the far end, three-digit ones being
SIP response codes; and ``Result`` of ``EndCall`` as who ended the call (0–4).
"""

from __future__ import annotations

from typing import Final

from agent_toolbar.gateway.wire import Result

__all__ = ["end_call_result", "pbx_result", "transfer_result"]

# code: (category, English text, the specification's words)
_PBX: Final[dict[str, tuple[str, str, str]]] = {
    "200": ("completed", "Successful call", "Успешный звонок."),
    "304": ("missed", "Missed call", "Пропущенный звонок."),
    "603": ("rejected", "Rejected", "Отклонено."),
    "603-S": ("cancelled", "Call cancelled", "Вызов отменен."),
    "403": ("forbidden", "Forbidden", "Запрещено."),
    "404": ("invalid_number", "Wrong number", "Неверный номер."),
    "486": ("busy", "Busy", "Занято."),
    "484": ("unavailable", "This destination is not available", "Данное направление не доступно."),
    "503": ("unavailable", "This destination is not available", "Данное направление не доступно."),
    "480": ("unavailable", "Temporarily unavailable", "Временно не доступен."),
    "402": (
        "insufficient_funds",
        "Insufficient funds on the account",
        "Недостаточно средств на счету.",
    ),
    "423": ("blocked", "Blocked", "Заблокировано"),
}

_SIP: Final[dict[str, tuple[str, str]]] = {
    "404": ("invalid_number", "Wrong number (SIP 404)"),
    "408": ("no_answer", "No answer (SIP 408)"),
    "480": ("unavailable", "Temporarily unavailable (SIP 480)"),
    "486": ("busy", "Busy (SIP 486)"),
    "487": ("cancelled", "Cancelled (SIP 487)"),
    "503": ("unavailable", "Service unavailable (SIP 503)"),
    "600": ("busy", "Busy everywhere (SIP 600)"),
    "603": ("rejected", "Declined (SIP 603)"),
}

_END_CALL: Final[dict[str, tuple[str, str, str]]] = {
    "0": ("ended", "Call ended", "значение по умолчанию"),
    "1": ("caller_hung_up", "The caller hung up", "вызов завершил вызывающий абонент (А)"),
    "2": ("callee_hung_up", "The called party hung up", "вызов завершил вызываемый абонент (Б)"),
    "3": (
        "caller_abandoned",
        "The caller hung up while ringing",
        "вызывающий абонент положил трубку во время дозвона",
    ),
    "4": ("no_destination", "No destination number available", "нет доступных номеров назначения"),
}


def code_text(value: object) -> str:
    """A vendor code as text: ints and strings alike, stripped; ``""`` for none."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _result(category: str, code: str, text: str, vendor_text: str = "") -> Result:
    return {"category": category, "code": code, "text": text, "vendor_text": vendor_text}


def pbx_result(value: object) -> Result | None:
    """``ResultCode`` of the PBX specification; ``None`` when the hook carries none."""
    code = code_text(value)
    if not code:
        return None
    known = _PBX.get(code.upper()) or _PBX.get(code)
    if known is None:
        return _result("failed", code, f"Result code {code}")
    category, text, vendor = known
    return _result(category, code, text, vendor)


def transfer_result(value: object) -> Result | None:
    """``Result`` of an Autosecretary ``Transfer`` / ``ShortTransfer`` event."""
    code = code_text(value)
    if not code:
        return None
    if code == "1280":
        return _result("connected", code, "Connected", "успешное соединение")
    if code == "1284":
        return _result("no_answer", code, "No answer", "no answer")
    if code == "1289":
        return _result("busy", code, "Busy", "user busy")
    if len(code) == 3 and code.isdigit():
        category, text = _SIP.get(code, ("failed", f"Failed (SIP {code})"))
        return _result(category, code, text, "SIP")
    return _result("failed", code, f"Failed (release code {code})", "код релиза")


def end_call_result(value: object) -> Result:
    """``Result`` of an Autosecretary ``EndCall`` event (who ended the call)."""
    code = code_text(value) or "0"
    category, text, vendor = _END_CALL.get(code, ("ended", f"Call ended ({code})", ""))
    return _result(category, code, text, vendor)
