//! The participant page: one HTML shell, its stylesheet and its script, served from ttx itself
//! (no external resource, so the Content-Security-Policy can allow `'self'` only). The shell
//! carries the current view as a JSON data block (never run as script), so the page is drawn at
//! once; the script then follows `/events`. It draws each snapshot with DOM text nodes, never as
//! HTML, so scenario text cannot become markup.

/// The page with `view` (a view's JSON, or `null`) in its data block; `<` is escaped so that no
/// text in the view can close the block.
pub fn html(view: &str) -> String {
    HTML.replace("{view}", &view.replace('<', "\\u003c"))
}

const HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ttx · participant screen</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body>
<header>
  <div class="title">
    <h1 id="title">Waiting for the drill…</h1>
    <p id="link" class="link">connecting…</p>
  </div>
  <div class="clock sim">
    <span class="caption">Scenario time</span>
    <span id="sim-time" class="time">--:--</span>
    <span id="sim-day" class="day"></span>
  </div>
  <div class="clock room">
    <span class="caption">Room time</span>
    <span id="room-time" class="time">--:--</span>
    <span id="room-day" class="day"></span>
  </div>
</header>
<p id="ended" class="ended" hidden></p>
<main>
  <section>
    <h2>Messages <span id="message-count" class="count"></span></h2>
    <ol id="messages" class="feed"><li class="empty">Nothing has reached the team yet.</li></ol>
  </section>
  <section>
    <h2>Decisions <span id="decision-count" class="count"></span></h2>
    <ol id="decisions" class="feed"><li class="empty">No decision yet.</li></ol>
  </section>
</main>
<script type="application/json" id="initial">{view}</script>
<noscript><p class="ended">This page needs JavaScript to follow the drill.</p></noscript>
</body>
</html>
"#;

pub const CSS: &str = r#":root {
  --ink: #111820; --muted: #4a5563; --paper: #f7f7f4; --card: #ffffff; --line: #d5d8dc;
  --inject: #1f5fbf; --alert: #b3261e; --finding: #6b3fa0; --done: #1c7a3a; --wait: #8a5a00;
  font-family: "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
  font-size: clamp(16px, 1.35vw, 28px); line-height: 1.35; color: var(--ink); background: var(--paper);
}
* { box-sizing: border-box; }
body { margin: 0; }
header { display: flex; gap: 2rem; align-items: center; padding: 0.8rem 1.5rem; background: var(--ink); color: #fff; }
.title { flex: 1; min-width: 0; }
h1 { margin: 0; font-size: 1.45rem; line-height: 1.2; }
.link { margin: 0.2rem 0 0; color: #c8d0da; font-size: 0.9rem; }
.link.lost { color: #ffb4a9; }
.clock { display: grid; text-align: right; }
.clock .caption { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.08em; color: #c8d0da; }
.clock .time { font-size: 2.8rem; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.05; }
.clock .day { font-size: 0.95rem; color: #e6eaef; }
.clock.room .time { color: #c8d0da; }
.ended { margin: 0; padding: 0.6rem 1.5rem; background: #fff3cd; border-bottom: 2px solid var(--wait); font-weight: 700; font-size: 1.2rem; }
main { display: grid; grid-template-columns: 3fr 2fr; gap: 1.5rem; padding: 1rem 1.5rem; }
@media (max-width: 900px) {
  main { grid-template-columns: 1fr; }
  header { flex-wrap: wrap; gap: 0.5rem 2rem; }
  .title { flex-basis: 100%; }
  .clock { text-align: left; }
  .clock .time { font-size: 2rem; }
}
h2 { margin: 0 0 0.6rem; font-size: 1.3rem; }
.count { color: var(--muted); font-weight: 400; }
.feed { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.7rem; }
.feed > li { background: var(--card); border: 1px solid var(--line); border-left: 0.45rem solid var(--line); border-radius: 0.3rem; padding: 0.6rem 0.9rem; }
.feed > li.empty { border-left-color: var(--line); color: var(--muted); }
.meta { display: flex; flex-wrap: wrap; gap: 0 0.8rem; color: var(--muted); font-size: 0.85rem; }
.meta .kind { font-weight: 700; }
.message h3 { margin: 0.15rem 0; font-size: 1.15rem; }
.message .text { margin: 0.3rem 0 0; white-space: pre-wrap; }
.message.inject { border-left-color: var(--inject); } .message.inject .kind { color: var(--inject); }
.message.alert { border-left-color: var(--alert); } .message.alert .kind { color: var(--alert); }
.message.finding { border-left-color: var(--finding); } .message.finding .kind { color: var(--finding); }
.message.new { box-shadow: 0 0 0 3px #ffd54f; }
.message summary { cursor: pointer; list-style: none; }
.message summary::-webkit-details-marker { display: none; }
.message details:not([open]) h3 { font-size: 1rem; font-weight: 600; }
.new-tag { background: #ffd54f; color: var(--ink); font-weight: 700; padding: 0 0.4rem; border-radius: 0.2rem; }
.questions { margin: 0.5rem 0 0; padding: 0.4rem 0.8rem 0.4rem 2rem; background: #eef3fb; border-radius: 0.25rem; }
.questions li { margin: 0.15rem 0; font-weight: 600; }
.decision .what { font-weight: 700; font-size: 1.05rem; }
.decision .detail { font-size: 0.9rem; }
.decision.given { border-left-color: var(--muted); background: #f0f1f3; }
.state { font-weight: 700; font-size: 0.75rem; letter-spacing: 0.06em; padding: 0 0.35rem; border-radius: 0.2rem; color: #fff; background: var(--muted); }
.decision.underway .state { background: var(--wait); } .decision.done .state { background: var(--done); }
.decision.rejected .state, .decision.failed .state { background: var(--alert); }
.decision.underway { border-left-color: var(--wait); } .decision.underway .detail { color: var(--wait); }
.decision.done { border-left-color: var(--done); } .decision.done .detail { color: var(--done); }
.decision.rejected, .decision.failed { border-left-color: var(--alert); }
.decision.rejected .detail, .decision.failed .detail { color: var(--alert); }
"#;

pub const JS: &str = r#""use strict";
// Draws the view the page came with, then follows /events. Text goes in as text nodes only.
(function () {
  const byId = (id) => document.getElementById(id);
  // How many of the newest messages are shown open; older ones fold to their title.
  const OPEN = 2;
  const seen = new Set();
  let fresh = new Set();
  let clock = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== "") node.textContent = text;
    return node;
  }

  function meta(parts) {
    const line = el("div", "meta");
    parts.forEach(([className, text]) => { if (text) line.appendChild(el("span", className, text)); });
    return line;
  }

  function fill(list, items, empty, draw) {
    list.replaceChildren();
    if (items.length === 0) { list.appendChild(el("li", "empty", empty)); return; }
    items.slice().reverse().forEach((item, age) => list.appendChild(draw(item, age)));
  }

  const key = (m) => [m.kind, m.label, m.at, m.title].join("|");

  // Messages that arrived with the latest move of the clock are marked new until it moves again.
  function markFresh(view) {
    if (clock !== null && clock !== view.clock.elapsed) {
      fresh = new Set(view.messages.map(key).filter((k) => !seen.has(k)));
    }
    view.messages.forEach((m) => seen.add(key(m)));
    clock = view.clock.elapsed;
  }

  function message(m, age) {
    const isNew = fresh.has(key(m));
    const item = el("li", "message " + m.kind + (isNew ? " new" : ""));
    const details = el("details");
    details.open = age < OPEN;
    const summary = el("summary");
    summary.appendChild(meta([["new-tag", isNew ? "NEW" : ""], ["kind", m.label], ["at", m.at], ["route", m.route]]));
    summary.appendChild(el("h3", "", m.title));
    details.appendChild(summary);
    if (m.text) details.appendChild(el("p", "text", m.text));
    if (m.questions.length) {
      const questions = el("ol", "questions");
      m.questions.forEach((q) => questions.appendChild(el("li", "", q)));
      details.appendChild(questions);
    }
    item.appendChild(details);
    return item;
  }

  function decision(d) {
    const item = el("li", "decision " + d.state);
    const state = { given: "GIVEN", underway: "UNDER WAY", done: "DONE", rejected: "REJECTED", failed: "FAILED" };
    item.appendChild(meta([["state", state[d.state]], ["role", d.role], ["at", d.taken ? "taken " + d.taken : ""]]));
    item.appendChild(el("div", "what", d.action));
    item.appendChild(el("div", "detail", d.detail));
    return item;
  }

  function render(view) {
    if (!view) return;
    markFresh(view);
    document.title = view.title + " · ttx";
    byId("title").textContent = view.title;
    byId("sim-time").textContent = view.clock.time;
    byId("sim-day").textContent = [view.clock.day, view.clock.elapsed, view.clock.hours].filter(Boolean).join(" · ");
    const ended = byId("ended");
    ended.hidden = !view.ended;
    ended.textContent = view.ended ? "The drill is over: " + view.ended + "." : "";
    fill(byId("messages"), view.messages, "Nothing has reached the team yet.", message);
    fill(byId("decisions"), view.decisions, "No decision yet.", decision);
    byId("message-count").textContent = view.messages.length ? "(" + view.messages.length + ")" : "";
    byId("decision-count").textContent = view.decisions.length ? "(" + view.decisions.length + ")" : "";
  }

  // The room's clock, on the same 24-hour pattern as the scenario's: 04:17, Sat 2025-12-05.
  function roomClock() {
    const now = new Date();
    const two = (n) => String(n).padStart(2, "0");
    const day = now.toLocaleDateString("en-GB", { weekday: "short" });
    byId("room-time").textContent = two(now.getHours()) + ":" + two(now.getMinutes());
    byId("room-day").textContent = day + " " + now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  function link(text, lost) {
    const node = byId("link");
    node.textContent = text;
    node.classList.toggle("lost", lost);
  }

  roomClock();
  setInterval(roomClock, 1000);
  render(JSON.parse(byId("initial").textContent));
  const events = new EventSource("/events");
  events.addEventListener("view", (event) => {
    render(JSON.parse(event.data));
    link("live · updates by itself", false);
  });
  events.onerror = () => link("connection to the console lost: showing the last state (retrying)", true);
})();
"#;

#[cfg(test)]
mod tests {
    /// Scenario text in the data block cannot close it and start a script of its own.
    #[test]
    fn text_in_the_view_cannot_leave_its_data_block() {
        let page = super::html(r#"{"title":"</script><script>alert(1)</script><!--"}"#);
        assert_eq!(page.matches("</script>").count(), 2, "the two script tags of the shell only");
        assert!(page.contains(r#"\u003c/script>\u003cscript>alert(1)"#));
        assert!(!page.contains("<!--"));
    }
}
