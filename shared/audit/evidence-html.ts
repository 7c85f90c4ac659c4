/**
 * Renders the evidence report (evidence-model.ts) as one self-contained HTML file: no
 * script, no external asset, inline CSS that prints to PDF one section per page. Rendered
 * from the model only.
 *
 * Every value is untrusted text (branch names, commit subjects, notes, command output):
 * each is escaped, and invisible or direction-changing characters are spelled out
 * (`\u202E`) so a name cannot lie about itself. A URL becomes a link only when it is
 * http(s); the page's Content-Security-Policy forbids scripts as a second wall.
 */
import { revealInvisible } from '../text/reveal-invisible';
import type { EvidenceReport, ProbeSummary, Recorded, StepRun } from './evidence-model';

/** Each section's id and heading, in report order (tests check every one is there). */
export const EVIDENCE_SECTIONS = [
  ['branch', 'Branch and commit'],
  ['pull-request', 'Pull request and reviews'],
  ['ci-checks', 'CI checks at the time of release'],
  ['local-tests', 'Local test run'],
  ['manual-testing', 'Manual-testing sign-off'],
  ['plan', 'Release plan'],
  ['stage1', 'Stage 1 preview'],
  ['preview-sign-offs', 'Preview sign-off by each engineer'],
  ['stage2', 'Stage 2: switchover'],
  ['monitor', 'Monitoring after the switchover'],
  ['rollback', 'Rollback and lock'],
  ['merge', 'Merge'],
  ['conformance', 'Main branch conformance around this release'],
  ['release-notes', 'Release notes'],
  ['overrides', 'Overrides'],
  ['journal', 'Journal: hash range and verification'],
] as const;
export type EvidenceSectionId = (typeof EVIDENCE_SECTIONS)[number][0];

const NOT_RECORDED_CLASS = 'not-recorded';

export function escapeHtml(raw: string): string {
  const shown = raw
    .split('\n')
    .map((line) => revealInvisible(line).text)
    .join('\n');
  return shown.replace(/[&<>"'`]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** A link only for an absolute http(s) URL; anything else (javascript:, data:, relative) is text. */
const HTTP_URL = /^https?:\/\/[^\s<>"'`\\]+$/i;

/** A link only for an absolute http(s) URL; anything else (javascript:, data:, relative) is text. */
export function safeLink(url: string, label: string = url): string {
  if (!HTTP_URL.test(url)) return `<span class="url">${escapeHtml(url)}</span>`;
  return `<a href="${escapeHtml(url)}" rel="noreferrer noopener">${escapeHtml(label)}</a>`;
}

const text = escapeHtml;
const code = (value: string): string => `<code>${text(value)}</code>`;
const when = (iso: string | null): string => (iso === null ? '—' : `<time>${text(iso)}</time>`);
const ms = (value: number | null): string => (value === null ? '—' : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);
const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(2)} %`);

function notRecorded(why: string): string {
  return `<p class="${NOT_RECORDED_CLASS}">${text(why)}</p>`;
}

function facts(rows: readonly (readonly [string, string])[]): string {
  return `<dl>${rows.map(([term, value]) => `<dt>${text(term)}</dt><dd>${value}</dd>`).join('')}</dl>`;
}

function table(headings: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return notRecorded(empty);
  return `<table><thead><tr>${headings.map((heading) => `<th scope="col">${text(heading)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function section(id: EvidenceSectionId, body: string): string {
  const title = EVIDENCE_SECTIONS.find(([candidate]) => candidate === id)?.[1] ?? id;
  return `<section id="${id}" data-section="${id}"><h2>${text(title)}</h2>${body}</section>`;
}

function recordedOr<T>(part: Recorded<T>, render: (value: T) => string): string {
  return part.recorded ? render(part.value) : notRecorded(part.why);
}

function runsTable(runs: readonly StepRun[]): string {
  return table(
    ['Run', 'Started', 'By', 'Finished', 'Outcome', 'Exit', 'Duration', 'What happened'],
    runs.map((run) => [
      String(run.attempt),
      when(run.startedAt),
      text(run.startedBy),
      when(run.finishedAt),
      run.outcome === null ? `<span class="${NOT_RECORDED_CLASS}">no outcome recorded</span>` : text(run.outcome),
      run.exitCode === null ? '—' : String(run.exitCode),
      ms(run.durationMs),
      run.message === null ? '—' : text(run.message),
    ]),
    'no run recorded',
  );
}

function probeList(runs: readonly StepRun[]): string {
  const probes = runs.flatMap((run) => run.probes.map((probe) => `<li>run ${run.attempt}: ${text(probe)}</li>`));
  return probes.length === 0 ? notRecorded('no probe readings recorded') : `<ul class="probes">${probes.join('')}</ul>`;
}

function probeSummaries(probes: readonly ProbeSummary[]): string {
  return table(
    ['Probe', 'Samples', 'Uptime', 'Latency p50', 'Latency p95', 'Alerts', 'First', 'Last'],
    probes.map((probe) => [
      text(probe.probe),
      String(probe.samples),
      percent(probe.uptime),
      ms(probe.latencyP50Ms),
      ms(probe.latencyP95Ms),
      probe.alerts === null ? '—' : String(probe.alerts),
      probe.firstAt === null ? '—' : when(new Date(probe.firstAt).toISOString()),
      probe.lastAt === null ? '—' : when(new Date(probe.lastAt).toISOString()),
    ]),
    'no probe summaries recorded',
  );
}

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
header { border-bottom: 2px solid #1b1f24; margin-bottom: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 0 0 .5rem; border-bottom: 1px solid #c8ccd1; padding-bottom: .2rem; }
section { margin: 0 0 1.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid #c8ccd1; padding: .25rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; white-space: pre-wrap; }
th { background: #eef0f2; white-space: nowrap; }
code { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, monospace; overflow-wrap: anywhere; }
.not-recorded { color: #8a4b00; font-style: italic; margin: .25rem 0; }
.verdict-ok { color: #0a6b2d; font-weight: 700; }
.verdict-bad { color: #a4000f; font-weight: 700; }
ul { margin: .25rem 0; padding-left: 1.2rem; }
@page { margin: 16mm 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  section { break-before: page; page-break-before: always; }
  section:first-of-type { break-before: auto; page-break-before: auto; }
  table, dl, tr { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 9pt; }
}
`;

/** The whole report as one HTML document. */
export function renderEvidenceHtml(report: EvidenceReport): string {
  const { release, branch, journal } = report;
  const sections = [
    section('branch', facts([
      ['Release', `${code(release.id)} to ${text(release.environment)} — ${text(release.phase)}`],
      ['Branch', code(branch.name)],
      ['Commit (SHA)', code(branch.sha)],
      ['Main branch', code(branch.mainBranch)],
      ['Planned', `${when(release.plannedAt)} by ${text(release.plannedBy)}`],
    ])),
    section('pull-request', recordedOr(report.pullRequest, (pull) =>
      facts([
        ['Pull request', `#${pull.number} ${safeLink(pull.url)}`],
        ['Title', text(pull.title)],
        ['Review decision', recordedOr(pull.reviewDecision, text)],
      ]) +
      `<h3>Reviewers</h3>` +
      recordedOr(pull.reviews, (reviews) => table(['Reviewer', 'Decision', 'When'], reviews.map((review) => [text(review.reviewer), text(review.state), when(review.at)]), 'no reviews')),
    ) + (report.readinessSummary.recorded ? facts([['Readiness when planned', text(report.readinessSummary.value)]]) : '')),
    section('ci-checks', recordedOr(report.ciChecks, (ci) =>
      facts([['Provider', text(ci.provider)], ['Commit', code(ci.sha)], ...(ci.note === null ? [] : [['Note', text(ci.note)] as const])]) +
      table(['Check', 'State', 'Details'], ci.checks.map((check) => [text(check.name), text(check.state), check.url === null ? '—' : safeLink(check.url)]), 'no checks were reported'),
    )),
    section('local-tests', recordedOr(report.localTests, (run) =>
      facts([['Commit', code(run.sha)], ['Result', text(run.outcome)], ['When', when(run.at)], ['Duration', ms(run.durationMs)], ['Who', run.by === null ? 'this machine\'s user (not named by the source)' : text(run.by)]]),
    )),
    section('manual-testing', recordedOr(report.manualSignOff, (signOff) =>
      facts([['Who', text(signOff.by)], ['When', when(signOff.at)], ['Commit', code(signOff.sha)]]) +
      (signOff.items.length === 0 ? notRecorded('no checklist items recorded') : `<ul>${signOff.items.map((item) => `<li>${text(item)}</li>`).join('')}</ul>`),
    )),
    section('plan', facts([
      ['Coordinator', text(report.plan.coordinator)],
      ['On call', text(report.plan.onCall)],
      ['Engineers', text(report.plan.engineers.join(', '))],
    ]) + (report.plan.engineerChanges.length === 0 ? '' : table(['When', 'By', 'Engineers now'], report.plan.engineerChanges.map((change) => [when(change.at), text(change.by), text(change.engineers.join(', '))]), ''))),
    section('stage1', recordedOr(report.stage1, (stage1) =>
      facts([['Preview URL', stage1.previewUrl === null ? '—' : safeLink(stage1.previewUrl)]]) + runsTable(stage1.runs) + '<h3>Preview probes</h3>' + probeList(stage1.runs),
    )),
    section('preview-sign-offs',
      table(['Engineer', 'When', 'Note', 'Journal seq'], report.previewSignOffs.signOffs.map((signOff) => [text(signOff.engineer), when(signOff.at), signOff.note === null ? '—' : text(signOff.note), String(signOff.seq)]), 'not recorded: no engineer signed off the preview') +
      (report.previewSignOffs.pending.length === 0 ? '' : `<p>Not signed off: ${text(report.previewSignOffs.pending.join(', '))}</p>`),
    ),
    section('stage2',
      '<h3>Preflight</h3>' + recordedOr(report.preflight, (preflight) => facts([['Production before (rollback target)', preflight.previousSha === null ? '—' : code(preflight.previousSha)]]) + runsTable(preflight.runs)) +
      '<h3>Switchover</h3>' + recordedOr(report.stage2, (stage2) =>
        facts([['Started by', text(stage2.startedBy)], ['Started at', when(stage2.startedAt)]]) + runsTable(stage2.runs) + '<h3>Production probes afterwards</h3>' + probeList(stage2.runs),
      ) +
      '<h3>Verdict</h3>' + recordedOr(report.verdict, (verdict) => facts([['Verdict', text(verdict.verdict)], ['By', text(verdict.by)], ['When', when(verdict.at)], ['Note', verdict.note === null ? '—' : text(verdict.note)]])),
    ),
    section('monitor', recordedOr(report.monitor, (monitor) =>
      facts([['Watch ended', when(monitor.at)], ['Samples file', code(monitor.samplesFile)]]) +
      '<h3>Summary journaled at the end of the watch</h3>' + probeSummaries(monitor.probes) +
      '<h3>Recomputed from the samples file</h3>' + recordedOr(monitor.samples, probeSummaries),
    )),
    section('rollback',
      recordedOr(report.rollback, (rollback) =>
        facts([['By', text(rollback.by)], ['When', when(rollback.at)], ['From', rollback.fromSha === null ? 'unknown' : code(rollback.fromSha)], ['To', code(rollback.toSha)], ['Healthy afterwards', rollback.healthy ? 'yes' : 'no'], ['Result', text(rollback.message)]]) + runsTable(rollback.runs),
      ) +
      '<h3>Lock</h3>' + recordedOr(report.lock, (lock) =>
        facts([['Taken by', text(lock.takenBy)], ['Taken at', when(lock.takenAt)], ['Reason', text(lock.reason)], ['Released', lock.released === null ? 'not released when exported' : `${when(lock.released.at)} by ${text(lock.released.by)}: ${text(lock.released.reason)}`]]),
      ) +
      (report.abort.recorded ? '<h3>Aborted</h3>' + facts([['By', text(report.abort.value.by)], ['When', when(report.abort.value.at)], ['Reason', text(report.abort.value.reason)]]) : ''),
    ),
    section('merge', recordedOr(report.merge, (merge) =>
      facts([['Merge commit', code(merge.mergeCommit)], ['Method', text(merge.method)], ['Pull request', merge.pullRequest === null ? '—' : `#${merge.pullRequest}`], ['When', when(merge.at)], ['By', text(merge.by)]]),
    )),
    section('conformance', recordedOr(report.conformance, (conformance) =>
      facts([['Branch walked', code(conformance.ref)], ['Conformant', conformance.conformant ? '<span class="verdict-ok">yes</span>' : '<span class="verdict-bad">no</span>'], ['Finding', text(conformance.sentence)]]) +
      (conformance.exceptions.length === 0 ? '' : `<ul>${conformance.exceptions.map((exception) => `<li>${text(exception)}</li>`).join('')}</ul>`),
    )),
    section('release-notes', recordedOr(report.releaseNotes, (commits) =>
      table(['Commit', 'Subject', 'Author', 'Pull request'], commits.map((commit) => [code(commit.sha), text(commit.subject), text(commit.author), commit.pullRequest === null ? '—' : `#${commit.pullRequest.number} ${text(commit.pullRequest.title)}`]), 'no commits listed'),
    )),
    section('overrides', table(['Action', 'Refused because', 'Reason given', 'By', 'When', 'Journal seq'], report.overrides.map((override) => [text(override.action), text(override.refusal), text(override.reason), text(override.by), when(override.at), String(override.seq)]), 'no override: every action was allowed by the rules')),
    section('journal',
      facts([
        ['Journal file', code(journal.file)],
        ['This release\'s entries', `seq ${journal.firstSeq} to seq ${journal.lastSeq} (${report.events.length} entries)`],
        ['First entry hash', code(journal.firstHash)],
        ['Last entry hash', code(journal.lastHash)],
        ['Verified at export', `${when(journal.verify.at)}: <span class="${journal.verify.ok ? 'verdict-ok' : 'verdict-bad'}">${journal.verify.ok ? 'chain intact' : 'chain BROKEN'}</span>, ${journal.verify.entries} entries`],
        ['Journal head', journal.verify.head === null ? '—' : `seq ${journal.verify.head.seq}, ${code(journal.verify.head.hash)}`],
        ['Problems on this release\'s entries', String(journal.verify.problemsInRelease)],
      ]) +
      (journal.verify.problems.length === 0 ? '' : table(['Line', 'Seq', 'Kind', 'Problem'], journal.verify.problems.map((problem) => [String(problem.line), problem.seq === null ? '—' : String(problem.seq), text(problem.kind), text(problem.message)]), '') + (journal.verify.moreProblems > 0 ? `<p>and ${journal.verify.moreProblems} more</p>` : '')) +
      '<h3>Entries</h3>' + table(['Seq', 'When', 'Who', 'Event', 'Hash'], report.events.map((event) => [String(event.seq), when(event.at), text(event.actor), text(event.type), code(event.hash)]), 'none'),
    ),
  ];
  const title = `Release evidence ${release.id}: ${branch.name} to ${release.environment}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    // A second wall behind the escaping: nothing in this file may run or load anything.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="Release Desk evidence v${report.version}">`,
    `<title>${text(title)}</title><style>${STYLE}</style></head><body>`,
    `<header><h1>${text(title)}</h1><p>Exported ${when(report.exportedAt)} from the release journal. Values are shown as recorded; invisible or direction-changing characters are spelled out as \\uXXXX.</p></header>`,
    `<main>${sections.join('\n')}</main>`,
    '</body></html>',
    '',
  ].join('\n');
}
