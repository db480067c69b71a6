#!/usr/bin/python3
"""An SMTP receiver for notifier.email's tests, on aiosmtpd (Debian's python3-aiosmtpd):
one port with STARTTLS (required before AUTH, which is required before MAIL) and one with
TLS from the first byte (where aiosmtpd cannot tell the session is encrypted, so AUTH is
allowed without its check), both with the given certificate and AUTH PLAIN and LOGIN for one
user. Every accepted message is appended to --log as a JSON line (envelope, raw data,
the port it came in on, the authenticated user). Prints the two ports on one line and serves
until the watched process exits."""
import argparse, json, os, socket, ssl, threading, time, warnings
warnings.simplefilter("ignore")
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("--cert", required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--user", default="alerts")
parser.add_argument("--password", default="app-password-1")
parser.add_argument("--log", required=True)
parser.add_argument("--watch", type=int, default=0)
parser.add_argument("--login-only", action="store_true", help="offer AUTH LOGIN only, as some servers do")
args = parser.parse_args()

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(args.cert, args.key)
lock = threading.Lock()


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
    session.vantage_mechanism = mechanism
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


class Handler:
    def __init__(self, name):
        self.name = name

    async def handle_DATA(self, server, session, envelope):
        record = {"port": self.name, "from": envelope.mail_from, "to": envelope.rcpt_tos,
                  "data": envelope.content.decode("utf-8", "replace"),
                  "user": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else "",
                  "mechanism": getattr(session, "vantage_mechanism", "")}
        with lock:
            with open(args.log, "a") as log:
                log.write(json.dumps(record) + "\n")
        return "250 2.0.0 queued as fixture-%d" % int(time.time() * 1000)


common = dict(hostname="127.0.0.1", authenticator=authenticate, auth_required=True,
              auth_exclude_mechanism=["PLAIN"] if args.login_only else [])


def free_port():
    # aiosmtpd 1.4 connects to its own port to check it started, so port 0 cannot be used:
    # take a port the kernel just handed out, and try another if someone took it meanwhile.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def started(make):
    for attempt in range(20):
        controller = make(free_port())
        try:
            controller.start()
            return controller
        except Exception:
            time.sleep(0.05)
    raise SystemExit("could not start an SMTP server")


starttls = started(lambda port: Controller(Handler("starttls"), port=port, tls_context=context, require_starttls=True, auth_require_tls=True, **common))
implicit = started(lambda port: Controller(Handler("tls"), port=port, ssl_context=context, auth_require_tls=False, **common))


def port(controller):
    return controller.port


print(port(starttls), port(implicit), flush=True)
while True:
    if args.watch:
        try:
            os.kill(args.watch, 0)
        except OSError:
            break
    time.sleep(0.5)
starttls.stop()
implicit.stop()
