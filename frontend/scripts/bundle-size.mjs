// Prints the gzip size of the built JS and CSS (frontend/dist/assets): the budget is
// 250 KB for both together. Run after `npm run build`: npm run size
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../dist/assets');
const budget = 250 * 1024;
let total = 0;
let initial = 0; // what the Welcome screen loads: the index chunk and its CSS
for (const name of readdirSync(dir).sort()) {
  if (!/\.(js|css)$/.test(name)) continue;
  const raw = readFileSync(path.join(dir, name));
  const gz = gzipSync(raw, { level: 9 }).length;
  total += gz;
  if (name.startsWith('index-')) initial += gz;
  console.log(
    `${name.padEnd(28)} ${(raw.length / 1024).toFixed(1).padStart(7)} KB raw ${(gz / 1024).toFixed(1).padStart(7)} KB gzip`,
  );
}
console.log(`JS+CSS gzip total: ${(total / 1024).toFixed(1)} KB of ${budget / 1024} KB`);
console.log(
  `loaded at start (index chunk and CSS): ${(initial / 1024).toFixed(1)} KB gzip; the map, the account screens and each language but German load when first used`,
);
process.exit(total <= budget ? 0 : 1);
