/* Dyad: the series of a pair (both directions together): cooperation up, conflict down, Goldstein mean as a
   line; clicking a period lists its events below. */
"use strict";

(() => {
  const { el, svg, clear, api, formParams, fillForm, urlParams, fillEvents, fmt } = D;
  const form = document.getElementById("filters");
  const tbody = document.querySelector("#events tbody");
  let current = null;

  function periodEnd(row, by) {
    const start = new Date(row.start + "T00:00:00Z");
    const end = new Date(start);
    if (by === "week") end.setUTCDate(end.getUTCDate() + 7);
    else end.setUTCMonth(end.getUTCMonth() + ({ month: 1, quarter: 3, year: 12 }[by] || 1));
    end.setUTCDate(end.getUTCDate() - 1);
    return end.toISOString().slice(0, 10);
  }

  async function showPeriod(row) {
    const to = periodEnd(row, current.by);
    document.getElementById("events-title").textContent = `Events of ${current.a}–${current.b}, ${row.period}`;
    document.querySelectorAll("#series .period").forEach((g) => g.classList.toggle("selected", g.dataset.period === row.period));
    const body = await api("/api/events", { dyad: `${current.a},${current.b}`, from: row.start, to, limit: 200 });
    fillEvents(tbody, body.events);
  }

  function draw(rows, alignment) {
    const box = clear(document.getElementById("series"));
    if (!rows.length) {
      box.appendChild(el("p", { class: "empty", text: "No asserted events between these two countries." }));
      return;
    }
    const W = 900, H = 300, left = 70, mid = H / 2, half = H / 2 - 30;
    const max = Math.max(...rows.map((r) => Math.max(r.cooperation_total, r.conflict_total)), 1);
    const bw = Math.min((W - left - 10) / rows.length, 80);
    const x0 = left + (W - left - 10 - bw * rows.length) / 2;
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "series", role: "img", "aria-label": "dyad series" });
    chart.appendChild(svg("line", { x1: left, x2: W - 10, y1: mid, y2: mid, stroke: "#999" }));
    chart.appendChild(svg("text", { x: left - 6, y: mid - half + 4, "text-anchor": "end", class: "tick", text: `${max} coop.` }));
    chart.appendChild(svg("text", { x: left - 6, y: mid + half + 4, "text-anchor": "end", class: "tick", text: `${max} confl.` }));
    const every = Math.ceil(rows.length / 12);
    const line = [];
    rows.forEach((r, i) => {
      const x = x0 + i * bw;
      const g = svg("g", { class: "period", "data-period": r.period, tabindex: 0 });
      g.appendChild(svg("rect", { x, y: 0, width: bw, height: H, fill: "transparent", class: "hit" }));
      const up = (half * r.cooperation_total) / max, down = (half * r.conflict_total) / max;
      if (up) g.appendChild(svg("rect", { x: x + 1, width: Math.max(bw - 2, 1), y: mid - up, height: up, fill: "#2171b5" }));
      if (down) g.appendChild(svg("rect", { x: x + 1, width: Math.max(bw - 2, 1), y: mid, height: down, fill: "#d94801" }));
      g.appendChild(svg("title", { text: `${r.period}: ${r.cooperation_total} cooperation, ${r.conflict_total} conflict, Goldstein mean ${fmt(r.goldstein_mean)}, CCI ${fmt(r.cci)}` }));
      g.addEventListener("click", () => showPeriod(r).catch(() => {}));
      g.addEventListener("keydown", (e) => { if (e.key === "Enter") showPeriod(r).catch(() => {}); });
      chart.appendChild(g);
      if (r.goldstein_mean !== null) {
        const gx = x + bw / 2, gy = mid - (half * r.goldstein_mean) / 10;
        line.push(`${gx.toFixed(1)},${gy.toFixed(1)}`);
        chart.appendChild(svg("circle", { cx: gx.toFixed(1), cy: gy.toFixed(1), r: 3.5, fill: "#333", stroke: "#fff", class: "goldstein-point", "pointer-events": "none" }));
      }
      if (i % every === 0) chart.appendChild(svg("text", { x: x + bw / 2, y: H - 4, "text-anchor": "middle", class: "tick", text: r.period }));
    });
    const aligned = [];
    rows.forEach((r, i) => {
      const score = alignment[r.period];
      if (score === null || score === undefined) return;
      const ax = x0 + i * bw + bw / 2, ay = mid - half * score;
      aligned.push(`${ax.toFixed(1)},${ay.toFixed(1)}`);
      chart.appendChild(svg("rect", { x: (ax - 3).toFixed(1), y: (ay - 3).toFixed(1), width: 7, height: 7, fill: "#6a51a3", stroke: "#fff",
        class: "alignment-point", "pointer-events": "none" }));
    });
    if (aligned.length > 1) chart.appendChild(svg("polyline", { points: aligned.join(" "), fill: "none", stroke: "#6a51a3",
      "stroke-width": 1.5, "stroke-dasharray": "5 3", class: "alignment", "pointer-events": "none" }));
    if (line.length > 1) chart.appendChild(svg("polyline", { points: line.join(" "), fill: "none", stroke: "#333", "stroke-width": 1.5, class: "goldstein", "pointer-events": "none" }));
    box.appendChild(chart);
  }

  async function load() {
    const params = formParams(form);
    if (!params.a || !params.b) {
      const overview = await api("/api/overview", { top: 1 });
      const top = overview.top_dyads[0];
      if (!top) {
        D.status("No dyads in this store yet.");
        return;
      }
      params.a = top.source;
      params.b = top.target;
      fillForm(form, params);
    }
    history.replaceState(null, "", D.query(params));
    const { a, b, by, from, to } = params;
    const body = await api(`/api/dyad/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, { by, from, to });
    current = { a: body.a, b: body.b, by: body.by };
    const rows = body.series.filter((r) => r.direction === "both").map((r) => ({
      ...r, cooperation_total: r.verbal_cooperation + r.material_cooperation, conflict_total: r.verbal_conflict + r.material_conflict,
    }));
    const align = await api(`/api/alignment/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, { by, from, to }).catch(() => null);
    const scores = {};
    if (align) for (const r of align.rows) scores[r.period] = r.score;
    draw(rows, scores);
    document.getElementById("events-title").textContent = `Events of ${body.a}–${body.b}`;
    const all = await api("/api/events", { dyad: `${body.a},${body.b}`, from, to, order: "-date", limit: 100 });
    fillEvents(tbody, all.events);
  }

  fillForm(form, urlParams());
  form.addEventListener("submit", (e) => { e.preventDefault(); load().catch(() => {}); });
  load().catch(() => {});
})();
