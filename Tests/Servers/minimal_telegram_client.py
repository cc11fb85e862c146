#!/usr/bin/env python3
"""The benchmark's ceiling: a minimal Telegram bot that answers "ok" to every command and every button press,
as fast as one Python thread can, over one keep-alive connection. Usage: minimal_telegram_client.py BASE_URL TOKEN N
(stops after N replies)."""
import http.client
import json
import sys
import urllib.parse

base, token, wanted = sys.argv[1], sys.argv[2], int(sys.argv[3])
url = urllib.parse.urlsplit(base)
connection = http.client.HTTPConnection(url.hostname, url.port)


def call(method, payload):
    connection.request("POST", f"/bot{token}/{method}", json.dumps(payload), {"Content-Type": "application/json"})
    return json.loads(connection.getresponse().read())


offset, replies = 0, 0
while replies < wanted:
    for update in call("getUpdates", {"offset": offset, "timeout": 1, "limit": 100}).get("result", []):
        offset = update["update_id"] + 1
        message = update.get("message") or {}
        if message.get("text", "").startswith("/"):
            call("sendMessage", {"chat_id": message["chat"]["id"], "text": "ok",
                                 "reply_parameters": {"message_id": message["message_id"]}})
            replies += 1
        elif "callback_query" in update:
            call("answerCallbackQuery", {"callback_query_id": update["callback_query"]["id"], "text": "ok"})
            replies += 1
