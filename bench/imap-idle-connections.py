#!/usr/bin/env python3
"""Holds N IMAP connections in IDLE on one INBOX, then delivers one message over LMTP and reports how
long the untagged EXISTS took to reach them. While all connections idle it pauses for --settle seconds:
measure the server's heap then (`jcmd PID GC.run; jcmd PID GC.heap_info`). Loopback only, so start `serve` with
MAILSTORE_IMAP_MAX_CONNECTIONS_PER_ADDRESS at least N (the default per-address cap is 100).

  bench/imap-idle-connections.py --connections 10000 --user idle@example.org --password secret \
      --imap-port 1143 --lmtp-port 2424
"""
import argparse
import asyncio
import smtplib
import time

HOST = "127.0.0.1"


async def idle_session(args, n, ready, seen, delivered):
    reader, writer = await asyncio.open_connection(HOST, args.imap_port)
    await reader.readline()
    writer.write(b'a LOGIN "%s" "%s"\r\n' % (args.user.encode(), args.password.encode()))
    while not (await reader.readline()).startswith(b"a "):
        pass
    writer.write(b"b SELECT INBOX\r\n")
    while True:
        line = await reader.readline()
        if line.startswith(b"b "):
            if not line.startswith(b"b OK"):
                raise ConnectionError(f"SELECT failed: {line!r}")
            break
    writer.write(b"c IDLE\r\n")
    while not (await reader.readline()).startswith(b"+"):
        pass
    ready.append(n)
    await delivered.wait()
    while not (await asyncio.wait_for(reader.readline(), args.timeout)).rstrip().endswith(b"EXISTS"):
        pass
    seen.append(time.monotonic())
    writer.write(b"DONE\r\nd LOGOUT\r\n")
    await writer.drain()
    writer.close()


async def main(args):
    ready, seen, delivered = [], [], asyncio.Event()
    logins = asyncio.Semaphore(args.parallel_logins)

    async def start(n):
        async with logins:  # at most this many sessions between connect and IDLE
            task = asyncio.create_task(idle_session(args, n, ready, seen, delivered))
            while n not in ready and not task.done():
                await asyncio.sleep(0.01)
            if task.done() and task.exception():
                raise task.exception()
            return task

    began = time.monotonic()
    starters = [asyncio.create_task(start(n)) for n in range(args.connections)]
    while len(ready) < args.connections:
        await asyncio.sleep(5)
        failed = [s for s in starters if s.done() and s.exception()]
        if failed:
            raise SystemExit(f"{len(failed)} sessions failed; first: {failed[0].exception()!r}")
        print(f"idling: {len(ready)} after {time.monotonic() - began:.0f} s", flush=True)
    sessions = [s.result() for s in starters]
    print(f"all {args.connections} idling after {time.monotonic() - began:.0f} s; settling {args.settle} s", flush=True)
    await asyncio.sleep(args.settle)

    def deliver():
        with smtplib.LMTP(HOST, args.lmtp_port) as lmtp:
            lmtp.sendmail("bench@example.org", [args.user], b"Subject: wake up\r\n\r\nwake up\r\n")

    sent = time.monotonic()
    await asyncio.get_running_loop().run_in_executor(None, deliver)
    delivered.set()
    await asyncio.gather(*sessions, return_exceptions=True)
    waits = sorted(t - sent for t in seen)
    if not waits:
        raise SystemExit("no session saw EXISTS")
    print(f"idle: {args.connections} sessions, EXISTS seen by {len(waits)}: first {waits[0]:.2f} s, "
          f"p50 {waits[len(waits) // 2]:.2f} s, p99 {waits[int(len(waits) * 0.99)]:.2f} s, last {waits[-1]:.2f} s")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--connections", type=int, default=1000)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--imap-port", type=int, default=1143)
    p.add_argument("--lmtp-port", type=int, default=2424)
    p.add_argument("--parallel-logins", type=int, default=64)
    p.add_argument("--settle", type=float, default=40)
    p.add_argument("--timeout", type=float, default=120)
    asyncio.run(main(p.parse_args()))
