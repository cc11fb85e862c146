#!/usr/bin/env python3
"""A calendar feed for the agenda's feed tests (standard library only).

Serves one iCalendar file, at any path, with an ETag and a Last-Modified, answering 304 to a request whose
If-None-Match (or If-Modified-Since) matches the file as it is. The test changes the file, or makes the
server fail, between fetches. Listens on 127.0.0.1 on a free port, prints "PORT <n>" and serves until its
standard input closes.

The file and the mode may also be given at start, in the environment: FEED_FILE (a path) and FEED_MODE.

Control:  PUT  /control/file           the request body becomes the file (a new ETag and Last-Modified)
          POST /control/mode?m=M        ok (the file), error (500), garbage (200 with text that is no
                                        calendar), notfound (404), huge (200 with 6 MB)
          GET  /control/log             every feed request in order: {"target", "if_none_match",
                                        "if_modified_since", "status"}
"""
import asyncio
import email.utils
import json
import os
import sys
import time
import urllib.parse

state = {"file": b"", "etag": None, "modified": None, "version": 0, "mode": "ok"}
log = []


def reply(writer, status, body=b"", headers=()):
    head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}"] + [f"{k}: {v}" for k, v in headers]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)


def feed(headers):
    mode = state["mode"]
    if mode == "error":
        return 500, b"internal error", ()
    if mode == "notfound":
        return 404, b"not found", ()
    if mode == "garbage":
        return 200, b"<html><body>Sign in to continue</body></html>", (("Content-Type", "text/html"),)
    if mode == "huge":
        return 200, b"X" * (6 * 1024 * 1024), ()
    validators = (("ETag", state["etag"]), ("Last-Modified", state["modified"]))
    if headers.get("if-none-match") == state["etag"] or (
        "if-none-match" not in headers and headers.get("if-modified-since") == state["modified"]
    ):
        return 304, b"", validators
    return 200, state["file"], validators + (("Content-Type", "text/calendar"),)


async def handle(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                return
            method, target, _ = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
            headers = {}
            while True:
                h = await reader.readline()
                if h in (b"\r\n", b"\n", b""):
                    break
                name, _, value = h.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            url = urllib.parse.urlsplit(target)
            if url.path == "/control/file":
                new_file(body)
                reply(writer, 200)
            elif url.path == "/control/mode":
                state["mode"] = urllib.parse.parse_qs(url.query).get("m", ["ok"])[0]
                reply(writer, 200)
            elif url.path == "/control/log":
                reply(writer, 200, json.dumps(log).encode())
            else:
                status, data, extra = feed(headers)
                log.append({"target": target, "if_none_match": headers.get("if-none-match"),
                            "if_modified_since": headers.get("if-modified-since"), "status": status})
                reply(writer, status, data if method != "HEAD" else b"", extra)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        return
    finally:
        writer.close()


def new_file(body):
    state["version"] += 1
    state["file"] = body
    state["etag"] = f'"v{state["version"]}"'
    state["modified"] = email.utils.formatdate(time.time() + state["version"], usegmt=True)


async def main():
    if os.environ.get("FEED_FILE"):
        with open(os.environ["FEED_FILE"], "rb") as f:
            new_file(f.read())
    state["mode"] = os.environ.get("FEED_MODE", "ok")
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    lifeline = loop.run_in_executor(None, sys.stdin.buffer.read)
    async with server:
        serving = asyncio.ensure_future(server.serve_forever())
        await asyncio.wait([serving, lifeline], return_when=asyncio.FIRST_COMPLETED)
    os._exit(0)


if __name__ == "__main__":
    asyncio.run(main())
