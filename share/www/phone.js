// Copyright (c) 2026 The DOTS developers
// Distributed under the MIT software license, see the accompanying file COPYING.

// The DOTS browser phone: registers a handle at the node that serves this page (SIP over the
// same port's WebSocket, RFC 7118, Digest), calls and answers with WebRTC audio — DTLS-SRTP
// straight between the two browsers, the node carries only the signalling — and sends and
// shows SIP MESSAGEs. JsSIP (jssip.min.js, bundled from npm at build time) speaks SIP.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $("status"), login: $("login"), handle: $("handle"), password: $("password"), domain: $("domain"),
    server: $("server"), register: $("register"), unregister: $("unregister"), phone: $("phone"), dial: $("dial"),
    target: $("target"), call: $("call"), hangup: $("hangup"), callState: $("call-state"), audioStats: $("audio-stats"),
    incoming: $("incoming"), incomingFrom: $("incoming-from"), answer: $("answer"), decline: $("decline"),
    messages: $("messages"), messageForm: $("message-form"), messageTo: $("message-to"), messageText: $("message-text"),
    messageLog: $("message-log"), remoteAudio: $("remote-audio"),
  };

  // Media: audio only, host candidates only (no STUN/TURN server is contacted).
  const MEDIA = { mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } };

  let ua = null;
  let session = null; // the one call at a time
  let statsTimer = null;

  // The page is served on the node's WebSocket port: the same host and port carry SIP.
  ui.domain.value = location.hostname;
  ui.server.value = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/";

  function setStatus(text) { ui.status.textContent = text; }
  function setCallState(text) { ui.callState.textContent = text; }

  /** "bob" -> "sip:bob@<domain>"; a full sip:/sips: URI is kept. */
  function targetUri(text) {
    const t = text.trim();
    return /^sips?:/i.test(t) ? t : `sip:${t}@${ui.domain.value.trim()}`;
  }

  function logMessage(direction, peer, text) {
    const item = document.createElement("li");
    item.textContent = `${direction} ${peer}: ${text}`;
    item.className = direction === "from" ? "received" : "sent";
    ui.messageLog.appendChild(item);
  }

  function register(event) {
    event.preventDefault();
    if (ua) ua.stop();
    const handle = ui.handle.value.trim().toLowerCase();
    ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(ui.server.value.trim())],
      uri: `sip:${handle}@${ui.domain.value.trim()}`,
      password: ui.password.value,
      register: true,
      register_expires: 600,
      session_timers: false,
      user_agent: "DOTS browser phone",
    });
    ua.on("connecting", () => setStatus("Connecting…"));
    ua.on("disconnected", () => setStatus("Disconnected from the node"));
    ua.on("registered", () => {
      setStatus(`Registered as ${handle}`);
      ui.phone.hidden = ui.messages.hidden = false;
      ui.register.hidden = true;
      ui.unregister.hidden = false;
    });
    ua.on("unregistered", () => setStatus("Not registered"));
    ua.on("registrationFailed", (e) => setStatus(`Registration failed: ${e.cause}`));
    ua.on("newRTCSession", (e) => onSession(e.session, e.originator));
    ua.on("newMessage", (e) => {
      if (e.originator !== "remote") return;
      logMessage("from", e.request.from.uri.user, e.request.body);
    });
    ua.start();
  }

  function unregister() {
    if (!ua) return;
    ua.stop();
    ua = null;
    ui.phone.hidden = ui.messages.hidden = true;
    ui.register.hidden = false;
    ui.unregister.hidden = true;
    setStatus("Not registered");
  }

  function watchMedia(pc) {
    pc.addEventListener("track", (e) => { ui.remoteAudio.srcObject = e.streams[0]; });
  }

  function onSession(s, originator) {
    if (session) { // busy: one call at a time
      if (originator === "remote") s.terminate({ status_code: 486, reason_phrase: "Busy Here" });
      return;
    }
    session = s;
    const peer = s.remote_identity.uri.user || s.remote_identity.uri.toString();
    if (s.connection) watchMedia(s.connection);
    s.on("peerconnection", (e) => watchMedia(e.peerconnection));
    s.on("progress", () => setCallState(originator === "local" ? `Ringing ${peer}…` : `Incoming call from ${peer}`));
    s.on("accepted", () => setCallState(`In call with ${peer}`));
    s.on("confirmed", () => {
      setCallState(`In call with ${peer}`);
      startStats();
    });
    s.on("ended", (e) => endSession(`Call ended (${e.cause})`));
    s.on("failed", (e) => endSession(`Call failed (${e.cause})`));
    ui.hangup.disabled = false;
    ui.call.disabled = true;
    if (originator === "remote") {
      ui.incomingFrom.textContent = `Incoming call from ${peer}`;
      ui.incoming.hidden = false;
      setCallState(`Incoming call from ${peer}`);
    } else {
      setCallState(`Calling ${peer}…`);
    }
  }

  function endSession(text) {
    session = null;
    stopStats();
    ui.incoming.hidden = true;
    ui.hangup.disabled = true;
    ui.call.disabled = false;
    setCallState(text);
  }

  function call(event) {
    event.preventDefault();
    if (!ua || session) return;
    ua.call(targetUri(ui.target.value), MEDIA);
  }

  function hangup() {
    if (session) session.terminate();
  }

  function answer() {
    if (!session) return;
    ui.incoming.hidden = true;
    session.answer(MEDIA);
  }

  function decline() {
    if (!session) return;
    ui.incoming.hidden = true;
    session.terminate({ status_code: 603, reason_phrase: "Decline" });
  }

  function sendMessage(event) {
    event.preventDefault();
    if (!ua) return;
    const to = ui.messageTo.value.trim();
    const text = ui.messageText.value;
    ua.sendMessage(targetUri(to), text, {
      eventHandlers: {
        succeeded: () => logMessage("to", to, text),
        failed: (e) => logMessage("to", to, `${text} (not delivered: ${e.cause})`),
      },
    });
    ui.messageText.value = "";
  }

  /**
   * Audio and transport statistics of the current call (RTCPeerConnection.getStats): packets
   * received and sent, the DTLS state and SRTP cipher, and the addresses the media flows
   * between. null without a call.
   */
  async function callStats() {
    if (!session || !session.connection) return null;
    const reports = await session.connection.getStats();
    const out = { packetsReceived: 0, packetsSent: 0, bytesReceived: 0, dtlsState: "", srtpCipher: "", local: null, remote: null };
    let pairId = "";
    const byId = new Map();
    reports.forEach((r) => {
      byId.set(r.id, r);
      if (r.type === "inbound-rtp" && r.kind === "audio") {
        out.packetsReceived += r.packetsReceived || 0;
        out.bytesReceived += r.bytesReceived || 0;
      } else if (r.type === "outbound-rtp" && r.kind === "audio") {
        out.packetsSent += r.packetsSent || 0;
      } else if (r.type === "transport") {
        out.dtlsState = r.dtlsState || "";
        out.srtpCipher = r.srtpCipher || "";
        pairId = r.selectedCandidatePairId || "";
      }
    });
    const pair = byId.get(pairId);
    const endpoint = (c) => (c ? { address: c.address || c.ip, port: c.port, protocol: c.protocol } : null);
    if (pair) {
      out.local = endpoint(byId.get(pair.localCandidateId));
      out.remote = endpoint(byId.get(pair.remoteCandidateId));
    }
    return out;
  }

  function startStats() {
    stopStats();
    statsTimer = setInterval(async () => {
      const s = await callStats();
      if (!s) return;
      const path = s.remote ? ` from ${s.remote.address}:${s.remote.port}` : "";
      ui.audioStats.textContent = `Audio: ${s.packetsReceived} packets received${path}, ${s.packetsSent} sent; ` +
        `DTLS ${s.dtlsState || "?"}, SRTP ${s.srtpCipher || "?"}`;
    }, 1000);
  }

  function stopStats() {
    if (statsTimer) clearInterval(statsTimer);
    statsTimer = null;
  }

  ui.login.addEventListener("submit", register);
  ui.unregister.addEventListener("click", unregister);
  ui.dial.addEventListener("submit", call);
  ui.hangup.addEventListener("click", hangup);
  ui.answer.addEventListener("click", answer);
  ui.decline.addEventListener("click", decline);
  ui.messageForm.addEventListener("submit", sendMessage);
  window.addEventListener("beforeunload", () => { if (ua) ua.stop(); });

  // For scripts and tests driving the page: the statistics shown under the call.
  window.dotsPhone = { callStats };
})();
