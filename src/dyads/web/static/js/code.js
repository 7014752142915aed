/* Code an article: paste text, POST it to /api/code (nothing is stored), see the text with every event's
   source, action and target marked, and the events listed. */
"use strict";

(() => {
  const { el, clear, api, formParams, fillEvents } = D;
  const form = document.getElementById("code-form");
  // pasted news is usually today's: "yesterday" and "on Saturday" resolve against this unless changed
  const day = form.querySelector('input[name="date"]');
  if (day && !day.value) {
    const now = new Date();
    day.value = new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  function show(body) {
    const marks = [];
    body.events.forEach((ev, i) => {
      for (const role of ["target", "source", "action"]) {
        const s = ev.evidence.spans[role];
        if (s && s[1] > s[0]) marks.push({ start: s[0], end: s[1], role, event: ev.id, title: `${role} of event ${i + 1} (${ev.cameo})` });
      }
    });
    const article = clear(document.getElementById("article"));
    article.appendChild(D.segments(body.text, marks));
    const n = body.events.length;
    document.getElementById("found").textContent = `${n} event${n === 1 ? "" : "s"}`;
    fillEvents(document.querySelector("#events tbody"), body.events, (ev) => {
      const mark = article.querySelector(`mark[data-event="${CSS.escape(ev.id)}"]`);
      if (mark) mark.scrollIntoView({ block: "center" });
    });
    document.getElementById("result").hidden = false;
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const params = formParams(form);
    const button = form.querySelector("button");
    button.disabled = true;
    D.status("Coding… (the first request loads the language model, which takes a few seconds)");
    try {
      const body = await api("/api/code", null, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: document.getElementById("text").value, date: params.date || null }),
      });
      show(body);
    } catch (err) {
      /* the status line already shows the error */
    } finally {
      button.disabled = false;
    }
  });
})();
