"""A worker's own copies of the largest cached pages, so that a request for a page it served
a moment ago does not fetch the whole page from the shared cache again.

A copy is only ever served after the shared cache has confirmed, in the same request, that
the version token it was built under is still the current one: a change anywhere shows at
once in every worker. Copies are few, small in total, and dropped after a few minutes.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

LOCAL_SECONDS = 5 * 60
LOCAL_BYTES = 32 * 1024 * 1024


class LocalCopies:
    """At most `max_bytes` of values, each for at most `seconds`, the least recent out first."""

    def __init__(self, seconds: float = LOCAL_SECONDS, max_bytes: int = LOCAL_BYTES):
        self.seconds = seconds
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[float, str, object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str, token: str):
        """The value kept under `key` if it was built under `token` and is fresh, else None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, kept_token, value, _size = entry
            if kept_token != token or expires < time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return value

    def has(self, key: str) -> bool:
        with self._lock:
            return key in self._entries

    def put(self, key: str, token: str, value, size: int) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            self._drop(key)
            self._entries[key] = (time.monotonic() + self.seconds, token, value, size)
            self._bytes += size
            self._sweep()

    def forget(self, prefixes: tuple[str, ...]) -> None:
        with self._lock:
            for key in [key for key in self._entries if key.startswith(prefixes)]:
                self._drop(key)

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[3]

    def _sweep(self) -> None:
        now = time.monotonic()
        for key in [key for key, entry in self._entries.items() if entry[0] < now]:
            self._drop(key)
        while self._bytes > self.max_bytes:
            self._drop(next(iter(self._entries)))
