/* API docs without a CDN: the app's own /openapi.json, rendered as a list of routes and parameters. */
"use strict";

(() => {
  const { el, clear, api } = D;

  function schemaText(s) {
    if (!s) return "";
    if (s.anyOf) return s.anyOf.map(schemaText).filter((x) => x !== "null").join(" | ");
    if (s.type === "array") return `${schemaText(s.items)}[]`;
    return s.type || (s.$ref ? s.$ref.split("/").pop() : "");
  }

  async function load() {
    const spec = await api("/openapi.json");
    const box = clear(document.getElementById("endpoints"));
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const section = el("section", { class: "endpoint" });
        const example = method === "get" && !path.includes("{") ? el("a", { href: path, text: path }) : el("code", { text: path });
        section.appendChild(el("h2", {}, el("span", { class: `method ${method}`, text: method.toUpperCase() }), " ", example));
        if (op.summary) section.appendChild(el("p", { text: op.summary }));
        const params = op.parameters || [];
        if (params.length) {
          const table = el("table", { class: "data" }, el("thead", {}, el("tr", {}, el("th", { text: "parameter" }), el("th", { text: "in" }),
            el("th", { text: "type" }), el("th", { text: "description" }))));
          const tbody = el("tbody");
          for (const p of params) {
            tbody.appendChild(el("tr", {}, el("td", {}, el("code", { text: p.name })), el("td", { text: p.in }),
              el("td", { text: schemaText(p.schema) }), el("td", { text: p.description || (p.schema && p.schema.description) || "" })));
          }
          table.appendChild(tbody);
          section.appendChild(table);
        }
        if (op.requestBody) {
          const content = Object.keys(op.requestBody.content || {}).join(", ");
          section.appendChild(el("p", {}, "Request body: ", el("code", { text: content })));
        }
        box.appendChild(section);
      }
    }
  }

  load().catch(() => {});
})();
