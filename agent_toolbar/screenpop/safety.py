r"""The last gate before anything is opened: is this address safe to hand to a browser?

A rendered template (or a call's own ``params.url``) is parsed again and refused unless:

* it is plain printable text: no whitespace, control or invisible format characters, no
  backslashes (browsers read ``\`` as ``/``, Python's parser does not);
* it is absolute, ``scheme://host…``, with a scheme from the allowed list (default
  ``https``, ``http``); ``javascript:``, ``data:``, ``file:``, ``vbscript:``, ``blob:`` and
  ``about:`` are refused even if an admin lists them;
* it carries no user information (``https://crm.example.com@evil.com/`` is *evil.com*);
* its host is a valid name or IP address; non-ASCII names are IDNA-encoded (so a homograph
  such as ``crm.exаmple.com`` with a Cyrillic ``а`` becomes ``xn--…`` and no longer equals
  the allowed name);
* a call's own address (``params.url``, see :func:`check_call_url`) is opened only when
  allowed hosts are configured; a rendered template has its host written by the admin;
* when allowed hosts are configured, the host is one of them. Entries are compared without
  case, after IDNA encoding and without a trailing dot. ``*.example.com`` allows every
  subdomain of ``example.com`` (not ``example.com`` itself); an entry may carry a port
  (``crm.example.com:8443``), and then only that port is allowed.

What passes is opened as :attr:`Verdict.url`, exactly: the address rebuilt from what was
checked (lower-case scheme, ASCII host; path, query and fragment re-encoded to their RFC 3986
character sets, so ``| ^ " < > { }``, backticks, spaces and non-ASCII become ``%XX`` and only
``& = ; , + ! $ ' ( ) * : @ / ?`` stay as they are). Every ``%`` must start a valid ``%XX``
escape or the address is refused; escapes of unreserved characters are decoded and hex is
upper-cased, as a normalising parser (Qt's) would, so the browser or the command cannot read
it differently from this check. Refusals are logged with scheme, host and
reason only — query values may be personal data.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

__all__ = [
    "NEVER_SCHEMES",
    "NO_HOSTS_FOR_CALL_URL",
    "UrlPolicy",
    "Verdict",
    "check_call_url",
    "check_url",
    "log_refusal",
    "normalise_host",
]

log = logging.getLogger(__name__)

#: Schemes refused whatever the configuration says.
NEVER_SCHEMES = frozenset(
    {"javascript", "vbscript", "data", "file", "blob", "about", "filesystem", "view-source"}
)
MAX_LENGTH = 8192
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*")
_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of checking one address.

    Attributes:
        ok: True when it may be opened.
        url: The address to open (rebuilt from what was checked), or ``""`` when refused.
        scheme: The scheme as parsed (lower case), for logs.
        host: The host as parsed (normalised when possible), for logs.
        reason: Why it was refused (English, for logs and the integrator's test dialog).
    """

    ok: bool
    url: str = ""
    scheme: str = ""
    host: str = ""
    reason: str = ""

    @property
    def where(self) -> str:
        """``scheme://host`` — what may be logged about the address."""
        if not self.scheme:
            return "(no scheme)"
        return f"{self.scheme}://{self.host}" if self.host else f"{self.scheme}:"


@dataclass(frozen=True, slots=True)
class UrlPolicy:
    """What addresses are allowed.

    Attributes:
        schemes: Allowed schemes, lower case.
        hosts: Allowed host entries (empty: any host); see the module docstring.
    """

    schemes: frozenset[str] = frozenset({"https", "http"})
    hosts: tuple[str, ...] = ()

    @classmethod
    def of(cls, schemes: Iterable[str], hosts: Iterable[str]) -> UrlPolicy:
        """Build from setting values (whitespace and case are ignored, blanks dropped)."""
        clean_schemes = frozenset(s.strip().lower().rstrip(":") for s in schemes if s.strip())
        clean_hosts = tuple(h.strip() for h in hosts if h.strip())
        return cls(clean_schemes - NEVER_SCHEMES, clean_hosts)


def _refuse(reason: str, scheme: str = "", host: str = "") -> Verdict:
    return Verdict(False, "", scheme, host, reason)


def _bad_character(url: str) -> str | None:
    for ch in url:
        if ch == "\\":
            return "a backslash in the address"
        if ch.isspace():
            return "whitespace in the address"
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"):
            return f"an invisible or control character (U+{ord(ch):04X}) in the address"
    return None


def normalise_host(host: str) -> str | None:
    """Lower-case ASCII form of a host name or IP address; ``None`` when it is not valid.

    Non-ASCII names are IDNA-encoded (``пример.рф`` → ``xn--e1afmkfd.xn--p1ai``); one
    trailing dot is dropped.
    """
    text = host.strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            return f"[{ipaddress.IPv6Address(text[1:-1]).compressed}]"
        except ValueError:
            return None
    if text.endswith("."):
        text = text[:-1]
    if not text or "%" in text:
        return None
    if not text.isascii():
        try:
            text = text.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    text = text.lower()
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        pass
    labels = text.split(".")
    if len(text) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    if labels[-1].isdigit():  # 1.2.3 or 0x7f.1 style numbers are not names
        return None
    return text


def _host_allowed(host: str, port: int, entries: tuple[str, ...]) -> bool:
    for entry in entries:
        name, want_port = _split_entry(entry)
        if want_port is not None and want_port != port:
            continue
        if name.startswith("*."):
            base = normalise_host(name[2:])
            if base and host.endswith("." + base):
                return True
        elif normalise_host(name) == host:
            return True
    return False


def _split_entry(entry: str) -> tuple[str, int | None]:
    text = entry.strip()
    head, sep, tail = text.rpartition(":")
    bracketed = head.startswith("[") and head.endswith("]")
    if sep and tail.isdigit() and (bracketed or ":" not in head):
        return head, int(tail)
    return text, None


_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_PATH_SAFE = _UNRESERVED | frozenset("!$&'()*+,;=:@/")  # pchar and "/" (RFC 3986 §3.3)
_QUERY_SAFE = _PATH_SAFE | frozenset("?")  # query and fragment (§3.4, §3.5)
_HEX = frozenset(string.hexdigits)


def _encode_part(text: str, safe: frozenset[str]) -> str | None:
    """``text`` with everything outside ``safe`` percent-encoded (UTF-8); None on a bad ``%``.

    Existing escapes are kept with upper-case hex, and escapes of unreserved characters are
    decoded (RFC 3986 §6.2.2), so a parser that normalises reads the very same string.
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%":
            digits = text[i + 1 : i + 3]
            if len(digits) != 2 or not set(digits) <= _HEX:
                return None
            decoded = chr(int(digits, 16))
            out.append(decoded if decoded in _UNRESERVED else "%" + digits.upper())
            i += 3
            continue
        out.append(ch if ch in safe else quote(ch, safe=""))
        i += 1
    return "".join(out)


def _encode_rest(text: str) -> str | None:
    """Path, query and fragment re-encoded to their RFC 3986 sets; None on a bad ``%``."""
    rest, hash_sign, fragment = text.partition("#")
    path, question, query = rest.partition("?")
    pieces = [_encode_part(path, _PATH_SAFE)]
    if question:
        pieces += ["?", _encode_part(query, _QUERY_SAFE)]
    if hash_sign:
        pieces += ["#", _encode_part(fragment, _QUERY_SAFE)]
    if any(piece is None for piece in pieces):
        return None
    return "".join(piece or "" for piece in pieces)


def check_url(url: str, policy: UrlPolicy) -> Verdict:
    """Decide whether ``url`` may be opened under ``policy`` (never raises)."""
    if not isinstance(url, str) or not url:
        return _refuse("empty address")
    if len(url) > MAX_LENGTH:
        return _refuse(f"the address is longer than {MAX_LENGTH} characters")
    bad = _bad_character(url)
    if bad:
        return _refuse(bad)
    scheme_text, colon, rest = url.partition(":")
    scheme = scheme_text.lower()
    if not colon or not _SCHEME.fullmatch(scheme):
        return _refuse("not an absolute address (no scheme)")
    if scheme in NEVER_SCHEMES:
        return _refuse(f"the {scheme}: scheme is never allowed", scheme)
    if scheme not in policy.schemes:
        return _refuse(f"the {scheme}: scheme is not allowed", scheme)
    if not rest.startswith("//") or rest.startswith("///"):
        return _refuse("no host after the scheme", scheme)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return _refuse(f"cannot be parsed ({exc})", scheme)
    netloc = parts.netloc
    if "@" in netloc:
        return _refuse("user information in the address (user@host)", scheme)
    raw_host = netloc.rsplit(":", 1)[0] if not netloc.endswith("]") else netloc
    if netloc.startswith("["):
        raw_host = netloc[: netloc.index("]") + 1]
    host = normalise_host(raw_host)
    if host is None:
        return _refuse("the host is not a valid name", scheme, raw_host.lower())
    effective_port = port if port is not None else _DEFAULT_PORTS.get(scheme, 0)
    if policy.hosts and not _host_allowed(host, effective_port, policy.hosts):
        return _refuse("the host is not in the allowed list", scheme, host)
    authority = host if port is None else f"{host}:{port}"
    rest_encoded = _encode_rest(url[len(scheme_text) + 3 + len(netloc) :])
    if rest_encoded is None:
        return _refuse("a bad percent-escape (% not followed by two hex digits)", scheme, host)
    return Verdict(True, f"{scheme}://{authority}{rest_encoded}", scheme, host)


NO_HOSTS_FOR_CALL_URL = "no allowed hosts are configured: the call's own URL is never opened"


def check_call_url(url: str, policy: UrlPolicy) -> Verdict:
    """:func:`check_url` for an address that came from the server or the IVR as a whole.

    Such an address is opened only to an allowed host: with an empty list, nothing.
    """
    if not policy.hosts:
        return _refuse(NO_HOSTS_FOR_CALL_URL)
    return check_url(url, policy)


def log_refusal(verdict: Verdict, what: str) -> None:
    """Log a refused address without its path or query (they may hold personal data)."""
    log.warning("screen-pop: %s refused: %s (%s)", what, verdict.reason, verdict.where)
