#!/usr/bin/env python3
"""The benchmark's reference: a minimal Matrix bot (standard library only) that answers "pong", as a reply,
to every message starting with "/ping" or "!ping" in the rooms it has joined, and joins every room it is
invited to. Environment: MATRIX_HOMESERVER (http URL), MATRIX_USER (localpart), MATRIX_PASSWORD.
Logs in with m.login.password, skips the backlog with an initial /sync (timeline limit 1), prints "READY",
then long-polls /sync until its standard input closes."""
import json
import os
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

base = os.environ["MATRIX_HOMESERVER"].rstrip("/") + "/_matrix/client/v3"
token = None


def call(method, path, body=None, timeout=60):
    headers = {"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {})}
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data, headers, method=method)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def quote(value):
    return urllib.parse.quote(value, safe="")


threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
login = call("POST", "/login", {"type": "m.login.password", "password": os.environ["MATRIX_PASSWORD"],
                                "identifier": {"type": "m.id.user", "user": os.environ["MATRIX_USER"]}})
token, me = login["access_token"], login["user_id"]
initial_filter = quote(json.dumps({"room": {"timeline": {"limit": 1}}}))
sync = call("GET", "/sync?filter=" + initial_filter)
print("READY", flush=True)
transaction = 0
while True:
    for room_id in sync.get("rooms", {}).get("invite", {}):
        try:
            call("POST", "/join/" + quote(room_id), {})
        except urllib.error.HTTPError as e:
            print("joining %s failed: %s" % (room_id, e), file=sys.stderr)
    sync = call("GET", "/sync?timeout=30000&since=" + quote(sync["next_batch"]))
    for room_id, room in sync.get("rooms", {}).get("join", {}).items():
        for event in room.get("timeline", {}).get("events", []):
            body = event.get("content", {}).get("body")
            if event.get("type") == "m.room.message" and event.get("sender") != me and isinstance(body, str) \
                    and body.startswith(("/ping", "!ping")):
                transaction += 1
                call("PUT", "/rooms/%s/send/m.room.message/%d-%d" % (quote(room_id), os.getpid(), transaction),
                     {"msgtype": "m.text", "body": "pong",
                      "m.relates_to": {"m.in_reply_to": {"event_id": event["event_id"]}}})
