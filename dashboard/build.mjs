// Builds the dashboard into the Python package: src/newsstream/stream/static/
//   index.html, dashboard.js (one minified bundle, world map included), dashboard.css,
//   THIRD_PARTY_LICENSES.txt (licenses of the bundled npm packages).
// Usage: cd dashboard && npm ci && npm run build
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "newsstream", "stream", "static");
const TARGET = ["chrome100", "firefox100", "safari15", "edge100"];

// Countries GeoNames files under another code than ISO numeric gives world-atlas (or none).
const NAME_TO_ALPHA2 = { Kosovo: "XK", Somaliland: "SO", "N. Cyprus": "CY" };

async function worldTopology() {
  const atlas = JSON.parse(await readFile(join(here, "node_modules/world-atlas/countries-110m.json"), "utf8"));
  const numeric = JSON.parse(await readFile(join(here, "src/iso-numeric.json"), "utf8"));
  const countries = atlas.objects.countries;
  for (const g of countries.geometries) {
    const code = (g.id && numeric[g.id]) || NAME_TO_ALPHA2[g.properties.name];
    if (code) g.id = code;
    else delete g.id;
  }
  // Only the countries object is used (land is their union); keep arcs, transform, bbox.
  return { type: atlas.type, bbox: atlas.bbox, transform: atlas.transform, objects: { countries }, arcs: atlas.arcs };
}

const worldPlugin = {
  name: "world-110m",
  setup(build) {
    build.onResolve({ filter: /^world-110m$/ }, () => ({ path: "world-110m", namespace: "world" }));
    build.onLoad({ filter: /.*/, namespace: "world" }, async () => ({
      contents: JSON.stringify(await worldTopology()),
      loader: "json",
      watchFiles: [join(here, "node_modules/world-atlas/countries-110m.json"), join(here, "src/iso-numeric.json")],
    }));
  },
};

const hash = (buf) => createHash("sha256").update(buf).digest("hex").slice(0, 12);

async function main() {
  await mkdir(out, { recursive: true });

  const js = await esbuild.build({
    entryPoints: [join(here, "src/main.js")],
    bundle: true,
    minify: true,
    format: "iife",
    target: TARGET,
    legalComments: "none",
    banner: { js: "/* newsstream dashboard. Bundled: d3-geo, d3-array, topojson-client, world-atlas (ISC); see THIRD_PARTY_LICENSES.txt */" },
    plugins: [worldPlugin],
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  const jsText = js.outputFiles[0].contents;

  const css = await esbuild.build({
    entryPoints: [join(here, "src/dashboard.css")],
    bundle: true,
    minify: true,
    target: TARGET,
    write: false,
    logLevel: "warning",
  });
  const cssText = css.outputFiles[0].contents;

  const html = (await readFile(join(here, "src/index.html"), "utf8"))
    .replace("__JS_HASH__", hash(jsText))
    .replace("__CSS_HASH__", hash(cssText))
    .replace(/>\s*\n\s*</g, "><")
    .trim();

  // Licenses of every npm package that ended up in the bundle.
  const packages = new Set();
  for (const input of Object.keys(js.metafile.inputs)) {
    const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (m) packages.add(m[1]);
  }
  packages.add("world-atlas");
  let licenses = "Third-party software bundled into dashboard.js\n";
  for (const name of [...packages].sort()) {
    const pkg = JSON.parse(await readFile(join(here, "node_modules", name, "package.json"), "utf8"));
    const text = await readFile(join(here, "node_modules", name, "LICENSE"), "utf8");
    licenses += `\n=== ${name} ${pkg.version} (${pkg.license}) ===\n${text.trim()}\n`;
  }
  licenses += "\nMap data: Natural Earth 1:110m (public domain), via world-atlas.\n";

  const files = {
    "dashboard.js": jsText,
    "dashboard.css": cssText,
    "index.html": Buffer.from(`${html}\n`),
    "THIRD_PARTY_LICENSES.txt": Buffer.from(licenses),
  };
  for (const [name, body] of Object.entries(files)) {
    await writeFile(join(out, name), body);
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`${relative(process.cwd(), join(out, name)).padEnd(60)} ${kb(body.length).padStart(9)}  gzip ${kb(gzipSync(body).length)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
