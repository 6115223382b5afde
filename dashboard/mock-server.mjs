// A stand-in worker for working on the dashboard without Kafka: serves the built static files and
// fixed JSON shaped like the worker's API. Usage: npm run build && npm run mock [-- PORT]
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const staticDir = join(here, "..", "src", "newsstream", "stream", "static");
const port = Number(process.argv[2] || 6066);
const started = Date.now();

const ACTORS = [
  ["person:mohammed-shia-al-sudani", "Mohammed Shia al-Sudani", "person", 7],
  ["organization:popular-mobilization-forces", "Popular Mobilization Forces", "organization", 5],
  ["location:iraq", "Iraq", "location", 5],
  ["person:antony-blinken", "Antony Blinken", "person", 4],
  ["organization:united-nations", "United Nations", "organization", 3],
  ["group:kurds", "Kurds", "group", 2],
  ["person:recep-tayyip-erdogan", "Recep Tayyip Erdoğan", "person", 2],
  ["organization:opec", "OPEC", "organization", 1],
];
const PLACES = [
  [98182, "Baghdad", "IQ", 33.34058, 44.40088, 9],
  [99532, "Basrah", "IQ", 30.50852, 47.7804, 3],
  [94787, "Kirkuk", "IQ", 35.46806, 44.39222, 2],
  [5128581, "New York City", "US", 40.71427, -74.00597, 2],
  [323786, "Ankara", "TR", 39.91987, 32.85427, 1],
  [112931, "Tehran", "IR", 35.69439, 51.42151, 1],
  [2643743, "London", "GB", 51.50853, -0.12574, 1],
];

function series(seed) {
  const step = 300;
  const now = Math.floor(Date.now() / 1000 / step) * step;
  return Array.from({ length: 288 }, (_, i) => {
    const t = now - (287 - i) * step;
    const v = Math.max(0, Math.round(Math.sin((i + seed * 17) / 20) * 2 + (i > 270 ? seed : 0) + (i % 37 === seed ? 3 : 0)));
    return { start: new Date(t * 1000).toISOString().replace(".000Z", "Z"), count: v };
  });
}

function api(url) {
  const window = url.searchParams.get("window") || "1h";
  const scale = { "1h": 1, "24h": 4, all: 9 }[window] || 1;
  if (url.pathname === "/actors/top") {
    const limit = Number(url.searchParams.get("limit") || 20);
    const type = url.searchParams.get("type");
    const actors = ACTORS.filter((a) => !type || a[2] === type)
      .slice(0, limit)
      .map(([actor_id, name, t, count]) => ({ actor_id, name, type: t, count: count * scale }));
    return { window, actors };
  }
  if (url.pathname.startsWith("/actors/")) {
    const id = decodeURIComponent(url.pathname.slice("/actors/".length));
    const i = ACTORS.findIndex((a) => a[0] === id);
    if (i < 0) return null;
    const [actor_id, name, type, count] = ACTORS[i];
    return {
      actor_id, name, type, aliases: [name, name.split(" ").at(-1)],
      counts: { "1h": count, "24h": count * 4, all: count * 9 }, step_seconds: 300, series: series(i),
    };
  }
  if (url.pathname === "/locations/top") {
    const places = PLACES.map(([geonameid, name, country_code, lat, lon, count]) => ({
      geonameid, name, country_code, lat, lon, count: count * scale,
    }));
    const byCountry = new Map();
    for (const p of places) byCountry.set(p.country_code, (byCountry.get(p.country_code) || 0) + p.count);
    const countries = [...byCountry].map(([country_code, count]) => ({ country_code, count })).sort((a, b) => b.count - a.count);
    return { window, places, countries };
  }
  if (url.pathname === "/stats") {
    const secs = (Date.now() - started) / 1000;
    const clean = 42 + Math.floor(secs / 2);
    const dead = 8 + Math.floor(secs / 10);
    return {
      processed: { clean, tag: clean, geo: clean },
      dead_letters: dead,
      dead_letters_by_reason: { not_json: 2 + Math.floor(secs / 10), not_an_object: 1, no_body: 1, invalid_schema: 1, invalid_utf8: 1, empty_after_cleaning: 1, unsupported_language: 1 },
      uptime_seconds: secs + 3720,
    };
  }
  return null;
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };

createServer(async (req, res) => {
  const url = new URL(req.url, "http://localhost");
  try {
    if (url.pathname === "/" || url.pathname.startsWith("/static/")) {
      const name = url.pathname === "/" ? "index.html" : url.pathname.slice("/static/".length);
      if (name.includes("/") || name.includes("..")) throw new Error("bad name");
      const body = await readFile(join(staticDir, name));
      res.writeHead(200, { "Content-Type": TYPES[name.slice(name.lastIndexOf("."))] || "application/octet-stream" });
      return res.end(body);
    }
    const data = api(url);
    if (data === null) {
      res.writeHead(404, { "Content-Type": "application/json" });
      return res.end(JSON.stringify({ error: "not found" }));
    }
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(data));
  } catch {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("not found");
  }
}).listen(port, "127.0.0.1", () => console.log(`mock worker on http://127.0.0.1:${port}/`));
