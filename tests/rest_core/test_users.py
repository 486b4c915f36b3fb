"""`rest-core users`: accounts made and changed by the command work (and stop working) at once
in the running REST core, through HTTP Basic and the WSSE digest."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import subprocess
import termios
import time

import requests

from tests.rest_core._core import REST_CORE, Core, assert_problem, wsse

CANCEL_UNKNOWN = "/v1/orders/999999/cancel"  # reader: 403 (role first), operator: 404


def users(core: Core, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`rest-core users ARGS` as an operator runs it, with no terminal; `stdin` piped in."""
    return subprocess.run(
        [REST_CORE, "users", *args],
        env=core.env,
        cwd=core.tmp,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        start_new_session=True,  # no controlling terminal, as under cron or CI
    )


def users_at_a_terminal(core: Core, *args: str, typed: list[str]) -> tuple[int, str]:
    """`rest-core users ARGS` on a pseudo-terminal: each of `typed` is entered when a prompt
    appears. Returns the exit status and everything the terminal showed."""
    master, slave = os.openpty()

    def take_terminal() -> None:
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    process = subprocess.Popen(
        [REST_CORE, "users", *args],
        env=core.env,
        cwd=core.tmp,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        preexec_fn=take_terminal,
    )
    os.close(slave)
    shown, answers, deadline = "", list(typed), time.monotonic() + 60
    with contextlib.suppress(OSError):  # EIO: the command exited and closed the terminal
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                chunk = os.read(master, 4096).decode(errors="replace")
                if not chunk:
                    break
                shown += chunk
                if answers and shown.endswith(": "):  # a prompt, echo already off
                    os.write(master, answers.pop(0).encode() + b"\n")
            elif process.poll() is not None:
                break
    os.close(master)
    return process.wait(timeout=30), shown


def basic(core: Core, username: str, password: str, path: str = "/v1/customers/101") -> int:
    return core.get(path, auth=(username, password)).status_code


def digest(core: Core, username: str, password: str) -> int:
    response = requests.get(
        f"{core.url}/v1/customers/101", headers=wsse(username, password), timeout=30
    )
    return response.status_code


def test_added_user_authenticates_with_basic_and_digest(fresh: Core) -> None:
    done = users(
        fresh, "add", "new-portal", "--role", "reader", "--password-stdin", stdin="S3cret pw\n"
    )
    assert done.returncode == 0, done.stderr
    assert "new-portal" in done.stdout

    assert basic(fresh, "new-portal", "S3cret pw") == 200
    assert digest(fresh, "new-portal", "S3cret pw") == 200
    assert basic(fresh, "new-portal", "S3cret pw\n") == 401  # the line end is not the password
    assert digest(fresh, "new-portal", "wrong") == 401
    # A reader may read, not write.
    response = fresh.post(CANCEL_UNKNOWN, {"reason": "x"}, auth=("new-portal", "S3cret pw"))
    assert_problem(response, 403, "forbidden")

    # Stored as the import stores it: an Argon2id hash and a Fernet token, no clear password.
    ((password_hash, secret),) = fresh.sql(
        "SELECT password_hash, secret_encrypted FROM users WHERE username = 'new-portal'"
    )
    assert password_hash.startswith("$argon2id$")
    assert secret.startswith("gAAAAA") and "S3cret" not in secret

    listed = users(fresh, "list")
    assert listed.returncode == 0, listed.stderr
    rows = {tuple(line.split()) for line in listed.stdout.splitlines()[1:]}
    assert {
        ("new-portal", "reader", "true"),
        ("backoffice", "operator", "true"),
        ("retired-batch", "operator", "false"),
    } <= rows


def test_password_typed_twice_at_a_prompt(fresh: Core) -> None:
    status, shown = users_at_a_terminal(
        fresh, "set-password", "acme-portal", typed=["Spring2026!", "Spring2026!"]
    )
    assert status == 0, shown
    assert "Spring2026!" not in shown  # not echoed
    assert basic(fresh, "acme-portal", "acme-portal-pw") == 401
    assert digest(fresh, "acme-portal", "acme-portal-pw") == 401
    assert basic(fresh, "acme-portal", "Spring2026!") == 200
    assert digest(fresh, "acme-portal", "Spring2026!") == 200

    status, shown = users_at_a_terminal(
        fresh, "set-password", "acme-portal", typed=["Summer2026!", "Sumer2026!"]
    )
    assert status == 1
    assert "differ" in shown
    assert basic(fresh, "acme-portal", "Spring2026!") == 200  # unchanged


def test_set_password_from_stdin_replaces_both_credentials(fresh: Core) -> None:
    assert basic(fresh, "backoffice", "Winter2011!") == 200  # now in the verified cache
    done = users(fresh, "set-password", "backoffice", "--password-stdin", stdin="Winter2026!")
    assert done.returncode == 0, done.stderr
    assert basic(fresh, "backoffice", "Winter2011!") == 401
    assert digest(fresh, "backoffice", "Winter2011!") == 401
    assert basic(fresh, "backoffice", "Winter2026!") == 200
    assert digest(fresh, "backoffice", "Winter2026!") == 200


def test_set_role(fresh: Core) -> None:
    reader = ("acme-portal", "acme-portal-pw")
    assert_problem(fresh.post(CANCEL_UNKNOWN, {"reason": "x"}, auth=reader), 403, "forbidden")
    done = users(fresh, "set-role", "acme-portal", "operator")
    assert done.returncode == 0, done.stderr
    assert_problem(fresh.post(CANCEL_UNKNOWN, {"reason": "x"}, auth=reader), 404, "order-not-found")
    assert users(fresh, "set-role", "acme-portal", "reader").returncode == 0
    assert_problem(fresh.post(CANCEL_UNKNOWN, {"reason": "x"}, auth=reader), 403, "forbidden")


def test_disable_and_enable(fresh: Core) -> None:
    assert basic(fresh, "acme-portal", "acme-portal-pw") == 200  # now in the verified cache
    done = users(fresh, "disable", "acme-portal")
    assert done.returncode == 0, done.stderr
    assert_problem(
        fresh.get("/v1/customers/101", auth=("acme-portal", "acme-portal-pw")), 401, "unauthorized"
    )
    assert digest(fresh, "acme-portal", "acme-portal-pw") == 401

    done = users(fresh, "enable", "retired-batch")
    assert done.returncode == 0, done.stderr
    assert basic(fresh, "retired-batch", "old-batch-pw") == 200
    assert digest(fresh, "retired-batch", "old-batch-pw") == 200
    assert users(fresh, "enable", "acme-portal").returncode == 0
    assert basic(fresh, "acme-portal", "acme-portal-pw") == 200


def test_clear_errors_and_nothing_changed(fresh: Core) -> None:
    before = fresh.sql("SELECT username, role, enabled, password_hash FROM users ORDER BY 1")
    cases = [
        (("add", "backoffice", "--role", "reader", "--password-stdin"), "x\n", "exists already"),
        (("add", "someone", "--role", "admin", "--password-stdin"), "x\n", "unknown role 'admin'"),
        (("add", "some:one", "--role", "reader", "--password-stdin"), "x\n", "no colon"),
        (("add", "someone", "--role", "reader", "--password-stdin"), "", "password is empty"),
        (("add", "someone", "--role", "reader"), "pw\npw\n", "--password-stdin"),  # no terminal
        (("set-password", "nobody", "--password-stdin"), "x\n", "no user 'nobody'"),
        (("set-role", "nobody", "reader"), None, "no user 'nobody'"),
        (("set-role", "backoffice", "root"), None, "unknown role 'root'"),
        (("disable", "nobody"), None, "no user 'nobody'"),
        (("enable", "nobody"), None, "no user 'nobody'"),
    ]
    for args, stdin, message in cases:
        done = users(fresh, *args, stdin=stdin)
        assert done.returncode != 0, args
        assert message in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr, args
    # A password is never an argument.
    done = users(fresh, "add", "someone", "--role", "reader", "--password", "x")
    assert done.returncode == 2 and "unrecognized arguments" in done.stderr
    assert (
        fresh.sql("SELECT username, role, enabled, password_hash FROM users ORDER BY 1") == before
    )
