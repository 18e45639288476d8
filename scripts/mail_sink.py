"""A slow SMTP server on loopback for the load test: it takes `delay` seconds per message,
as a busy mail provider might, and counts what arrives."""

import asyncio
import socket

from aiosmtpd.controller import Controller


class SlowSink:
    def __init__(self, delay: float):
        self.delay = delay
        self.received: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        self.received.extend(envelope.rcpt_tos)
        return "250 OK"


def start_sink(delay: float) -> tuple[Controller, SlowSink, int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sink = SlowSink(delay)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, sink, port
