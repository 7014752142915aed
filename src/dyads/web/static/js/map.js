/* Map: an offline world map (Natural Earth 1:110m shapes from the world-atlas package, TopoJSON decoded
   here) with countries shaded by the events located in them and the located events as dots. */
"use strict";

(() => {
  const { el, svg, clear, api, formParams, fillForm, urlParams } = D;
  const W = 960, H = 480;
  const form = document.getElementById("filters");
  let world = null;

  const px = (lon) => ((lon + 180) * W) / 360;
  const py = (lat) => ((90 - lat) * H) / 180;

  function decodeArcs(topo) {
    const t = topo.transform;
    return topo.arcs.map((arc) => {
      let x = 0, y = 0;
      return arc.map((p) => {
        if (t) { x += p[0]; y += p[1]; return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]]; }
        return p;
      });
    });
  }

  /* One ring as path data. A ring that crosses the antimeridian is unwrapped (longitudes made continuous,
     running past 180°) and drawn twice, once shifted by 360°; the map's frame clips both copies. */
  function ringPath(ring, arcs) {
    const points = [];
    for (const idx of ring) {
      const arc = idx < 0 ? [...arcs[~idx]].reverse() : arcs[idx];
      arc.forEach((p, i) => { if (i > 0 || points.length === 0) points.push([p[0], p[1]]); });
    }
    let shift = 0, prev = null, min = Infinity, max = -Infinity;
    for (const p of points) {
      if (prev !== null && Math.abs(p[0] + shift - prev) > 180) shift += p[0] + shift < prev ? 360 : -360;
      p[0] += shift;
      prev = p[0];
      min = Math.min(min, p[0]);
      max = Math.max(max, p[0]);
    }
    const draw = (offset) =>
      points.map(([lon, lat], i) => `${i ? "L" : "M"}${px(lon + offset).toFixed(1)},${py(lat).toFixed(1)}`).join("") + "Z";
    let d = draw(0);
    if (max > 180) d += draw(-360);
    if (min < -180) d += draw(360);
    return d;
  }

  function geometryPath(g, arcs) {
    if (g.type === "Polygon") return g.arcs.map((r) => ringPath(r, arcs)).join("");
    if (g.type === "MultiPolygon") return g.arcs.map((poly) => poly.map((r) => ringPath(r, arcs)).join("")).join("");
    return "";
  }

  async function loadWorld() {
    const response = await fetch("/static/world/countries-110m.json");
    const topo = await response.json();
    const arcs = decodeArcs(topo);
    return topo.objects.countries.geometries.map((g) => ({
      id: g.id, name: (g.properties && g.properties.name) || "", d: geometryPath(g, arcs),
    }));
  }

  function draw(places) {
    const box = clear(document.getElementById("map"));
    const byNumeric = {};
    for (const c of places.countries) if (c.numeric) byNumeric[c.numeric] = c;
    const max = Math.max(...places.countries.map((c) => c.events), 1);
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "map-svg", role: "img", "aria-label": "world map of events" });
    chart.appendChild(svg("rect", { width: W, height: H, fill: "#eef3f7" }));
    chart.setAttribute("overflow", "hidden");
    const countries = svg("g", { class: "countries" });
    for (const c of world) {
      const hit = byNumeric[c.id];
      const shade = hit ? 0.15 + 0.85 * Math.sqrt(hit.events / max) : 0;
      const path = svg("path", {
        d: c.d, class: hit ? "country has-events" : "country", "data-id": c.id,
        fill: hit ? `rgba(106, 81, 163, ${shade.toFixed(2)})` : "#d9d9d9", stroke: "#fff", "stroke-width": 0.5,
      }, svg("title", { text: hit ? `${c.name}: ${hit.events} events (${hit.cooperation} cooperation, ${hit.conflict} conflict)` : c.name }));
      if (hit) path.addEventListener("click", () => { window.location.href = `/events?place=${encodeURIComponent(hit.country)}`; });
      countries.appendChild(path);
    }
    chart.appendChild(countries);
    const dots = svg("g", { class: "dots" });
    for (const p of places.points) {
      if (p.lat === null || p.lon === null) continue;
      const link = svg("a", { href: `/events?bbox=${p.lon},${p.lat},${p.lon},${p.lat}` });
      link.appendChild(svg("circle", { cx: px(p.lon).toFixed(1), cy: py(p.lat).toFixed(1), r: 3.5, class: "dot", "data-id": p.id,
        fill: p.quad <= 2 ? "#2171b5" : "#d94801", stroke: "#111", "stroke-width": 0.8 },
        svg("title", { text: `${p.date || "undated"} · ${p.place}: ${p.source} → ${p.target || "—"} (${p.cameo})` })));
      dots.appendChild(link);
    }
    chart.appendChild(dots);
    box.appendChild(chart);
    const list = clear(document.getElementById("places"));
    for (const c of places.countries.slice(0, 20)) {
      list.appendChild(el("li", {}, el("a", { href: `/events?place=${encodeURIComponent(c.country)}`, text: c.country }),
        ` ${c.events} events (${c.cooperation} cooperation, ${c.conflict} conflict)`));
    }
  }

  async function load() {
    const params = formParams(form);
    history.replaceState(null, "", D.query(params) || location.pathname);
    if (!world) world = await loadWorld();
    draw(await api("/api/places", { ...params, limit: 1000 }));
  }

  fillForm(form, urlParams());
  form.addEventListener("submit", (e) => { e.preventDefault(); load().catch(() => {}); });
  load().catch(() => {});
})();
