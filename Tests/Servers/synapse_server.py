#!/usr/bin/env python3
"""A throwaway Matrix homeserver (Synapse) for workshop-bot's tests and benchmarks.

Run it with the Python that has matrix-synapse installed: .venv/bin/python Tests/Servers/synapse_server.py
Apart from Synapse itself (started as a child process) it uses the standard library only.

It writes a fresh configuration into a new temporary directory (server_name "localhost", SQLite, one plain
HTTP client listener on 127.0.0.1 on a free port, no federation, no presence, registration closed, every
client rate limit relaxed to very high values), writes a new signing key, starts the homeserver, waits
until GET /health answers 200, registers the users listed in SYNAPSE_USERS through the shared-secret admin
API, then prints "PORT <n>" as its only line on standard output. It serves until its standard input
closes (or it gets SIGTERM/SIGINT), then stops the homeserver (SIGTERM, SIGKILL after 5 s) and deletes the
temporary directory. If the homeserver does not come up within 60 s, or dies, it says why on standard
error (with the tail of the homeserver's log) and exits 1.

Environment:
  SYNAPSE_USERS                  comma-separated "name:password" or "name:password:admin"; user ids are
                                 "@name:localhost"
  SYNAPSE_RC_MESSAGE_PER_SECOND  with SYNAPSE_RC_MESSAGE_BURST: the rc_message limit (per_second,
  SYNAPSE_RC_MESSAGE_BURST       burst_count) instead of the relaxed one, so a test can provoke 429s
  SYNAPSE_KEEP_DIR               when set, the temporary directory is kept (its path goes to stderr)
  SYNAPSE_GENERATE_KEYS          when set, the signing key comes from "homeserver --generate-keys" (a second
                                 Synapse start-up, ~1.5 s) rather than being written directly in its format
"""
import base64
import hashlib
import hmac
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SERVER_NAME = "localhost"
START_TIMEOUT = 60.0
RELAXED = {"per_second": 100000, "burst_count": 1000000}

# Every client-side limiter of synapse/config/ratelimiting.py (Synapse 1.163). Synapse silently ignores
# unknown keys, so these names were checked against that file; a dotted name is a nested mapping.
RATE_LIMITS = [
    "rc_message", "rc_registration", "rc_registration_token_validity",
    "rc_login.address", "rc_login.account", "rc_login.failed_attempts",
    "rc_admin_redaction", "rc_joins.local", "rc_joins.remote", "rc_joins_per_room",
    "rc_key_requests", "rc_3pid_validation",
    "rc_invites.per_room", "rc_invites.per_user", "rc_invites.per_issuer", "rc_third_party_invite",
    "rc_media_create", "rc_presence.per_user", "rc_delayed_event_mgmt", "rc_room_creation",
    "rc_reports", "rc_user_directory", "rc_profile",
]

directory = None
homeserver = None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rate_limits():
    config = {}
    for name in RATE_LIMITS:
        section, _, sub = name.partition(".")
        if sub:
            config.setdefault(section, {})[sub] = dict(RELAXED)
        else:
            config[section] = dict(RELAXED)
    per_second = os.environ.get("SYNAPSE_RC_MESSAGE_PER_SECOND")
    burst = os.environ.get("SYNAPSE_RC_MESSAGE_BURST")
    if per_second and burst:
        try:
            config["rc_message"] = {"per_second": float(per_second), "burst_count": int(burst)}
        except ValueError:
            fail("SYNAPSE_RC_MESSAGE_PER_SECOND must be a number and SYNAPSE_RC_MESSAGE_BURST an integer")
    return config


def write_config(port, registration_secret):
    log_file = os.path.join(directory, "homeserver.log")
    log_config = os.path.join(directory, "log_config.yaml")
    with open(log_config, "w") as f:  # JSON is YAML
        json.dump({
            "version": 1,
            "formatters": {"precise": {"format": "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s"}},
            "handlers": {"file": {"class": "logging.FileHandler", "formatter": "precise",
                                  "filename": log_file, "encoding": "utf8"}},
            "root": {"level": "WARNING", "handlers": ["file"]},
            "disable_existing_loggers": False,
        }, f, indent=2)
    config = {
        "server_name": SERVER_NAME,
        "pid_file": os.path.join(directory, "homeserver.pid"),
        "listeners": [{"port": port, "bind_addresses": ["127.0.0.1"], "type": "http", "tls": False,
                       "x_forwarded": False, "resources": [{"names": ["client"], "compress": False}]}],
        "database": {"name": "sqlite3", "args": {"database": os.path.join(directory, "homeserver.db")}},
        "log_config": log_config,
        "media_store_path": os.path.join(directory, "media_store"),
        "signing_key_path": os.path.join(directory, SERVER_NAME + ".signing.key"),
        "report_stats": False,
        "enable_metrics": False,
        "url_preview_enabled": False,
        "enable_registration": False,
        "registration_shared_secret": registration_secret,
        "macaroon_secret_key": secrets.token_hex(32),
        "form_secret": secrets.token_hex(32),
        "bcrypt_rounds": 4,  # test passwords: keep registration and login fast
        "suppress_key_server_warning": True,
        "trusted_key_servers": [],
        "presence": {"enabled": False},
        **rate_limits(),
    }
    path = os.path.join(directory, "homeserver.yaml")
    with open(path, "w") as f:
        json.dump(config, f, indent=2)
    return path


def write_signing_key():
    """What "homeserver --generate-keys" writes ("ed25519 <key id> <unpadded base64 of a 32-byte seed>"),
    without the ~1.5 s of starting another Synapse process."""
    seed = base64.b64encode(secrets.token_bytes(32)).decode().rstrip("=")
    path = os.path.join(directory, SERVER_NAME + ".signing.key")
    with open(path, "w", opener=lambda p, f: os.open(p, f, 0o600)) as f:
        f.write("ed25519 a_%s %s\n" % (secrets.token_hex(2), seed))


def tail(path, lines=40):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(no %s)\n" % os.path.basename(path)


def fail(message):
    sys.stderr.write("synapse_server.py: %s\n" % message)
    for name in ("homeserver.out", "homeserver.log"):
        if directory:
            sys.stderr.write("--- tail of %s ---\n%s" % (name, tail(os.path.join(directory, name))))
    sys.stderr.flush()
    cleanup()
    sys.exit(1)


def parent_death_signal():
    """In the child: get SIGTERM if this script dies without cleaning up (Linux only)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def cleanup():
    global homeserver, directory
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    if homeserver is not None:
        process, homeserver = homeserver, None
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    if directory is not None:
        path, directory = directory, None
        if os.environ.get("SYNAPSE_KEEP_DIR"):
            sys.stderr.write("synapse_server.py: kept %s\n" % path)
        else:
            shutil.rmtree(path, ignore_errors=True)


def on_signal(signum, frame):
    raise SystemExit(0)


def request(base, method, path, body=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait_for_health(base):
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if homeserver.poll() is not None:
            fail("the homeserver exited with status %d before answering /health" % homeserver.returncode)
        try:
            status, _ = request(base, "GET", "/health", timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            fail("the homeserver did not answer GET /health within %d s" % START_TIMEOUT)
        time.sleep(0.05)


def users():
    result = []
    for spec in filter(None, os.environ.get("SYNAPSE_USERS", "").split(",")):
        parts = spec.strip().split(":")
        if len(parts) not in (2, 3) or not parts[0] or (len(parts) == 3 and parts[2] != "admin"):
            fail("bad SYNAPSE_USERS entry %r (want name:password or name:password:admin)" % spec)
        result.append((parts[0], parts[1], len(parts) == 3))
    return result


def register(base, secret, user, password, admin):
    status, body = request(base, "GET", "/_synapse/admin/v1/register")
    if status != 200:
        fail("GET /_synapse/admin/v1/register answered %d: %s" % (status, body[:500]))
    nonce = json.loads(body)["nonce"]
    mac = hmac.new(secret.encode(), digestmod=hashlib.sha1)
    mac.update(b"\x00".join([nonce.encode(), user.encode(), password.encode(),
                             b"admin" if admin else b"notadmin"]))
    status, body = request(base, "POST", "/_synapse/admin/v1/register",
                           {"nonce": nonce, "username": user, "password": password, "admin": admin,
                            "mac": mac.hexdigest()})
    if status != 200:
        fail("registering %s answered %d: %s" % (user, status, body[:500]))


def main():
    global directory, homeserver
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    accounts = users()
    directory = tempfile.mkdtemp(prefix="synapse-test-")
    port = free_port()
    registration_secret = secrets.token_hex(32)
    config = write_config(port, registration_secret)
    command = [sys.executable, "-m", "synapse.app.homeserver", "-c", config]
    out = open(os.path.join(directory, "homeserver.out"), "wb")
    if os.environ.get("SYNAPSE_GENERATE_KEYS"):
        generated = subprocess.run(command + ["--generate-keys"], stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT, cwd=directory)
        if generated.returncode != 0:
            fail("generating the signing key failed with status %d" % generated.returncode)
    else:
        write_signing_key()
    homeserver = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                  cwd=directory, preexec_fn=parent_death_signal)
    out.close()
    base = "http://127.0.0.1:%d" % port
    wait_for_health(base)
    for user, password, admin in accounts:
        register(base, registration_secret, user, password, admin)
    sys.stdout.write("PORT %d\n" % port)
    sys.stdout.flush()
    while sys.stdin.buffer.read1(65536):
        pass


if __name__ == "__main__":
    try:
        main()
    finally:
        cleanup()
