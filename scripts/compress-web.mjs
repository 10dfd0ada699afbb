#!/usr/bin/env node
// After `vite build`: writes .br and .gz next to every text asset, served by @fastify/static (preCompressed).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = path.resolve(import.meta.dirname, "../dist/web");
const TEXT = /\.(js|css|html|svg|json|txt|map)$/;

function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p);
    else if (TEXT.test(entry.name) && statSync(p).size > 1024) {
      const data = readFileSync(p);
      writeFileSync(
        `${p}.br`,
        brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
      );
      writeFileSync(`${p}.gz`, gzipSync(data, { level: 9 }));
    }
  }
}
walk(root);
