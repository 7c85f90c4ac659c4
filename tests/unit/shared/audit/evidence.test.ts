/**
 * The evidence model and its HTML, from journal stories: every part taken from the journal,
 * "not recorded" for what an old journal lacks, the plan's override found although it has
 * no release id, the verify result and hash range; the HTML escapes every value and makes
 * links of http(s) URLs only (the Chromium test proves the corpus inert in a real browser).
 */
import { describe, expect, it } from 'vitest';
import { buildEvidence, type EvidenceInput } from '../../../../shared/audit/build-evidence';
import { EvidenceReportSchema } from '../../../../shared/audit/evidence-model';
import { EVIDENCE_SECTIONS, escapeHtml, renderEvidenceHtml, safeLink } from '../../../../shared/audit/evidence-html';
import { verifyJournalText } from '../../../../shared/audit/verify-journal';
import { sha256Hex } from '../../../../electron/services/audit/verify-journal-file';
import type { JournalEvent } from '../../../../shared/releases/release-events';
import { fullEvidenceStory, INJECTION_CORPUS, URL_CORPUS } from '../../../fixtures/evidence-story';
import { CAST, PREVIOUS_SHA, RELEASE_SHA, releaseStory } from '../../../fixtures/release-events';

const journalText = (events: readonly JournalEvent[]) => events.map((event) => `${JSON.stringify(event)}\n`).join('');

function input(events: readonly JournalEvent[], releaseId: string, overrides: Partial<EvidenceInput> = {}): EvidenceInput {
  return {
    releaseId,
    events,
    verification: verifyJournalText(journalText(events), { sha256: sha256Hex }),
    samples: { recorded: false, why: 'not recorded: the samples file is gone' },
    journalFile: '/data/releases.jsonl',
    exportedAt: '2026-11-21T09:00:00.000Z',
    ...overrides,
  };
}

describe('buildEvidence', () => {
  const story = fullEvidenceStory();
  const releaseId = story.releaseId;

  it('takes every part from the journal: readiness at plan time, steps, sign-offs, watch, rollback, lock, notes, overrides', () => {
    const report = EvidenceReportSchema.parse(buildEvidence(input(story.events, releaseId)));
    expect(report.release).toMatchObject({ id: releaseId, environment: 'production', phase: 'rolled-back', plannedBy: CAST.coordinator });
    expect(report.branch).toEqual({ name: 'feat/checkout', sha: RELEASE_SHA, mainBranch: 'master' });
    expect(report.pullRequest).toMatchObject({
      recorded: true,
      value: { number: 42, reviewDecision: { recorded: true, value: 'APPROVED' }, reviews: { recorded: true, value: [{ reviewer: 'erin', state: 'APPROVED' }, { reviewer: 'frank@welkin.example', state: 'COMMENTED', at: null }] } },
    });
    expect(report.ciChecks).toMatchObject({ recorded: true, value: { provider: 'github-checks', sha: RELEASE_SHA, checks: [{ name: 'ci/circleci: test', state: 'success' }, {}, { state: 'neutral', url: null }] } });
    expect(report.localTests).toEqual({ recorded: true, value: { sha: RELEASE_SHA, outcome: 'passed', at: '2026-11-20T13:30:00.000Z', durationMs: 84_000, by: 'erin' } });
    expect(report.manualSignOff).toMatchObject({ recorded: true, value: { by: 'erin', items: ['checkout with a saved card', 'refund from the admin page'] } });
    expect(report.plan).toMatchObject({ coordinator: CAST.coordinator, onCall: CAST.onCall, engineers: [...CAST.engineers] });
    expect(report.stage1).toMatchObject({ recorded: true, value: { previewUrl: 'https://preview-r1.welkin.example', runs: [{ attempt: 1, outcome: 'succeeded', probes: ['preview: 200 in 41 ms, version 3f1c2ab'] }] } });
    expect(report.previewSignOffs).toMatchObject({ signOffs: [{ engineer: 'erin', note: 'paid with a test card' }, { engineer: 'frank@welkin.example', note: null }], pending: [] });
    expect(report.preflight).toMatchObject({ recorded: true, value: { previousSha: PREVIOUS_SHA } });
    expect(report.stage2).toMatchObject({ recorded: true, value: { startedBy: CAST.onCall, runs: [{ outcome: 'succeeded', probes: ['web: 200 in 12 ms, version 3f1c2ab', 'api: 200 in 30 ms'] }] } });
    expect(report.monitor).toMatchObject({ recorded: true, value: { samplesFile: 'releases/r2/samples.jsonl', probes: [{ probe: 'web', uptime: 0.975, alerts: 1 }, { probe: 'api', samples: 0 }], samples: { recorded: false } } });
    expect(report.rollback).toMatchObject({ recorded: true, value: { by: CAST.onCall, fromSha: RELEASE_SHA, toSha: PREVIOUS_SHA, healthy: true, runs: [{ outcome: 'succeeded' }] } });
    expect(report.lock).toMatchObject({ recorded: true, value: { takenBy: CAST.onCall, released: { by: CAST.coordinator, reason: 'the tax rounding is fixed in #43' } } });
    expect(report.merge.recorded).toBe(false);
    expect(report.releaseNotes).toMatchObject({ recorded: true, value: [{ sha: RELEASE_SHA, pullRequest: { number: 42 } }, { pullRequest: null }] });
    // The plan's override has no release id (journaled before the release existed) and is still its evidence.
    expect(report.overrides.map((override) => [override.action, override.reason])).toEqual([
      ['plan', 'the team lead agreed on the phone'],
      ['switchover', 'dave is on a plane; approved by phone'],
    ]);
    const own = story.events.filter((event) => event.releaseId === releaseId);
    expect(report.journal).toMatchObject({ firstSeq: own[0]?.seq, firstHash: own[0]?.hash, lastSeq: own.at(-1)?.seq, lastHash: own.at(-1)?.hash, verify: { ok: true, problems: [], problemsInRelease: 0 } });
    expect(report.events.map((event) => event.seq)).toEqual(own.map((event) => event.seq));
  });

  it('the samples file, when read, is summarised per probe beside the journaled summary', () => {
    const at = Date.parse('2026-11-20T14:10:00Z');
    const samples = [0, 1, 2, 3].map((index) => ({ probe: 'web', at: at + index * 1000, ok: index !== 3, status: index === 3 ? null : 200, latencyMs: 10 * (index + 1), version: RELEASE_SHA }));
    const report = buildEvidence(input(story.events, releaseId, { samples: { recorded: true, value: samples } }));
    expect(report?.monitor).toMatchObject({ recorded: true, value: { samples: { recorded: true, value: [{ probe: 'web', samples: 4, uptime: 0.75, latencyP50Ms: 20, latencyP95Ms: 30, alerts: null }] } } });
  });

  it('an old journal without a readiness snapshot: those parts are "not recorded", nothing invented', () => {
    const old = releaseStory().plan().stage1().signOffAll().preflight().switchover().verdict('healthy').merge();
    const report = buildEvidence(input(old.events, old.releaseId));
    for (const part of [report?.ciChecks, report?.localTests, report?.manualSignOff, report?.readinessSummary]) {
      expect(part).toEqual({ recorded: false, why: expect.stringMatching(/^not recorded: .*no readiness snapshot/) });
    }
    expect(report?.pullRequest).toEqual({ recorded: false, why: expect.stringMatching(/^not recorded/) });
    expect(report?.monitor).toEqual({ recorded: false, why: expect.stringMatching(/^not recorded/) });
    expect(report?.rollback).toEqual({ recorded: false, why: expect.stringMatching(/^no rollback/) });
    expect(report?.merge).toMatchObject({ recorded: true, value: { method: 'git' } });
    expect(report?.overrides).toEqual([]);
    expect(report?.conformance).toEqual({ recorded: false, why: expect.stringMatching(/^not checked at export/) });
  });

  it('an unknown release is null; a broken chain is reported with the problems on this release', () => {
    expect(buildEvidence(input(story.events, 'r999'))).toBeNull();
    const text = journalText(story.events).split('\n');
    const signOffLine = story.events.findIndex((event) => event.type === 'signed-off');
    text[signOffLine] = (text[signOffLine] ?? '').replace('paid with', 'paid without');
    const verification = verifyJournalText(text.join('\n'), { sha256: sha256Hex });
    const report = buildEvidence(input(story.events, releaseId, { verification }));
    expect(report?.journal.verify).toMatchObject({ ok: false, problemsInRelease: 1, problems: [{ kind: 'hash-mismatch', line: signOffLine + 1 }] });
  });

  it('a plan override of an earlier plan in the environment is not this release\'s', () => {
    const two = releaseStory();
    two.add('override', { action: 'plan', refusal: 'refused', reason: 'the first release only' }, { releaseId: null });
    two.plan().abort();
    two.plan();
    const report = buildEvidence(input(two.events, two.releaseId));
    expect(report?.overrides).toEqual([]);
  });
});

describe('renderEvidenceHtml', () => {
  it('has every section, in order, and no script, external asset or event handler', () => {
    const html = renderEvidenceHtml(buildEvidence(input(fullEvidenceStory().events, 'r2')) ?? expect.fail('no report'));
    const ids = [...html.matchAll(/<section id="([a-z0-9-]+)"/g)].map((match) => match[1]);
    expect(ids).toEqual(EVIDENCE_SECTIONS.map(([id]) => id));
    expect(html).toContain('Content-Security-Policy');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\son[a-z]+=|src=/i);
    expect(html).toMatch(/@media print/);
    expect(html).toContain('<a href="https://preview-r1.welkin.example"');
  });

  it('escapes every corpus payload and links only http(s) URLs', () => {
    const story = fullEvidenceStory({ corpus: true });
    const html = renderEvidenceHtml(buildEvidence(input(story.events, story.releaseId)) ?? expect.fail('no report'));
    const body = html.slice(html.indexOf('<body>'));
    // Outside our own markup, no tag from the corpus survives.
    expect(body).not.toMatch(/<(script|img|svg|iframe|meta|math|style|textarea|plaintext|xmp|base|link|b)\b/i);
    expect(body).not.toContain('<!--');
    expect(body).toContain('&#60;script&#62;window.__pwned = &#34;script&#34;&#60;/script&#62;');
    expect(body).toContain('feat/rtl-\\u202Egnp.exe and zero\\u200Bwidth');
    expect(body).not.toMatch(/[\u202E\u200B\u2066]/);
    const hrefs = [...body.matchAll(/href="([^"]*)"/g)].map((match) => match[1] ?? '');
    for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
    for (const url of URL_CORPUS) expect(safeLink(url)).not.toContain('href');
    expect(safeLink('https://ok.example/a?b=1&c=2')).toBe('<a href="https://ok.example/a?b=1&#38;c=2" rel="noreferrer noopener">https://ok.example/a?b=1&#38;c=2</a>');
    // A quote cannot close the attribute: such a "URL" stays text.
    expect(safeLink('https://ok.example/" onclick="x')).toBe('<span class="url">https://ok.example/&#34; onclick=&#34;x</span>');
    for (const payload of INJECTION_CORPUS) expect(escapeHtml(payload)).not.toMatch(/[<>"'`]/);
  });
});
