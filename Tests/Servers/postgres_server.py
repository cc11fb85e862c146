#!/usr/bin/env python3
"""A throwaway PostgreSQL server for workshop-bot's tests (standard library only).

It creates a temporary folder, runs initdb there (UTF-8, no locale, trust authentication on the Unix socket and
on 127.0.0.1, except the role "secretive", which must give its password), starts the server on a free port on
127.0.0.1 with its socket in that folder, creates the login role "workshop" and the database "workshop" it owns,
and the role "secretive" with the password in POSTGRES_TEST_SECRET and its database "secretive" (when that
variable is set), then prints "PORT <n>" as its first
line on standard output.

When run as root, initdb and the server run as the "postgres" system user (initdb refuses root), and the folder
is handed to that user. The server binaries are found in /usr/lib/postgresql/<newest version>/bin, or on PATH.

Afterwards it reads commands, one a line, on standard input, and answers each with one line:
  createdb           a new empty database owned by "workshop": "DB <name>"
  dropdb <name>      drops a database createdb made: "OK"
  stop               kills the server as a crash would (immediate shutdown, no checkpoint): "OK"
  start              starts it again on the same port and waits until it accepts connections: "OK"
A command that fails answers "ERROR <why>". When standard input closes (or on SIGTERM/SIGINT/SIGHUP) it stops
the server and removes the folder. Fast but not durable against a power cut (fsync off): for tests only.
"""
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

START_TIMEOUT = 60.0
directory = None
server = None
port = None
as_postgres = os.geteuid() == 0


def binary(name):
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/" + name),
                      key=lambda p: [int(x) for x in re.findall(r"\d+", p.split("/")[3])] or [0])
    if versions:
        return versions[-1]
    found = shutil.which(name)
    if found:
        return found
    fail("no %s: install the postgresql package (scripts/install-deps.sh)" % name)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(message):
    sys.stderr.write("postgres_server.py: %s\n" % message)
    if directory:
        log = os.path.join(directory, "server.log")
        if os.path.exists(log):
            with open(log, errors="replace") as f:
                sys.stderr.write("--- tail of server.log ---\n%s" % "".join(f.readlines()[-30:]))
    sys.stderr.flush()
    cleanup()
    sys.exit(1)


def user_arguments():
    return {"user": "postgres", "group": "postgres", "extra_groups": []} if as_postgres else {}


def parent_death_signal():
    """In the server: get SIGQUIT (immediate shutdown) if this script dies without cleaning up (Linux only)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGQUIT)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def start_server():
    global server
    data = os.path.join(directory, "data")
    log = open(os.path.join(directory, "server.log"), "ab")
    server = subprocess.Popen(
        [binary("postgres"), "-D", data, "-c", "listen_addresses=127.0.0.1", "-c", "port=%d" % port,
         "-c", "unix_socket_directories=%s" % directory, "-c", "fsync=off", "-c", "full_page_writes=off",
         "-c", "max_connections=300", "-c", "shared_buffers=32MB", "-c", "log_min_messages=warning"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, preexec_fn=parent_death_signal,
        **user_arguments())
    log.close()
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if server.poll() is not None:
            fail("the server exited with status %d while starting" % server.returncode)
        ready = subprocess.run([binary("pg_isready"), "-q", "-h", directory, "-p", str(port)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if ready.returncode == 0:
            return
        if time.monotonic() > deadline:
            fail("the server did not accept connections within %d s" % START_TIMEOUT)
        time.sleep(0.05)


def stop_server(sig=signal.SIGINT, wait=10):
    """SIGINT is PostgreSQL's fast shutdown, SIGQUIT its immediate one (a crash, recovered at the next start)."""
    global server
    if server is None:
        return
    process, server = server, None
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    # An immediate shutdown leaves the server's children to notice; wait until the port is free again.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.05)


def sql(statement):
    result = subprocess.run([binary("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", directory, "-p", str(port),
                             "-U", "postgres", "-d", "postgres", "-c", statement],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().replace("\n", " ") or "psql failed")


def cleanup():
    global directory
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    stop_server()
    if directory is not None:
        path, directory = directory, None
        shutil.rmtree(path, ignore_errors=True)


def on_signal(signum, frame):
    raise SystemExit(0)


def serve():
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "createdb":
                name = "t_" + uuid.uuid4().hex
                sql('CREATE DATABASE "%s" OWNER workshop' % name)
                answer = "DB " + name
            elif words[0] == "dropdb" and len(words) == 2 and re.fullmatch(r"t_[0-9a-f]{32}", words[1]):
                sql('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % words[1])
                answer = "OK"
            elif words[0] == "stop":
                stop_server(signal.SIGQUIT)
                answer = "OK"
            elif words[0] == "start":
                if server is None:
                    start_server()
                answer = "OK"
            else:
                answer = "ERROR unknown command"
        except Exception as e:  # one failed command does not end the server
            answer = "ERROR " + str(e).replace("\n", " ")
        sys.stdout.write(answer + "\n")
        sys.stdout.flush()


def main():
    global directory, port
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        directory = tempfile.mkdtemp(prefix="postgres-test-")
        if as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(directory, account.pw_uid, account.pw_gid)
        data = os.path.join(directory, "data")
        initdb = subprocess.run([binary("initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                                 "--no-locale", "--no-sync"],
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, **user_arguments())
        if initdb.returncode != 0:
            fail("initdb failed: %s" % initdb.stderr.strip())
        hba = os.path.join(data, "pg_hba.conf")
        with open(hba, "w") as f:
            f.write("local all all trust\n"
                    "host all secretive 127.0.0.1/32 scram-sha-256\n"
                    "host all all 127.0.0.1/32 trust\n")
        port = free_port()
        start_server()
        sql("CREATE ROLE workshop LOGIN")
        sql("CREATE DATABASE workshop OWNER workshop")
        secret = os.environ.get("POSTGRES_TEST_SECRET")
        if secret:
            sql("SET password_encryption = 'scram-sha-256'; CREATE ROLE secretive LOGIN PASSWORD '%s'"
                % secret.replace("'", "''"))
            sql("CREATE DATABASE secretive OWNER secretive")
        sys.stdout.write("PORT %d\n" % port)
        sys.stdout.flush()
        serve()
    finally:
        cleanup()


if __name__ == "__main__":
    main()
