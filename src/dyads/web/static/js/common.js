/* dyads dashboard: helpers every page uses. No data ever goes through innerHTML: elements are built with
   createElement and filled with textContent, so article text (untrusted) is shown, never run. */
"use strict";

const D = (() => {
  const SVG_NS = "http://www.w3.org/2000/svg";
  const QUADS = [
    { key: "verbal_cooperation", label: "verbal cooperation", color: "#6baed6" },
    { key: "material_cooperation", label: "material cooperation", color: "#2171b5" },
    { key: "verbal_conflict", label: "verbal conflict", color: "#fd8d3c" },
    { key: "material_conflict", label: "material conflict", color: "#d94801" },
  ];
  const BLOC_COLORS = ["#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4", "#b2df8a"];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = String(v);
      else if (k === "class") node.className = v;
      else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) append(node, c);
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "text") node.textContent = String(v);
      else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children) append(node, c);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach((c) => append(node, c));
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function status(message, isError) {
    const s = document.getElementById("status");
    if (!s) return;
    s.textContent = message || "";
    s.classList.toggle("error", Boolean(isError));
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v === null || v === undefined || v === "") continue;
      if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
      else q.append(k, v);
    }
    const s = q.toString();
    return s ? "?" + s : "";
  }

  async function api(path, params, options) {
    const response = await fetch(path + query(params), options);
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const err = body && body.error ? body.error : { code: "E000", message: response.statusText };
      status(`error ${err.code}: ${err.message}`, true);
      throw new Error(err.message);
    }
    status("");
    return body;
  }

  function formParams(form) {
    const out = {};
    for (const [k, v] of new FormData(form).entries()) {
      if (typeof v === "string" && v.trim() !== "") out[k] = v.trim();
    }
    return out;
  }

  function fillForm(form, params) {
    for (const [k, v] of Object.entries(params)) {
      const field = form.elements.namedItem(k);
      if (field && "value" in field) field.value = v;
    }
  }

  function urlParams() {
    const out = {};
    for (const [k, v] of new URLSearchParams(window.location.search).entries()) out[k] = v;
    return out;
  }

  function actorName(a) {
    if (!a) return "—";
    const name = a.name || a.text || "?";
    return a.country ? `${name} (${a.country})` : name;
  }

  function modalityBadge(m) {
    return el("span", { class: `badge modality-${m}`, text: m, title: `modality: ${m}` });
  }

  /* The evidence sentence with the source, action and target spans marked. Spans are offsets into the
     article text; ``base`` is where the shown text starts in it (the sentence's start for a sentence). */
  function highlight(text, spans, base) {
    const marks = [];
    for (const role of ["target", "source", "action"]) {
      const s = spans && spans[role];
      if (!s) continue;
      const start = Math.max(0, s[0] - base);
      const end = Math.min(text.length, s[1] - base);
      if (end > start) marks.push({ start, end, role });
    }
    return segments(text, marks);
  }

  /* Text split at the marks (later marks win where they overlap), as a fragment of text and <mark>s. */
  function segments(text, marks) {
    const owner = new Array(text.length + 1).fill(null);
    for (const m of marks) for (let i = m.start; i < m.end; i++) owner[i] = m;
    const frag = document.createDocumentFragment();
    let i = 0;
    while (i < text.length) {
      const m = owner[i];
      let j = i + 1;
      while (j < text.length && owner[j] === m) j++;
      const piece = text.slice(i, j);
      if (m) {
        frag.appendChild(
          el("mark", { class: `span-${m.role}`, title: m.title || m.role, "data-event": m.event || null, text: piece })
        );
      } else {
        frag.appendChild(document.createTextNode(piece));
      }
      i = j;
    }
    return frag;
  }

  function eventRow(ev, onSelect) {
    const box = el("div", { class: "clamp", dir: "auto" });
    box.appendChild(highlight(ev.evidence.sentence, ev.evidence.spans, ev.evidence.start));
    const evidence = el("td", { class: "evidence" }, box);
    const tr = el(
      "tr",
      { "data-id": ev.id, class: `quad-${ev.quad}` },
      el("td", { class: "nowrap", text: ev.date || "undated" }),
      el("td", { text: actorName(ev.source) }),
      el("td", { title: `CAMEO ${ev.cameo} · PLOVER ${ev.plover.type}` }, el("code", { text: ev.cameo }), " ", ev.plover.type),
      el("td", { text: actorName(ev.target) }),
      el("td", {}, modalityBadge(ev.modality)),
      evidence,
      el("td", { class: "num", text: ev.confidence.toFixed(2) })
    );
    if (onSelect) {
      tr.classList.add("clickable");
      tr.addEventListener("click", () => onSelect(ev));
    }
    return tr;
  }

  function fillEvents(tbody, events, onSelect) {
    clear(tbody);
    if (!events.length) {
      tbody.appendChild(el("tr", {}, el("td", { colspan: 7, class: "empty", text: "No events." })));
      return;
    }
    for (const ev of events) tbody.appendChild(eventRow(ev, onSelect));
  }

  function fmt(x, digits) {
    if (x === null || x === undefined) return "—";
    return typeof x === "number" && !Number.isInteger(x) ? x.toFixed(digits === undefined ? 2 : digits) : String(x);
  }

  function blocColor(i) {
    return BLOC_COLORS[i % BLOC_COLORS.length];
  }

  return { el, svg, clear, status, api, query, formParams, fillForm, urlParams, actorName, modalityBadge,
    highlight, segments, eventRow, fillEvents, fmt, blocColor, QUADS };
})();
