// The MCP App's side of the MCP Apps bridge (SEP-1865, protocol 2026-01-26, as
// @modelcontextprotocol/ext-apps speaks it): JSON-RPC 2.0 over postMessage with the host. It sends
// ui/initialize, then ui/notifications/initialized; the host posts ui/notifications/tool-result with
// the get_status or start_run result, which is turned into the report's data and rendered. When the
// host proxies tool calls (hostCapabilities.serverTools), the page follows a live run itself through
// get_status (detail "tasks", wait_s). Nothing here touches the network.
(function () {
  "use strict";
  var PROTOCOL = "2026-01-26", TASKS_PAGE = 500, WAIT_S = 20;
  var host = window.parent, nextId = 1, pending = {}, canCall = false, following = false;
  function send(message) { host.postMessage(message, "*"); }
  function request(method, params) {
    var id = nextId++;
    send({ jsonrpc: "2.0", id: id, method: method, params: params });
    return new Promise(function (ok, fail) { pending[id] = { ok: ok, fail: fail }; });
  }
  function notify(method, params) { send({ jsonrpc: "2.0", method: method, params: params || {} }); }
  window.addEventListener("message", function (e) {
    var m = e.data;
    if (e.source !== host || !m || m.jsonrpc !== "2.0") return;
    if (m.method == null && m.id != null && pending[m.id]) {
      var p = pending[m.id]; delete pending[m.id];
      if (m.error) p.fail(m.error); else p.ok(m.result);
    } else if (m.method === "ui/notifications/tool-result") {
      show(m.params);
    } else if (m.id != null && (m.method === "ping" || m.method === "ui/resource-teardown")) {
      send({ jsonrpc: "2.0", id: m.id, result: {} });
    }
  });

  function ms(text) { return text == null ? null : Date.parse(text); }
  function bar(turn, attempt, kind, start, end, status, error, now) {
    return { turn: turn, attempt: attempt, kind: kind, prompt: null, start: start, end: end == null ? now : end, status: status, error: error, estimatedStart: false };
  }
  function worktree(w) {
    return w == null ? null : { branch: w.branch, committed: w.head != null, filesChanged: w.files_changed || 0,
      insertions: w.insertions || 0, deletions: w.deletions || 0 };
  }
  function task(t, now) {
    var start = ms(t.started_at), end = ms(t.ended_at);
    return {
      name: t.name, wave: t.wave || 0, status: t.status, dependsOn: t.depends_on || [], critical: false,
      startedAt: start, endedAt: end, durationMs: t.duration_ms == null ? null : t.duration_ms,
      inputTokens: t.input_tokens || 0, cachedInputTokens: t.cached_input_tokens || 0,
      outputTokens: t.output_tokens || 0, reasoningOutputTokens: t.reasoning_output_tokens || 0,
      commandCount: t.commands || 0, fileCount: t.files || 0, lastAction: t.last_action || null,
      error: t.error || null, exitCode: t.exit_code == null ? null : t.exit_code, attemptErrors: [],
      attemptCount: start == null ? 0 : t.turns ? t.turns[t.turns.length - 1].attempt : 1, verifyRounds: [], worktree: worktree(t.worktree),
      // a task of several turns lists them (numbered by attempt); one of a single turn is a bar from its start to its end
      bars: t.turns ? t.turns.map(function (u) { return bar(u.turn, u.attempt, u.kind, ms(u.started_at), ms(u.ended_at), u.status, null, now); })
        : start == null ? [] : [bar(null, 1, null, start, end, t.status, t.error || null, now)],
      commands: [], files: [], activityCut: false, outputHtml: null, stderrTail: null
    };
  }
  // get_status (a RunView; its task table with detail "tasks") or start_run (a StartedRun) → the
  // report's data.
  function fromTool(s, now) {
    var tasks;
    if (s.tasks && s.tasks.length && typeof s.tasks[0] === "string") {
      var waveOf = {};
      (s.waves || []).forEach(function (names, w) { names.forEach(function (n) { waveOf[n] = w; }); });
      tasks = s.tasks.map(function (n) { return task({ name: n, wave: waveOf[n], status: "pending" }, now); });
    } else if (s.tasks) {
      tasks = s.tasks.map(function (t) { return task(t, now); });
    } else {
      tasks = (s.running || []).map(function (t) { return task({ name: t.name, status: "running", last_action: t.last_action }, now); })
        .concat((s.troubled || []).map(function (t) { return task(t, now); }));
    }
    var waves = tasks.reduce(function (n, t) { return Math.max(n, t.wave + 1); }, 0);
    // get_status gives the critical path with its task table (the server's, as in the report)
    var critical = s.critical_path || [];
    tasks.forEach(function (t) { t.critical = critical.indexOf(t.name) >= 0; });
    return {
      run: { id: s.run_id, status: s.status || "running", dir: s.dir, live: s.live !== false,
        startedAt: ms(s.started_at), endedAt: ms(s.ended_at), now: now, waves: waves,
        criticalPath: critical, version: s.version },
      tasks: tasks
    };
  }
  function show(result) {
    var s = result && result.structuredContent;
    if (!s || !s.run_id) return;
    window.codexParReport.render(fromTool(s, Date.now()));
    if (canCall && !following && s.live !== false) follow(s);
  }
  function follow(s) {
    following = true;
    var args = { run_id: s.run_id, detail: "tasks", limit: TASKS_PAGE };
    if (s.version != null && s.tasks && typeof s.tasks[0] !== "string") { args.wait_s = WAIT_S; args.since_version = s.version; }
    request("tools/call", { name: "get_status", arguments: args }).then(
      function (r) { following = false; if (!r.isError) show(r); },
      function () { following = false; });
  }
  function resized() {
    notify("ui/notifications/size-changed", { width: Math.ceil(innerWidth), height: Math.ceil(document.documentElement.getBoundingClientRect().height) });
  }
  request("ui/initialize", { appInfo: { name: "codex-par run", version: "1" }, appCapabilities: {}, protocolVersion: PROTOCOL })
    .then(function (r) {
      canCall = !!(r && r.hostCapabilities && r.hostCapabilities.serverTools);
      notify("ui/notifications/initialized");
      if (window.ResizeObserver) new ResizeObserver(resized).observe(document.body);
    });
})();
