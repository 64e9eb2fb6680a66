// accord web page, emissions by sector: the region chosen for the levers, one gas, stacked by
// sector from the /assess answer's emissions.sectors (removals below zero), with the sum and
// the baseline's total. Kept apart from app.js, which calls renderSectors(d) on every answer
// and when the region or the gas changes; it reads app.js's state, $, layoutBase and CONFIG.
"use strict";

// one colour per sector, in the order of the API's sector_titles
const SECTOR_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                       "#b07aa1", "#ff9da7", "#9c755f", "#2f4b7c", "#bab0ac", "#17becf",
                       "#7f7f7f", "#d37295"];

// the baseline's total of a by-sector gas, from its emissions by region
const BASE_TOTAL = {
  co2: (b) => b.co2_fossil.map((v, j) => v + b.co2_land[j]),  // net CO2
  ch4: (b) => b.ch4,
  so2: (b) => b.so2,
};

// the chosen region's emissions of one gas, stacked by sector (removals below zero)
function renderSectors(d) {
  const e = d.emissions;
  const region = state.region;
  const menu = $("sector-gas");
  if (menu.options.length === 0) {  // the gases the API splits by sector
    menu.replaceChildren(...Object.keys(e.sector_units).map((k) => new Option(k.toUpperCase(), k)));
  }
  const gas = menu.value;
  const parts = e.sectors[region][gas];
  const order = Object.keys(e.sector_titles);
  const x = e.region_years;
  const traces = Object.entries(parts).map(([sector, y]) => ({
    type: "bar", x, y, name: e.sector_titles[sector], meta: sector,
    marker: { color: SECTOR_COLORS[order.indexOf(sector) % SECTOR_COLORS.length] },
  }));
  const total = x.map((_, j) => Object.values(parts).reduce((sum, y) => sum + y[j], 0));
  traces.push({ type: "scatter", mode: "lines", x, y: total, name: "total", meta: "total",
                line: { color: "#111", width: 1.5 } });
  if (BASE_TOTAL[gas]) {
    traces.push({ type: "scatter", mode: "lines", x, y: BASE_TOTAL[gas](e.regions.baseline[region]),
                  name: `${d.baseline} (total)`, meta: "baseline",
                  line: { color: "#333", dash: "dash", width: 1.5 } });
  }
  $("sector-region").textContent = region;
  $("sector-unit").textContent = `[${e.sector_units[gas]}]`;
  Plotly.react("by-sector", traces, { ...layoutBase(), barmode: "relative", bargap: 0.05,
                                      legend: { orientation: "h", y: -0.12 } }, CONFIG);
}
