#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Real SIP clients for the end-to-end tests and the checks around them.

- Baresip / Linphonec: one softphone each, with its own config directory under the test's
  tmpdir, the ports the test gives it, bounded run time, killed at the end, and its own log
  lines for failure messages.
- write_tone / analyse_wav: a sine-wave WAV to send, and what a recording holds (seconds of
  audio above silence and its frequency), so a test can tell the far end's tone arrived.
- dotsd_udp_ports / UdpWatch: the UDP ports a dotsd process owns (read from /proc, not from
  dotsd), and a loopback capture that counts the datagrams sent to given ports during a call,
  to prove that media went from phone to phone and never to the node.
- Sipp: runs the SIPp scenarios of test/sip against a node, each with a fresh local port and
  bounded run time, failing the test with SIPp's output and error log.
"""

import math
import os
import shutil
import re
import signal
import socket
import struct
import subprocess
import threading
import time
import wave

# --- audio files ---


def write_tone(path, freq, seconds, rate=8000):
    """A mono 16-bit sine tone at `freq` Hz."""
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * freq * i / rate)))
                               for i in range(int(rate * seconds))))


def analyse_wav(path, threshold=500):
    """Returns (seconds of 20 ms frames whose RMS exceeds `threshold`, their frequency in Hz by
    zero crossings). (0, 0) for silence or an empty file."""
    with wave.open(path, "rb") as w:
        rate, channels = w.getframerate(), w.getnchannels()
        assert w.getsampwidth() == 2, f"{path}: not 16-bit"
        data = w.readframes(w.getnframes())
    samples = struct.unpack(f"<{len(data) // 2}h", data)[::channels]
    frame = rate // 50
    active = []
    for i in range(0, len(samples) - frame + 1, frame):
        chunk = samples[i:i + frame]
        if math.sqrt(sum(x * x for x in chunk) / frame) > threshold:
            active.extend(chunk)
    if not active:
        return 0.0, 0
    crossings = sum(1 for a, b in zip(active, active[1:]) if (a < 0) != (b < 0))
    return len(active) / rate, round(crossings / 2 / (len(active) / rate))


# --- who owns which UDP port, and what arrives there ---


def dotsd_udp_ports(pid):
    """The local UDP ports of every socket process `pid` has open, from /proc (IPv4 and IPv6)."""
    inodes = set()
    fd_dir = f"/proc/{pid}/fd"
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        m = re.match(r"socket:\[(\d+)\]", target)
        if m:
            inodes.add(m.group(1))
    ports = set()
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        with open(table, encoding="ascii") as f:
            next(f)
            for line in f:
                fields = line.split()
                if fields[9] in inodes:
                    ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


class UdpWatch:
    """Counts UDP datagrams on loopback (IPv4 and IPv6: traffic between the host's own
    addresses, not only 127.0.0.1 and ::1, goes through it) by destination port while running,
    split into SIP (text starting with a letter or CRLF) and anything else (RTP, RTCP, STUN...).
    Uses an AF_PACKET socket, so it needs root (CI and the development machines run as root);
    `available` is False otherwise and the caller falls back to dotsd's own counters."""

    PACKET_HOST = 0  # sll_pkttype of the receiving copy; loopback also shows an OUTGOING one

    def __init__(self):
        self.sip = {}
        self.other = {}
        self._stop = threading.Event()
        try:
            self._sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.ntohs(0x0003))  # ETH_P_ALL
            self._sock.bind(("lo", 0))
            self._sock.settimeout(0.2)
            self.available = True
        except (PermissionError, OSError, AttributeError):
            self._sock = None
            self.available = False
        self._thread = None

    def __enter__(self):
        if self.available:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
            self._thread = None
        if self._sock:
            self._sock.close()
            self._sock = None

    def _run(self):
        while not self._stop.is_set():
            try:
                data, addr = self._sock.recvfrom(65535)
            except socket.timeout:
                continue
            except OSError:
                return
            if addr[2] != self.PACKET_HOST or len(data) < 14 + 20 + 8:
                continue
            ip = data[14:]
            if data[12:14] == b"\x08\x00" and ip[0] >> 4 == 4 and ip[9] == 17:
                udp = ip[(ip[0] & 0x0F) * 4:]
            elif data[12:14] == b"\x86\xdd" and len(ip) >= 48 and ip[6] == 17:  # no extension headers
                udp = ip[40:]
            else:
                continue
            port = struct.unpack("!H", udp[2:4])[0]
            payload = udp[8:]
            is_sip = not payload or chr(payload[0]).isalpha() or payload[:1] in (b"\r", b"\n")
            counts = self.sip if is_sip else self.other
            counts[port] = counts.get(port, 0) + 1

    def media_to(self, ports):
        """Non-SIP datagrams seen so far to any of `ports`."""
        return sum(self.other.get(p, 0) for p in ports)


# --- softphones ---


class Softphone:
    """What Baresip and Linphonec share: a process with its own directory, its output kept in
    a file (read for failure messages), a deadline, and a kill at the end."""

    def __init__(self, test, name, directory):
        self.test = test
        self.name = name
        self.dir = directory
        os.makedirs(self.dir, exist_ok=True)
        self.log_path = os.path.join(self.dir, "output.log")
        self.proc = None

    def _spawn(self, cmd, stdin=None, env=None):
        self.test.log.debug(f"{self.name}: {' '.join(cmd)}")
        self._log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdin=stdin, stdout=self._log_file, stderr=subprocess.STDOUT,
                                     cwd=self.dir, env=env, start_new_session=True)

    def output(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf8", "replace")

    def log_tail(self, lines=40):
        """The client's own last log lines, for an assertion message."""
        text = re.sub(r"\x1b\[[0-9;]*m", "", self.output()).replace("\r", "\n")
        kept = [line for line in text.splitlines() if line.strip() and not line.startswith("[0:")]
        return f"--- last lines of {self.name} ({self.log_path}) ---\n" + "\n".join(kept[-lines:])

    def wait_for_output(self, pattern, timeout):
        """Waits until `pattern` (a regex) appears in the output; fails with the log tail."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if re.search(pattern, self.output()):
                return
            if self.proc.poll() is not None and not re.search(pattern, self.output()):
                break
            time.sleep(0.1)
        raise AssertionError(f"{self.name}: no '{pattern}' within {timeout} s\n{self.log_tail()}")

    def wait_exit(self, timeout):
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{self.name} did not finish within {timeout} s\n{self.log_tail()}")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        if self.proc and not self._log_file.closed:
            self._log_file.close()


class Baresip(Softphone):
    """baresip 1.0 (Debian 12): UDP, or TLS with transport="tls" (`node_port` is then the node's
    TLS port; baresip 1.0 does not verify the node's self-signed certificate), G.711, audio
    from a WAV file (aufile) and every call's sent and received audio dumped to `rec/`
    (sndfile: dump-*-enc.wav / dump-*-dec.wav). The call ends when the source file ends
    (baresip hangs up on the source's end of file)."""

    def __init__(self, test, name, directory, *, user, password, node_port, sip_port, rtp_ports, tone,
                 auto_answer=False, contacts=(), transport="udp"):
        super().__init__(test, name, directory)
        self.rtp_ports = rtp_ports
        self.rec_dir = os.path.join(self.dir, "rec")
        os.makedirs(self.rec_dir, exist_ok=True)
        config = f"""poll_method		epoll
sip_listen		127.0.0.1:{sip_port}
net_interface		127.0.0.1
call_local_timeout	30
call_max_calls		4
audio_path		/usr/share/baresip
audio_player		aubridge,nil
audio_alert		aubridge,nil
audio_source		aufile,{tone}
ausrc_format		s16
auplay_format		s16
rtp_ports		{rtp_ports[0]}-{rtp_ports[1]}
rtp_timeout		0
module_path		/usr/lib/baresip/modules
module			g711.so
module			aufile.so
module			aubridge.so
module			sndfile.so
module			stdio.so
module_app		account.so
module_app		contact.so
module_app		menu.so
snd_path		{self.rec_dir}
"""
        with open(os.path.join(self.dir, "config"), "w", encoding="utf8") as f:
            f.write(config)
        answer = ";answermode=auto" if auto_answer else ""
        # Quoted: baresip (libre's msg_param_decode) ends an unquoted parameter value at a space.
        assert '"' not in password, "a double quote would end baresip's quoted auth_pass"
        with open(os.path.join(self.dir, "accounts"), "w", encoding="utf8") as f:
            f.write(f"<sip:{user}@127.0.0.1:{node_port};transport={transport}>;auth_pass=\"{password}\";regint=600{answer}\n")
        with open(os.path.join(self.dir, "contacts"), "w", encoding="utf8") as f:
            f.writelines(f"<{c}>\n" for c in contacts)

    def start(self, seconds, commands=()):
        """Runs for at most `seconds` (baresip -t), executing `commands` (e.g. "/dial sip:...")
        right after start-up."""
        cmd = ["baresip", "-f", self.dir, "-t", str(seconds)]
        for c in commands:
            cmd += ["-e", c]
        self._spawn(cmd, stdin=subprocess.DEVNULL)

    def recordings(self):
        """(sent, received) WAV paths of the last call."""
        names = sorted(os.listdir(self.rec_dir))
        enc = [n for n in names if n.endswith("-enc.wav")]
        dec = [n for n in names if n.endswith("-dec.wav")]
        if not enc or not dec:
            raise AssertionError(f"{self.name}: no recordings in {self.rec_dir}\n{self.log_tail()}")
        return os.path.join(self.rec_dir, enc[-1]), os.path.join(self.rec_dir, dec[-1])

    def assert_heard(self, sender, freq, seconds):
        """Asserts that the last call's received audio holds at least half of `sender`'s
        `seconds`-long tone of `freq` Hz (within 5%)."""
        _, received = self.recordings()
        got_seconds, got_freq = analyse_wav(received)
        assert got_seconds >= seconds / 2, f"{self.name} received {got_seconds:.2f} s of audio from {sender.name}\n{self.log_tail()}"
        assert abs(got_freq - freq) < freq * 0.05, f"{self.name} heard {got_freq} Hz, {sender.name} sent {freq} Hz"


def baresip_call(caller, callee, uri, seconds, answer_timeout=10):
    """`caller` (not started yet) dials `uri` and `callee` (running, auto-answer) answers; waits
    until both say the call is established and, once the caller's `seconds`-long tone ended
    (baresip then hangs up), both say it terminated."""
    caller.start(20, [f"/dial {uri}"])
    caller.wait_for_output(r"Call established", timeout=answer_timeout)
    callee.wait_for_output(r"Call established", timeout=5)
    caller.wait_for_output(r"terminated \(duration", timeout=seconds + 10)
    callee.wait_for_output(r"terminated \(duration", timeout=5)


class Linphonec(Softphone):
    """linphonec 5.1 (Debian 12's linphone-cli) driven through its stdin: UDP only, file audio
    ("soundcard use files": `play` a WAV into calls, `record` what arrives)."""

    def __init__(self, test, name, directory, *, user, password, node_port, sip_port, rtp_port, auto_answer=False):
        super().__init__(test, name, directory)
        # liblinphone keeps its databases under $HOME/.local/share/linphone and stops short of
        # registering when it cannot open them.
        os.makedirs(os.path.join(self.dir, ".local", "share", "linphone"), exist_ok=True)
        self.config = os.path.join(self.dir, "linphonerc")
        self.auto_answer = auto_answer
        with open(self.config, "w", encoding="utf8") as f:
            f.write(f"""[sip]
sip_port={sip_port}
sip_tcp_port=0
sip_tls_port=0
default_proxy=0
ipv6_enabled=0
[rtp]
audio_rtp_port={rtp_port}
video_rtp_port={rtp_port + 2}
[video]
enabled=0
capture=0
display=0
[sound]
echocancellation=0
[proxy_0]
reg_proxy=<sip:127.0.0.1:{node_port};transport=udp>
reg_identity=sip:{user}@127.0.0.1:{node_port}
reg_expires=600
reg_sendregister=1
publish=0
[auth_info_0]
username={user}
passwd={password}
realm=dots
""")

    def start(self):
        env = dict(os.environ, HOME=self.dir)
        cmd = ["linphonec", "-c", self.config, "-d", "1", "-l", os.path.join(self.dir, "liblinphone.log")]
        if self.auto_answer:
            cmd.append("-a")
        self._spawn(cmd, stdin=subprocess.PIPE, env=env)
        self.send("soundcard use files")

    def send(self, command):
        self.proc.stdin.write((command + "\n").encode())
        self.proc.stdin.flush()

    def quit(self, timeout=10):
        if self.proc.poll() is None:
            try:
                self.send("quit")
            except BrokenPipeError:
                pass
            self.wait_exit(timeout)


class NoMediaAtNode:
    """Wraps a call: records the UDP ports the node's dotsd process owns (from /proc) and, on a
    clean exit, asserts that no media (any non-SIP datagram) arrived at them during the call.
    With `phone_ports` it also asserts that media did arrive at the phones (so the capture
    worked and the check cannot pass vacuously). Without root it falls back to the node's
    own count of unparsable datagrams (getsipinfo messages.parse_errors)."""

    def __init__(self, test, node, phone_ports=()):
        self.test = test
        self.node = node
        self.phone_ports = set(phone_ports)
        self.watch = UdpWatch()

    def __enter__(self):
        self.ports = dotsd_udp_ports(self.node.process.pid)
        assert self.node.sip_port in self.ports, f"dotsd owns UDP {sorted(self.ports)}, not its SIP port {self.node.sip_port}"
        self.errors_before = self.node.getsipinfo()["messages"]["parse_errors"]
        self.watch.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        time.sleep(0.3)  # let the capture thread read the last datagrams
        self.watch.stop()
        if exc_type is not None:
            return False
        # dotsd must not have opened media ports meanwhile either.
        self.ports |= dotsd_udp_ports(self.node.process.pid)
        errors = self.node.getsipinfo()["messages"]["parse_errors"] - self.errors_before
        if self.watch.available:
            at_node = self.watch.media_to(self.ports)
            assert at_node == 0, f"{at_node} non-SIP datagrams reached dotsd's UDP ports {sorted(self.ports)}"
            if self.phone_ports:
                at_phones = self.watch.media_to(self.phone_ports)
                assert at_phones > 0, f"no media seen at the phones' ports {sorted(self.phone_ports)}: capture broken?"
                self.test.log.info(f"media: {at_phones} datagrams phone to phone, 0 at dotsd's UDP ports {sorted(self.ports)}")
        else:
            self.test.log.info("media: no packet capture (not root); using dotsd's parse_errors counter")
        assert errors == 0, f"dotsd counted {errors} unparsable datagrams during the call"
        return False


SIPP_SCENARIOS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sip")
SIPP_TIMEOUT = 20  # seconds, per run (SIPp's own -timeout); the subprocess gets a little more


def sipp_installed():
    return shutil.which("sipp") is not None


class Sipp:
    """SIPp (Debian package sip-tester) against dotsd nodes. Local SIP ports come from the test's
    SIP port slots from `first_slot` on (the nodes use the first ones); SIPp binds four UDP media
    ports from -mp on: at most three instances run at once, each with its own `media` index
    (0-2), bases four apart in the test's P2P port range (TCP only), so they never collide."""

    def __init__(self, test, scratch, first_slot):
        from test_framework.util import p2p_port, sip_port
        self.test = test
        self.scratch = scratch
        self.next_slot = first_slot
        self._p2p_port, self._sip_port = p2p_port, sip_port

    def slot(self):
        """A fresh local SIP port for a SIPp instance, from this test's port range."""
        n = self.next_slot
        assert n < 12, "out of SIP ports in this test's range"
        self.next_slot += 1
        return self._sip_port(n)

    def media_ports(self):
        """Every UDP port SIPp's media may use in this test (see the class)."""
        return {self._p2p_port(n) for n in range(12)}

    def run(self, node, scenario, port, user, *, auth=None, background=False, expected=None, media=2, replace=None, calls=1):
        """Runs `scenario` (a file of test/sip) against `node` from local `port` as `user`
        (SIPp's -s), `calls` times (SIPp's -m; a caller starts 10 a second). `expected` replaces
        @EXPECTED@, `replace` maps other text of the scenario to its replacement. With
        `background` returns the process for finish(), else waits."""
        media = self._p2p_port(4 * media)
        path = os.path.join(SIPP_SCENARIOS, scenario)
        replacements = dict(replace or {})
        if expected is not None:
            replacements["@EXPECTED@"] = str(expected)
        if replacements:
            with open(path, encoding="utf8") as f:
                text = f.read()
            for old, new in replacements.items():
                assert old in text, f"{scenario} has no {old!r} to replace"
                text = text.replace(old, new)
            path = os.path.join(self.scratch, f"{scenario}.{port}.xml")
            with open(path, "w", encoding="utf8") as f:
                f.write(text)
        cmd = ["sipp", f"127.0.0.1:{node.sip_port}", "-sf", path, "-i", "127.0.0.1", "-p", str(port),
               "-mp", str(media), "-m", str(calls), "-s", user, "-timeout", f"{SIPP_TIMEOUT}s", "-timeout_error",
               "-default_behaviors", "all,-abortunexp", "-nostdin", "-trace_err",
               "-error_file", os.path.join(self.scratch, f"{scenario}-{port}-errors.log"),
               "-recv_timeout", "15000"]
        if auth:
            cmd += ["-au", auth[0], "-ap", auth[1]]
        self.test.log.debug(" ".join(cmd))
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=self.scratch)
        if background:
            return proc
        return self.finish(proc, scenario)

    def finish(self, proc, scenario):
        """Waits for a SIPp run (bounded); fails with its output and error log unless it passed."""
        try:
            out, _ = proc.communicate(timeout=SIPP_TIMEOUT + 15)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            raise AssertionError(f"sipp {scenario} did not finish:\n{out[-3000:]}")
        if proc.returncode != 0:
            errors = ""
            for name in os.listdir(self.scratch):
                if name.startswith(scenario) and name.endswith("errors.log"):
                    with open(os.path.join(self.scratch, name), encoding="utf8", errors="replace") as f:
                        errors += f.read()[-3000:]
            raise AssertionError(f"sipp {scenario} failed with {proc.returncode}:\n{out[-3000:]}\n{errors}")
