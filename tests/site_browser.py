"""A thin Chrome DevTools Protocol client for the site tests: headless Chromium over a pipe.

Chromium started with ``--remote-debugging-pipe`` reads protocol messages on its
file descriptor 3 and writes them on 4, each a JSON object ended by a NUL byte:
no port, no WebSocket, no library. ``Browser`` starts one Chromium and sends
commands; ``Page`` is one tab, attached as a flat session, which keeps every
event it receives (console calls, exceptions, log entries, network requests) so
a test can assert on them after loading a page.

Only what the tests use is here: open a page, wait for its load event, evaluate
JavaScript, set the viewport, take a full-page screenshot.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["Browser", "BrowserError", "Page", "chromium"]

# Flags for a quiet, reproducible headless browser: no first-run UI, no background
# fetches of its own (updates, sync, safe browsing), no GPU in a container. Root
# (the CI machine) needs --no-sandbox.
_FLAGS = (
    "--headless=new",
    "--remote-debugging-pipe",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
    "--mute-audio",
    "--hide-scrollbars",
    "--font-render-hinting=none",
)


class BrowserError(RuntimeError):
    """Chromium answered a command with an error, stopped, or did not answer in time."""


def chromium() -> str | None:
    """The Chromium binary Debian's ``chromium`` package installs (or one on PATH)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless Chromium, driven over its debugging pipe; a context manager."""

    def __init__(self, executable: str, *, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="dls-site-chromium-")
        pipe_read, self._command_write = os.pipe()
        self._reply_read, pipe_write = os.pipe()
        # bash puts the two pipe ends on descriptors 3 and 4, where Chromium looks for
        # them, then becomes Chromium (exec: no process stays between). The ends are
        # first moved to 10 and up, so that neither is already 3 or 4.
        command_read = fcntl.fcntl(pipe_read, fcntl.F_DUPFD_CLOEXEC, 10)
        reply_write = fcntl.fcntl(pipe_write, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(pipe_read)
        os.close(pipe_write)
        script = (
            f'exec "$0" "$@" 3<&{command_read} 4>&{reply_write} {command_read}<&- {reply_write}>&-'
        )
        self._process = subprocess.Popen(
            [
                "bash",
                "-c",
                script,
                executable,
                *_FLAGS,
                f"--user-data-dir={self._profile.name}",
                "about:blank",
            ],
            pass_fds=(command_read, reply_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(command_read)
        os.close(reply_write)
        self._buffer = b""
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self.events: dict[str | None, list[dict[str, Any]]] = {}
        self.version = self.send("Browser.getVersion")["product"]

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Ask Chromium to quit, wait for it (killing it if it hangs), remove its profile."""
        if self._process.poll() is None:
            with contextlib.suppress(BrowserError, OSError):
                self.send("Browser.close", timeout=5)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        for fd in (self._command_write, self._reply_read):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._profile.cleanup()

    # -- the protocol ---------------------------------------------------------

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        """Send one command and return its result; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        while data:
            written = os.write(self._command_write, data)
            data = data[written:]
        wanted = self._next_id
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while wanted not in self._replies:
            self._receive(deadline, f"{method} to be answered")
        reply = self._replies.pop(wanted)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def wait_for(
        self, session: str | None, method: str, start: int = 0, timeout: float | None = None
    ) -> dict[str, Any]:
        """The first event *method* of *session* from its *start*-th event on, waiting for it."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            for event in self.events.get(session, [])[start:]:
                if event["method"] == method:
                    return event
            self._receive(deadline, f"the event {method}")

    def _receive(self, deadline: float, waiting_for: str) -> None:
        """Read what Chromium has written (waiting until *deadline*) and file each message."""
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError(f"timed out waiting for {waiting_for}")
            ready, _, _ = select.select([self._reply_read], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._reply_read, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium closed its pipe while waiting for {waiting_for}")
            self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b"\0")
        for raw in messages:
            message = json.loads(raw)
            if "id" in message:
                self._replies[message["id"]] = message
            else:
                self.events.setdefault(message.get("sessionId"), []).append(message)

    def new_page(self) -> Page:
        """A new tab, attached, with the Page, Runtime, Log and Network events on."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        page = Page(self, target, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        return page


class Page:
    """One tab of a ``Browser``."""

    def __init__(self, browser: Browser, target: str, session: str) -> None:
        self.browser = browser
        self.target = target
        self.session = session

    @property
    def events(self) -> list[dict[str, Any]]:
        """Every event this tab has received so far, in order."""
        return self.browser.events.setdefault(self.session, [])

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, session=self.session)

    def open(self, url: str, *, settle: bool = True) -> list[dict[str, Any]]:
        """Load *url*, wait for its load event; the events the load caused.

        *settle* waits a moment more, for late console messages (it needs timers:
        not with scripts disabled).
        """
        start = len(self.events)
        reply = self.send("Page.navigate", {"url": url})
        if reply.get("errorText"):
            raise BrowserError(f"cannot open {url}: {reply['errorText']}")
        self.browser.wait_for(self.session, "Page.loadEventFired", start)
        if settle:
            # Let deferred scripts and late console messages arrive before anyone looks.
            self.evaluate("new Promise(r => setTimeout(r, 50))", await_promise=True)
        return self.events[start:]

    def evaluate(
        self, expression: str, *, await_promise: bool = False, gesture: bool = False
    ) -> Any:
        """The value of a JavaScript expression in the page (JSON-like values only)."""
        reply = self.send(
            "Runtime.evaluate",
            {
                "expression": expression,
                "returnByValue": True,
                "awaitPromise": await_promise,
                "userGesture": gesture,
            },
        )
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"evaluating {expression[:60]!r}: {text}")
        return reply["result"].get("value")

    def viewport(self, width: int, height: int = 900, *, mobile: bool = False) -> None:
        """Lay the page out as a screen *width* CSS pixels wide (a phone's when *mobile*)."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )

    def screenshot(self, path: Path) -> None:
        """The whole page, as tall as its content, as a PNG at *path*."""
        metrics = self.send("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        data = self.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
        )["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})
