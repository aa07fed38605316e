#!/usr/bin/env python3
"""An SMTP server for the tests (aiosmtpd): every message it accepts is written to DIR as one
JSON file (Message-ID, envelope recipients, subject, decoded text and HTML parts, the
List-Unsubscribe headers), so Rust and
Playwright tests read mailboxes without parsing MIME. Prints the port it listens on, then
serves until killed.

    .tools/venv/bin/python scripts/mail-sink.py --dir /tmp/mail [--port 0]
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import time
import uuid

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, out):
        self.out = out

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        record = {
            "message_id": str(message["Message-ID"] or ""),
            "from": str(message["From"] or ""),
            "to": list(envelope.rcpt_tos),
            "subject": str(message["Subject"] or ""),
            "date": str(message["Date"] or ""),
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
            "list_unsubscribe": str(message["List-Unsubscribe"] or ""),
            "list_unsubscribe_post": str(message["List-Unsubscribe-Post"] or ""),
        }
        name = f"{time.time_ns()}-{uuid.uuid4().hex}.json"
        part = os.path.join(self.out, name + ".part")
        with open(part, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(part, os.path.join(self.out, name))
        return "250 Message accepted"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Sink(args.dir), hostname="mail-sink"), args.host, args.port
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
