#!/usr/bin/env python3
"""What hostile web clients cost the bot: runs the given workshop-bot binary on the sample plugins-config with
`web:` on a free port of 127.0.0.1, then measures, from outside the process:

- a request line of 32 kB and one of 1 MB, sent at once: the status, the time to the answer, and the bot's CPU
  seconds meanwhile (from /proc/<pid>/stat);
- half a request left open: the status and the time until the bot answers (or 30 s, when it never does);
- 200 connections each holding half a request, and meanwhile 50 plain requests from another client: their
  median and largest time to the answer.

Usage: scripts/bench-web-clients.py <path to workshop-bot> (scripts/bench web-clients builds it as shipped)."""
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1]
repository = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def status_of(sock, limit):
    sock.settimeout(limit)
    data = b""
    try:
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return data.split(b"\r\n")[0].decode(errors="replace") or "(no answer)"


def get(port, path):
    start = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
    status = status_of(s, 60)
    s.close()
    return status, time.monotonic() - start


def main():
    folder = tempfile.mkdtemp(prefix="bench-web-")
    port = free_port()
    config = os.path.join(folder, "config")
    shutil.copytree(os.path.join(repository, "plugins-config"), config)
    with open(os.path.join(config, "bot.yaml"), "a") as f:
        f.write(f"\nweb:\n  listen: 127.0.0.1:{port}\n  public_url: http://127.0.0.1:{port}\n")
    bot = subprocess.Popen(
        [binary, "run", "--config", config, "--store", os.path.join(folder, "bot.sqlite")],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                get(port, "/calendar/x.ics")
                break
            except OSError:
                time.sleep(0.1)
        for size in (32 * 1024, 1024 * 1024):
            before = cpu_seconds(bot.pid)
            start = time.monotonic()
            s = socket.create_connection(("127.0.0.1", port))
            try:
                s.sendall(b"GET /" + b"a" * size + b" HTTP/1.1\r\nHost: bench\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
            status = status_of(s, 120)
            elapsed = time.monotonic() - start
            s.close()
            time.sleep(0.5)
            print(f"request line of {size // 1024} kB: {status} after {elapsed:.3f} s, "
                  f"bot CPU {cpu_seconds(bot.pid) - before:.3f} s")
        half = socket.create_connection(("127.0.0.1", port))
        half.sendall(b"GET / HTTP/1.1\r\nHost")
        start = time.monotonic()
        status = status_of(half, 30)
        print(f"half a request: {status} after {time.monotonic() - start:.1f} s")
        half.close()
        holders = []
        for _ in range(200):
            h = socket.create_connection(("127.0.0.1", port))
            h.sendall(b"GET / HTTP/1.1\r\nX-Slow: ")
            holders.append(h)
        times = [get(port, "/calendar/x.ics")[1] * 1000 for _ in range(50)]
        print(f"50 requests beside 200 half-sent ones: median {statistics.median(times):.2f} ms, "
              f"largest {max(times):.2f} ms")
        for h in holders:
            h.close()
    finally:
        bot.stdin.close()
        bot.terminate()
        bot.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)


main()
