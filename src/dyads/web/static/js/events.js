/* Event table: the API's filters as a form (kept in the address bar), pages, and one event in detail. */
"use strict";

(() => {
  const { el, clear, api, formParams, fillForm, urlParams, fillEvents, actorName, modalityBadge, fmt } = D;
  const form = document.getElementById("filters");
  const tbody = document.querySelector("#events tbody");
  const PAGE = 50;
  let offset = 0;
  let total = 0;

  async function showDetail(ev) {
    const box = document.getElementById("detail");
    const body = await api(`/api/events/${encodeURIComponent(ev.id)}`);
    const e = body.event;
    clear(box);
    box.hidden = false;
    box.appendChild(el("button", { type: "button", class: "close", text: "close", onclick: () => { box.hidden = true; } }));
    box.appendChild(el("h2", {}, `${actorName(e.source)} → ${actorName(e.target)} `, modalityBadge(e.modality)));
    const facts = el("dl", {});
    const rows = [
      ["event", e.id], ["date", `${e.date || "undated"} (${e.date_precision})`], ["CAMEO", `${e.cameo} (root ${e.cameo_root}, quad ${e.quad})`],
      ["PLOVER", `${e.plover.type}${e.plover.mode ? " / " + e.plover.mode : ""}`], ["Goldstein", fmt(e.goldstein, 1)],
      ["confidence", fmt(e.confidence)], ["place", e.place ? `${e.place.name} (${e.place.country || "?"})` : "—"],
      ["attribution", e.attribution ? e.attribution.name || e.attribution.text : "—"], ["cluster", e.cluster_id || "—"],
    ];
    for (const [k, v] of rows) facts.append(el("dt", { text: k }), el("dd", { text: v }));
    box.appendChild(facts);
    if (body.article) {
      const a = body.article;
      box.appendChild(el("h3", { text: a.title || a.id }));
      if (a.url) {
        // a link only to a web address: an article's URL is untrusted (javascript:, data: stay plain text)
        const web = /^https?:\/\//i.test(a.url);
        box.appendChild(el("p", {}, web ? el("a", { href: a.url, rel: "noopener noreferrer nofollow", target: "_blank", text: a.url }) : a.url));
      }
      const text = el("div", { class: "article", dir: "auto" });
      text.appendChild(D.highlight(a.text, e.evidence.spans, 0));
      box.appendChild(text);
    }
    box.scrollIntoView({ block: "nearest" });
  }

  async function load() {
    const params = formParams(form);
    history.replaceState(null, "", D.query(params) || location.pathname);
    const body = await api("/api/events", { ...params, limit: PAGE, offset });
    total = body.total;
    fillEvents(tbody, body.events, (ev) => showDetail(ev).catch(() => {}));
    document.getElementById("total").textContent = `${total} matching event${total === 1 ? "" : "s"}`;
    document.getElementById("page").textContent = total ? `${offset + 1}–${offset + body.events.length} of ${total}` : "";
    document.getElementById("prev").disabled = offset === 0;
    document.getElementById("next").disabled = offset + PAGE >= total;
  }

  fillForm(form, urlParams());
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    offset = 0;
    load().catch(() => {});
  });
  form.addEventListener("reset", () => {
    setTimeout(() => { offset = 0; load().catch(() => {}); }, 0);
  });
  document.getElementById("prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); load().catch(() => {}); });
  document.getElementById("next").addEventListener("click", () => { offset += PAGE; load().catch(() => {}); });
  load().catch(() => {});
})();
