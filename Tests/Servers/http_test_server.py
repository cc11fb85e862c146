#!/usr/bin/env python3
"""A small HTTP/1.1 test server for the libcurl client's tests and benchmarks (standard library only).

Listens on 127.0.0.1 on a free port, prints "PORT <n>" and serves until killed. It counts connections and
the requests held open at the same time, so tests can check keep-alive reuse and real concurrency.

Routes:
  GET  /status/<code>[?retry_after=S]   that status, body "status <code>"
  GET  /headers                          the request headers as JSON; answers with X-Test: one and two
  POST /echo                             the request body back, with its Content-Type
  GET  /hold?ms=N                        answers after N ms (a long poll)
  GET  /stats, POST /reset               {"connections", "requests", "held", "peak_held"}
  GET  /close-mid-body                   promises 1000 bytes, sends 10, closes
  GET  /huge?bytes=N[&chunked=1]         N bytes of body
  GET  /never                            reads the request and never answers
  GET  /garbage                          bytes that are not HTTP, then closes
  GET  /redirect?to=URL                  302 to URL
  GET  /redirect-loop                    302 to itself
"""
import asyncio
import json
import os
import resource
import sys
import urllib.parse

stats = {"connections": 0, "requests": 0, "held": 0, "peak_held": 0}


def reply(writer, status, body=b"", headers=(), reason="OK"):
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
    head += [f"{k}: {v}" for k, v in headers]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)


async def handle(reader, writer):
    stats["connections"] += 1
    try:
        first = await reader.read(1)
        if first == b"\x16":
            # A TLS ClientHello: answer in plain HTTP at once, so the client fails its handshake without waiting.
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
            return
        pending = first
        while True:
            line = pending + await reader.readline()
            pending = b""
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
            body = b""
            if "content-length" in headers:
                body = await reader.readexactly(int(headers["content-length"]))
            stats["requests"] += 1
            url = urllib.parse.urlsplit(target)
            query = dict(urllib.parse.parse_qsl(url.query))
            path = url.path
            if path.startswith("/status/"):
                code = int(path.split("/")[2])
                extra = [("Retry-After", query["retry_after"])] if "retry_after" in query else []
                reply(writer, code, f"status {code}".encode(), extra, reason="Test")
            elif path == "/headers":
                reply(writer, 200, json.dumps(headers).encode(), [("X-Test", "one"), ("x-test", "two"), ("Content-Type", "application/json")])
            elif path == "/echo":
                reply(writer, 200, body, [("Content-Type", headers.get("content-type", "application/octet-stream"))])
            elif path == "/hold":
                stats["held"] += 1
                stats["peak_held"] = max(stats["peak_held"], stats["held"])
                try:
                    await asyncio.sleep(int(query.get("ms", "1000")) / 1000)
                finally:
                    stats["held"] -= 1
                reply(writer, 200, b"held")
            elif path == "/stats":
                reply(writer, 200, json.dumps(stats).encode(), [("Content-Type", "application/json")])
            elif path == "/reset":
                for key in stats:
                    stats[key] = 0
                reply(writer, 200, b"reset")
            elif path == "/close-mid-body":
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789")
                await writer.drain()
                return
            elif path == "/huge":
                size = int(query.get("bytes", "0"))
                if query.get("chunked"):
                    writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                    sent = 0
                    while sent < size:
                        n = min(65536, size - sent)
                        writer.write(f"{n:x}\r\n".encode() + b"x" * n + b"\r\n")
                        sent += n
                        await writer.drain()
                    writer.write(b"0\r\n\r\n")
                else:
                    writer.write(f"HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n".encode())
                    sent = 0
                    while sent < size:
                        n = min(65536, size - sent)
                        writer.write(b"x" * n)
                        sent += n
                        await writer.drain()
            elif path == "/never":
                await asyncio.sleep(3600)
                return
            elif path == "/garbage":
                writer.write(b"THIS IS NOT HTTP\r\n\x00\x01\x02 garbage\r\n\r\n")
                await writer.drain()
                return
            elif path == "/redirect":
                reply(writer, 302, b"", [("Location", query.get("to", "/"))], reason="Found")
            elif path == "/redirect-loop":
                reply(writer, 302, b"", [("Location", "/redirect-loop")], reason="Found")
            else:
                reply(writer, 404, b"not found", reason="Not Found")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        return
    finally:
        writer.close()


async def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=4096)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    # Exit when the test process closes our standard input (or dies), so no server outlives its tests.
    loop = asyncio.get_running_loop()
    lifeline = loop.run_in_executor(None, sys.stdin.buffer.read)
    async with server:
        serving = asyncio.ensure_future(server.serve_forever())
        await asyncio.wait([serving, lifeline], return_when=asyncio.FIRST_COMPLETED)
    os._exit(0)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
