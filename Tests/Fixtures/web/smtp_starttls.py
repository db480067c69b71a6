#!/usr/bin/env python3
"""A minimal SMTP server for the STARTTLS path of probe.tls: greeting, EHLO (offering
STARTTLS unless --no-starttls), STARTTLS, then a TLS handshake with the given certificate.
Prints the port it listens on (127.0.0.1, port 0) and serves until killed or until the
process given with --watch exits."""
import argparse, os, socket, ssl, threading, time

def serve(connection, context, offer):
    try:
        file = connection.makefile("rwb", buffering=0)
        file.write(b"220 fixture.test ESMTP ready\r\n")
        while True:
            line = file.readline()
            if not line:
                return
            verb = line.strip().split(b" ")[0].upper()
            if verb == b"EHLO":
                file.write(b"250-fixture.test\r\n" + (b"250-STARTTLS\r\n" if offer else b"") + b"250 8BITMIME\r\n")
            elif verb == b"STARTTLS" and offer:
                file.write(b"220 go ahead\r\n")
                secure = context.wrap_socket(connection, server_side=True)
                secure.recv(1)
                return
            elif verb == b"QUIT":
                file.write(b"221 bye\r\n")
                return
            else:
                file.write(b"502 not implemented\r\n")
    except (OSError, ssl.SSLError):
        pass
    finally:
        connection.close()

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--no-starttls", action="store_true")
    parser.add_argument("--watch", type=int, default=0)
    arguments = parser.parse_args()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(arguments.cert, arguments.key)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)
    if arguments.watch:
        def watch():
            while True:
                try:
                    os.kill(arguments.watch, 0)
                except OSError:
                    os._exit(0)
                time.sleep(1)
        threading.Thread(target=watch, daemon=True).start()
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection, context, not arguments.no_starttls), daemon=True).start()

if __name__ == "__main__":
    main()
