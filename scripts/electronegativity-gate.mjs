// Runs Electronegativity over electron/ and renderer/ through its programmatic API (its CLI
// exits 0 whatever it finds, so it cannot be a gate) and fails on any finding that the
// checked-in baseline does not accept with a written reason. A baseline entry that no
// longer matches anything also fails, so the baseline cannot rot.
import { createRequire } from 'node:module';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const root = path.resolve(import.meta.dirname, '..');
const baselineFile = path.join(root, 'build', 'electronegativity-baseline.json');
const baseline = JSON.parse(await readFile(baselineFile, 'utf8'));
const electronVersion = JSON.parse(await readFile(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;

// Global checks (CSP present? navigation limited? permission handler?) need to see the main
// process and the pages together, so both folders are scanned as one tree.
const scanRoot = await mkdtemp(path.join(os.tmpdir(), 'electronegativity-'));
const findings = [];
const parseErrors = [];
try {
  for (const folder of ['electron', 'renderer']) await cp(path.join(root, folder), path.join(scanRoot, folder), { recursive: true });
  const result = await run({
    input: scanRoot,
    isRelative: true,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  });
  for (const error of result.errors) if (!error.tolerable) parseErrors.push(`${error.file}: ${error.message}`);
  for (const issue of result.issues) {
    findings.push({
      check: issue.id,
      file: path.relative(scanRoot, path.resolve(scanRoot, issue.file)).split(path.sep).join('/'),
      line: issue.location.line,
      description: issue.description,
    });
  }
} finally {
  await rm(scanRoot, { recursive: true, force: true });
}

const accepted = (finding) =>
  baseline.accepted.find((entry) => entry.check === finding.check && entry.file === finding.file);
const unaccepted = findings.filter((finding) => !accepted(finding));
const unused = baseline.accepted.filter(
  (entry) => !findings.some((finding) => finding.check === entry.check && finding.file === entry.file),
);
const missingReasons = baseline.accepted.filter((entry) => typeof entry.why !== 'string' || entry.why.trim().length < 20);

for (const error of parseErrors) console.error(`electronegativity: could not parse ${error}`);
for (const finding of unaccepted) {
  console.error(`electronegativity: ${finding.file}:${finding.line}: ${finding.check}: ${finding.description}`);
}
for (const entry of unused) console.error(`electronegativity: baseline entry matches nothing any more: ${entry.check} in ${entry.file}`);
for (const entry of missingReasons) console.error(`electronegativity: baseline entry without a real reason: ${entry.check} in ${entry.file}`);

const failed = parseErrors.length + unaccepted.length + unused.length + missingReasons.length;
console.log(
  `electronegativity: ${findings.length} finding(s), ${findings.length - unaccepted.length} accepted by ${path.relative(root, baselineFile)}, ${failed} problem(s)`,
);
process.exitCode = failed > 0 ? 1 : 0;
