/* Overview: counts, events over time by quad class (stacked bars), most active dyads, latest events. */
"use strict";

(() => {
  const { el, svg, clear, api, formParams, fillForm, urlParams, fmt, QUADS } = D;

  function cards(counts) {
    const box = clear(document.getElementById("counts"));
    for (const key of ["articles", "events", "clusters", "runs"]) {
      box.appendChild(el("div", { class: "card" }, el("strong", { text: counts[key] ?? 0 }), el("span", { text: key })));
    }
  }

  function timeline(rows) {
    const box = clear(document.getElementById("timeline"));
    if (!rows.length) {
      box.appendChild(el("p", { class: "empty", text: "No dated asserted events in this period." }));
      return;
    }
    const W = 900, H = 260, left = 44, bottom = 40, top = 10;
    const max = Math.max(...rows.map((r) => r.events), 1);
    const bw = Math.min((W - left - 10) / rows.length, 80);
    const y = (v) => top + (H - top - bottom) * (1 - v / max);
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timeline", role: "img", "aria-label": "events over time by quad class" });
    for (const t of [0, 0.5, 1]) {
      const v = Math.round(max * t);
      chart.appendChild(svg("line", { x1: left, x2: W - 10, y1: y(v), y2: y(v), stroke: "#ddd" }));
      chart.appendChild(svg("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", class: "tick", text: v }));
    }
    const every = Math.ceil(rows.length / 12);
    rows.forEach((r, i) => {
      let acc = 0;
      const g = svg("g", { class: "bar", "data-period": r.period });
      g.addEventListener("click", () => {
        const by = document.querySelector("#filters select[name=by]").value;
        window.location.href = `/events${D.query({ from: r.start, to: periodEnd(r.start, by) })}`;
      });
      for (const q of QUADS) {
        const v = r[q.key];
        if (!v) continue;
        g.appendChild(
          svg("rect", { x: left + i * bw + 1, width: Math.max(bw - 2, 1), y: y(acc + v), height: y(acc) - y(acc + v), fill: q.color },
            svg("title", { text: `${r.period}: ${v} ${q.label}` }))
        );
        acc += v;
      }
      chart.appendChild(g);
      if (i % every === 0) {
        chart.appendChild(svg("text", { x: left + i * bw + bw / 2, y: H - bottom + 16, "text-anchor": "middle", class: "tick", text: r.period }));
      }
    });
    box.appendChild(chart);
    const legend = clear(document.getElementById("legend"));
    for (const q of QUADS) legend.appendChild(el("span", { class: "key" }, svgSwatch(q.color), q.label));
  }

  function periodEnd(start, by) {
    const d = new Date(start + "T00:00:00Z");
    if (by === "week") d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + ({ month: 1, quarter: 3, year: 12 }[by] || 1));
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  }

  function svgSwatch(color) {
    return svg("svg", { width: 12, height: 12, class: "swatch-svg" }, svg("rect", { width: 12, height: 12, fill: color }));
  }

  function dyads(rows) {
    const tbody = clear(document.querySelector("#dyads tbody"));
    for (const e of rows) {
      const link = el("a", { href: `/dyad?a=${encodeURIComponent(e.source)}&b=${encodeURIComponent(e.target)}`, text: e.source });
      tbody.appendChild(
        el("tr", {}, el("td", {}, link), el("td", { text: e.target }), el("td", { class: "num", text: e.events }),
          el("td", { class: "num", text: e.cooperation }), el("td", { class: "num", text: e.conflict }),
          el("td", { class: "num", text: fmt(e.goldstein_mean) }))
      );
    }
    if (!rows.length) tbody.appendChild(el("tr", {}, el("td", { colspan: 6, class: "empty", text: "No dyads yet." })));
  }

  function latest(events) {
    const list = clear(document.getElementById("latest"));
    for (const ev of events) {
      const sentence = el("div", { class: "evidence clamp", dir: "auto" });
      sentence.appendChild(D.highlight(ev.evidence.sentence, ev.evidence.spans, ev.evidence.start));
      list.appendChild(
        el("li", {}, el("a", { href: `/events?article=${encodeURIComponent(ev.article_id)}`, class: "date", text: ev.date || "undated" }),
          " ", D.modalityBadge(ev.modality), " ", sentence)
      );
    }
  }

  async function load(params) {
    const body = await api("/api/overview", params);
    cards(body.counts);
    timeline(body.timeline);
    dyads(body.top_dyads);
    latest(body.latest);
  }

  const form = document.getElementById("filters");
  const initial = urlParams();
  fillForm(form, initial);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const params = formParams(form);
    history.replaceState(null, "", D.query(params) || location.pathname);
    load(params).catch(() => {});
  });
  load(formParams(form)).catch(() => {});
})();
