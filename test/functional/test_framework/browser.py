#!/usr/bin/env python3
# Copyright (c) 2026 The DOTS developers
# Distributed under the MIT software license, see the accompanying file COPYING.
"""Headless Chromium for the functional tests: BrowserDriver runs browser_driver.mjs (Node.js
with puppeteer-core from package.json, Debian's chromium) and BrowserPhone is one browser
showing one page, driven through the page's own controls. Every browser is killed at the end,
and failures carry the page's console lines.

bundle_www() prepares the browser phone (contrib/www/bundle.sh: npm ci when needed, JsSIP
bundled into share/www); missing_browser_tools() says what is not installed.
"""

import json
import os
import select
import shutil
import signal
import subprocess
import time

from .test_framework import SkipTest

DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "browser_driver.mjs")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def missing_browser_tools():
    """A reason to skip when chromium, node or npm is missing, else None."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is not installed (Debian package chromium, depends/install.sh test)"
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Node.js 18+ with npm)"
    return None


def bundle_www(srcdir, log):
    """Runs contrib/www/bundle.sh; returns share/www. Fails the test with the script's output."""
    script = os.path.join(srcdir, "contrib", "www", "bundle.sh")
    proc = subprocess.run([script], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    if proc.returncode != 0:
        raise AssertionError(f"contrib/www/bundle.sh failed ({proc.returncode}):\n{proc.stdout[-3000:]}")
    log.debug(proc.stdout.strip())
    return os.path.join(srcdir, "share", "www")


class BrowserDriver:
    """One node process running browser_driver.mjs; commands and answers are JSON lines."""

    def __init__(self, workdir):
        reason = missing_browser_tools()
        if reason:
            raise SkipTest(reason)
        os.makedirs(workdir, exist_ok=True)
        self.workdir = workdir
        self.stderr_path = os.path.join(workdir, "driver.log")
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(["node", DRIVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                                     env=dict(os.environ, CHROMIUM=CHROMIUM), start_new_session=True)
        self.pids = []  # chromium processes (puppeteer starts them in groups of their own)
        self._next = 1

    def call(self, op, timeout=60, **args):
        """Runs one command and returns its value; fails with the driver's error."""
        return self.call_all([dict(args, op=op)], timeout)[0]

    def call_all(self, commands, timeout=60):
        """Sends every command at once (the driver runs them concurrently) and returns their
        values in order; fails with the first error."""
        ids = []
        for command in commands:
            ids.append(self._next)
            self.proc.stdin.write((json.dumps(dict(command, id=self._next)) + "\n").encode())
            self._next += 1
        self.proc.stdin.flush()
        answers = {}
        deadline = time.time() + timeout
        while len(answers) < len(ids):
            ready, _, _ = select.select([self.proc.stdout], [], [], max(0, deadline - time.time()))
            if not ready:
                raise AssertionError(f"browser driver: no answer to {commands} within {timeout} s\n{self.stderr_tail()}")
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"browser driver exited during {commands}\n{self.stderr_tail()}")
            answer = json.loads(line)
            answers[answer["id"]] = answer
        for command, i in zip(commands, ids):
            if not answers[i]["ok"]:
                raise AssertionError(f"browser {command.get('name', '')}: {command['op']} failed: {answers[i]['error']}")
        return [answers[i]["value"] for i in ids]

    def stderr_tail(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf8", "replace")[-3000:]

    def stop(self):
        """Closes every browser and the driver; kills whatever is left."""
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=20)
            except (subprocess.TimeoutExpired, BrokenPipeError, OSError):
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        for pid in self.pids:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._stderr.close()


class BrowserPhone:
    """One headless Chromium showing one page (its own profile directory)."""

    def __init__(self, driver, name):
        self.driver = driver
        self.name = name

    @staticmethod
    def open_all(phones, url):
        """Starts a browser for each phone at once and loads `url` in each."""
        driver = phones[0].driver
        commands = [{"op": "launch", "name": p.name, "url": url, "profile": os.path.join(driver.workdir, f"profile-{p.name}")}
                    for p in phones]
        for phone, answer in zip(phones, driver.call_all(commands)):
            driver.pids.append(answer["pid"])
            assert answer["status"] == 200, f"{phone.name}: {url} answered {answer['status']}"

    def fill(self, selector, value):
        self.driver.call("fill", name=self.name, selector=selector, value=value)

    def click(self, selector):
        self.driver.call("click", name=self.name, selector=selector)

    def text(self, selector):
        return self.driver.call("text", name=self.name, selector=selector)

    def wait_text(self, selector, pattern, timeout=10):
        """Waits until the element's text matches the regex; fails with the page's console."""
        try:
            return self.driver.call("wait_text", timeout=timeout + 10, name=self.name, selector=selector, pattern=pattern,
                                    timeout_ms=int(timeout * 1000))
        except AssertionError as e:
            raise AssertionError(f"{e}\n{self.console_tail()}") from None

    def evaluate(self, expression):
        return self.driver.call("evaluate", name=self.name, expression=expression)

    def console_tail(self, lines=40):
        """The page's own console lines (JsSIP logs, errors), for assertion messages."""
        try:
            kept = self.driver.call("console", timeout=10, name=self.name)[-lines:]
        except AssertionError as e:
            return f"(no console: {e})"
        return f"--- console of {self.name}'s page ---\n" + "\n".join(kept)
