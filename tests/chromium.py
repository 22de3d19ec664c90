"""Headless Chromium driven over the DevTools protocol on a pipe, for the fact sheet's browser tests.

``--remote-debugging-pipe`` makes Chromium read protocol commands from file descriptor 3 and write
replies and events to 4, each message JSON ended by a NUL byte: no port, no websocket library, no
network. ``Browser`` opens a page at a given width, records every request the page makes (from the
protocol's Network events), evaluates expressions in it, and takes screenshots and PDFs.

Debian's ``chromium`` package; .ci/run installs it when it is missing.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

#: The flags of every run: headless, no sandbox (containers run as root), nothing fetched in the background.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio")
TIMEOUT = 60.0


def executable() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One Chromium process with one page; a context manager that stops the process at its end."""

    def __init__(self, profile: Path) -> None:
        binary = executable()
        assert binary, "chromium is not installed (apt-get install chromium)"
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # Away from 3 and 4, so that placing the child's ends there never overwrites one of them.
        child_in = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
        os.close(to_browser_r)
        os.close(from_browser_w)

        def place() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=place)
        os.close(child_in)
        os.close(child_out)
        self._out = os.fdopen(to_browser_w, "wb", buffering=0)
        self._in = os.fdopen(from_browser_r, "rb", buffering=0)
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._loaded = threading.Event()
        self._next = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=self.session)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=10)
        except Exception:  # noqa: BLE001 - already gone
            pass
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._out.close()
        self._in.close()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self._in.read(65536)
            except (OSError, ValueError):
                return
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        waiting = self._replies.get(message["id"])
                    if waiting is not None:
                        waiting.put(message)
                else:
                    self.events.append(message)
                    if message.get("method") == "Page.loadEventFired":
                        self._loaded.set()

    def send(self, method: str, session: str | None = None, timeout: float = TIMEOUT, **params: Any) -> Any:
        """Run one protocol command and return its result; an error reply raises AssertionError."""
        with self._lock:
            self._next += 1
            number = self._next
            self._replies[number] = queue.Queue()
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._out.write(json.dumps(message).encode() + b"\0")
        try:
            reply = self._replies[number].get(timeout=timeout)
        finally:
            with self._lock:
                del self._replies[number]
        assert "error" not in reply, f"{method}: {reply['error']}"
        return reply.get("result", {})

    def page(self, method: str, **params: Any) -> Any:
        return self.send(method, session=self.session, **params)

    def open(self, path: Path, width: int, height: int = 900) -> None:
        """Load the file ``path`` in a window ``width`` CSS pixels wide (a phone's viewport below 600)."""
        self.page("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=width < 600)
        self._loaded.clear()
        self.page("Page.navigate", url=path.resolve().as_uri())
        assert self._loaded.wait(TIMEOUT), f"{path} did not load"

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (DevTools evaluates it; the page runs no script)."""
        result = self.page("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def requests(self) -> list[str]:
        """Every URL the page asked for since the browser started (the document itself included)."""
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def screenshot(self, path: Path, full_page: bool = True) -> bytes:
        """A PNG of the page (the whole page, beyond the window, when ``full_page``), also written to ``path``."""
        data = base64.b64decode(self.page("Page.captureScreenshot", format="png", captureBeyondViewport=full_page)
                                ["data"])
        path.write_bytes(data)
        return data

    def pdf(self, path: Path, paper: tuple[float, float]) -> bytes:
        """The page printed (print style sheet) on paper of ``paper`` inches, also written to ``path``."""
        data = base64.b64decode(self.page("Page.printToPDF", paperWidth=paper[0], paperHeight=paper[1],
                                          printBackground=False, marginTop=0, marginBottom=0, marginLeft=0,
                                          marginRight=0, preferCSSPageSize=False)["data"])
        path.write_bytes(data)
        return data


A4 = (8.27, 11.69)
LETTER = (8.5, 11.0)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def pdf_pages(data: bytes) -> int:
    """How many pages a PDF has: its page objects (``/Type /Page``, not ``/Pages``)."""
    import re

    assert data.startswith(b"%PDF-")
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
