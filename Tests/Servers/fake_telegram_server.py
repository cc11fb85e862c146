#!/usr/bin/env python3
"""A fake Telegram Bot API server for workshop-bot's tests and benchmarks (standard library only).

Speaks the documented JSON of https://core.telegram.org/bots/api for the methods the bot uses, on
127.0.0.1 on a free port; prints "PORT <n>" and serves until its standard input closes.

Bot API:    POST|GET /bot<TOKEN>/<method>   getMe, deleteWebhook, setMyCommands, getUpdates (long polling with
            offset/limit/timeout), sendMessage, editMessageText (of a message the bot sent: "message to edit
            not found" otherwise, "message is not modified" for the same text), sendDocument (multipart/form-data
            with a `document` file; a caption of at most 1,024 characters once its HTML is read),
            answerCallbackQuery. Bodies may be JSON, form-urlencoded or multipart/form-data. A wrong token
            gets 401. An offset confirms every update served before the last one whose id is below it, as
            Telegram's order would.
Control:    POST /control/updates   a JSON list of Update objects to serve (update_id assigned when missing);
                                    {"update_id": N, "raw": "<JSON text>"} serves that text as the update
                                    (for what Python cannot build: 10,000 levels deep, ids beyond 64 bits),
                                    N (a number or a numeric string) being the id the server files it under
            GET  /control/log       every Bot API call: {"method", "at" (when it arrived, monotonic s), "status"}
            GET  /control/sent      every accepted sendMessage request, in order, with the `sent_message_id`
                                    the server gave it
            GET  /control/edits     every accepted editMessageText request, in order
            GET  /control/documents every accepted sendDocument: its fields, and the file as `file_name`,
                                    `mime_type` (the part's Content-Type) and `content` (UTF-8 text)
            GET  /control/answers   every answerCallbackQuery request, in order
            GET  /control/calls     how many times each method was called
            GET  /control/menus     every setMyCommands request, in order (its `commands` and `language_code`)
            POST /control/fail      {"method": "sendMessage", "responses": [{"status": 429, "retry_after": 1} |
                                     {"status": 502} | {"garbage": true} | {"hang": true}, ...]}: the next calls
                                     of that method get these answers, one each
            POST /control/admins    {"chat_id": -100, "user_ids": [42]}: getChatAdministrators answers these
            GET  /control/timing    {"replies", "p50_ms", "p99_ms", "span_s"}: update served to reply received
            POST /control/reset-timing  forgets the timings so far (a benchmark's set-up replies)
            GET  /control/stats     {"sent": n, "pending_updates": n, "confirmed_offset": n,
                                     "overlapping_polls": n (getUpdates calls that arrived while another
                                     was being answered: two bot instances polling at once)}
"""
import asyncio
import html
import json
import os
import re
import sys
import time
import urllib.parse

TOKEN = os.environ.get("FAKE_TELEGRAM_TOKEN", "123456:TEST-token")
BOT = {"id": 123456, "is_bot": True, "first_name": "Workshop Bot", "username": "workshop_bot",
       "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}

updates = []          # served updates, kept until confirmed by a higher offset
next_update_id = 1000
confirmed = 0         # the highest offset a getUpdates call has confirmed
sent = []
calls = {}
failures = {}
admins = {}           # chat id -> administrator user ids
answers = []          # answerCallbackQuery requests
menus = []            # setMyCommands requests
served_at = {}        # update_id -> when getUpdates first returned it
update_of_message = {}  # (chat id, message id) -> update_id, and callback query id -> update_id
latencies = []        # seconds from an update served to its reply received
first_served = None
polls_in_flight = 0   # getUpdates calls being answered now
overlapping_polls = 0  # getUpdates calls that arrived while another was being answered
last_reply = None
timing_round = 0      # counts /control/reset-timing calls: a long poll that arrived before one is not timed
message_ids = 50000
new_updates = asyncio.Event()
edits = []            # editMessageText requests
documents = []        # sendDocument requests, with their file
bot_messages = {}     # (chat id, message id) -> the text of a message the bot sent
call_log = []         # {"method", "at", "status"} of every Bot API call


class RawJSON:
    """A JSON text served as it is."""

    def __init__(self, text):
        self.text = text


def update_id(update):
    return int(update["update_id"])


def served(update):
    return update["raw"] if "raw" in update else json.dumps(update)


def envelope(result):
    return 200, {"ok": True, "result": result}


def error(code, description, **parameters):
    body = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return code, body


async def bot_method(method, params):
    global polls_in_flight, overlapping_polls
    arrived = time.monotonic()
    if method == "getUpdates":
        # Telegram allows one getUpdates at a time per bot; two bot instances polling at once are counted.
        if polls_in_flight > 0:
            overlapping_polls += 1
        polls_in_flight += 1
    try:
        status, payload = await answer_method(method, params)
    finally:
        if method == "getUpdates":
            polls_in_flight -= 1
    call_log.append({"method": method, "at": arrived, "status": status})
    return status, payload


async def answer_method(method, params):
    global confirmed, message_ids
    calls[method] = calls.get(method, 0) + 1
    queue = failures.get(method)
    if queue:
        injected = queue.pop(0)
        if injected.get("hang"):
            await asyncio.sleep(3600)
        if injected.get("garbage"):
            return "garbage", None
        status = injected.get("status", 500)
        if status == 429:
            return error(429, "Too Many Requests: retry after %d" % injected.get("retry_after", 1),
                         retry_after=injected.get("retry_after", 1))
        return error(status, injected.get("description", "Bad Gateway" if status >= 500 else "Bad Request"))
    if method == "getChatAdministrators":
        chat_id = int(params.get("chat_id", 0))
        return envelope([{"status": "administrator", "user": {"id": uid, "is_bot": False, "first_name": "Admin"}}
                         for uid in admins.get(chat_id, [])])
    if method == "getMe":
        return envelope(BOT)
    if method == "answerCallbackQuery":
        answers.append(params)
        record_reply(update_of_message.get(params.get("callback_query_id")))
        return envelope(True)
    if method == "setMyCommands":
        commands = params.get("commands")
        if isinstance(commands, str):
            commands = json.loads(commands)
        menus.append({"commands": commands, "language_code": params.get("language_code")})
        return envelope(True)
    if method == "deleteWebhook":
        return envelope(True)
    if method == "getUpdates":
        # A long poll left waiting by a client that stopped (a benchmark's set-up bot) wakes up when updates
        # arrive after a reset: what it serves is not timed, or the next client's start-up would count.
        arrived_in_round = timing_round
        offset = int(params.get("offset", 0) or 0)
        limit = int(params.get("limit", 100) or 100)
        timeout = float(params.get("timeout", 0) or 0)
        if offset > confirmed:
            confirmed = offset
            below = [i for i, u in enumerate(updates) if update_id(u) < offset]
            if below:
                del updates[:below[-1] + 1]
        deadline = time.monotonic() + timeout
        while True:
            ready = [u for u in updates if update_id(u) >= offset][:limit]
            if ready or time.monotonic() >= deadline:
                global first_served
                now = time.monotonic()
                if arrived_in_round == timing_round:
                    for u in ready:
                        served_at.setdefault(update_id(u), now)
                    if ready and first_served is None:
                        first_served = now
                return 200, RawJSON('{"ok": true, "result": [%s]}' % ", ".join(served(u) for u in ready))
            new_updates.clear()
            try:
                await asyncio.wait_for(new_updates.wait(), timeout=max(0.01, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                pass
    if method == "sendMessage":
        if "chat_id" not in params or "text" not in params:
            return error(400, "Bad Request: message text is empty")
        text = params["text"]
        if len(text) > 4096:
            return error(400, "Bad Request: message is too long")
        reply_to = (params.get("reply_parameters") or {}).get("message_id")
        if reply_to is not None:
            record_reply(update_of_message.get((int(params["chat_id"]), int(reply_to))))
        message_ids += 1
        sent.append(dict(params, sent_message_id=message_ids))
        chat_id = params["chat_id"]
        bot_messages[(int(chat_id), message_ids)] = text
        return envelope({"message_id": message_ids, "date": int(time.time()), "text": text,
                         "chat": {"id": int(chat_id), "type": "supergroup" if int(chat_id) < 0 else "private"},
                         "from": BOT})
    if method == "editMessageText":
        if "chat_id" not in params or "message_id" not in params or not params.get("text"):
            return error(400, "Bad Request: message text is empty")
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in bot_messages:
            return error(400, "Bad Request: message to edit not found")
        if len(params["text"]) > 4096:
            return error(400, "Bad Request: MESSAGE_TOO_LONG")
        if bot_messages[key] == params["text"]:
            return error(400, "Bad Request: message is not modified: specified new message content and reply "
                              "markup are exactly the same as a current content and reply markup of the message")
        bot_messages[key] = params["text"]
        edits.append(params)
        return envelope({"message_id": key[1], "date": int(time.time()), "edit_date": int(time.time()),
                         "text": params["text"], "from": BOT,
                         "chat": {"id": key[0], "type": "supergroup" if key[0] < 0 else "private"}})
    if method == "sendDocument":
        document = params.get("_files", {}).get("document")
        if "chat_id" not in params or document is None:
            return error(400, "Bad Request: there is no document in the request")
        caption = params.get("caption", "")
        shown = html.unescape(re.sub(r"<[^>]*>", "", caption)) if params.get("parse_mode") == "HTML" else caption
        if len(shown) > 1024:
            return error(400, "Bad Request: message caption is too long")
        message_ids += 1
        record = {k: v for k, v in params.items() if k != "_files"}
        for name in ("reply_parameters", "reply_markup"):
            if name in record:
                record[name] = json.loads(record[name])
        record.update(file_name=document["file_name"], mime_type=document["mime_type"],
                      content=document["data"].decode("utf-8", "replace"), size=len(document["data"]),
                      sent_message_id=message_ids)
        documents.append(record)
        return envelope({"message_id": message_ids, "date": int(time.time()), "caption": caption,
                         "document": {"file_id": "doc-%d" % message_ids, "file_unique_id": "u%d" % message_ids,
                                      "file_name": document["file_name"], "mime_type": document["mime_type"],
                                      "file_size": len(document["data"])},
                         "chat": {"id": int(params["chat_id"]), "type": "supergroup"}, "from": BOT})
    return error(404, "Not Found: method not found")


def parse_multipart(content_type, body):
    """The fields (text) of a multipart/form-data body, and its files under "_files": name -> file_name,
    mime_type, data (bytes). Split on the boundary by hand, so the bytes of a part come back exactly."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise ValueError("no boundary")
    delimiter = b"--" + match.group(1).encode("latin-1")
    fields, files = {}, {}
    chunks = body.split(delimiter)
    if len(chunks) < 3 or not chunks[-1].startswith(b"--"):
        raise ValueError("the body does not end with its closing boundary")
    for chunk in chunks[1:-1]:
        if not chunk.startswith(b"\r\n") or not chunk.endswith(b"\r\n"):
            raise ValueError("a part is not framed by CRLF")
        head, separator, data = chunk[2:-2].partition(b"\r\n\r\n")
        if not separator:
            raise ValueError("a part has no header end")
        headers = {}
        for line in head.decode("utf-8").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        disposition = dict(re.findall(r'(\w+)="([^"]*)"', headers.get("content-disposition", "")))
        if "filename" in disposition:
            files[disposition["name"]] = {"file_name": disposition["filename"], "data": data,
                                          "mime_type": headers.get("content-type", "application/octet-stream")}
        else:
            fields[disposition["name"]] = data.decode("utf-8")
    fields["_files"] = files
    return fields


def record_reply(update_id):
    global last_reply
    now = time.monotonic()
    last_reply = now
    if update_id is not None and update_id in served_at:
        latencies.append(now - served_at.pop(update_id))


def index(update):
    if "raw" in update:
        return
    if "message" in update:
        m = update["message"]
        if "chat" in m and "message_id" in m:
            update_of_message[(int(m["chat"]["id"]), int(m["message_id"]))] = update["update_id"]
    if "callback_query" in update:
        update_of_message[update["callback_query"]["id"]] = update["update_id"]


async def control(path, body):
    global next_update_id, first_served, last_reply, timing_round
    if path == "/control/updates":
        for update in json.loads(body or b"[]"):
            if "update_id" not in update:
                update["update_id"] = next_update_id
            if update_id(update) < 2 ** 62:
                next_update_id = max(next_update_id, update_id(update)) + 1
            updates.append(update)
            index(update)
        new_updates.set()
        return 200, {"ok": True, "next_update_id": next_update_id}
    if path == "/control/admins":
        request = json.loads(body)
        admins[int(request["chat_id"])] = request["user_ids"]
        return 200, {"ok": True}
    if path == "/control/answers":
        return 200, answers
    if path == "/control/sent":
        return 200, sent
    if path == "/control/edits":
        return 200, edits
    if path == "/control/documents":
        return 200, documents
    if path == "/control/calls":
        return 200, calls
    if path == "/control/menus":
        return 200, menus
    if path == "/control/log":
        return 200, call_log
    if path == "/control/fail":
        request = json.loads(body)
        failures.setdefault(request["method"], []).extend(request["responses"])
        return 200, {"ok": True}
    if path == "/control/stats":
        return 200, {"sent": len(sent), "answers": len(answers), "pending_updates": len(updates),
                     "confirmed_offset": confirmed, "overlapping_polls": overlapping_polls}
    if path == "/control/reset-timing":
        latencies.clear()
        served_at.clear()
        first_served = last_reply = None
        timing_round += 1
        return 200, {"ok": True}
    if path == "/control/timing":
        ordered = sorted(latencies)

        def pct(p):
            return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else None
        span = (last_reply - first_served) if first_served is not None and last_reply is not None else None
        return 200, {"replies": len(latencies), "p50_ms": pct(0.50), "p99_ms": pct(0.99), "span_s": span}
    return 404, {"ok": False}


async def handle(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                return
            method, target, _ = line.decode("latin-1").split(" ", 2)
            headers = {}
            while True:
                h = await reader.readline()
                if h in (b"\r\n", b"\n", b""):
                    break
                name, _, value = h.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            url = urllib.parse.urlsplit(target)
            if url.path.startswith("/control/"):
                status, payload = await control(url.path, body)
            else:
                parts = url.path.split("/")
                params = dict(urllib.parse.parse_qsl(url.query))
                unreadable = None
                if body:
                    if headers.get("content-type", "").startswith("application/json"):
                        params.update(json.loads(body))
                    elif headers.get("content-type", "").startswith("multipart/form-data"):
                        try:
                            params.update(parse_multipart(headers["content-type"], body))
                        except (ValueError, KeyError, UnicodeDecodeError) as problem:
                            unreadable = "Bad Request: unreadable multipart body (%s)" % problem
                    else:
                        params.update(dict(urllib.parse.parse_qsl(body.decode())))
                if len(parts) != 3 or parts[1] != "bot" + TOKEN:
                    status, payload = error(401, "Unauthorized")
                elif unreadable:
                    status, payload = error(400, unreadable)
                else:
                    status, payload = await bot_method(parts[2], params)
            if status == "garbage":
                data = b"<html>502 Bad Gateway</html>"
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(data) + data)
            else:
                data = payload.text.encode() if isinstance(payload, RawJSON) else json.dumps(payload).encode()
                writer.write(b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (status, len(data)) + data)
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError, ValueError):
        return
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", int(os.environ.get("FAKE_TELEGRAM_PORT", "0")), backlog=1024)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    loop = asyncio.get_running_loop()
    lifeline = loop.run_in_executor(None, sys.stdin.buffer.read)
    async with server:
        serving = asyncio.ensure_future(server.serve_forever())
        await asyncio.wait([serving, lifeline], return_when=asyncio.FIRST_COMPLETED)
    os._exit(0)


if __name__ == "__main__":
    asyncio.run(main())
