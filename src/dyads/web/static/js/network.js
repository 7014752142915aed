/* Network: countries on a circle grouped by bloc, directed edges coloured by cooperation or conflict,
   a slider over months and a window length. */
"use strict";

(() => {
  const { el, svg, clear, api, fmt, blocColor } = D;
  const form = document.getElementById("filters");
  const slider = document.getElementById("slider");
  let months = [];

  function addMonths(iso, n) {
    const [y, m] = iso.split("-").map(Number);
    const d = new Date(Date.UTC(y, m - 1 + n, 1));
    return d.toISOString().slice(0, 10);
  }

  function range() {
    const windowMonths = Number(form.elements.namedItem("window").value);
    if (!months.length || windowMonths === 0) return { from: null, to: null, label: "all time" };
    const end = months[Number(slider.value)];
    const from = addMonths(end, -(windowMonths - 1));
    const to = addMonths(end, 1);
    const last = new Date(Date.parse(to) - 86400000).toISOString().slice(0, 10);
    return { from, to: last, label: `${from} … ${last}` };
  }

  function draw(net, membership) {
    const box = clear(document.getElementById("network"));
    const W = 720, H = 620, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 60;
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "network-svg", role: "img", "aria-label": "country network" });
    const blocIds = [...new Set(Object.values(membership))].sort();
    const nodes = net.nodes.map((n) => n.id).sort((a, b) => {
      const ba = membership[a] || "~", bb = membership[b] || "~";
      return ba === bb ? a.localeCompare(b) : ba.localeCompare(bb);
    });
    if (!nodes.length) {
      box.appendChild(el("p", { class: "empty", text: "No events between countries in this period." }));
      return;
    }
    const pos = {};
    nodes.forEach((n, i) => {
      const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
      pos[n] = { x: cx + R * Math.cos(a), y: cy + R * Math.sin(a), a };
    });
    const maxEvents = Math.max(...net.edges.map((e) => e.events), 1);
    const defs = svg("defs");
    for (const [id, color] of [["arrow-coop", "#2171b5"], ["arrow-conf", "#d94801"]]) {
      defs.appendChild(svg("marker", { id, viewBox: "0 0 10 10", refX: 19, refY: 5, markerWidth: 12, markerHeight: 12,
        orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: color })));
    }
    chart.appendChild(defs);
    const edges = svg("g", { class: "edges" });
    for (const e of net.edges) {
      const s = pos[e.source], t = pos[e.target];
      if (!s || !t) continue;
      const mx = (s.x + t.x) / 2, my = (s.y + t.y) / 2;
      const dx = t.x - s.x, dy = t.y - s.y;
      const bend = 0.15;
      const qx = mx - dy * bend, qy = my + dx * bend;
      const coop = e.cooperation >= e.conflict;
      edges.appendChild(
        svg("path", {
          d: `M${s.x.toFixed(1)},${s.y.toFixed(1)} Q${qx.toFixed(1)},${qy.toFixed(1)} ${t.x.toFixed(1)},${t.y.toFixed(1)}`,
          fill: "none", stroke: coop ? "#2171b5" : "#d94801", "stroke-opacity": 0.65,
          "stroke-width": (1 + 5 * Math.sqrt(e.events / maxEvents)).toFixed(2), class: coop ? "edge coop" : "edge conf",
          "marker-end": `url(#${coop ? "arrow-coop" : "arrow-conf"})`,
        }, svg("title", { text: `${e.source} → ${e.target}: ${e.cooperation} cooperation, ${e.conflict} conflict` }))
      );
    }
    chart.appendChild(edges);
    const g = svg("g", { class: "nodes" });
    for (const n of nodes) {
      const p = pos[n];
      const bloc = membership[n];
      const color = bloc ? blocColor(blocIds.indexOf(bloc)) : "#999";
      const link = svg("a", { href: `/events?country=${encodeURIComponent(n)}` });
      link.appendChild(svg("circle", { cx: p.x, cy: p.y, r: 9, fill: color, stroke: "#fff", "stroke-width": 2, class: "node", "data-id": n },
        svg("title", { text: `${n}${bloc ? " · bloc " + bloc : " · unaligned"}` })));
      const lx = cx + (R + 24) * Math.cos(p.a), ly = cy + (R + 24) * Math.sin(p.a);
      link.appendChild(svg("text", { x: lx, y: ly + 4, "text-anchor": "middle", class: "label", text: n }));
      g.appendChild(link);
    }
    chart.appendChild(g);
    box.appendChild(chart);
  }

  function table(net) {
    const tbody = clear(document.querySelector("#edges tbody"));
    const edges = [...net.edges].sort((a, b) => b.events - a.events).slice(0, 50);
    for (const e of edges) {
      tbody.appendChild(el("tr", {},
        el("td", {}, el("a", { href: `/dyad?a=${encodeURIComponent(e.source)}&b=${encodeURIComponent(e.target)}`, text: e.source })),
        el("td", { text: e.target }), el("td", { class: "num", text: e.cooperation }),
        el("td", { class: "num", text: e.conflict }), el("td", { class: "num", text: fmt(e.goldstein_mean) })));
    }
  }

  async function load() {
    const r = range();
    document.getElementById("period-label").textContent = r.label;
    const params = { from: r.from, to: r.to, min_events: form.elements.namedItem("min_events").value };
    const [net, blocs] = await Promise.all([
      api("/api/network", params),
      api("/api/blocs", { from: r.from, to: r.to }).catch(() => null),
    ]);
    const membership = {};
    if (blocs && blocs.periods && blocs.periods.length) {
      for (const b of blocs.periods[blocs.periods.length - 1].blocs) for (const m of b.members) membership[m] = b.id;
    }
    draw(net, membership);
    table(net);
  }

  async function init() {
    const overview = await api("/api/overview", { by: "month", top: 1 });
    months = overview.timeline.map((r) => r.start);
    slider.max = String(Math.max(months.length - 1, 0));
    slider.value = slider.max;
    slider.disabled = months.length === 0;
    await load();
  }

  let timer = null;
  slider.addEventListener("input", () => {  // while dragging: one request when the slider rests 150 ms
    clearTimeout(timer);
    timer = setTimeout(() => load().catch(() => {}), 150);
  });
  form.addEventListener("change", (e) => { if (e.target !== slider) load().catch(() => {}); });
  form.addEventListener("submit", (e) => { e.preventDefault(); load().catch(() => {}); });
  init().catch(() => {});
})();
