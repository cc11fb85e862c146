#!/usr/bin/env python3
"""Sign in to the web dashboard with a one-time link in headless Chromium and visit pages (standard library only).

  python3 Tests/Servers/browser_pages.py --signin URL --pages PATH[,PATH...] --out DIR [--timeout SECONDS]

Opens the sign-in URL, clicks the form's submit button and follows the redirect, lists the cookies (names and
flags, never values), then for every path records the final URL, HTTP status, title and visible text and saves
full-page phone and desktop screenshots as DIR/<slug>-phone.png and DIR/<slug>-desktop.png. Prints ONE JSON
object on stdout, diagnostics on stderr. Exits 0 on success, 2 on a timeout (every wait has --timeout), a failed
navigation or a protocol error, naming the step and the URL.

It talks to Chromium with the DevTools protocol over --remote-debugging-pipe: Chromium reads NUL-terminated JSON
messages on its fd 3 and writes answers and events, NUL-terminated too, on its fd 4. Answers are matched to
commands by id; page commands carry the sessionId of a flattened attach to the page target. Events are kept in
a list that the waits search.
"""
import argparse
import base64
import ctypes
import fcntl
import glob
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
         "--hide-scrollbars", "--mute-audio", "--disable-extensions", "--disable-background-networking",
         "--remote-debugging-pipe"]
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
MAX_SHOT_HEIGHT = 6000
where = {"step": "start", "url": ""}  # what we are doing, for the error message


class Failure(Exception):
    pass


def at(step, url=""):
    where.update(step=step, url=url)


def kill_and_reap_children(grace=5):
    """SIGKILL every child process left (all are Chromium's) and wait for them: no process or zombie remains."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(stat) as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == os.getpid():
                        os.kill(int(stat.split("/")[2]), signal.SIGKILL)
            except (OSError, IndexError, ValueError):
                continue
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                time.sleep(0.05)
        except ChildProcessError:
            return


class Browser:
    """A Chromium process (profile and log in `tmp`) and the DevTools pipe to it."""

    def __init__(self, tmp, timeout):
        self.timeout, self.log_path = timeout, os.path.join(tmp, "chromium.log")
        self.next_id, self.buffer, self.events, self.session = 0, b"", [], None
        # Orphans get reparented to us, not to init: Chromium's crashpad handlers leave its process group.
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
        to_r, self.to_w = os.pipe()      # we write, Chromium reads on fd 3
        self.from_r, from_w = os.pipe()  # Chromium writes on fd 4, we read

        def child_fds():  # in the child before exec: put the pipe ends on fd 3 and 4
            r, w = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        args = [CHROMIUM] + FLAGS + ["--user-data-dir=" + os.path.join(tmp, "profile"), "about:blank"]
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=log, pass_fds=(3, 4),
                                         preexec_fn=child_fds, start_new_session=True)
        os.close(to_r)
        os.close(from_w)

    def close(self):
        """Kill Chromium's process group and the helpers that left it, and reap them all."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()
        kill_and_reap_children()
        os.close(self.to_w)
        os.close(self.from_r)

    def exit_log(self, lines=10):
        """The end of Chromium's log if it has exited, without the D-Bus noise (there is no bus here)."""
        if self.proc.poll() is None:
            return ""
        with open(self.log_path, errors="replace") as f:
            return "".join([line for line in f if "dbus" not in line][-lines:])

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_r], [], [], left)[0]:
                raise Failure(f"timed out after {self.timeout:g}s")
            chunk = os.read(self.from_r, 1 << 20)
            if not chunk:
                raise Failure("Chromium closed the DevTools pipe (did it exit?)")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def send(self, method, params=None, session=True):
        """Send a command (to the page session unless session=False) and return its result."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self.to_w, data):]
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._read_message(deadline)
            if "id" not in reply:
                self.events.append(reply)
            elif reply["id"] == self.next_id:
                if "error" in reply:
                    raise Failure(f"protocol error in {method}: {reply['error']}")
                return reply.get("result", {})

    def wait_event(self, method, since):
        """Wait for a page-session event `method` at or after index `since` of the event list."""
        deadline = time.monotonic() + self.timeout
        while True:
            for event in self.events[since:]:
                if event.get("method") == method and event.get("sessionId") == self.session:
                    return event.get("params", {})
            since = len(self.events)
            self.events.append(self._read_message(deadline))

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise Failure(f"script failed: {expression}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")


def open_page(browser):
    """Create and attach to a page target; return its main frame id."""
    target = browser.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
    attach = {"targetId": target, "flatten": True}
    browser.session = browser.send("Target.attachToTarget", attach, session=False)["sessionId"]
    for domain in ("Page", "Runtime", "Network"):
        browser.send(domain + ".enable")
    return browser.send("Page.getFrameTree")["frameTree"]["frame"]["id"]


def navigate(browser, url):
    """Go to url and wait for its load event; return the event index where the navigation started."""
    mark = len(browser.events)
    error = browser.send("Page.navigate", {"url": url}).get("errorText")
    if error:
        raise Failure(f"navigation failed: {error}")
    browser.wait_event("Page.loadEventFired", mark)
    return mark


def main_status(browser, frame_id, since):
    """The HTTP status of the last main-frame document response since `since`, or None."""
    status = None
    for event in browser.events[since:]:
        params = event.get("params", {})
        if (event.get("method") == "Network.responseReceived" and params.get("type") == "Document"
                and params.get("frameId") == frame_id):
            status = params["response"]["status"]
    return status


def sign_in(browser, url):
    at("loading the sign-in page", url)
    navigate(browser, url)
    at("submitting the sign-in form", url)
    mark = len(browser.events)
    if not browser.evaluate("(b => b ? (b.click(), true) : false)(document.querySelector('form button[type=submit]'))"):
        raise Failure("no 'form button[type=submit]' on the page")
    browser.wait_event("Page.loadEventFired", mark)
    return browser.evaluate("location.href")


def cookies(browser, urls):
    found = browser.send("Network.getCookies", {"urls": urls})["cookies"]
    return [{"name": c["name"], "httpOnly": c.get("httpOnly"), "secure": c.get("secure"),
             "sameSite": c.get("sameSite"), "expires": c.get("expires")} for c in found]


def screenshot(browser, metrics, path):
    """Emulate the device and save a PNG of the whole content (up to MAX_SHOT_HEIGHT CSS px high)."""
    browser.send("Emulation.setDeviceMetricsOverride", metrics)
    layout = browser.send("Page.getLayoutMetrics")
    size = layout.get("cssContentSize") or layout["contentSize"]
    clip = {"x": 0, "y": 0, "width": max(1, round(size["width"])),
            "height": max(1, min(MAX_SHOT_HEIGHT, round(size["height"]))), "scale": 1}
    shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))


def slug(path):
    return re.sub(r"[^A-Za-z0-9]", "-", path).strip("-") or "root"


def visit(browser, frame_id, origin, path, out):
    url = urllib.parse.urljoin(origin + "/", path)
    at("loading a page", url)
    mark = navigate(browser, url)
    page = {"path": path, "url": browser.evaluate("location.href"), "status": main_status(browser, frame_id, mark),
            "title": browser.evaluate("document.title"),
            "text": browser.evaluate("document.body ? document.body.innerText : ''"), "screenshots": []}
    for name, metrics in (("phone", PHONE), ("desktop", DESKTOP)):
        at(f"taking the {name} screenshot", url)
        page["screenshots"].append(os.path.join(out, f"{slug(path)}-{name}.png"))
        screenshot(browser, metrics, page["screenshots"][-1])
    return page


def run(args):
    os.makedirs(args.out, exist_ok=True)
    parts = urllib.parse.urlsplit(args.signin)
    origin = f"{parts.scheme}://{parts.netloc}"
    with tempfile.TemporaryDirectory(prefix="browser_pages-", ignore_cleanup_errors=True) as tmp:
        at("starting Chromium")
        browser = Browser(tmp, args.timeout)
        try:
            at("opening a page target")
            frame_id = open_page(browser)
            signed_in = sign_in(browser, args.signin)
            at("reading cookies", origin)
            report = {"signed_in_url": signed_in, "cookies": cookies(browser, [origin + "/", signed_in]), "pages": []}
            for path in [p.strip() for p in args.pages.split(",") if p.strip()]:
                report["pages"].append(visit(browser, frame_id, origin, path, args.out))
            return report
        except Failure:
            log = browser.exit_log()
            if log:
                print("browser_pages: Chromium exited; the end of its log:\n" + log, file=sys.stderr)
            raise
        finally:
            browser.close()


def main():
    parser = argparse.ArgumentParser(description="Sign in with a one-time link and visit dashboard pages.")
    parser.add_argument("--signin", required=True, help="the one-time sign-in URL")
    parser.add_argument("--pages", required=True, help="comma-separated paths, e.g. /dashboard,/dashboard/polls")
    parser.add_argument("--out", required=True, help="directory for the screenshots")
    parser.add_argument("--timeout", type=float, default=30, help="seconds for every wait (default 30)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind, so Chromium and the temp dir go too
    try:
        report = run(args)
    except (Failure, OSError, KeyError, ValueError) as error:
        print(f"browser_pages: {where['step']} ({where['url'] or '-'}): {error}", file=sys.stderr)
        sys.exit(2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
