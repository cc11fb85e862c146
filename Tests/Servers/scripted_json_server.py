#!/usr/bin/env python3
"""A scripted JSON HTTP server for channel tests (standard library only).

Answers every request from the script of the longest path prefix it matches: the next queued answer, then
that prefix's default; a request no prefix matches gets 404 {"errcode": "M_NOT_FOUND"}. Answers are given as
JSON text, so a test can serve what Python could not build (10,000 levels deep, numbers beyond 64 bits).
Listens on 127.0.0.1 on a free port, prints "PORT <n>" and serves until its standard input closes.

Control:  POST /control/route  {"prefix": "/_matrix/client/v3/sync", "responses": [{"status": 200, "body": "{...}"}],
                                "default": {"status": 200, "body": "{...}"}}
          GET  /control/log    every request in order: {"method", "path", "at" (arrival, monotonic s), "status",
                               "body" (the request body as text)}
"""
import asyncio
import json
import os
import sys
import time
import urllib.parse

routes = {}   # prefix -> {"responses": [...], "default": {...} or None}
log = []


def answer(method, path, body):
    matches = [prefix for prefix in routes if path.startswith(prefix)]
    if not matches:
        return 404, '{"errcode": "M_NOT_FOUND", "error": "not scripted"}'
    route = routes[max(matches, key=len)]
    scripted = route["responses"].pop(0) if route["responses"] else route["default"]
    if scripted is None:
        return 404, '{"errcode": "M_NOT_FOUND", "error": "script ended"}'
    return scripted.get("status", 200), scripted.get("body", "{}")


async def handle(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                return
            arrived = time.monotonic()
            method, target, _ = line.decode("latin-1").split(" ", 2)
            headers = {}
            while True:
                h = await reader.readline()
                if h in (b"\r\n", b"\n", b""):
                    break
                name, _, value = h.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            path = urllib.parse.urlsplit(target).path
            if path == "/control/route":
                request = json.loads(body)
                routes[request["prefix"]] = {"responses": request.get("responses", []), "default": request.get("default")}
                status, text = 200, "{}"
            elif path == "/control/log":
                status, text = 200, json.dumps(log)
            else:
                status, text = answer(method, path, body)
                log.append({"method": method, "path": path, "at": arrived, "status": status,
                            "body": body.decode("utf-8", "replace")})
            data = text.encode()
            writer.write(b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (status, len(data)) + data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        return
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=256)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    lifeline = loop.run_in_executor(None, sys.stdin.buffer.read)
    async with server:
        serving = asyncio.ensure_future(server.serve_forever())
        await asyncio.wait([serving, lifeline], return_when=asyncio.FIRST_COMPLETED)
    os._exit(0)


if __name__ == "__main__":
    asyncio.run(main())
