"""Vega integration fixtures: the real simulator on loopback and a real client of it."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import ipaddress
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
import pytest_asyncio
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from agent_toolbar.backends.vega.frames import MAX_FRAME, Rejected
from agent_toolbar.backends.vega.legs import CrmOrder
from agent_toolbar.backends.vega.link import LinkConfig, open_link
from agent_toolbar.backends.vega.stream import EventStream
from agent_toolbar.backends.vega.tracker import Change, Tracker
from agent_toolbar.simulators.vega.scenarios import SimTimings
from agent_toolbar.simulators.vega.server import VegaSimulator

C = TypeVar("C")


class Listener:
    """A real client of the simulator: the link and the event stream, over sockets.

    Reconnecting is done by the test (``await listener.connect()`` again): the shared
    reconnect supervisor is not part of this layer. The stream and its tracker survive
    reconnects; the stream's expiry task runs for the listener's life.
    """

    def __init__(
        self,
        sim: VegaSimulator,
        config: LinkConfig,
        tracker: Tracker,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sim = sim
        self.config = config
        self.tracker = tracker
        self.changes: list[Change] = []
        self.rejected: list[Rejected] = []
        self.stream = EventStream(
            tracker,
            self._changed_by,
            max_frame=config.max_frame,
            on_rejected=self._refused,
            monotonic=monotonic,
        )
        self.closed = asyncio.Event()
        self.close_codes: list[int | None] = []  # the codes we closed with
        self.links = 0
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._expiry: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    def _changed_by(self, change: Change) -> None:
        self.changes.append(change)
        self._changed.set()

    def _refused(self, rejected: Rejected) -> None:
        self.rejected.append(rejected)
        self._changed.set()

    async def connect(self) -> None:
        """Open a connection and wait until the simulator counts it."""
        before = self.sim.connections
        self._ws = await open_link(self.config)
        self.closed.clear()
        self.stream.opened()
        self.links += 1
        loop = asyncio.get_running_loop()
        self._reader = loop.create_task(self._read(self._ws))
        if self._expiry is None:
            self._expiry = loop.create_task(self.stream.run_expiry())
        while self.sim.connections <= before:
            await asyncio.sleep(0.005)

    async def _read(self, ws: ClientConnection) -> None:
        try:
            await self.stream.consume(ws)
        except ConnectionClosed as exc:
            self.close_codes.append(exc.sent.code if exc.sent else None)
        finally:
            self.closed.set()
            self._changed.set()

    def of(self, kind: type[C]) -> list[C]:
        """The changes of one kind, in order."""
        return [change for change in self.changes if isinstance(change, kind)]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` holds after some frame (fails after ``timeout``)."""

        async def waiter() -> None:
            while not predicate():
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(waiter(), timeout)

    async def close(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._expiry
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader


Listen = Callable[..., Awaitable[Listener]]


@pytest_asyncio.fixture
async def sim() -> AsyncIterator[VegaSimulator]:
    async with VegaSimulator(timings=SimTimings.fast()) as server:
        yield server


@pytest_asyncio.fixture
async def listen() -> AsyncIterator[Listen]:
    """``await listen(sim, extension="101", headers=…, ca_file=…, crm_order=…, …)``."""
    opened: list[Listener] = []

    async def make(
        server: VegaSimulator,
        *,
        extension: str = "101",
        headers: Mapping[str, str] | None = None,
        ca_file: str | None = None,
        crm_order: CrmOrder = CrmOrder.LOWEST,
        expire_after: float = 30.0,
        max_frame: int = MAX_FRAME,
        monotonic: Callable[[], float] = time.monotonic,
        connect: bool = True,
    ) -> Listener:
        config = LinkConfig(
            server.url, headers=dict(headers or {}), ca_file=ca_file, max_frame=max_frame
        )
        tracker = Tracker(
            extension, crm_order=crm_order, expire_after=expire_after, monotonic=monotonic
        )
        listener = Listener(server, config, tracker, monotonic)
        opened.append(listener)
        if connect:
            await listener.connect()
        return listener

    try:
        yield make
    finally:
        for listener in opened:
            await listener.close()


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate for 127.0.0.1 and localhost, in PEM files."""

    cert: str
    key: str

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "vega-sim.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("vega-tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return Certificate(str(cert_path), str(key_path))


def frames_sent(sim: VegaSimulator) -> list[dict[str, Any]]:
    """What the simulator sent, decoded (for checks on the wire itself)."""
    import json

    return [json.loads(text) for text in sim.sent]


@pytest.fixture
def sent() -> Callable[[VegaSimulator], list[dict[str, Any]]]:
    return frames_sent
