// "Fits a phone": no sideways scrolling and no element sticking out of the viewport.
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * expectPhoneFit checks that the page does not scroll sideways, that no visible element
 * and no text reaches past the viewport's left or right edge, that no text is squeezed
 * into a sliver a few letters wide, and that no scrolling box scrolls sideways inside. The map's own panes (tiles and markers are clipped by the
 * map) and visually hidden texts are left out.
 */
export async function expectPhoneFit(page: Page, screen: string): Promise<void> {
  const found = await page.evaluate(() => {
    const vw = window.innerWidth;
    const out: string[] = [];
    const name = (el: Element): string => {
      const cls =
        typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} "${text}"`;
    };
    if (document.documentElement.scrollWidth > vw)
      out.push(`page scrollWidth ${document.documentElement.scrollWidth} > ${vw}`);
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('.leaflet-pane, .leaflet-control-container, .sr-only, .skip-link, svg')) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === 'hidden' || cs.display === 'none') continue;
      if (r.left < -1 || r.right > vw + 1) out.push(`${name(el)} spans ${Math.round(r.left)}…${Math.round(r.right)}`);
      if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        out.push(`${name(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
      }
    }
    // Text that spills out of its box (a long word that does not wrap).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || !n.textContent?.trim()) continue;
      if (parent.closest('.leaflet-pane, .leaflet-control-container, .sr-only, .skip-link, svg, option, select'))
        continue;
      const box = parent.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) continue; // visually hidden, for screen readers
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width === 0) continue;
      const text = n.textContent.trim();
      if (r.left < -1 || r.right > vw + 1)
        out.push(`text "${text.slice(0, 40)}" spans ${Math.round(r.left)}…${Math.round(r.right)}`);
      // Squeezed into a sliver: a few letters per line, line after line (unreadable).
      // (Right-to-left text gives a box per direction run: count lines by their top.)
      const lines = new Set([...range.getClientRects()].map((b) => Math.round(b.top))).size;
      if (lines >= 4 && text.length / lines < 6)
        out.push(`text "${text.slice(0, 40)}" squeezed into ${lines} lines of ${Math.round(r.width)} px`);
    }
    return out.slice(0, 15);
  });
  expect(found, `${screen} does not fit ${page.viewportSize()?.width} px`).toEqual([]);
}
