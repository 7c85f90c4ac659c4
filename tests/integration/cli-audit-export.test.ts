/**
 * `release-desk audit export` on a real release of the demo world, by the built CLI in child
 * processes: plan (readiness frozen into the plan), Stage 1, sign-off, preflight, switchover,
 * healthy, merge; then the evidence as HTML and as JSON, every section present, the JSON
 * valid against the evidence schema and the HTML rendered from the same model. Exit codes:
 * 2 for an unknown release id, a bad --format, an unwritable --out, a release of another
 * --env, each naming the value; 1 (report still written) when the journal's chain is broken.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceReportSchema, type EvidenceReport } from '../../shared/audit/evidence-model';
import { EVIDENCE_SECTIONS, renderEvidenceHtml } from '../../shared/audit/evidence-html';
import { DEMO_BRANCHES, startDemo } from '../../electron/services/demo';
import { journalFileFor } from '../../electron/services/journal/release-journal';
import { userDataDir } from '../../electron/services/settings/settings-location';
import { workspaceDataDir } from '../../electron/services/workspace/workspace-data';
import { tearDownDemo } from '../fixtures/demo-teardown';

const bin = path.resolve(import.meta.dirname, '../../bin/release-desk.js');

let dir: string;
let configDir: string;
let outDir: string;
let releaseId: string;
let sha: string;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[], extra: Record<string, string> = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, RELEASE_DESK_CONFIG_DIR: configDir };
  for (const name of ['GITHUB_TOKEN', 'SLACK_TOKEN', 'CIRCLECI_TOKEN', 'RELEASE_DESK_WORKSPACE']) delete env[name];
  Object.assign(env, extra);
  const child = spawn(process.execPath, [bin, '--workspace', dir, ...args], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: CliRun = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      run.code = code;
      resolve(run);
    }),
  );
}

async function ok(args: readonly string[]): Promise<CliRun> {
  const run = await cli(args);
  expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'audit-export-'));
  configDir = await mkdtemp(path.join(os.tmpdir(), 'audit-export-config-'));
  outDir = await mkdtemp(path.join(os.tmpdir(), 'audit-export-out-'));
  await startDemo(dir);
  await ok(['readiness', DEMO_BRANCHES.ready]);
  await ok(['release', 'plan', DEMO_BRANCHES.ready]);
  await ok(['release', 'stage1']);
  await ok(['release', 'signoff', '--note', 'checkout <b>works</b> & refunds too']);
  await ok(['release', 'preflight']);
  await ok(['release', 'switchover', '--yes']);
  await ok(['release', 'healthy', '--yes']);
  await ok(['release', 'merge']);
  const view = JSON.parse((await ok(['--json', 'release', 'show'])).stdout) as { state: { id: string; sha: string; phase: string } };
  expect(view.state.phase).toBe('done');
  releaseId = view.state.id;
  sha = view.state.sha;
}, 300_000);

afterAll(() => tearDownDemo(dir, configDir, outDir));

describe('release-desk audit export on a demo release', () => {
  let report: EvidenceReport;

  it('--format json writes the evidence model: every part from the journal, readiness frozen at plan time', async () => {
    const out = path.join(outDir, 'evidence.json');
    const run = await ok(['audit', 'export', releaseId, '--format', 'json', '--out', out]);
    expect(run.stdout).toContain(`Evidence of ${releaseId} (${DEMO_BRANCHES.ready} to production`);
    expect(run.stdout).toContain(out);
    report = EvidenceReportSchema.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(report.release).toMatchObject({ id: releaseId, environment: 'production', phase: 'done' });
    expect(report.branch).toMatchObject({ name: DEMO_BRANCHES.ready, sha });
    // Known to readiness when planned, frozen into the planned event: the demo's local CI and
    // its team's earlier local test run and manual sign-off.
    expect(report.ciChecks).toMatchObject({ recorded: true, value: { provider: 'local', sha } });
    expect(report.localTests).toMatchObject({ recorded: true, value: { sha, outcome: 'passed' } });
    expect(report.manualSignOff).toMatchObject({ recorded: true, value: { sha } });
    expect(report.readinessSummary).toEqual({ recorded: true, value: 'eligible for release' });
    // No GitHub in the demo: said, not invented.
    expect(report.pullRequest.recorded).toBe(false);
    expect(report.plan.coordinator).toBe('carol@welkin.example');
    expect(report.stage1).toMatchObject({ recorded: true, value: { previewUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) } });
    expect(report.previewSignOffs.signOffs).toEqual([expect.objectContaining({ engineer: 'carol@welkin.example', note: 'checkout <b>works</b> & refunds too' })]);
    expect(report.stage2).toMatchObject({ recorded: true, value: { startedBy: 'carol@welkin.example', runs: [expect.objectContaining({ outcome: 'succeeded', exitCode: 0 })] } });
    expect(report.verdict).toMatchObject({ recorded: true, value: { verdict: 'healthy' } });
    expect(report.merge).toMatchObject({ recorded: true, value: { method: 'git', mergeCommit: expect.stringMatching(/^[0-9a-f]{40}$/) } });
    expect(report.releaseNotes).toMatchObject({ recorded: true, value: [expect.objectContaining({ sha })] });
    expect(report.rollback.recorded).toBe(false);
    expect(report.journal.verify).toMatchObject({ ok: true, problems: [], problemsInRelease: 0 });
    expect(report.journal.firstSeq).toBe(Number(releaseId.slice(1)));
    expect(report.journal.lastSeq).toBe(report.events.at(-1)?.seq);
    expect(report.journal.firstHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('--format html writes one self-contained page with every section, rendered from the same model', async () => {
    const out = path.join(outDir, 'evidence.html');
    await ok(['audit', 'export', releaseId, '--format', 'html', '--out', out]);
    const html = await readFile(out, 'utf8');
    for (const [id] of EVIDENCE_SECTIONS) expect(html, id).toContain(`<section id="${id}"`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).toContain('checkout &#60;b&#62;works&#60;/b&#62; &#38; refunds too');
    expect(html).toContain(sha);
    // The same model, exported a moment later: only the export time differs.
    const again = renderEvidenceHtml({ ...report, exportedAt: 'T', journal: { ...report.journal, verify: { ...report.journal.verify, at: 'T' } } });
    const normalise = (text: string) => text.replace(/<time>[^<]*<\/time>/g, '');
    expect(normalise(html.replaceAll(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, ''))).toBe(normalise(again.replaceAll(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '')).replace('Exported T', 'Exported '));
  });

  it('--conformance: whether master received only released branches around the release, checked at export', async () => {
    expect(report.conformance).toEqual({ recorded: false, why: expect.stringMatching(/^not checked at export: .*--conformance/) });
    const out = path.join(outDir, 'conformance.json');
    await ok(['audit', 'export', releaseId, '--conformance', '--out', out]);
    const checked = EvidenceReportSchema.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(checked.conformance).toMatchObject({ recorded: true, value: { ref: 'refs/remotes/origin/master', sentence: expect.stringContaining(`around ${releaseId}`) } });
    if (checked.conformance.recorded && !checked.conformance.value.conformant) {
      // The demo's history before its first release was pushed directly: named, one line each.
      expect(checked.conformance.value.exceptions.length).toBeGreaterThan(0);
    }
  });

  it('--out - prints the report; the format follows --out\'s extension when --format is absent', async () => {
    const printed = await ok(['audit', 'export', releaseId, '--format', 'json', '--out', '-']);
    expect(EvidenceReportSchema.parse(JSON.parse(printed.stdout)).release.id).toBe(releaseId);
    const out = path.join(outDir, 'by-extension.json');
    await ok(['audit', 'export', releaseId, '--out', out]);
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ format: 'release-desk-evidence' });
  });

  it('a token of the environment never reaches the written file (a second wall: the journal never holds one)', async () => {
    // The sign-off note stands in for a token that should never have been journaled.
    const out = path.join(outDir, 'scrubbed.html');
    await cli(['audit', 'export', releaseId, '--out', out], { SLACK_TOKEN: 'refunds too' }).then((run) => expect(run.code, run.stderr).toBe(0));
    const html = await readFile(out, 'utf8');
    expect(html).not.toContain('refunds too');
    expect(html).toContain('checkout &#60;b&#62;works&#60;/b&#62; &#38; ***');
  });

  it('exit 2 naming the value: unknown release, bad --format, unwritable --out, another --env, missing --out', async () => {
    const unknown = await cli(['audit', 'export', 'r999', '--out', path.join(outDir, 'x.html')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('release "r999" is not in the release journal');
    expect(unknown.stderr).toContain(releaseId);
    const notAnId = await cli(['audit', 'export', 'latest', '--out', path.join(outDir, 'x.html')]);
    expect(notAnId.code).toBe(2);
    expect(notAnId.stderr).toContain('"latest" is not a release id');
    const format = await cli(['audit', 'export', releaseId, '--format', 'pdf', '--out', path.join(outDir, 'x.pdf')]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format "pdf" is not a report format');
    const unwritable = path.join(outDir, 'no-such-folder', 'x.html');
    const out = await cli(['audit', 'export', releaseId, '--out', unwritable]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`--out ${JSON.stringify(unwritable)} cannot be written (ENOENT)`);
    const environment = await cli(['audit', 'export', releaseId, '--env', 'staging', '--out', path.join(outDir, 'x.html')]);
    expect(environment.code).toBe(2);
    expect(environment.stderr).toContain('--env "staging"');
    const missing = await cli(['audit', 'export', releaseId]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--out FILE is required');
  });

  it('a broken chain: the report is written and says so, exit 1 naming the first bad entry', async () => {
    const file = journalFileFor(workspaceDataDir(userDataDir({ RELEASE_DESK_CONFIG_DIR: configDir }), dir));
    const original = await readFile(file, 'utf8');
    const lines = original.split('\n');
    const index = lines.findIndex((line) => line.includes('"type":"signed-off"'));
    lines[index] = (lines[index] ?? '').replace('refunds too', 'refunds tooo');
    await writeFile(file, lines.join('\n'));
    try {
      const out = path.join(outDir, 'tampered.json');
      const run = await cli(['audit', 'export', releaseId, '--out', out]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`line ${index + 1}`);
      const tampered = EvidenceReportSchema.parse(JSON.parse(await readFile(out, 'utf8')));
      expect(tampered.journal.verify).toMatchObject({ ok: false, problemsInRelease: 1, problems: [expect.objectContaining({ kind: 'hash-mismatch', line: index + 1 })] });
    } finally {
      await writeFile(file, original);
    }
  });
});
