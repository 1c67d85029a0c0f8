// Builds the workbench's page into dist/ (embedded in the kaohe binary by rust-embed).
// Deterministic: no timestamps, no hashes of the build machine, sources in a fixed order;
// CI rebuilds and checks that dist/ is unchanged.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";

const here = new URL(".", import.meta.url).pathname;
rmSync(here + "dist", { recursive: true, force: true });
mkdirSync(here + "dist");
await build({
  entryPoints: [here + "src/main.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  legalComments: "eof",
  charset: "utf8",
  outfile: here + "dist/app.js",
  logLevel: "warning",
});
copyFileSync(here + "src/index.html", here + "dist/index.html");
copyFileSync(here + "src/style.css", here + "dist/style.css");
