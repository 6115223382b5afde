// newsstream live dashboard: polls the worker's JSON API and renders the map, top actors and
// dead-letter rate. No framework; all text goes through textContent (names come from the news).
import { geoEqualEarth, geoGraticule10, geoPath } from "d3-geo";
import { feature, mesh } from "topojson-client";
import world from "world-110m"; // resolved by build.mjs: world-atlas 110m, ids as ISO alpha-2

const POLL_MS = 5000;
const DETAIL_TTL_MS = 30000;
const ACTOR_LIMIT = 15;
const PLACE_LIMIT = 50;
const RATE_SPAN_MS = 60000;
const SVG = "http://www.w3.org/2000/svg";
const WINDOW_LABEL = { "1h": "· last hour", "24h": "· last 24 hours", all: "· all time" };

const state = {
  window: "1h",
  details: new Map(), // actor_id -> {at, data}
  samples: [], // [{t, dead, clean}] for the per-minute dead-letter rate
  timer: null,
};

const nf = new Intl.NumberFormat("en");
const pf = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function svgEl(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function svgTitle(node, text) {
  const t = svgEl("title");
  t.textContent = text;
  node.appendChild(t);
  return node;
}

async function getJSON(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${path.split("?")[0]}`);
  return response.json();
}

const plural = (n, word) => `${nf.format(n)} ${word}${n === 1 ? "" : "s"}`;

// ---------------------------------------------------------------- map
const map = (() => {
  const svg = $("map");
  const projection = geoEqualEarth().fitExtent(
    [
      [6, 6],
      [954, 494],
    ],
    { type: "Sphere" },
  );
  const path = geoPath(projection);
  const countries = feature(world, world.objects.countries).features;
  const borders = mesh(world, world.objects.countries, (a, b) => a !== b);

  svg.appendChild(svgEl("path", { class: "sphere", d: path({ type: "Sphere" }) }));
  svg.appendChild(svgEl("path", { class: "graticule", d: path(geoGraticule10()) }));
  const land = svgEl("g", { class: "countries" });
  const byCode = new Map();
  for (const f of countries) {
    const p = svgEl("path", { class: "country", d: path(f) });
    if (f.id) p.setAttribute("data-cc", f.id);
    svgTitle(p, f.properties.name);
    land.appendChild(p);
    if (f.id) byCode.set(f.id, { node: p, name: f.properties.name });
  }
  svg.appendChild(land);
  svg.appendChild(svgEl("path", { class: "borders", d: path(borders) }));
  svg.appendChild(svgEl("path", { class: "outline", d: path({ type: "Sphere" }) }));
  const bubbles = svgEl("g", { class: "bubbles" });
  svg.appendChild(bubbles);

  function render(data) {
    const places = (data.places || []).filter(
      (p) => Number.isFinite(p.lat) && Number.isFinite(p.lon) && p.count > 0,
    );
    const countryCounts = new Map((data.countries || []).map((c) => [c.country_code, c.count]));
    const maxCountry = Math.max(1, ...countryCounts.values());
    for (const [code, { node, name }] of byCode) {
      const n = countryCounts.get(code) || 0;
      node.style.setProperty("--heat", n ? (0.25 + 0.75 * Math.sqrt(n / maxCountry)).toFixed(3) : "0");
      node.classList.toggle("hot", n > 0);
      node.querySelector("title").textContent = n ? `${name}: ${plural(n, "mention")}` : name;
    }

    bubbles.replaceChildren();
    const max = Math.max(1, ...places.map((p) => p.count));
    const sorted = [...places].sort((a, b) => b.count - a.count); // small ones drawn on top
    for (const p of sorted) {
      const xy = projection([p.lon, p.lat]);
      if (!xy) continue;
      const r = 3 + 19 * Math.sqrt(p.count / max);
      const label = `${p.name}${p.country_code ? `, ${p.country_code}` : ""}: ${plural(p.count, "mention")}`;
      const c = svgEl("circle", {
        class: "bubble",
        cx: xy[0].toFixed(1),
        cy: xy[1].toFixed(1),
        r: r.toFixed(1),
        "data-geonameid": String(p.geonameid),
        "data-count": String(p.count),
      });
      svgTitle(c, label);
      bubbles.appendChild(c);
    }
    const total = places.reduce((s, p) => s + p.count, 0);
    $("map-summary").textContent = places.length
      ? `${plural(places.length, "place")} · ${plural(total, "mention")}`
      : "";
    $("map-empty").hidden = places.length > 0;
    renderPlaces(sorted);
  }
  return { render };
})();

function renderPlaces(places) {
  const list = $("places");
  list.replaceChildren();
  if (!places.length) {
    list.appendChild(el("li", { class: "muted" }, "No places yet."));
    return;
  }
  const max = places[0].count;
  for (const p of places.slice(0, 8)) {
    const li = el("li");
    const name = el("span", { class: "place-name" }, p.name);
    if (p.country_code) name.appendChild(el("span", { class: "cc" }, p.country_code));
    li.appendChild(name);
    li.appendChild(bar(p.count / max));
    li.appendChild(el("span", { class: "num" }, nf.format(p.count)));
    list.appendChild(li);
  }
}

function bar(fraction) {
  const b = el("span", { class: "bar", "aria-hidden": "true" });
  const fill = el("span");
  fill.style.width = `${Math.max(2, Math.round(fraction * 100))}%`;
  b.appendChild(fill);
  return b;
}

// ---------------------------------------------------------------- actors
function sparkline(detail) {
  const w = 104;
  const h = 28;
  const svg = svgEl("svg", {
    class: "spark",
    viewBox: `0 0 ${w} ${h}`,
    preserveAspectRatio: "none",
    width: String(w),
    height: String(h),
    role: "img",
  });
  const series = (detail && detail.series) || [];
  if (!series.length) {
    svg.setAttribute("aria-label", "no series");
    svg.appendChild(svgEl("line", { class: "spark-none", x1: 0, y1: h - 1.5, x2: w, y2: h - 1.5 }));
    return svg;
  }
  const counts = series.map((s) => s.count || 0);
  const max = Math.max(1, ...counts);
  const pad = 2.5; // room for the peak dot at either end
  const step = counts.length > 1 ? (w - 2 * pad) / (counts.length - 1) : 0;
  const x = (i) => (pad + i * step).toFixed(2);
  const y = (v) => (h - 2 - (v / max) * (h - 4)).toFixed(2);
  let line = "";
  counts.forEach((v, i) => {
    line += `${i ? "L" : "M"}${x(i)},${y(v)}`;
  });
  svg.appendChild(svgEl("path", { class: "spark-area", d: `${line}L${x(counts.length - 1)},${h}L${x(0)},${h}Z` }));
  svg.appendChild(svgEl("path", { class: "spark-line", d: line }));
  const peak = counts.indexOf(Math.max(...counts));
  if (counts[peak] > 0) {
    svg.appendChild(svgEl("circle", { class: "spark-peak", cx: x(peak), cy: y(counts[peak]), r: 1.8 }));
  }
  const total = counts.reduce((a, b) => a + b, 0);
  const peakAt = series[peak] && series[peak].start ? new Date(series[peak].start) : null;
  const step_min = Math.round((detail.step_seconds || 300) / 60);
  const text =
    `Last 24 h: ${plural(total, "mention")}` +
    (counts[peak] > 0 && peakAt
      ? ` · peak ${nf.format(counts[peak])} per ${step_min} min at ${peakAt.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false })}`
      : "");
  svg.setAttribute("aria-label", text);
  svgTitle(svg, text);
  return svg;
}

async function actorDetails(actors) {
  const now = Date.now();
  await Promise.allSettled(
    actors.map(async (a) => {
      const cached = state.details.get(a.actor_id);
      if (cached && now - cached.at < DETAIL_TTL_MS) return;
      const data = await getJSON(`actors/${encodeURIComponent(a.actor_id)}`);
      state.details.set(a.actor_id, { at: now, data });
    }),
  );
  const keep = new Set(actors.map((a) => a.actor_id));
  for (const id of state.details.keys()) if (!keep.has(id)) state.details.delete(id);
}

function renderActors(data) {
  const body = $("actors").tBodies[0];
  body.replaceChildren();
  const actors = data.actors || [];
  const max = Math.max(1, ...actors.map((a) => a.count));
  actors.forEach((a, i) => {
    const detail = state.details.get(a.actor_id)?.data;
    const tr = el("tr", { "data-actor-id": a.actor_id });
    tr.appendChild(el("td", { class: "rank" }, String(i + 1)));
    const who = el("td", { class: "who" });
    who.appendChild(el("span", { class: "name" }, a.name));
    const meta = el("span", { class: `type t-${a.type}` }, a.type);
    who.appendChild(meta);
    if (detail) {
      const c = detail.counts || {};
      const aliases = (detail.aliases || []).filter((x) => x !== a.name);
      tr.title =
        `${a.name} (${a.actor_id})\n1 h: ${nf.format(c["1h"] ?? 0)} · 24 h: ${nf.format(c["24h"] ?? 0)} · all: ${nf.format(c.all ?? 0)}` +
        (aliases.length ? `\nalso: ${aliases.slice(0, 8).join(", ")}` : "");
    } else {
      tr.title = `${a.name} (${a.actor_id})`;
    }
    tr.appendChild(who);
    const sparkCell = el("td", { class: "spark-col" });
    sparkCell.appendChild(sparkline(detail));
    tr.appendChild(sparkCell);
    const num = el("td", { class: "num" });
    const wrap = el("div", { class: "num-wrap" });
    wrap.appendChild(bar(a.count / max));
    wrap.appendChild(el("span", { class: "count" }, nf.format(a.count)));
    num.appendChild(wrap);
    tr.appendChild(num);
    body.appendChild(tr);
  });
  $("actors-empty").hidden = actors.length > 0;
}

// ---------------------------------------------------------------- stats
function formatDuration(s) {
  s = Math.max(0, Math.floor(s));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min`;
  return `${s} s`;
}

function renderStats(stats) {
  const processed = stats.processed || {};
  const clean = processed.clean || 0;
  const dead = stats.dead_letters || 0;
  const total = dead + clean;
  const rate = total ? dead / total : 0;
  const big = $("dlq-rate");
  big.textContent = total ? pf.format(rate) : "—";
  big.classList.toggle("warn", rate >= 0.05 && rate < 0.2);
  big.classList.toggle("bad", rate >= 0.2);

  const now = Date.now();
  state.samples.push({ t: now, dead, clean });
  while (state.samples.length > 2 && now - state.samples[1].t >= RATE_SPAN_MS) state.samples.shift();
  const first = state.samples[0];
  let perMin = "per-minute rate after the next poll";
  if (state.samples.length > 1 && now > first.t && dead >= first.dead) {
    const minutes = (now - first.t) / 60000;
    const span = Math.round((now - first.t) / 1000);
    perMin = `${((dead - first.dead) / minutes).toFixed(1)} per minute (last ${span} s)`;
  }
  $("dlq-detail").textContent = `${plural(dead, "dead letter")} of ${plural(total, "record")}`;
  $("dlq-per-min").textContent = perMin;

  const reasons = Object.entries(stats.dead_letters_by_reason || {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const list = $("dlq-reasons");
  list.replaceChildren();
  if (!reasons.length) list.appendChild(el("li", { class: "muted" }, "No dead letters."));
  const maxReason = reasons.length ? reasons[0][1] : 1;
  for (const [reason, n] of reasons) {
    const li = el("li", { "data-reason": reason });
    li.appendChild(el("code", {}, reason));
    li.appendChild(bar(n / maxReason));
    li.appendChild(el("span", { class: "num" }, nf.format(n)));
    list.appendChild(li);
  }

  const counters = $("counters");
  counters.replaceChildren();
  for (const [label, key] of [
    ["cleaned", "clean"],
    ["tagged", "tag"],
    ["geolocated", "geo"],
  ]) {
    const div = el("div");
    div.appendChild(el("dt", {}, label));
    div.appendChild(el("dd", {}, nf.format(processed[key] || 0)));
    counters.appendChild(div);
  }
  $("uptime").textContent = Number.isFinite(stats.uptime_seconds)
    ? `up ${formatDuration(stats.uptime_seconds)}`
    : "";
}

// ---------------------------------------------------------------- loop
function showError(containerId, error) {
  const node = $(containerId);
  node.dataset.default ??= node.textContent;
  node.hidden = false;
  node.textContent = `Unavailable: ${error.message || error}`;
  node.classList.add("error");
}

function clearError(containerId) {
  const node = $(containerId);
  if (node.dataset.default !== undefined) node.textContent = node.dataset.default;
  node.classList.remove("error");
}

async function refresh() {
  const w = state.window;
  const [places, actors, stats] = await Promise.allSettled([
    getJSON(`locations/top?window=${w}&limit=${PLACE_LIMIT}`),
    getJSON(`actors/top?window=${w}&limit=${ACTOR_LIMIT}`),
    getJSON("stats"),
  ]);
  if (w !== state.window) return; // the window changed while we waited
  if (places.status === "fulfilled") {
    clearError("map-empty");
    map.render(places.value);
  } else {
    showError("map-empty", places.reason);
  }
  if (actors.status === "fulfilled") {
    clearError("actors-empty");
    await actorDetails(actors.value.actors || []);
    renderActors(actors.value);
  } else {
    $("actors").tBodies[0].replaceChildren();
    showError("actors-empty", actors.reason);
  }
  if (stats.status === "fulfilled") {
    renderStats(stats.value);
  } else {
    $("dlq-rate").textContent = "—";
    $("dlq-detail").textContent = `Unavailable: ${stats.reason.message}`;
  }
  const failed = [places, actors, stats].filter((r) => r.status === "rejected").length;
  const status = $("status");
  status.dataset.health = failed === 0 ? "ok" : failed === 3 ? "down" : "partial";
  const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  $("updated").textContent =
    failed === 3 ? `worker unreachable · retrying (${time})` : `updated ${time}`;
  document.body.dataset.state = failed === 0 ? "ready" : "degraded";
}

function schedule() {
  clearTimeout(state.timer);
  state.timer = setTimeout(tick, POLL_MS);
}

async function tick() {
  try {
    await refresh();
  } catch (error) {
    console.error(error);
  }
  schedule();
}

function applyWindow(w) {
  state.window = w;
  for (const b of document.querySelectorAll("[data-window]")) {
    b.setAttribute("aria-pressed", String(b.dataset.window === w));
  }
  for (const n of document.querySelectorAll("[data-window-label]")) n.textContent = WINDOW_LABEL[w];
  const url = new URL(location.href);
  url.searchParams.set("window", w);
  history.replaceState(null, "", url);
}

function setWindow(w) {
  if (!WINDOW_LABEL[w] || w === state.window) return;
  applyWindow(w);
  clearTimeout(state.timer);
  tick();
}

for (const b of document.querySelectorAll("[data-window]")) {
  b.addEventListener("click", () => setWindow(b.dataset.window));
}
const initial = new URL(location.href).searchParams.get("window");
if (initial && WINDOW_LABEL[initial] && initial !== state.window) applyWindow(initial);
tick();
