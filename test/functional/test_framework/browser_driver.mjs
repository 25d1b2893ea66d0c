// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// Drives headless Chromium browsers for the functional tests (test_framework/browser.py starts
// it): one JSON command per line on stdin, one JSON answer per line on stdout (in the order the
// commands finish; commands run concurrently). Uses
// puppeteer-core (package.json) with Debian's chromium; every browser gets its own profile
// directory, fake audio devices, and the flags that keep it off the network.
//
//   {"id": 1, "op": "launch", "name": "alice", "url": "https://...", "profile": "/tmp/..."}
//   {"id": 2, "op": "fill", "name": "alice", "selector": "#handle", "value": "alice"}
//   {"id": 3, "op": "click", "name": "alice", "selector": "#register"}
//   {"id": 4, "op": "text", "name": "alice", "selector": "#status"}
//   {"id": 5, "op": "wait_text", "name": "alice", "selector": "#status", "pattern": "Registered", "timeout_ms": 10000}
//   {"id": 6, "op": "evaluate", "name": "alice", "expression": "dotsPhone.callStats()"}
//   {"id": 7, "op": "console", "name": "alice"}
//   {"id": 8, "op": "close", "name": "alice"}
// Answers: {"id": n, "ok": true, "value": ...} or {"id": n, "ok": false, "error": "..."}.

import puppeteer from "puppeteer-core";
import readline from "node:readline";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions", "--mute-audio",
  // Media: fake microphone (a beep), permission granted without a prompt, autoplay allowed.
  "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required",
  // The node's self-signed certificate (the test's own node on 127.0.0.1 only).
  "--ignore-certificate-errors",
  // WebRTC between two browsers on one host: plain host candidates, loopback included.
  "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
];
const CONSOLE_LINES = 200;

const browsers = new Map(); // name -> {browser, page, console: []}

function phone(name) {
  const p = browsers.get(name);
  if (!p) throw new Error(`no browser named ${name}`);
  return p;
}

async function launch({ name, url, profile }) {
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: FLAGS, userDataDir: profile, headless: true,
                                           protocolTimeout: 60000 });
  const [page] = await browser.pages();
  const entry = { browser, page, console: [] };
  browsers.set(name, entry);
  const keep = (line) => {
    entry.console.push(line);
    if (entry.console.length > CONSOLE_LINES) entry.console.shift();
  };
  page.on("console", (m) => keep(`console.${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => keep(`page error: ${e.message}`));
  page.on("requestfailed", (r) => keep(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  const response = await page.goto(url, { waitUntil: "load", timeout: 20000 });
  return { status: response.status(), pid: browser.process().pid };
}

async function waitText({ name, selector, pattern, timeout_ms }) {
  const { page } = phone(name);
  const regex = new RegExp(pattern);
  const deadline = Date.now() + (timeout_ms || 10000);
  let last = "";
  while (Date.now() < deadline) {
    last = await page.$eval(selector, (e) => e.textContent);
    if (regex.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${selector} is "${last}", not /${pattern}/ after ${timeout_ms} ms`);
}

const OPS = {
  launch,
  fill: async ({ name, selector, value }) => {
    const { page } = phone(name);
    await page.$eval(selector, (e) => { e.value = ""; });
    await page.type(selector, value);
  },
  click: async ({ name, selector }) => phone(name).page.click(selector),
  text: async ({ name, selector }) => phone(name).page.$eval(selector, (e) => e.textContent),
  wait_text: waitText,
  evaluate: async ({ name, expression }) => phone(name).page.evaluate(expression),
  console: async ({ name }) => phone(name).console,
  close: async ({ name }) => {
    const p = browsers.get(name);
    browsers.delete(name);
    if (p) await p.browser.close();
  },
};

async function closeAll() {
  for (const { browser } of browsers.values()) await browser.close().catch(() => {});
  browsers.clear();
}

// Commands run concurrently (two browsers start at once); answers carry the command's id.
const input = readline.createInterface({ input: process.stdin });
const running = new Set();
input.on("line", (line) => {
  const task = (async () => {
    let command = {};
    try {
      command = JSON.parse(line);
      const op = OPS[command.op];
      if (!op) throw new Error(`unknown op ${command.op}`);
      const value = await op(command);
      process.stdout.write(JSON.stringify({ id: command.id, ok: true, value: value ?? null }) + "\n");
    } catch (e) {
      process.stdout.write(JSON.stringify({ id: command.id, ok: false, error: String(e && e.stack || e) }) + "\n");
    }
  })();
  running.add(task);
  task.finally(() => running.delete(task));
});
input.on("close", () => { Promise.allSettled([...running]).then(closeAll).then(() => process.exit(0)); });
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => closeAll().then(() => process.exit(1)));
