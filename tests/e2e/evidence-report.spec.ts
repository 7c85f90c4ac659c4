/**
 * The evidence report's HTML in Chromium, opened from file:// as an auditor would: every
 * section present and visible, a full-page screenshot (saved as an artifact) that is the
 * page's size and not blank, one page per section when printed to PDF, no request beyond the
 * file itself; and the HTML-injection corpus inert — with the page's CSP removed, so the
 * escaping alone is what is tested: no script runs, no element or attribute from the corpus
 * exists in the DOM, every link is http(s).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildEvidence } from '../../shared/audit/build-evidence';
import { EVIDENCE_SECTIONS, renderEvidenceHtml } from '../../shared/audit/evidence-html';
import { verifyJournalText } from '../../shared/audit/verify-journal';
import { sha256Hex } from '../../electron/services/audit/verify-journal-file';
import { fullEvidenceStory, INJECTION_CORPUS } from '../fixtures/evidence-story';

let dir: string;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'evidence-report-'));
});
test.afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function reportFile(name: string, options: { corpus?: boolean; withoutCsp?: boolean } = {}): Promise<string> {
  const story = fullEvidenceStory({ corpus: options.corpus === true });
  const text = story.events.map((event) => `${JSON.stringify(event)}\n`).join('');
  const report = buildEvidence({
    releaseId: story.releaseId,
    events: story.events,
    verification: verifyJournalText(text, { sha256: sha256Hex }),
    samples: { recorded: false, why: 'not recorded: the samples file is no longer in the data folder' },
    journalFile: '/home/alice/.config/release-desk/workspaces/shop/releases.jsonl',
    exportedAt: '2026-11-21T09:00:00.000Z',
    // Commit subjects and authors of the main branch are untrusted text too.
    conformance: {
      recorded: true,
      value: {
        ref: 'refs/remotes/origin/master',
        conformant: false,
        sentence: 'refs/remotes/origin/master was not conformant around r2: 1 commit between the releases merged before and after it did not come through a release.',
        exceptions: options.corpus === true ? [...INJECTION_CORPUS] : ['1234567 Hotfix the tax rounding (frank): pushed directly (no pull request, no release)'],
      },
    },
  });
  if (report === null) throw new Error('the story has no release');
  let html = renderEvidenceHtml(report);
  if (options.withoutCsp === true) html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  const file = path.join(dir, name);
  await writeFile(file, html);
  return pathToFileURL(file).href;
}

/** Every request the page makes, and every script error or console message. */
function watch(page: Page) {
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => errors.push(`${message.type()}: ${message.text()}`));
  return { requests, errors };
}

test('every section present and visible; the screenshot is the page and not blank; printed, one page per section', async ({ page, browser }, testInfo) => {
  const url = await reportFile('evidence.html');
  const seen = watch(page);
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto(url);
  for (const [id, title] of EVIDENCE_SECTIONS) {
    await expect(page.locator(`section#${id} > h2`), id).toHaveText(title);
    await expect(page.locator(`section#${id}`)).toBeVisible();
  }
  await expect(page.locator('section#journal')).toContainText('chain intact');
  await expect(page.locator('section#rollback')).toContainText('Rolled back and healthy');
  await expect(page.locator('section#monitor')).toContainText('97.50 %');
  expect(await page.locator('.not-recorded').allTextContents()).toContain('not recorded: the samples file is no longer in the data folder');

  const screenshotPath = testInfo.outputPath('evidence-report.png');
  const png = await page.screenshot({ fullPage: true, path: screenshotPath });
  await testInfo.attach('evidence-report', { path: screenshotPath, contentType: 'image/png' });
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  // Decode the PNG in a blank page of its own: its size, and how much of it is ink.
  const decoder = await browser.newPage();
  const pixels = await decoder.evaluate(async (dataUrl) => {
    const image = new Image();
    image.src = dataUrl;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2d context');
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, image.width, image.height).data;
    let ink = 0;
    const colours = new Set<number>();
    for (let index = 0; index < data.length; index += 4 * 7) {
      const [r, g, b] = [data[index] ?? 0, data[index + 1] ?? 0, data[index + 2] ?? 0];
      if (r + g + b < 600) ink++;
      colours.add((r << 16) | (g << 8) | b);
    }
    return { width: image.width, height: image.height, inkShare: ink / (data.length / (4 * 7)), colours: colours.size };
  }, `data:image/png;base64,${png.toString('base64')}`);
  await decoder.close();
  expect(pixels.width).toBe(1024);
  expect(pixels.height).toBe(pageHeight);
  expect(pixels.height).toBeGreaterThan(2000);
  expect(pixels.inkShare).toBeGreaterThan(0.01);
  expect(pixels.inkShare).toBeLessThan(0.5);
  expect(pixels.colours).toBeGreaterThan(10);

  await page.emulateMedia({ media: 'print' });
  const breaks = await page.locator('section').evaluateAll((sections) => sections.map((section) => getComputedStyle(section).breakBefore));
  expect(breaks[0]).toBe('auto');
  expect(breaks.slice(1).every((value) => value === 'page')).toBe(true);
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBeGreaterThanOrEqual(EVIDENCE_SECTIONS.length);

  expect(seen.requests).toEqual([url]);
  expect(seen.errors).toEqual([]);
});

test('the injection corpus is inert by escaping alone (CSP removed): no script runs, no corpus element or handler in the DOM, links only http(s)', async ({ page }) => {
  const url = await reportFile('corpus.html', { corpus: true, withoutCsp: true });
  const seen = watch(page);
  await page.goto(url);
  await expect(page.locator('section#journal')).toBeVisible();
  // Give anything that would run a chance to: hover and click every link and cell.
  for (const link of await page.locator('a').all()) await link.hover();
  await page.mouse.move(10, 10);

  const dom = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      tags: [...new Set(all.map((element) => element.tagName.toLowerCase()))].sort(),
      handlers: all.flatMap((element) => [...element.attributes].filter((attribute) => attribute.name.startsWith('on')).map((attribute) => `${element.tagName}.${attribute.name}`)),
      hrefs: [...document.querySelectorAll('[href]')].map((element) => element.getAttribute('href') ?? ''),
      srcs: [...document.querySelectorAll('[src], [srcdoc]')].length,
      styles: document.querySelectorAll('style').length,
      styleInHead: document.querySelector('head > style') !== null,
      bodyDisplayed: getComputedStyle(document.body).display !== 'none' && getComputedStyle(document.querySelector('main') as Element).display !== 'none',
      title: document.title,
      text: document.body.innerText,
    };
  });
  expect(dom.pwned).toBeNull();
  // Only the report's own markup: the corpus's script, img, svg, iframe, meta refresh, math,
  // textarea, plaintext, xmp, base, link and b never became elements.
  const ours = ['a', 'body', 'code', 'dd', 'dl', 'dt', 'h1', 'h2', 'h3', 'head', 'header', 'html', 'li', 'main', 'meta', 'p', 'section', 'span', 'style', 'table', 'tbody', 'td', 'th', 'thead', 'time', 'title', 'tr', 'ul'];
  expect(dom.tags.filter((tag) => !ours.includes(tag))).toEqual([]);
  expect(await page.locator('meta[http-equiv]').count()).toBe(0);
  expect(dom.handlers).toEqual([]);
  expect(dom.srcs).toBe(0);
  expect(dom.styles).toBe(1);
  expect(dom.styleInHead).toBe(true);
  expect(dom.bodyDisplayed).toBe(true);
  for (const href of dom.hrefs) expect(href).toMatch(/^https?:\/\//);
  // The payloads are there, as text a person can read.
  expect(dom.text).toContain('<script>window.__pwned = "script"</script>');
  expect(dom.text).toContain('javascript:window.__pwned = "url"');
  expect(dom.text).toContain('feat/rtl-\\u202Egnp.exe');
  expect(dom.title).toContain('<script>');
  expect(seen.requests).toEqual([url]);
  expect(seen.errors).toEqual([]);
});
