// Helpers of the phone hand-off tests: a phone browser context, a real QR decoder on a
// screenshot of the QR code, and the check that a wiped kiosk holds nothing personal.
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { expect } from './fixtures';

/** A small phone: 360×640 portrait, touch, mobile viewport. */
export const phoneOptions = {
  viewport: { width: 360, height: 640 },
  isMobile: true,
  hasTouch: true,
  locale: 'de-DE',
  timezoneId: 'Europe/Berlin',
};

/**
 * phonePage opens a page in a new phone context. Script errors and Content-Security-
 * Policy violations on it are collected; checkErrors fails the test on any.
 */
export async function phonePage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; checkErrors: () => void }> {
  const context = await browser.newContext(phoneOptions);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  return { context, page, checkErrors: () => expect(errors, 'errors on the phone page').toEqual([]) };
}

/** decodeQr reads the QR code in an element's screenshot with a real decoder (jsQR). */
export async function decodeQr(el: Locator): Promise<string> {
  const png = PNG.sync.read(await el.screenshot());
  const code = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength),
    png.width,
    png.height,
  );
  expect(code, 'a QR code in the image').not.toBeNull();
  return code!.data;
}

/** expectNothingLeft: none of the words in the DOM, in input values or in storage. */
export async function expectNothingLeft(page: Page, words: string[]): Promise<void> {
  const found = await page.evaluate(async (ws) => {
    const html = document.documentElement.outerHTML;
    const values = [...document.querySelectorAll('input, select, textarea')].map((e) => (e as HTMLInputElement).value);
    const dbs = typeof indexedDB.databases === 'function' ? (await indexedDB.databases()).length : 0;
    return {
      inHtml: ws.filter((w) => html.includes(w)),
      inValues: ws.filter((w) => values.some((v) => v.includes(w))),
      local: localStorage.length,
      session: sessionStorage.length,
      indexedDB: dbs,
      cookies: document.cookie,
    };
  }, words);
  expect(found).toEqual({ inHtml: [], inValues: [], local: 0, session: 0, indexedDB: 0, cookies: '' });
}
