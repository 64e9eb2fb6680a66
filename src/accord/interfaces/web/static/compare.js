// accord web page, compare view: two to four presets side by side through POST /api/v1/compare.
// Each deal gets its headline numbers and its own fan chart (same axes, the baseline dashed).
// Kept apart from app.js: it only reads the page's baseline and members choices.
"use strict";

(() => {
  const API = "/api/v1";
  const $ = (id) => document.getElementById(id);
  const fmt = (x) => `${x.toFixed(2)} °C`;
  let compared = 0;  // body[data-compared]: answers rendered (for tests)

  function chosen() {
    return [...$("compare-presets").selectedOptions].map((o) => o.value);
  }

  // an element with a class and text (text only: nothing from the server is parsed as HTML)
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const range = (p) => `${p.p05.toFixed(2)}–${p.p95.toFixed(2)} (5–95 %)`;

  function card(r, i) {
    const v = r.verdict;
    const box = el("div", "compare-card");
    box.dataset.scenario = v.scenario;
    const line = (label, cls, value, extra) => {
      const p = el("p");
      p.append(el("span", "label", label), " ", el("b", cls, value));
      if (extra !== undefined) p.append(" ", el("span", "range", extra));
      return p;
    };
    const chart = el("div", "chart small");
    chart.id = `compare-fan-${i}`;
    chart.setAttribute("role", "img");
    chart.setAttribute("aria-label", `fan chart of ${v.scenario}`);
    box.append(
      el("h3", "", v.scenario),
      line("peak", "cmp-peak", fmt(v.peak_warming_k.p50), range(v.peak_warming_k)),
      line("2100", "cmp-2100", fmt(v.warming_2100_k.p50), range(v.warming_2100_k)),
      line("category", "cmp-category", v.category),
      line("avoided in 2100", "cmp-avoided", fmt(r.avoided.avoided_warming_2100_k.p50)),
      chart);
    return box;
  }

  function fan(id, x, s, base, baseline, top) {
    const edge = { type: "scatter", mode: "lines", line: { width: 0 }, showlegend: false,
                   hoverinfo: "skip" };
    Plotly.react(id, [
      { ...edge, x, y: s.p05 },
      { ...edge, x, y: s.p95, fill: "tonexty", fillcolor: "rgba(179,38,30,0.15)" },
      { ...edge, x, y: s.p17 },
      { ...edge, x, y: s.p83, fill: "tonexty", fillcolor: "rgba(179,38,30,0.30)" },
      { x, y: s.p50, type: "scatter", mode: "lines", name: "median",
        line: { color: "#b3261e", width: 2 } },
      { x, y: base.p50, type: "scatter", mode: "lines", name: `${baseline} (median)`,
        line: { color: "#333", width: 1.2, dash: "dash" } },
    ], { margin: { l: 40, r: 8, t: 6, b: 24 }, font: { size: 10 }, showlegend: false,
         yaxis: { range: [0, top], title: { text: "°C" } }, paper_bgcolor: "#fff" },
    { displaylogo: false, responsive: true });
  }

  async function compare() {
    const names = chosen();
    const status = $("compare-status");
    if (names.length < 2 || names.length > 4) {
      status.textContent = `choose two to four deals (${names.length} chosen)`;
      return;
    }
    document.body.dataset.comparing = "1";
    status.textContent = "computing…";
    try {
      const res = await fetch(`${API}/compare`, {
        method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({
          scenarios: names.map((n) => ({ name: n, preset: n })),
          baseline: $("baseline").value, members: Number($("members").value),
          series_from_year: 2000,
        }),
      });
      const d = await res.json();
      if (!res.ok) throw new Error(d.message || d.detail || res.statusText);
      const grid = $("compare-grid");
      grid.replaceChildren(...d.results.map(card));
      const top = Math.ceil(Math.max(...d.results.map((r) => Math.max(...r.series.p95)),
                                     ...d.baseline_series.p95) * 2) / 2;
      d.results.forEach((r, i) => fan(`compare-fan-${i}`, d.years, r.series, d.baseline_series,
                                      d.baseline, top));
      status.textContent = `against ${d.baseline}, ${d.members} members`;
    } catch (err) {
      status.textContent = `error: ${err.message}`;
    } finally {
      document.body.dataset.compared = String(++compared);
      document.body.dataset.comparing = "0";
    }
  }

  async function start() {
    const pres = await fetch(`${API}/presets`).then((r) => r.json());
    const sel = $("compare-presets");
    sel.replaceChildren(...pres.presets.map((p) => new Option(p.name, p.name)));
    $("compare").addEventListener("click", compare);
  }

  window.addEventListener("DOMContentLoaded", () => {
    start().catch((err) => { $("compare-status").textContent = `error: ${err.message}`; });
  });
})();
