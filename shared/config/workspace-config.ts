/**
 * The schema of `release-desk.yml`, the team's release configuration (docs/configuration.md
 * documents every key). Objects are strict: an unknown key is an error, because a typo'd key
 * silently falling back to its default is the most common configuration bug.
 *
 * The messages here finish the sentence "key.path: …"; electron/services/workspace/
 * load-config.ts adds the file, line, key path and offending value.
 */
import { z } from 'zod';

/** The placeholders a `previewUrl` template may use, filled in per release. */
export const PREVIEW_URL_PLACEHOLDERS = ['sha', 'shortSha', 'branch', 'releaseId'] as const;

/**
 * What a command receives, only ever as environment variables: a value is never spliced
 * into the command text.
 */
export const COMMAND_ENVIRONMENT = [
  'RELEASE_ID',
  'RELEASE_BRANCH',
  'RELEASE_SHA',
  'RELEASE_ENV',
  'PREVIEW_URL',
  'PREVIOUS_SHA',
  'REPO_PATH',
] as const;

const nonEmpty = (what: string) => z.string().trim().min(1, { error: `${what} must not be empty` });

const positiveInt = z.int().positive({ error: 'must be a whole number greater than 0' });

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/**
 * A command: a string runs through `/bin/sh -c` exactly as written (it is the team's own
 * reviewed configuration); a list of strings is an argv run without a shell.
 */
export const CommandSpecSchema = z.union(
  [
    z.string().refine((text) => text.trim() !== '', { error: 'must not be an empty command' }),
    z
      .array(z.string().refine((arg) => arg !== '', { error: 'must not be an empty argument' }))
      .min(1, { error: 'must not be an empty command' })
      .refine((argv) => argv[0] === undefined || argv[0] === '' || argv[0].trim() !== '', {
        error: 'must start with the program to run',
      }),
  ],
  { error: 'must be a command: a string (run by /bin/sh) or a list of strings (argv)' },
);

const GITHUB_SLUG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const CIRCLECI_SLUG = /^(?:gh|github|bb|bitbucket|circleci)\/[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const ENVIRONMENT_NAME = /^[a-z][a-z0-9_-]{0,39}$/;
const SLACK_CHANNEL = /^(?:#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{6,})$/;

const RepositorySchema = z.strictObject({
  path: nonEmpty('the path').describe('Local clone, relative to the folder that holds release-desk.yml.'),
  mainBranch: nonEmpty('the branch name').default('master').describe('The main branch (default master).'),
  remote: nonEmpty('the remote name').default('origin').describe('The git remote to fetch and push (default origin).'),
  github: z
    .string()
    .regex(GITHUB_SLUG, { error: 'must be a GitHub repository as owner/name' })
    .optional()
    .describe('GitHub owner/name; absent turns GitHub features off.'),
});

const CiSchema = z.strictObject({
  provider: z
    .enum(['local', 'github-checks', 'circleci'], { error: 'must be one of local, github-checks, circleci' })
    .describe('local: run localTests.command in a worktree; github-checks: read checks from GitHub; circleci: CircleCI API v2.'),
  requiredChecks: z
    .array(nonEmpty('a check name'))
    .default([])
    .describe('Check names that must pass; empty means every check reported on the commit.'),
  circleci: z
    .strictObject({
      projectSlug: z
        .string()
        .regex(CIRCLECI_SLUG, { error: 'must be a CircleCI project slug such as gh/owner/name' })
        .describe('CircleCI project slug, e.g. gh/owner/name.'),
    })
    .optional()
    .describe('Required when provider is circleci.'),
});

const LocalTestsSchema = z.strictObject({
  command: CommandSpecSchema.describe('The test command, run in a git worktree of the exact commit.'),
  timeoutMinutes: positiveInt.default(20).describe('Default 20.'),
});

const ManualTestingSchema = z.strictObject({
  checklist: z.array(nonEmpty('a checklist item')).default([]).describe('Items an engineer ticks when signing off.'),
});

const ReadinessSchema = z.strictObject({
  behind: z
    .enum(['block', 'allow-if-conflict-free'])
    .default('block')
    .describe('A branch behind the main branch: block (default) blocks it; allow-if-conflict-free lets it be eligible when it merges into the main branch without conflicts.'),
  flaky: z
    .enum(['warn', 'block'], { error: 'must be one of warn, block' })
    .default('warn')
    .describe('A check or local tests that both passed and failed on the head commit: warn (default) shows a flaky badge and lets the newest run count; block blocks the branch like a failure.'),
});

const CommandsSchema = z.strictObject({
  preflight: CommandSpecSchema.optional().describe('Checks that this machine can run the other commands.'),
  stage1: CommandSpecSchema.describe('Creates the parallel copy; may print PREVIEW_URL=<url> on a line of its output.'),
  switchover: CommandSpecSchema.describe('Points live production at the staged copy.'),
  rollback: CommandSpecSchema.describe('Points production back at the previous version.'),
  currentVersion: CommandSpecSchema.describe('Prints the deployed commit SHA.'),
  teardown: CommandSpecSchema.optional().describe('Removes the Stage 1 preview when a release is aborted before Stage 2.'),
});

const TimeoutsSchema = z.strictObject({
  stage1Minutes: positiveInt.default(30),
  switchoverMinutes: positiveInt.default(15),
  rollbackMinutes: positiveInt.default(5),
  currentVersionSeconds: positiveInt.default(30),
  preflightSeconds: positiveInt.optional().describe('Default 300.'),
  teardownSeconds: positiveInt.optional().describe('Default 600.'),
  previewWaitSeconds: z
    .int({ error: 'must be a whole number of seconds (1-3600)' })
    .min(1, { error: 'must be a whole number of seconds (1-3600)' })
    .max(3600, { error: 'must be at most 3600 (one hour)' })
    .optional()
    .describe('How long Stage 1 waits for the preview to answer (1-3600; default 60).'),
});

export const HealthProbeSchema = z.strictObject({
  name: nonEmpty('the probe name'),
  url: httpUrl.describe('The URL to GET.'),
  expectStatus: z
    .int({ error: 'must be an HTTP status code (a whole number)' })
    .min(100, { error: 'must be an HTTP status code (100-599)' })
    .max(599, { error: 'must be an HTTP status code (100-599)' })
    .default(200),
  expectBody: z.string().min(1, { error: 'must not be empty (leave the key out instead)' }).optional().describe('A substring the body must contain.'),
  versionField: z
    .string()
    .regex(/^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*$/, { error: 'must be a JSON field name or dot path such as build.commit' })
    .optional()
    .describe('JSON field (dot path) holding the deployed commit.'),
  intervalSeconds: positiveInt.default(10),
  timeoutSeconds: positiveInt.default(5),
  alerts: z
    .strictObject({
      consecutiveFailures: positiveInt.default(3).describe('Failed checks in a row that raise an alert (default 3).'),
      latencyMs: positiveInt.optional().describe('A latency bound in milliseconds; absent: latency never alerts.'),
      latencySamples: positiveInt.default(3).describe('Checks in a row above latencyMs that raise an alert (default 3).'),
      expectVersion: z.boolean({ error: 'must be true or false' }).default(true).describe('Alert when the reported version is not the one expected (default true).'),
    })
    .optional()
    .describe('When this probe raises an alert in the live monitor.'),
});

export const EnvironmentSchema = z
  .strictObject({
    commands: CommandsSchema,
    previewUrl: z
      .string()
      .superRefine((template, ctx) => {
        const problem = previewTemplateProblem(template);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, input: template });
      })
      .optional()
      .describe(`Preview URL template; placeholders: ${PREVIEW_URL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}.`),
    timeouts: TimeoutsSchema.prefault({}),
    health: z.array(HealthProbeSchema).default([]),
    watchMinutes: positiveInt.default(15).describe('How long to watch production after switchover (default 15).'),
    autoRollback: z
      .strictObject({
        afterSeconds: positiveInt.describe('How long an alert must last inside the watch window before the app rolls back by itself.'),
      })
      .optional()
      .describe('Off unless set: roll back by itself when an alert lasts afterSeconds during the watch window.'),
  })
  .superRefine((environment, ctx) => {
    const seen = new Set<string>();
    (environment.health ?? []).forEach((probe, index) => {
      const name: unknown = (probe as { readonly name?: unknown } | null)?.name;
      if (typeof name !== 'string') return;
      if (seen.has(name)) {
        ctx.addIssue({ code: 'custom', path: ['health', index, 'name'], message: 'is used by another probe of this environment', input: name });
      }
      seen.add(name);
    });
    // A setting that can never fire would promise a safety net that is not there.
    const after = environment.autoRollback?.afterSeconds;
    if (typeof after === 'number') {
      if ((environment.health ?? []).length === 0) {
        ctx.addIssue({ code: 'custom', path: ['autoRollback'], message: 'needs at least one health probe in this environment (it acts on their alerts)', input: environment.autoRollback });
      }
      const watchSeconds = (typeof environment.watchMinutes === 'number' ? environment.watchMinutes : 15) * 60;
      if (after >= watchSeconds) {
        ctx.addIssue({ code: 'custom', path: ['autoRollback', 'afterSeconds'], message: `must be shorter than the watch window (watchMinutes ${watchSeconds / 60} = ${watchSeconds} s), or it never fires`, input: after });
      }
    }
  });

const person = z
  .string()
  .refine((value) => GITHUB_LOGIN.test(value) || EMAIL.test(value), { error: 'must be a GitHub login or a git e-mail' });

const PeopleSchema = z.strictObject({
  coordinators: z.array(person).default([]).describe('Who may coordinate a release.'),
  onCall: z.array(person).default([]).describe('Who is on call (may switch over and roll back).'),
  signOff: z.array(person).default([]).describe('Who may sign off manual testing.'),
});

const SlackSchema = z.strictObject({
  channel: z
    .string()
    .regex(SLACK_CHANNEL, { error: 'must be a channel name such as "#releases" or a channel ID' })
    .describe('Channel name ("#releases") or ID.'),
});

export const WorkspaceConfigSchema = z
  .strictObject({
    version: z.literal(1, { error: 'must be 1 (the only version so far)' }),
    name: nonEmpty('the name').optional().describe('Display name; default: the folder name.'),
    repository: RepositorySchema,
    ci: CiSchema,
    localTests: LocalTestsSchema.optional(),
    manualTesting: ManualTestingSchema.prefault({}),
    environments: z
      .record(
        z.string().regex(ENVIRONMENT_NAME, { error: 'environment names are lower-case letters, digits, - and _' }),
        EnvironmentSchema,
      )
      .describe('At least production.'),
    people: PeopleSchema.prefault({}),
    readiness: ReadinessSchema.prefault({}).describe('The readiness rule\'s workspace choices.'),
    slack: SlackSchema.optional().describe('Absent turns Slack off.'),
  })
  // These run only on a well-typed document, but zod may call them on a partial one when
  // other keys failed, hence the defensive reads.
  .superRefine((config, ctx) => {
    if (config.environments !== undefined && !Object.hasOwn(config.environments, 'production')) {
      ctx.addIssue({ code: 'custom', path: ['environments', 'production'], message: 'is required: every workspace deploys to production' });
    }
    if (config.ci?.provider === 'circleci' && config.ci.circleci === undefined) {
      ctx.addIssue({ code: 'custom', path: ['ci', 'circleci', 'projectSlug'], message: 'is required when ci.provider is circleci' });
    }
    if (config.ci?.provider === 'github-checks' && config.repository !== undefined && config.repository.github === undefined) {
      ctx.addIssue({ code: 'custom', path: ['repository', 'github'], message: 'is required when ci.provider is github-checks' });
    }
    if (config.ci?.provider === 'local' && config.localTests === undefined) {
      ctx.addIssue({ code: 'custom', path: ['localTests', 'command'], message: 'is required when ci.provider is local' });
    }
  })
  .describe('Release Desk workspace configuration (release-desk.yml).');

type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The file as parsed, defaults applied. */
export type ParsedWorkspaceConfig = DeepReadonly<z.output<typeof WorkspaceConfigSchema>>;
/** The configuration services use: `name` filled in, `repository.path` absolute. */
export type WorkspaceConfig = ParsedWorkspaceConfig & { readonly name: string };
export type EnvironmentConfig = DeepReadonly<z.output<typeof EnvironmentSchema>>;
export type CommandSpec = DeepReadonly<z.output<typeof CommandSpecSchema>>;
export type HealthProbeConfig = DeepReadonly<z.output<typeof HealthProbeSchema>>;
export type CiConfig = ParsedWorkspaceConfig['ci'];
export type CiProvider = CiConfig['provider'];
export type RepositoryConfig = ParsedWorkspaceConfig['repository'];
export type PeopleConfig = ParsedWorkspaceConfig['people'];
export type PreviewUrlPlaceholder = (typeof PREVIEW_URL_PLACEHOLDERS)[number];

/** JSON Schema for editors (yaml-language-server), from the same zod schema. */
export function workspaceConfigJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(WorkspaceConfigSchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'release-desk.yml',
  };
}

/** Fills a preview URL template; values are URL-encoded so a branch name cannot reshape it. */
export function fillPreviewUrl(template: string, values: Readonly<Record<PreviewUrlPlaceholder, string>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    (PREVIEW_URL_PLACEHOLDERS as readonly string[]).includes(name)
      ? encodeURIComponent(values[name as PreviewUrlPlaceholder])
      : whole,
  );
}

function previewTemplateProblem(template: string): string | null {
  const unknown = [...template.matchAll(/\{([^{}]*)\}/g)]
    .map((match) => match[1] ?? '')
    .filter((name) => !(PREVIEW_URL_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    const allowed = PREVIEW_URL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ');
    return `unknown placeholder {${unknown[0]}}; use ${allowed}`;
  }
  const sample = fillPreviewUrl(template, { sha: '0123abc', shortSha: '0123abc', branch: 'branch', releaseId: 'r1' });
  if (/[{}]/.test(sample)) return 'has an unbalanced { or }';
  return isHttpUrl(sample) ? null : 'must be an http:// or https:// URL template';
}

function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && httpUrl.safeParse(value).success;
}
