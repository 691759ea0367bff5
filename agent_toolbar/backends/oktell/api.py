"""An aiohttp client of the Oktell server's HTTP Web-API: one method per Web-API method.

* One :class:`aiohttp.ClientSession` per client (connections are reused), a total timeout per
  request, certificate verification always on (``https://``), optionally with an extra CA
  file besides the system's.
* HTTP Basic is sent with **every** request, without waiting for a challenge: Oktell ≥ 2.9
  answers a request without it ``403 Forbidden`` and never asks. A 403 becomes
  :attr:`FailureKind.FORBIDDEN` — wrong login or password — and the client stops asking
  (every later call fails at once, without a request) until :meth:`OktellApi.set_password`
  or :meth:`OktellApi.clear_forbidden`: it never retries in a loop.
* GET, with the parameters in the query. The URL never holds ``login:password@`` (one in the
  configured address is dropped), so no log can show a password; logs show the method and
  the parameters, phone numbers cut to their last 4 digits.
* Address: ``http(s)://host:port``; a bare ``host`` or ``host:port`` means ``http://`` and,
  without a port, the Web-API's 4055 (the server also listens on 80: write it to use it).
* Every call returns a record or a :class:`~agent_toolbar.backends.oktell.records.Failure`;
  no exception escapes except cancellation.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

import aiohttp

from agent_toolbar.backends.oktell import parse
from agent_toolbar.backends.oktell.records import (
    Accepted,
    ChainContent,
    Failure,
    FailureKind,
    LineInfo,
    ReadyUsers,
    UserState,
    Version,
)

__all__ = [
    "DEFAULT_PORT",
    "ApiConfig",
    "Direction",
    "FlashMode",
    "LunchReason",
    "OktellApi",
    "ReasonId",
    "ReasonText",
    "Sequence",
    "normalize_url",
]

log = logging.getLogger(__name__)

DEFAULT_PORT = 4055
MAX_BODY = 1 << 20
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Direction(Enum):
    """``direction`` of ``wp_autocallstart`` / ``wp_switchcall`` (absent: automatic)."""

    PBX = "pbx"
    CITY = "city"


class Sequence(Enum):
    """``sequence``: ``direct`` calls the number first, ``back`` rings the line first."""

    DIRECT = "direct"
    BACK = "back"


class FlashMode(Enum):
    """``mode`` of ``wp_flash`` when a party is on hold."""

    ABORT = "abort"  # end the current party, back to the held one
    SWITCH = "switch"  # back to the held one, the current one on hold
    NEXT = "next"  # end the current party, dial tone; the held one stays held


@dataclass(frozen=True, slots=True)
class ReasonId:
    """A regulated break reason: ``lunchreasonid``."""

    code: int


@dataclass(frozen=True, slots=True)
class ReasonText:
    """An individual break reason: ``lunchreasonmsg``."""

    text: str


LunchReason = ReasonId | ReasonText
"""One or the other: the two parameters exclude each other."""


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """How to reach the server and who to act as.

    Attributes:
        url: ``http(s)://host:port`` (see :func:`normalize_url`).
        login: The operator: sent as ``user=`` with every ``wp_*`` method.
        auth_user: The Basic user (the login when empty).
        password: The Basic password (from the keyring).
        user_id: The operator's GUID, sent as ``iduser=`` to ``tst_getuserstate`` when known.
        timeout: Seconds a request may take in all.
        ca_file: Extra CA certificates (PEM) to trust besides the system's.
    """

    url: str
    login: str
    password: str = ""
    auth_user: str = ""
    user_id: str = ""
    timeout: float = 5.0
    ca_file: str | None = None


def normalize_url(text: str) -> str:
    """``http(s)://host:port`` without user info, path or query (see the module docstring)."""
    text = text.strip()
    bare = "://" not in text
    parts = urlsplit("http://" + text if bare else text)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"an Oktell address is http:// or https://, not {parts.scheme}://")
    host = parts.hostname
    if not host:
        raise ValueError("the address has no host")
    port = parts.port if parts.port is not None else (DEFAULT_PORT if bare else None)
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port is not None else host
    return urlunsplit((parts.scheme, netloc, "", "", ""))


def _mask(params: Mapping[str, str]) -> dict[str, str]:
    out = dict(params)
    for key in ("number", "lunchreasonmsg"):
        value = out.get(key)
        if value and len(value) > 4:
            out[key] = "…" + value[-4:] if key == "number" else "…"
    return out


class OktellApi:
    """The Web-API methods, for one operator on one server.

    Use as ``async with OktellApi(config) as api:`` or call :meth:`close` at the end.
    """

    def __init__(self, config: ApiConfig) -> None:
        self.config = config
        self.base_url = normalize_url(config.url)
        self.forbidden = False
        self._password = config.password
        self._ssl = self._ssl_context(config.ca_file)
        self._session: aiohttp.ClientSession | None = None

    @staticmethod
    def _ssl_context(ca_file: str | None) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if ca_file:
            context.load_verify_locations(cafile=ca_file)
        return context

    async def __aenter__(self) -> OktellApi:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(ssl=self._ssl, limit=4)
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(total=self.config.timeout),
                headers={"Authorization": self._authorization()},
            )
        return self._session

    def _authorization(self) -> str:
        user = self.config.auth_user or self.config.login
        return aiohttp.encode_basic_auth(user, self._password)

    async def close(self) -> None:
        """Close the session and its connections."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    def set_password(self, password: str) -> None:
        """New credentials: the next request uses them (and may be tried again after a 403)."""
        self._password = password
        self.forbidden = False
        if self._session is not None:
            self._session.headers["Authorization"] = self._authorization()

    def clear_forbidden(self) -> None:
        """Allow requests again after a 403 (an operator's explicit retry)."""
        self.forbidden = False

    # ------------------------------------------------------------------ transport

    async def _get(
        self, method: str, params: Mapping[str, str]
    ) -> tuple[bytes, str | None] | Failure:
        """One GET; the body and charset of a 200, else a failure."""
        if self.forbidden:
            return Failure(FailureKind.FORBIDDEN, method, 403, "wrong login or password")
        url = f"{self.base_url}/{method}"
        log.debug("→ %s %s", method, _mask(params))
        try:
            async with self._client().get(url, params=dict(params)) as response:
                body = await response.content.read(MAX_BODY)
                status, charset = response.status, response.charset
        except TimeoutError:
            return Failure(
                FailureKind.TIMEOUT, method, None, f"no answer in {self.config.timeout} s"
            )
        except aiohttp.ClientConnectorCertificateError as exc:
            return Failure(FailureKind.TLS, method, None, str(exc.certificate_error))
        except aiohttp.ClientSSLError as exc:
            return Failure(FailureKind.TLS, method, None, type(exc).__name__)
        except aiohttp.ClientPayloadError as exc:
            return Failure(
                FailureKind.MALFORMED, method, None, f"broken body ({type(exc).__name__})"
            )
        except (aiohttp.ClientError, OSError) as exc:
            return Failure(FailureKind.UNREACHABLE, method, None, type(exc).__name__)
        log.debug("← %s %d (%d bytes)", method, status, len(body))
        if status == 200:
            return body, charset
        text = parse.decode_text(body[:400], charset)
        detail = " ".join(text.split())[:120]
        if status == 403:
            self.forbidden = True
            log.warning("Oktell answered 403 to %s: wrong login or password", method)
            return Failure(FailureKind.FORBIDDEN, method, status, "wrong login or password")
        if status == 404:
            return Failure(FailureKind.NOT_FOUND, method, status, detail)
        if status >= 500:
            page = "an HTML error page" if "<html" in text.lower() else detail
            return Failure(FailureKind.SERVER_ERROR, method, status, page)
        return Failure(FailureKind.BAD_REQUEST, method, status, detail)

    async def _command(self, method: str, params: Mapping[str, str]) -> Accepted | Failure:
        got = await self._get(method, {"user": self.config.login, **params})
        return got if isinstance(got, Failure) else Accepted(method)

    async def _read(
        self, method: str, params: Mapping[str, str], decode: _Decoder[T]
    ) -> T | Failure:
        got = await self._get(method, params)
        if isinstance(got, Failure):
            return got
        return decode(*got)

    # ------------------------------------------------------------------ reading

    async def getversion(self) -> Version | Failure:
        """``getversion``: the server's version (also the connectivity probe)."""
        return await self._read("getversion", {}, parse.parse_version)

    async def tst_getuserstate(self) -> UserState | Failure:
        """``tst_getuserstate``: ``iduser`` is the GUID when configured, else the login."""
        ident = self.config.user_id or self.config.login
        return await self._read("tst_getuserstate", {"iduser": ident}, parse.parse_userstate)

    async def wp_getabonentinfo(self) -> LineInfo | Failure:
        """``wp_getabonentinfo``: the line state and the current other party."""
        params = {"user": self.config.login}
        return await self._read("wp_getabonentinfo", params, parse.parse_abonentinfo)

    async def wp_getchaincontent(self) -> ChainContent | Failure:
        """``wp_getchaincontent``: the chain the line takes part in."""
        params = {"user": self.config.login}
        return await self._read("wp_getchaincontent", params, parse.parse_chaincontent)

    async def tst_getintnumberreadyusers(self, number: str) -> ReadyUsers | Failure:
        """``tst_getintnumberreadyusers``: free and busy users behind an internal number."""
        return await self._read(
            "tst_getintnumberreadyusers", {"number": number}, parse.parse_readyusers
        )

    # ------------------------------------------------------------------ commands

    async def wp_answercall(self) -> Accepted | Failure:
        """``wp_answercall``: answer the ringing call."""
        return await self._command("wp_answercall", {})

    async def wp_declinecall(self) -> Accepted | Failure:
        """``wp_declinecall``: refuse the ringing call."""
        return await self._command("wp_declinecall", {})

    async def wp_abortcall(self) -> Accepted | Failure:
        """``wp_abortcall``: hang up."""
        return await self._command("wp_abortcall", {})

    async def wp_autocallstop(self) -> Accepted | Failure:
        """``wp_autocallstop``: stop the autocall session."""
        return await self._command("wp_autocallstop", {})

    async def wp_flash(self, mode: FlashMode | None = None) -> Accepted | Failure:
        """``wp_flash``: hold / return / swap (``mode`` matters when a party is held)."""
        return await self._command("wp_flash", {"mode": mode.value} if mode else {})

    async def wp_autocallstart(
        self,
        number: str,
        *,
        direction: Direction | None = None,
        sequence: Sequence | None = None,
    ) -> Accepted | Failure:
        """``wp_autocallstart``: call ``number``."""
        return await self._command("wp_autocallstart", _dial_params(number, direction, sequence))

    async def wp_switchcall(
        self,
        number: str,
        *,
        direction: Direction | None = None,
        sequence: Sequence | None = None,
    ) -> Accepted | Failure:
        """``wp_switchcall``: flash the current call over to ``number``."""
        return await self._command("wp_switchcall", _dial_params(number, direction, sequence))

    async def wp_setuserstate(
        self,
        *,
        userstateid: int | None = None,
        onredirect: bool | None = None,
        oncallcenter: bool | None = None,
        onccmanual: bool | None = None,
        onlunch: bool | None = None,
        reason: LunchReason | None = None,
    ) -> Accepted | Failure:
        """``wp_setuserstate``: 200 even when impossible — a later poll tells."""
        if userstateid is not None and userstateid not in (1, 2, 3, 5):
            return Failure(FailureKind.BAD_REQUEST, "wp_setuserstate", None, "userstateid 1/2/3/5")
        params: dict[str, str] = {}
        if userstateid is not None:
            params["userstateid"] = str(userstateid)
        for key, flag in (
            ("onredirect", onredirect),
            ("oncallcenter", oncallcenter),
            ("onccmanual", onccmanual),
            ("onlunch", onlunch),
        ):
            if flag is not None:
                params[key] = "1" if flag else "0"
        if isinstance(reason, ReasonId):
            params["lunchreasonid"] = str(reason.code)
        elif isinstance(reason, ReasonText):
            params["lunchreasonmsg"] = reason.text
        return await self._command("wp_setuserstate", params)


def _dial_params(
    number: str, direction: Direction | None, sequence: Sequence | None
) -> dict[str, str]:
    params = {"number": number.strip()}
    if direction is not None:
        params["direction"] = direction.value
    if sequence is not None:
        params["sequence"] = sequence.value
    return params


class _Decoder(Protocol[T_co]):
    def __call__(self, body: bytes, charset: str | None = None, /) -> T_co | Failure: ...
