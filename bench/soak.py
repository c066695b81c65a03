#!/usr/bin/env python3
"""The load and the sampler of bench/soak.sh: a steady mix of LMTP deliveries, IMAP sessions held in IDLE and
POP3 sessions against a running `serve`, and once a minute the server's heap after a full GC, its thread
count, its open file descriptors and the p99 latency of each kind of request in that minute.

  bench/soak.py --minutes 30 --pid JAVA_PID --jcmd /path/to/jcmd --lmtp-port 2424 --imap-port 1143 --pop3-port 1110 \
      --imap-users 20 --pop3-users 5 --imap-sessions 500 --password secret --domain soak.test

Users are imap<N>@DOMAIN and pop<N>@DOMAIN and must exist. IMAP sessions are spread over the IMAP users, each
SELECTs INBOX and IDLEs; every --noop-interval seconds (staggered) it leaves IDLE, sends NOOP, and IDLEs again: the
time from DONE to NOOP's tagged OK is the IMAP latency. LMTP delivers --lmtp-rate messages a second, each to one
random user of either kind; POP3 runs --pop3-rate sessions a second (USER, PASS, STAT, RETR and DELE of every
message, QUIT), which keeps the POP3 mailboxes small. Prints one line a minute and a final summary, and exits 1
if any request failed.
"""
import argparse
import asyncio
import os
import random
import re
import subprocess
import time

HOST = "127.0.0.1"
HEAP_USED = re.compile(r"used (\d+)K")


class Window:
    """Latencies and failures of the current minute, per kind of request."""

    def __init__(self):
        self.latencies = {"lmtp": [], "imap": [], "pop3": []}
        self.failures = {"lmtp": 0, "imap": 0, "pop3": 0}

    def p99(self, kind):
        values = sorted(self.latencies[kind])
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(len(values) * 0.99))] * 1000


async def expect_tagged(reader, tag):
    while True:
        line = await reader.readline()
        if not line:
            raise ConnectionError("IMAP connection closed")
        if line.startswith(tag + b" "):
            if not line.startswith(tag + b" OK"):
                raise ConnectionError(f"IMAP {line!r}")
            return


async def imap_session(args, n, state, ready):
    user = f"imap{n % args.imap_users}@{args.domain}"
    reader, writer = await asyncio.open_connection(HOST, args.imap_port)
    await reader.readline()
    writer.write(b'a LOGIN "%s" "%s"\r\n' % (user.encode(), args.password.encode()))
    await expect_tagged(reader, b"a")
    writer.write(b"b SELECT INBOX\r\n")
    await expect_tagged(reader, b"b")
    ready.append(n)
    await asyncio.sleep(random.uniform(0, args.noop_interval))
    counter = 0
    while not state["stop"]:
        writer.write(b"i IDLE\r\n")
        while not (await reader.readline()).startswith(b"+"):
            pass
        drain = asyncio.create_task(drain_untagged(reader))
        await asyncio.sleep(args.noop_interval)
        drain.cancel()
        await drain  # one reader at a time: StreamReader refuses a second waiter
        counter += 1
        tag = b"n%d" % counter
        began = time.monotonic()
        try:
            writer.write(b"DONE\r\n" + tag + b" NOOP\r\n")
            await expect_tagged(reader, b"i")
            await expect_tagged(reader, tag)
            state["window"].latencies["imap"].append(time.monotonic() - began)
        except (ConnectionError, OSError):
            state["window"].failures["imap"] += 1
            raise
    writer.write(b"z LOGOUT\r\n")
    await writer.drain()
    writer.close()


async def drain_untagged(reader):
    """Reads the EXISTS and FETCH lines IDLE pushes; stops at the first tagged line (cancelled before that)."""
    try:
        while True:
            peeked = await reader.readline()
            if not peeked.startswith(b"* "):
                raise ConnectionError(f"unexpected line in IDLE: {peeked!r}")
    except asyncio.CancelledError:
        pass


def message(n, size):
    body = ("soak line %d " % n).ljust(76, "x") + "\r\n"
    lines = max(1, size // len(body))
    return (f"From: soak@example.org\r\nSubject: soak {n}\r\n"
            f"Message-ID: <soak{n}@example.org>\r\n\r\n" + body * lines).encode()


async def lmtp_delivery(args, n, state):
    kind = random.random() < args.imap_users / (args.imap_users + args.pop3_users)
    user = f"imap{random.randrange(args.imap_users)}@{args.domain}" if kind \
        else f"pop{random.randrange(args.pop3_users)}@{args.domain}"
    began = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection(HOST, args.lmtp_port)
        writer.write(b"LHLO soak.test\r\nMAIL FROM:<soak@example.org>\r\nRCPT TO:<%s>\r\nDATA\r\n" % user.encode())
        writer.write(message(n, args.size) + b".\r\nQUIT\r\n")
        await writer.drain()
        replies = (await asyncio.wait_for(reader.read(), args.timeout)).decode()
        writer.close()
        if f"250 2.0.0 <{user}> Saved" not in replies:
            raise ConnectionError(replies)
        state["window"].latencies["lmtp"].append(time.monotonic() - began)
        state["delivered"] += 1
    except (ConnectionError, OSError, asyncio.TimeoutError) as e:
        state["window"].failures["lmtp"] += 1
        state["errors"].append(f"lmtp: {e!r}"[:300])


async def pop3_command(reader, writer, line):
    writer.write(line + b"\r\n")
    reply = await reader.readline()
    if not reply.startswith(b"+OK"):
        raise ConnectionError(f"POP3 {line!r}: {reply!r}")
    return reply


async def pop3_multiline(reader):
    while (await reader.readline()) != b".\r\n":
        pass


async def pop3_session(args, n, state):
    user = f"pop{n % args.pop3_users}@{args.domain}"
    # A POP3 client does not log in twice at once: the second would get -ERR [IN-USE] (RFC 2449), by design.
    async with state["pop3_locks"].setdefault(user, asyncio.Lock()):
        await pop3_locked(args, user, state)


async def pop3_locked(args, user, state):
    began = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection(HOST, args.pop3_port)
        await reader.readline()
        await pop3_command(reader, writer, b"USER " + user.encode())
        await pop3_command(reader, writer, b"PASS " + args.password.encode())
        count = int((await pop3_command(reader, writer, b"STAT")).split()[1])
        for i in range(1, count + 1):
            await pop3_command(reader, writer, b"RETR %d" % i)
            await pop3_multiline(reader)
            await pop3_command(reader, writer, b"DELE %d" % i)
        await pop3_command(reader, writer, b"QUIT")
        writer.close()
        state["window"].latencies["pop3"].append(time.monotonic() - began)
    except (ConnectionError, OSError, ValueError, IndexError) as e:
        state["window"].failures["pop3"] += 1
        state["errors"].append(f"pop3: {e!r}"[:300])


async def steady(rate, start, state):
    """Starts start(n) rate times a second, without waiting for the previous one: an open-loop load."""
    tasks, n, began = set(), 0, time.monotonic()
    while not state["stop"]:
        n += 1
        task = asyncio.create_task(start(n))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        await asyncio.sleep(max(0.0, began + n / rate - time.monotonic()))
    await asyncio.gather(*tasks, return_exceptions=True)


def sample_server(args):
    """Full GC, then the heap in use, the JVM's threads (platform threads: virtual ones are not OS threads) and fds."""
    subprocess.run([args.jcmd, str(args.pid), "GC.run"], check=True, capture_output=True)
    info = subprocess.run([args.jcmd, str(args.pid), "GC.heap_info"], check=True, capture_output=True, text=True).stdout
    heap_kb = int(HEAP_USED.search(info).group(1))
    with open(f"/proc/{args.pid}/status") as status:
        threads = int(next(l for l in status if l.startswith("Threads:")).split()[1])
    fds = len(os.listdir(f"/proc/{args.pid}/fd"))
    return heap_kb, threads, fds


async def main(args):
    state = {"stop": False, "window": Window(), "delivered": 0, "errors": [], "pop3_locks": {}}
    ready = []
    logins = asyncio.Semaphore(args.parallel_logins)

    async def start_imap(n):
        async with logins:
            task = asyncio.create_task(imap_session(args, n, state, ready))
            while n not in ready and not task.done():
                await asyncio.sleep(0.01)
        try:
            return await task
        except (ConnectionError, OSError, RuntimeError) as e:
            state["errors"].append(f"imap session {n}: {e!r}"[:300])
            raise

    began = time.monotonic()
    imap = [asyncio.create_task(start_imap(n)) for n in range(args.imap_sessions)]
    while len(ready) < args.imap_sessions:
        failed = [t for t in imap if t.done()]
        if failed:
            raise SystemExit(f"IMAP session ended while logging in: {failed[0].exception()!r}")
        await asyncio.sleep(1)
    print(f"{args.imap_sessions} IMAP sessions in IDLE after {time.monotonic() - began:.0f} s", flush=True)

    loads = [asyncio.create_task(steady(args.lmtp_rate, lambda n: lmtp_delivery(args, n, state), state)),
             asyncio.create_task(steady(args.pop3_rate, lambda n: pop3_session(args, n, state), state))]
    print("minute heap_after_gc_kb threads fds imap_alive delivered lmtp_p99_ms imap_p99_ms pop3_p99_ms failures",
          flush=True)
    samples, failures = [], 0
    start = time.monotonic()
    for minute in range(1, args.minutes + 1):
        await asyncio.sleep(max(0.0, start + minute * 60 - time.monotonic()))
        window, state["window"] = state["window"], Window()
        heap_kb, threads, fds = await asyncio.get_running_loop().run_in_executor(None, sample_server, args)
        alive = sum(1 for t in imap if not t.done())
        failed = sum(window.failures.values())
        failures += failed
        samples.append((minute, heap_kb, threads, fds))
        print(f"{minute:6d} {heap_kb:17d} {threads:7d} {fds:3d} {alive:10d} {state['delivered']:9d} "
              f"{window.p99('lmtp'):11.1f} {window.p99('imap'):11.1f} {window.p99('pop3'):11.1f} {failed:8d}",
              flush=True)
    dead = [t for t in imap if t.done()]  # before the stop: a session ends by itself only after it
    state["stop"] = True
    await asyncio.gather(*loads, return_exceptions=True)
    for t in imap:
        t.cancel()
    await asyncio.gather(*imap, return_exceptions=True)

    reference = next((s for s in samples if s[0] == min(5, len(samples))), samples[0])
    last = samples[-1]
    print(f"summary: {args.minutes} min, {state['delivered']} delivered, {failures} failed requests, "
          f"{len(dead)} IMAP sessions lost; heap after GC minute {reference[0]} {reference[1]} KB, "
          f"last {last[1]} KB ({(last[1] - reference[1]) * 100 / reference[1]:+.1f} %); "
          f"threads {reference[2]} -> {last[2]}; fds {reference[3]} -> {last[3]}", flush=True)
    for e in state["errors"][:10]:
        print("error:", e, flush=True)
    return 1 if failures or dead else 0


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--minutes", type=int, default=30)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--jcmd", default="jcmd")
    p.add_argument("--lmtp-port", type=int, required=True)
    p.add_argument("--imap-port", type=int, required=True)
    p.add_argument("--pop3-port", type=int, required=True)
    p.add_argument("--imap-users", type=int, default=20)
    p.add_argument("--pop3-users", type=int, default=5)
    p.add_argument("--imap-sessions", type=int, default=500)
    p.add_argument("--password", default="secret")
    p.add_argument("--domain", default="soak.test")
    p.add_argument("--lmtp-rate", type=float, default=5.0, help="deliveries a second")
    p.add_argument("--pop3-rate", type=float, default=1.0, help="POP3 sessions a second")
    p.add_argument("--noop-interval", type=float, default=30.0, help="seconds each IMAP session stays in IDLE")
    p.add_argument("--size", type=int, default=4000)
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--parallel-logins", type=int, default=20)
    raise SystemExit(asyncio.run(main(p.parse_args())))
