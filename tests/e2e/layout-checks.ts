/**
 * Layout checks at a window size, measured in the page: element boxes against the window and
 * against each other. Geometric on purpose: pixel comparisons break across machines.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './harness';

interface Layout {
  readonly pageWidth: number;
  readonly windowWidth: number;
  readonly navMainOverlap: number;
  /** Visible controls and headings whose box leaves the window sideways, by their text. */
  readonly outside: readonly string[];
  /** Text cut off by its box (overflow hidden) with no tooltip carrying the whole of it. */
  readonly clipped: readonly string[];
}

/** Measured in the page: element boxes against the window and against each other. */
function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const box = (selector: string) => document.querySelector(selector)?.getBoundingClientRect() ?? null;
    const nav = box('nav');
    const main = box('main');
    const overlapX = nav !== null && main !== null ? Math.max(0, Math.min(nav.right, main.right) - Math.max(nav.left, main.left)) : 0;
    const overlapY = nav !== null && main !== null ? Math.max(0, Math.min(nav.bottom, main.bottom) - Math.max(nav.top, main.top)) : 0;
    const outside: string[] = [];
    for (const element of document.querySelectorAll('button, a, input, select, textarea, h1, h2, h3, th')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      // Inside a box that scrolls sideways on purpose (a wide table's wrapper) it may extend past the window.
      let scroller = element.parentElement;
      while (scroller !== null && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowX)) scroller = scroller.parentElement;
      if (scroller !== null) continue;
      if (rect.left < -1 || rect.right > window.innerWidth + 1) outside.push(`${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 60)}" at ${Math.round(rect.left)}–${Math.round(rect.right)}`);
    }
    const clipped: string[] = [];
    for (const element of document.querySelectorAll('main *, nav *, header *')) {
      if (!(element instanceof HTMLElement) || element.offsetWidth === 0) continue;
      const style = getComputedStyle(element);
      if (style.overflowX !== 'hidden' && style.overflowX !== 'clip' && style.textOverflow !== 'ellipsis') continue;
      if (element.scrollWidth <= element.clientWidth + 1) continue;
      if (element.closest('[title]') !== null) continue;
      clipped.push(`${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').trim().slice(0, 60)}" (${element.scrollWidth} px of text in ${element.clientWidth} px)`);
    }
    return {
      pageWidth: document.documentElement.scrollWidth,
      windowWidth: window.innerWidth,
      navMainOverlap: overlapX * overlapY,
      outside,
      clipped,
    };
  });
}

/**
 * Saves a full-page screenshot of what is shown (to look at) into `screens`, then asserts the
 * geometry: no sideways scroll, navigation and view apart, every control and heading inside
 * the window, no text cut off without a tooltip.
 */
export async function expectFits(page: Page, what: string, size: { readonly width: number }, screens: string): Promise<void> {
  await page.screenshot({ path: path.join(screens, `${what.toLowerCase().replaceAll(' ', '-')}-${size.width}.png`), fullPage: true });
  const layout = await measure(page);
  expect(layout.pageWidth, `${what} scrolls sideways at ${size.width}px`).toBeLessThanOrEqual(layout.windowWidth);
  expect(layout.navMainOverlap, `${what}: the navigation and the view overlap`).toBe(0);
  expect(layout.outside, `${what}: controls or headings outside the window`).toEqual([]);
  expect(layout.clipped, `${what}: text cut off without a tooltip`).toEqual([]);
}

