"""Drive a headless Chromium over the DevTools protocol, with nothing but the standard library.

Chromium's `--remote-debugging-pipe` speaks the protocol over two inherited file descriptors (it
reads commands on fd 3 and writes replies and events on fd 4, each message JSON ending in a NUL
byte): no websocket client, no driver download, no network port. Debian's `chromium` package is
enough. Used by the browser tests and `scripts/browse_screenshot.py`; the runtime package never
imports it.

    with Chromium() as browser:
        tab = browser.new_tab(width=1280, height=900)
        tab.navigate(Path("site/index.html").resolve().as_uri())
        tab.wait_for("document.body.dataset.loaded === 'true'")
        tab.click("#article-list a")
        png = tab.screenshot()
        assert not browser.errors
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
# As root and on a machine without network: no sandbox (root), no GPU, no background traffic.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)


class BrowserError(RuntimeError):
    """The browser could not be started, or a protocol command failed or timed out."""


def find_chromium() -> str | None:
    """The path of a Chromium executable on PATH ($BAOKAN_CHROMIUM first), or None."""
    explicit = os.environ.get("BAOKAN_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


class Chromium:
    """A headless Chromium process and its protocol connection.

    `errors` collects what a person would see in the console as errors: uncaught exceptions,
    `console.error` calls, and log entries of level error (failed loads among them).
    """

    def __init__(self, executable: str | None = None, timeout: float = 30.0) -> None:
        self.executable = executable or find_chromium()
        if self.executable is None:
            raise BrowserError("no Chromium executable found (install Debian's `chromium` package)")
        self.timeout = timeout
        self.errors: list[str] = []
        self.console: list[str] = []
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._events: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        self._closed = False
        self._profile = tempfile.mkdtemp(prefix="baokan-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def child_fds() -> None:  # runs in the child: its fd 3 reads commands, fd 4 writes replies
            a, b = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        try:
            self._process = subprocess.Popen(
                [self.executable, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                preexec_fn=child_fds,  # runs between fork and exec: only dup2 calls
                close_fds=False,
            )
        except OSError as exc:
            shutil.rmtree(self._profile, ignore_errors=True)
            raise BrowserError(f"cannot start {self.executable}: {exc}") from exc
        finally:
            os.close(to_browser_r)
            os.close(from_browser_w)
        self._stderr: list[bytes] = []
        threading.Thread(target=self._read_stderr, daemon=True).start()
        threading.Thread(target=self._read, daemon=True).start()
        self.call("Target.setDiscoverTargets", discover=True)

    # -- the connection --------------------------------------------------------------------------

    def _read_stderr(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:
            if len(self._stderr) < 200:
                self._stderr.append(line)

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._closed = True
                    self._cond.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                with self._cond:
                    if "id" in message:
                        self._replies[message["id"]] = message
                    else:
                        self._on_event(message)
                    self._cond.notify_all()

    def _on_event(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        params = message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            description = details.get("exception", {}).get("description") or details.get("text")
            self.errors.append(f"exception: {description}")
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append(f"{params.get('type')}: {text}")
            if params.get("type") in ("error", "assert"):
                self.errors.append(f"console.{params.get('type')}: {text}")
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") == "error":
                self.errors.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())
        self._events.append(message)
        del self._events[:-500]

    def call(self, method: str, session: str | None = None, timeout: float | None = None, **params: Any) -> Any:
        """Send one protocol command and wait for its result; BrowserError on an error reply."""
        with self._cond:
            self._next_id += 1
            number = self._next_id
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        try:
            os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        except OSError as exc:
            raise BrowserError(f"{method}: the browser is gone ({exc}); {self.stderr_tail()}") from exc
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._cond:
            while number not in self._replies:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    what = "the browser closed the connection" if self._closed else "timed out"
                    raise BrowserError(f"{method}: {what}; {self.stderr_tail()}")
                self._cond.wait(left)
            reply = self._replies.pop(number)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')} {reply['error'].get('data', '')}".strip())
        return reply.get("result", {})

    def wait_event(self, predicate: Callable[[dict[str, Any]], bool], timeout: float | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._cond:
            while True:
                for event in self._events:
                    if predicate(event):
                        self._events.remove(event)
                        return event
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    raise BrowserError("timed out waiting for a browser event")
                self._cond.wait(left)

    def stderr_tail(self) -> str:
        text = b"".join(self._stderr[-5:]).decode("utf-8", "replace").strip()
        return f"browser stderr: {text}" if text else "browser printed nothing on stderr"

    # -- tabs ------------------------------------------------------------------------------------

    def new_tab(self, width: int = 1280, height: int = 900) -> Tab:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        tab = Tab(self, session)
        for domain in ("Page", "Runtime", "Log"):
            tab.call(f"{domain}.enable")
        tab.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        return tab

    def close(self) -> None:
        try:
            if self._process.poll() is None and not self._closed:
                self.call("Browser.close", timeout=5)
        except BrowserError:
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Tab:
    def __init__(self, browser: Chromium, session: str) -> None:
        self.browser = browser
        self.session = session

    def call(self, method: str, **params: Any) -> Any:
        return self.browser.call(method, session=self.session, **params)

    def navigate(self, url: str) -> None:
        """Open `url` and wait for its load event."""
        with self.browser._cond:
            self.browser._events.clear()
        reply = self.call("Page.navigate", url=url)
        if reply.get("errorText"):
            raise BrowserError(f"cannot open {url}: {reply['errorText']}")
        self.browser.wait_event(
            lambda e: e.get("method") == "Page.loadEventFired" and e.get("sessionId") == self.session
        )

    def click_and_wait_load(self, selector: str) -> None:
        """Click a link and wait for the page it opens to load."""
        with self.browser._cond:
            self.browser._events.clear()
        self.click(selector)
        self.browser.wait_event(
            lambda e: e.get("method") == "Page.loadEventFired" and e.get("sessionId") == self.session
        )

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises are awaited)."""
        reply = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            raise BrowserError(f"{expression!r} threw: {details.get('exception', {}).get('description') or details}")
        return reply["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20.0) -> Any:
        """Poll until `expression` is truthy; its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {expression!r}")
            time.sleep(0.05)

    def click(self, selector: str) -> None:
        """A real mouse click (press and release) in the middle of the first element matching
        `selector`, scrolled into view first."""
        box = self.evaluate(
            "(() => { const e = document.querySelector(" + json.dumps(selector) + ");"
            " if (!e) return null; e.scrollIntoView({block: 'center'});"
            " const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        if box is None:
            raise BrowserError(f"no element matches {selector!r}")
        x, y = box
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            extra = {"button": "left", "clickCount": 1} if kind != "mouseMoved" else {}
            self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)

    def type_text(self, selector: str, text: str) -> None:
        """Focus an input and type `text` into it, as an input method commits it."""
        self.click(selector)
        self.call("Input.insertText", text=text)

    def screenshot(self, path: Path | None = None, full_page: bool = False) -> bytes:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
        data = base64.b64decode(self.call("Page.captureScreenshot", **params)["data"])
        if path is not None:
            Path(path).write_bytes(data)
        return data
