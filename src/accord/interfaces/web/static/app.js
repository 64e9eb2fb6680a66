// accord web page: levers -> POST /api/v1/assess -> verdict, fan chart, emissions, attribution.
// The scenario lives in `state` and in the URL hash (#s=<base64url JSON>), so a link restores it.
"use strict";

const API = "/api/v1";
// levers are shown by sector: each lever's sector, the sectors' order and headings come from
// GET /levers (the schema's data); these two open on a fresh page, and any sector holding a
// moved lever opens too
const OPEN_SECTORS = ["power", "transport"];
const REGION_COLORS = ["#3b6fb6", "#c0392b", "#2e8b57", "#e69f00", "#7f7f7f"];
const FULL_ENSEMBLE = 841;  // the calibrated members; fewer is a preview
// the key of the scenario's own levers (scope "world": international shipping and aviation,
// which no region carries) in state.overrides, the lever's defaults and its sources
const WORLD = "World";

const state = { preset: "current-policies", baseline: "current-policies", members: 841,
                region: "China", overrides: {} };
let meta = null;        // GET /levers
let presets = {};       // name -> preset info (resolved levers)
let last = null;        // last /assess response
let inFlight = false;
let pending = false;
let seq = 0;
let answers = 0;        // answers rendered: body[data-answers], with body[data-busy] for tests
let writtenHash = "";   // the hash this page wrote last (a different one was pasted)

const $ = (id) => document.getElementById(id);

// ------------------------------------------------------------------ scenario and URL

function scenarioBody(attribution) {
  const regions = {};
  const own = {};  // the scenario's own groups: {international: {...}}
  for (const [region, groups] of Object.entries(state.overrides)) {
    for (const [group, levers] of Object.entries(groups)) {
      if (Object.keys(levers).length === 0) continue;
      if (region === WORLD) {
        own[group] = { ...levers };
        continue;
      }
      regions[region] = regions[region] || {};
      regions[region][group] = { ...levers };
    }
  }
  const edited = Object.keys(regions).length + Object.keys(own).length > 0;
  return {
    scenario: { name: edited ? `${state.preset}+edits` : state.preset, preset: state.preset,
                regions, ...own },
    baseline: state.baseline, members: state.members, attribution: attribution || [],
  };
}

function b64url(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  bytes.forEach((b) => { bin += String.fromCharCode(b); });
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function unb64url(text) {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

function writeHash() {
  const packed = { p: state.preset, b: state.baseline, m: state.members, r: state.region,
                   o: state.overrides };
  writtenHash = `#s=${b64url(JSON.stringify(packed))}`;
  history.replaceState(null, "", writtenHash);
}

function readHash() {
  const m = location.hash.match(/^#s=([A-Za-z0-9_-]+)$/);
  if (!m) return;
  try {
    const p = JSON.parse(unb64url(m[1]));
    if (presets[p.p]) state.preset = p.p;
    if (presets[p.b]) state.baseline = p.b;
    if (Number.isInteger(p.m)) state.members = p.m;
    if (meta.regions.includes(p.r)) state.region = p.r;
    if (p.o && typeof p.o === "object") state.overrides = p.o;
  } catch (err) {
    showError(`The link's scenario could not be read (${err.message}); showing the default.`);
  }
}

// a share link pasted into this open tab: the whole scenario comes from it
function hashChanged() {
  if (location.hash === writtenHash) return;
  Object.assign(state, { preset: "current-policies", baseline: "current-policies",
                         members: FULL_ENSEMBLE, region: "China", overrides: {} });
  readHash();
  state.members = Math.min(state.members, maxMembers);
  showControls();
  renderLevers();
  changedLevers();
}

// ------------------------------------------------------------------ levers panel

function leverValue(region, group, name) {
  const o = ((state.overrides[region] || {})[group] || {});
  if (name in o) return o[name];
  if (region === WORLD) return presets[state.preset][group][name];
  return presets[state.preset].levers[region][group][name];
}

// whose lever it is: the region chosen, or the world for the scenario's own levers
const leverRegion = (lever) => (lever.scope === "world" ? WORLD : state.region);

function setOverride(region, group, name, value) {
  state.overrides[region] = state.overrides[region] || {};
  state.overrides[region][group] = state.overrides[region][group] || {};
  if (value === null || value === undefined || value === "") {
    delete state.overrides[region][group][name];
  } else {
    state.overrides[region][group][name] = value;
  }
}

// a lever's upper end in a region: its region_maximum (removal ceilings) where tighter; for a
// trajectory the ceiling of each milestone year (the largest of them without a year)
function upper(lever, region, year) {
  const cap = (lever.region_maximum || {})[region];
  if (cap === null || cap === undefined) return lever.maximum;
  if (typeof cap !== "object") return cap;
  if (year !== undefined) return cap[String(year)] ?? lever.maximum;
  return Math.max(...Object.values(cap));
}

function step(lever, region) {
  if (lever.kind === "year") return 1;
  const span = upper(lever, region) - lever.minimum;
  if (lever.unit === "fraction") return 0.01;
  if (span <= 2) return 0.001;
  if (span <= 30) return 0.1;
  if (span <= 200) return 1;
  return span >= 5000 ? 10 : 1;
}

// a trajectory lever is {year: value}: linear between milestones, held after the last; before
// the first it runs from the region's 2024 value (lever.starts), as the model reads it
function asPath(value) {
  if (value === null || value === undefined) return null;
  return typeof value === "object" ? value : { 2025: Number(value) };
}

function pathAt(path, year, start) {
  const pts = Object.entries(path).map(([y, v]) => [Number(y), Number(v)])
    .sort((a, b) => a[0] - b[0]);
  if (start !== null && start !== undefined) pts.unshift([2024, Number(start)]);
  if (year <= pts[0][0]) return pts[0][1];
  for (let i = 1; i < pts.length; i++) {
    const [y0, v0] = pts[i - 1];
    const [y1, v1] = pts[i];
    if (year <= y1) return v0 + (v1 - v0) * (year - y0) / (y1 - y0);
  }
  return pts[pts.length - 1][1];
}

function pathText(path) {
  if (!path) return "unset";
  return Object.entries(path).sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([y, v]) => `${y}: ${+Number(v).toPrecision(4)}`).join(" · ");
}

// a lever's description and unit, set as text (server text is never parsed as markup)
function nameWithUnit(element, lever) {
  const unit = document.createElement("span");
  unit.className = "unit";
  unit.textContent = `[${lever.unit}]`;
  element.append(`${lever.description} `, unit);
}

// one slider per milestone year the page offers (lever.years): moving one sets that
// milestone of the region's trajectory and keeps its other milestones
function milestoneRow(lever) {
  const region = leverRegion(lever);
  const row = document.createElement("div");
  row.className = "lever milestones";
  const changed = lever.name in ((state.overrides[region] || {})[lever.group] || {});
  if (changed) row.classList.add("changed");
  const label = document.createElement("div");
  label.className = "lever-label";
  label.id = `lever-${lever.group}-${lever.name}-label`;
  nameWithUnit(label, lever);
  label.title = lever.sources[region] ? `current policies: ${lever.sources[region]}` : lever.name;
  row.appendChild(label);
  const caption = document.createElement("div");
  caption.className = "path";
  row.appendChild(caption);
  const start = (lever.starts || {})[region];
  const inputs = [];
  const show = () => {
    const path = asPath(leverValue(region, lever.group, lever.name));
    row.classList.toggle("unset", path === null);
    caption.textContent = `milestones ${pathText(path)}`;
    for (const [year, range, num] of inputs) {
      const v = path === null ? null : pathAt(path, year, start);
      range.value = v === null ? lever.minimum : v;
      num.value = v === null ? "" : +v.toPrecision(6);
    }
  };
  for (const year of lever.years) {
    const id = `lever-${lever.group}-${lever.name}-${year}`;
    // the lever's label and the year name both controls (no aria-label overrides them)
    const yearLabel = document.createElement("label");
    yearLabel.htmlFor = id;
    yearLabel.id = `${id}-year`;
    yearLabel.className = "year";
    yearLabel.textContent = String(year);
    const range = document.createElement("input");
    range.type = "range";
    range.id = id;
    range.min = lever.minimum;
    range.max = upper(lever, region, year);
    range.step = step(lever, region);
    range.setAttribute("aria-labelledby", `${label.id} ${yearLabel.id}`);
    const num = document.createElement("input");
    num.type = "number";
    num.min = lever.minimum;
    num.max = upper(lever, region, year);
    num.step = step(lever, region);
    num.placeholder = "unset";
    num.setAttribute("aria-labelledby", `${label.id} ${yearLabel.id} exact-value`);
    const commit = (raw) => {
      const path = { ...(asPath(leverValue(region, lever.group, lever.name)) || {}) };
      if (raw === "") delete path[String(year)];
      else path[String(year)] = Number(raw);
      setOverride(region, lever.group, lever.name, Object.keys(path).length ? path : null);
      row.classList.add("changed");
      show();
      changedLevers();
    };
    range.addEventListener("input", () => commit(range.value));
    num.addEventListener("change", () => commit(num.value));
    const line = document.createElement("div");
    line.className = "milestone";
    line.append(yearLabel, range, num);
    row.appendChild(line);
    inputs.push([year, range, num]);
  }
  show();
  return row;
}

function leverRow(lever) {
  if (lever.kind === "milestones") return milestoneRow(lever);
  const region = leverRegion(lever);
  const id = `lever-${lever.group}-${lever.name}`;
  const value = leverValue(region, lever.group, lever.name);
  const row = document.createElement("div");
  row.className = "lever";
  const changed = lever.name in ((state.overrides[region] || {})[lever.group] || {});
  if (changed) row.classList.add("changed");
  // the visible label names the control (no aria-label to override what is read out)
  const label = document.createElement("label");
  label.htmlFor = id;
  label.id = `${id}-label`;
  nameWithUnit(label, lever);
  label.title = lever.sources[region] ? `current policies: ${lever.sources[region]}` : lever.name;
  row.appendChild(label);
  if (lever.kind === "choice") {
    const sel = document.createElement("select");
    sel.id = id;
    sel.appendChild(new Option("unset", ""));
    for (const c of lever.choices) sel.appendChild(new Option(String(c), String(c)));
    sel.value = value === null ? "" : String(value);
    sel.addEventListener("change", () => {
      const v = sel.value === "" ? null : (/^\d+$/.test(sel.value) ? Number(sel.value) : sel.value);
      setOverride(region, lever.group, lever.name, v);
      row.classList.add("changed");
      changedLevers();
    });
    row.appendChild(sel);
    row.appendChild(document.createElement("span"));
    return row;
  }
  const range = document.createElement("input");
  range.type = "range";
  range.id = id;
  range.min = lever.minimum;
  range.max = upper(lever, region);
  range.step = step(lever, region);
  const num = document.createElement("input");
  num.type = "number";
  num.min = lever.minimum;
  num.max = upper(lever, region);
  num.step = step(lever, region);
  num.placeholder = "unset";
  num.setAttribute("aria-labelledby", `${label.id} exact-value`);  // "<label> exact value"
  const show = (v) => {
    row.classList.toggle("unset", v === null || v === undefined);
    range.value = v === null || v === undefined ? lever.minimum : v;
    num.value = v === null || v === undefined ? "" : v;
  };
  show(value);
  const commit = (raw) => {
    const v = raw === "" ? null : Number(raw);
    setOverride(region, lever.group, lever.name, v);
    row.classList.add("changed");
    show(leverValue(region, lever.group, lever.name));
    changedLevers();
  };
  range.addEventListener("input", () => commit(range.value));
  num.addEventListener("change", () => commit(num.value));
  row.appendChild(range);
  row.appendChild(num);
  return row;
}

const isMoved = (lever) => lever.name in
  ((state.overrides[leverRegion(lever)] || {})[lever.group] || {});

// a sector's heading, with how many of its levers the region has moved ("Transport (1 moved)")
function sectorHeading(sector) {
  const moved = meta.levers.filter((l) => l.sector === sector && isMoved(l)).length;
  const title = meta.sector_titles[sector];
  return moved ? `${title} (${moved} moved)` : title;
}

// one section per sector (the schema's order); a sector drawing on several lever groups
// heads each group's levers with the group's title
function renderLevers() {
  const box = $("groups");
  // a re-render keeps the sections the reader has open (first render: OPEN_SECTORS)
  const open = box.children.length
    ? [...box.querySelectorAll("details[open]")].map((d) => d.dataset.sector)
    : OPEN_SECTORS;
  box.replaceChildren();
  for (const sector of meta.sectors) {
    const levers = meta.levers.filter((l) => l.sector === sector);
    const details = document.createElement("details");
    details.dataset.sector = sector;
    details.open = open.includes(sector) || levers.some(isMoved);  // moved: in view
    const summary = document.createElement("summary");
    summary.id = `sector-${sector}`;
    summary.textContent = sectorHeading(sector);
    details.appendChild(summary);
    const fieldset = document.createElement("fieldset");
    fieldset.setAttribute("aria-labelledby", summary.id);
    fieldset.style.border = "0";
    fieldset.style.padding = "0";
    const groups = new Set(levers.map((l) => l.group));
    let group = null;
    for (const lever of levers) {
      if (groups.size > 1 && lever.group !== group) {
        const head = document.createElement("p");
        head.className = "subhead";
        head.textContent = meta.group_titles[lever.group];
        fieldset.appendChild(head);
      }
      group = lever.group;
      fieldset.appendChild(leverRow(lever));
    }
    details.appendChild(fieldset);
    box.appendChild(details);
  }
}

// ------------------------------------------------------------------ requests

function showError(text) {
  const box = $("error");
  box.hidden = !text;
  box.textContent = text || "";
}

// the JSON of a response, or an Error with the server's message when it is not 2xx
async function answer(res) {
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const said = data && (data.message || data.detail);
    throw new Error(`${res.url.replace(location.origin, "")}: ${res.status} `
                    + `${said || res.statusText}`);
  }
  if (data === null) throw new Error(`${res.url}: the answer is not JSON`);
  return data;
}

async function post(path, body) {
  const res = await fetch(API + path, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
  });
  return answer(res);
}

const get = async (path) => answer(await fetch(API + path));

function hint(box, text) {
  const p = document.createElement("p");
  p.className = "hint";
  p.textContent = text;
  box.replaceChildren(p);
}

let attributed = false;  // an attribution chart is on screen (for an earlier scenario, maybe)

function changedLevers() {
  for (const sector of meta.sectors) $(`sector-${sector}`).textContent = sectorHeading(sector);
  writeHash();
  if (attributed) {
    attributed = false;
    Plotly.purge("attribution");
    hint($("attribution"), "The deal changed: press “Attribute” to split the warming avoided "
      + "again.");
  }
  assess();
}

// one request at a time; moves made meanwhile are sent as one when it returns
async function assess() {
  document.body.dataset.busy = "1";
  if (inFlight) { pending = true; return; }
  inFlight = true;
  pending = false;
  const mine = ++seq;
  $("status").textContent = "computing…";
  const t0 = performance.now();
  try {
    const data = await post("/assess", scenarioBody([]));
    if (mine === seq) {
      last = data;
      showError("");
      $("results").classList.remove("stale");
      render(data);
      $("status").textContent = `${data.members} members, ${Math.round(performance.now() - t0)} ms`;
    }
  } catch (err) {
    showError(err.message);
    $("results").classList.add("stale");  // the numbers shown are for the last valid deal
    $("status").textContent = "error: the numbers shown are for the last valid deal";
  } finally {
    inFlight = false;
    document.body.dataset.answers = String(++answers);
    if (pending) assess();
    else document.body.dataset.busy = "0";
  }
}

async function attribute() {
  const button = $("attribute");
  if (button.disabled) return;
  button.disabled = true;  // one multi-second request at a time
  $("attribution").replaceChildren();
  $("attribution").textContent = "computing the attribution…";
  try {
    const asked = location.hash;
    const data = await post("/assess", scenarioBody(["regions", "levers"]));
    if (location.hash !== asked) {  // the deal moved while this was computed
      hint($("attribution"), "The deal changed: press “Attribute” again.");
      return;
    }
    renderAttribution(data.attribution);
    attributed = true;
  } catch (err) {
    $("attribution").textContent = "";
    showError(err.message);
  } finally {
    button.disabled = false;
  }
}

// ------------------------------------------------------------------ rendering

const fmtK = (x) => (x === null || x === undefined ? "–" : `${x.toFixed(2)} °C`);
const fmtP = (p) => (p === null || p === undefined ? "–" : `${Math.round(p * 100)} %`);
const fmtKr = (p) => `${p.p05.toFixed(2)}–${p.p95.toFixed(2)} (5–95 %)`;
// a change: two significant digits however small (0.0043, not 0.00), at least 2 decimals
function fmtDelta(x) {
  if (x === 0) return "0.00";
  const digits = Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(Math.abs(x)))));
  return x.toFixed(digits);
}
// a change of probability, in points: one decimal below one point (one member of 841
// is 0.12 points)
function fmtPoints(gain) {
  const points = gain * 100;
  const text = Math.abs(points) < 1 && points !== 0 ? points.toFixed(1) : String(Math.round(points));
  return `${points >= 0 ? "+" : ""}${text}`;
}

function render(d) {
  const v = d.verdict;
  $("peak").textContent = fmtK(v.peak_warming_k.p50);
  $("peak-range").textContent = `${fmtKr(v.peak_warming_k)}, in ${v.peak_year}`;
  $("w2100").textContent = fmtK(v.warming_2100_k.p50);
  $("w2100-range").textContent = fmtKr(v.warming_2100_k);
  $("p15").textContent = fmtP(v.p_peak_below_1p5);
  $("p15-2100").textContent = `in 2100: ${fmtP(v.p_2100_below_1p5)}`;
  $("p2").textContent = fmtP(v.p_peak_below_2);
  $("p2-2100").textContent = `in 2100: ${fmtP(v.p_2100_below_2)}`;
  $("category").textContent = v.category;
  $("category-name").textContent = v.category_name;
  $("crossing").textContent = v.crossing_year_1p5 === null ? "not crossed" : v.crossing_year_1p5;
  $("crossing-2").textContent = v.crossing_year_2 === null ? "2 °C: not crossed (median)"
    : `2 °C: ${v.crossing_year_2} (median)`;
  const a = d.avoided;
  const w = a.avoided_warming_2100_k;
  $("versus").textContent = `Against ${d.baseline}: ${fmtDelta(w.p50)} °C `
    + `avoided in 2100 (${fmtDelta(w.p05)} to ${fmtDelta(w.p95)}), P(peak < 1.5 °C) `
    + `${fmtPoints(a.p_peak_below_1p5_gain)} points, category ${a.category_shift}.`;
  renderUnmet(d.unmet_targets || []);
  const note = $("members-note");
  note.hidden = d.members >= FULL_ENSEMBLE;
  const fix = maxMembers >= FULL_ENSEMBLE ? `choose ${FULL_ENSEMBLE} members for the verdict`
    : `this server runs at most ${maxMembers} (accord serve --max-members)`;
  note.textContent = note.hidden ? "" : `Preview with ${d.members} of the ${FULL_ENSEMBLE} `
    + `members: the numbers (even the category) can differ from the full ensemble's; ${fix}.`;
  renderFan(d);
  renderRegions(d);
  renderGases(d);
  renderSectors(d);
}

// the banner of targets the levers cannot meet inside the abatement and removal limits
function renderUnmet(unmet) {
  const box = $("unmet");
  box.hidden = unmet.length === 0;
  box.textContent = unmet.map((u) => `Target not met: ${u.region}, "${u.target}", short by `
    + `${Math.round(u.shortfall_mt_co2e).toLocaleString("en")} Mt CO2-equiv in ${u.year} `
    + "(abatement and removal limits reached).").join("\n");
}

// a fresh layout per chart: plotly writes into the layout objects it is given
const layoutBase = () => ({ margin: { l: 50, r: 10, t: 10, b: 30 }, font: { size: 11 },
                            legend: { orientation: "h", y: -0.15 }, paper_bgcolor: "#fff" });
const CONFIG = { displaylogo: false, responsive: true };

function renderFan(d) {
  const t = d.temperature;
  const s = t.scenario;
  const x = t.years;
  const band = (lo, hi, name, color) => [
    { x, y: lo, type: "scatter", mode: "lines", line: { width: 0 }, showlegend: false,
      hoverinfo: "skip" },
    { x, y: hi, type: "scatter", mode: "lines", line: { width: 0 }, fill: "tonexty",
      fillcolor: color, name },
  ];
  const traces = [
    ...band(s.p05, s.p95, "5–95 %", "rgba(179,38,30,0.15)"),
    ...band(s.p17, s.p83, "17–83 %", "rgba(179,38,30,0.30)"),
    { x, y: s.p50, type: "scatter", mode: "lines", name: `${d.scenario} (median)`,
      line: { color: "#b3261e", width: 2.5 } },
    { x, y: t.baseline.p50, type: "scatter", mode: "lines", name: `${d.baseline} (median)`,
      line: { color: "#333", width: 1.5, dash: "dash" } },
  ];
  const hline = (y, text) => ({
    shape: { type: "line", xref: "paper", x0: 0, x1: 1, y0: y, y1: y,
             line: { color: "#555", width: 1, dash: "dot" } },
    note: { xref: "paper", x: 0.01, y, text, showarrow: false, yshift: 8, font: { size: 11 } },
  });
  const lines = [hline(1.5, "1.5 °C"), hline(2.0, "2 °C")];
  Plotly.react("fan", traces, {
    ...layoutBase(), yaxis: { title: { text: "°C vs 1850-1900" } },
    shapes: lines.map((l) => l.shape), annotations: lines.map((l) => l.note),
  }, CONFIG);
}

function renderRegions(d) {
  const e = d.emissions;
  const q = $("quantity").value || "net_ghg";
  const traces = Object.entries(e.regions.scenario).map(([region, data], i) => ({
    x: e.region_years, y: data[q], type: "scatter", mode: "lines", stackgroup: "one",
    name: region, line: { width: 0.5, color: REGION_COLORS[i % REGION_COLORS.length] },
  }));
  const base = e.region_years.map((_, j) => Object.values(e.regions.baseline)
    .reduce((sum, data) => sum + data[q][j], 0));
  traces.push({ x: e.region_years, y: base, type: "scatter", mode: "lines",
                name: `${d.baseline} (world)`, line: { color: "#333", dash: "dash", width: 1.5 } });
  $("quantity-unit").textContent = `[${e.region_units[q]}]`;
  Plotly.react("by-region", traces, layoutBase(), CONFIG);
}

function renderGases(d) {
  const e = d.emissions;
  const gases = Object.keys(e.world_units);
  const traces = [];
  const layout = { ...layoutBase(), showlegend: false, margin: { l: 40, r: 10, t: 24, b: 30 },
                   grid: { rows: 1, columns: gases.length, pattern: "independent",
                           xgap: 0.3 },
                   annotations: [] };
  // three labelled years per panel, none at the panel's edges: neighbours' labels can
  // no longer run into each other ("2100 2000")
  const first = e.world_years[0];
  const last = e.world_years[e.world_years.length - 1];
  const ticks = [2000, 2050, 2100].filter((y) => y > first && y <= last);
  gases.forEach((gas, i) => {
    const ax = i === 0 ? "" : String(i + 1);
    traces.push({ x: e.world_years, y: e.world.scenario[gas], xaxis: `x${ax}`, yaxis: `y${ax}`,
                  type: "scatter", mode: "lines", name: gas, line: { color: "#b3261e" } });
    traces.push({ x: e.world_years, y: e.world.baseline[gas], xaxis: `x${ax}`, yaxis: `y${ax}`,
                  type: "scatter", mode: "lines", name: `${gas} baseline`,
                  line: { color: "#333", dash: "dash", width: 1 } });
    layout.annotations.push({ text: `${gas} [${e.world_units[gas]}]`, showarrow: false,
                              xref: `x${ax} domain`, yref: `y${ax} domain`, x: 0.5, y: 1.12,
                              font: { size: 11 } });
    layout[`xaxis${ax}`] = { tickvals: ticks, range: [first, last + 8], tickangle: 0 };
  });
  Plotly.react("by-gas", traces, layout, CONFIG);
}

function renderAttribution(parts) {
  const box = $("attribution");
  box.replaceChildren();
  const kinds = Object.keys(parts);
  if (kinds.length === 0) {
    box.textContent = "Nothing to attribute: the deal equals the baseline.";
    return;
  }
  const traces = kinds.map((kind, i) => {
    const a = parts[kind];
    const p = a.players.map((name) => a.parts_k["2100"][name]);
    return {
      type: "bar", orientation: "h", y: a.players, x: p.map((v) => v.p50), name: kind,
      xaxis: i === 0 ? "x" : "x2", yaxis: i === 0 ? "y" : "y2",
      error_x: { type: "data", symmetric: false, array: p.map((v) => v.p83 - v.p50),
                 arrayminus: p.map((v) => v.p50 - v.p17) },
      marker: { color: i === 0 ? "#3b6fb6" : "#2e8b57" },
    };
  });
  Plotly.react(box, traces, {
    ...layoutBase(), margin: { l: 150, r: 10, t: 10, b: 40 }, showlegend: false,
    grid: { rows: 1, columns: kinds.length, pattern: "independent", xgap: 0.35 },
    xaxis: { title: { text: `°C avoided in 2100 (by ${kinds[0]})` } },
    xaxis2: { title: { text: `°C avoided in 2100 (by ${kinds[1] || ""})` } },
  }, CONFIG);
}

// ------------------------------------------------------------------ downloads

function csvText(d) {
  const v = d.verdict;
  const rows = [["section", "name", "year", "value", "unit"]];
  const add = (section, name, year, value, unit) => rows.push([section, name, year, value, unit]);
  add("scenario", "scenario", "", d.scenario, "");
  add("scenario", "baseline", "", d.baseline, "");
  add("scenario", "members", "", d.members, "");
  add("scenario", "share_url", "", location.href, "");
  for (const [k, x] of Object.entries(v.peak_warming_k)) add("verdict", `peak_warming_${k}`, "", x, "K");
  for (const [k, x] of Object.entries(v.warming_2100_k)) add("verdict", `warming_2100_${k}`, "", x, "K");
  for (const k of ["p_peak_below_1p5", "p_2100_below_1p5", "p_peak_below_2", "p_2100_below_2"]) {
    add("verdict", k, "", v[k], "probability");
  }
  add("verdict", "peak_year", "", v.peak_year, "year");
  add("verdict", "category", "", v.category, "");
  add("verdict", "crossing_year_1p5", "", v.crossing_year_1p5 ?? "", "year");
  add("verdict", "crossing_year_2", "", v.crossing_year_2 ?? "", "year");
  for (const [k, x] of Object.entries(d.avoided.avoided_warming_2100_k)) {
    add("vs_baseline", `avoided_warming_2100_${k}`, "", x, "K");
  }
  for (const run of ["scenario", "baseline"]) {
    const s = d.temperature[run];
    d.temperature.years.forEach((year, i) => {
      for (const [k, series] of Object.entries(s)) add(`gsat_${run}`, k, year, series[i], "K");
    });
  }
  // the by-sector chart's numbers: the region chosen for the levers, every gas
  add("scenario", "sector_region", "", state.region, "");
  for (const [gas, parts] of Object.entries(d.emissions.sectors[state.region])) {
    for (const [sector, values] of Object.entries(parts)) {
      d.emissions.region_years.forEach((year, i) => {
        add(`sector_${gas}`, sector, year, values[i], d.emissions.sector_units[gas]);
      });
    }
  }
  const quote = (x) => (/[",\n]/.test(String(x)) ? `"${String(x).replace(/"/g, '""')}"` : String(x));
  return rows.map((r) => r.map(quote).join(",")).join("\n") + "\n";
}

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

// ------------------------------------------------------------------ start-up

function fillSelect(sel, names, value) {
  sel.replaceChildren(...names.map((n) => new Option(n, n)));
  sel.value = value;
}

let maxMembers = FULL_ENSEMBLE;  // the server's cap (GET /health)

// the header's menus show the state (after start-up or a pasted link)
function showControls() {
  const names = Object.keys(presets);
  fillSelect($("preset"), names, state.preset);
  fillSelect($("baseline"), names, state.baseline);
  fillSelect($("region"), meta.regions, state.region);
  const mem = $("members");
  if (![...mem.options].some((o) => Number(o.value) === state.members)) {
    mem.appendChild(new Option(String(state.members), String(state.members)));
  }
  mem.value = String(state.members);
}

async function start() {
  const [levers, pres, health] = await Promise.all([get("/levers"), get("/presets"),
                                                    get("/health")]);
  meta = levers;
  for (const p of pres.presets) presets[p.name] = p;
  maxMembers = health.max_members;
  readHash();
  state.members = Math.min(state.members, maxMembers);  // the server's cap
  const quantities = { net_ghg: "net GHG", co2_fossil: "fossil CO2", co2_land: "land-use CO2",
                       ch4: "CH4", n2o: "N2O", so2: "SO2 (all sectors)",
                       co2_power: "CO2: power", co2_industry: "CO2: industry",
                       co2_transport: "CO2: transport", co2_buildings: "CO2: buildings",
                       co2_other_energy: "CO2: other energy" };
  $("quantity").replaceChildren(...Object.entries(quantities).map(([k, t]) => new Option(t, k)));
  const mem = $("members");
  for (const o of [...mem.options]) if (Number(o.value) > maxMembers) o.remove();
  showControls();
  renderLevers();

  $("preset").addEventListener("change", () => {
    state.preset = $("preset").value;
    state.overrides = {};
    renderLevers();
    changedLevers();
  });
  $("baseline").addEventListener("change", () => { state.baseline = $("baseline").value; changedLevers(); });
  mem.addEventListener("change", () => { state.members = Number(mem.value); changedLevers(); });
  $("region").addEventListener("change", () => {
    state.region = $("region").value;
    writeHash();
    renderLevers();
    if (last) renderSectors(last);
  });
  $("reset-region").addEventListener("click", () => {
    delete state.overrides[state.region];
    renderLevers();
    changedLevers();
  });
  $("quantity").addEventListener("change", () => { if (last) renderRegions(last); });
  $("sector-gas").addEventListener("change", () => { if (last) renderSectors(last); });
  $("attribute").addEventListener("click", attribute);
  $("share").addEventListener("click", async () => {
    writeHash();
    try { await navigator.clipboard.writeText(location.href); $("status").textContent = "link copied"; }
    catch (err) { $("status").textContent = "copy the address bar to share"; }
  });
  $("csv").addEventListener("click", () => {
    if (last) download("accord-verdict.csv", new Blob([csvText(last)], { type: "text/csv" }));
  });
  $("png").addEventListener("click", () => {
    Plotly.downloadImage("fan", { format: "png", width: 1200, height: 600,
                                  filename: "accord-temperature" });
  });
  window.addEventListener("hashchange", hashChanged);
  writeHash();
  assess();
}

window.addEventListener("DOMContentLoaded", () => {
  start().catch((err) => showError(`The page could not start: ${err.message}`));
});
