"""A real SMTP server on loopback that tests can make slow, stop and start again."""

import asyncio
import time
from email import message_from_bytes

from aiosmtpd.controller import Controller

from tests.servers import free_port


class Inbox:
    """aiosmtpd handler: keeps what arrives; `delay` seconds before each answer."""

    def __init__(self):
        self.messages = []
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.original_content)
        self.messages.append({"to": envelope.rcpt_tos, "message": message})
        return "250 OK"

    def to(self, address) -> list:
        return [m["message"] for m in self.messages if address in m["to"]]

    def wait_for(self, address, timeout=30.0) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := self.to(address):
                return found
            time.sleep(0.1)
        raise AssertionError(f"no email to {address} within {timeout} s")


class SMTPServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
