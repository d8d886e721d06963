// How long a filter change takes until the result count (and the next frame) shows the
// new answer, on the Berlin data set (2,552 Kitas). Run: npm run bench (after make build).
import { execFileSync } from 'node:child_process';
import { test, expect } from '@playwright/test';
import { binary, root, startServer } from './server';
import path from 'node:path';

const shared = path.resolve(root, '../shared/data');

test('filter change to updated result count (Berlin)', async ({ page }) => {
  const server = await startServer({
    prepare: (dir) => {
      for (const [mapping, file] of [
        ['berlin-kitas.json', 'berlin-kitas.csv'],
        ['berlin-postcodes.json', 'berlin-postcodes.csv'],
      ]) {
        execFileSync(
          binary,
          ['import', '--data', dir, '--mapping', path.join(root, 'build/mappings', mapping!), path.join(shared, file!)],
          { stdio: 'pipe' },
        );
      }
    },
  });
  try {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('result-count')).toHaveText(/Kitas gefunden/);

    const values = await page
      .locator('input[name="carrier"], input[name="feature"]')
      .evaluateAll((els) =>
        els.map((e) => `input[name="${(e as HTMLInputElement).name}"][value="${(e as HTMLInputElement).value}"]`),
      );
    const samples: { count: number; frame: number; fetch: number }[] = [];
    for (let round = 0; round < Number(process.env['BENCH_ROUNDS'] ?? 3); round++) {
      for (const selector of values) {
        for (let flip = 0; flip < 2; flip++) {
          const r = await page.evaluate(async (sel) => {
            const count = document.querySelector('[data-testid="result-count"]')!;
            const before = count.textContent;
            const input = document.querySelector<HTMLInputElement>(sel)!;
            const t0 = performance.now();
            const changed = new Promise<number>((resolve) => {
              const mo = new MutationObserver(() => {
                if (count.textContent !== before) {
                  mo.disconnect();
                  resolve(performance.now() - t0);
                }
              });
              mo.observe(count, { childList: true, subtree: true, characterData: true });
              setTimeout(() => {
                mo.disconnect();
                resolve(-1);
              }, 5000);
            });
            input.click();
            const c = await changed;
            await new Promise((r2) => requestAnimationFrame(() => r2(null)));
            const net = performance
              .getEntriesByType('resource')
              .filter((e) => e.name.includes('/api/kitas?'))
              .pop() as PerformanceResourceTiming | undefined;
            return {
              count: c,
              frame: performance.now() - t0,
              fetchStart: net ? net.startTime - t0 : -1,
              fetch: net ? net.duration : -1,
              ttfb: net ? net.responseStart - net.requestStart : -1,
            };
          }, selector);
          if (process.env['BENCH_DEBUG']) console.log(selector, JSON.stringify(r));
          if (r.count >= 0) samples.push(r);
          // Let the spinner and the map settle before the next change.
          await expect(page.locator('.spinner')).toHaveCount(0);
        }
      }
    }
    const q = (xs: number[], p: number) =>
      [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
    const counts = samples.map((s) => s.count);
    const frames = samples.map((s) => s.frame);
    const line = `filter change → result count (Berlin, ${samples.length} changes): median ${q(counts, 0.5).toFixed(1)} ms, p90 ${q(counts, 0.9).toFixed(1)} ms, max ${Math.max(...counts).toFixed(1)} ms; to the next painted frame: median ${q(frames, 0.5).toFixed(1)} ms, p90 ${q(frames, 0.9).toFixed(1)} ms`;
    console.log(line);
    test.info().annotations.push({ type: 'timing', description: line });
    expect(samples.length).toBeGreaterThan(10);
  } finally {
    await server.stop();
  }
});
