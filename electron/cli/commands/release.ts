/**
 * `release-desk release …`: the release checklist from the command line, with the same
 * service, rules and journal as the app. Each command acts on the environment's active
 * release (`--env`, default production). Exit codes: 0 done; 1 the step ran and failed, or
 * the rules refused (the reason on stderr); 2 usage or configuration.
 */
import { shortSha } from '../../../shared/text/short-sha';
import type { Command } from 'commander';
import { DeskError } from '../../../shared/ipc/result';
import type { ReleaseView } from '../../../shared/releases/release-ipc';
import { parseEngineerList } from '../../../shared/releases/engineer-list';
import type { StepName } from '../../../shared/releases/release-events';
import type { ReleaseService } from '../../services/releases/release-service';
import { CliError, EXIT } from '../cli-error';
import type { CliIo, GlobalOptions } from '../cli-io';
import { openCliReleaseContext } from './release-context';
import { describeProduction, describeRelease } from './release-print';

interface EnvOption {
  readonly env: string;
}

type Action = (service: ReleaseService, active: () => Promise<ReleaseView>, environment: string) => Promise<number>;

export function registerReleaseCommands(program: Command, globals: () => GlobalOptions, io: CliIo, done: (code: number) => void): void {
  const release = program.command('release').description('the release checklist: plan, Stage 1, sign-off, preflight, switchover, watch, merge');
  const command = (name: string, description: string) =>
    release.command(name).description(description).option('--env <name>', 'the environment', 'production');
  const run = (options: EnvOption, action: Action) => async () => done(await runAction(globals(), io, options.env, action));

  command('plan', 'plan a release of BRANCH (its head is frozen); you coordinate it')
    .argument('<branch>', 'an eligible branch')
    .option('--engineers <list>', 'the involved engineers, comma-separated (default: the branch\'s authors in people, and you)')
    .option('--on-call <person>', 'the on-call engineer (default: the first of people.onCall)')
    .action(async (branch: string, options: EnvOption & { engineers?: string; onCall?: string }) => {
      await run(options, async (service, _active, environment) => {
        const engineers = options.engineers?.split(',').map((person) => person.trim()).filter((person) => person !== '');
        const view = await service.plan({
          environment,
          branch,
          ...(engineers === undefined || engineers.length === 0 ? {} : { engineers }),
          ...(options.onCall === undefined ? {} : { onCall: options.onCall }),
          ...overrideOf(globals()),
        });
        return printed(view, globals(), io);
      })();
    });

  command('engineers', 'change the involved engineers (who sign off the preview), before Stage 2')
    .argument('<list>', 'the engineers, comma-separated (logins or emails): a,b[,c]')
    .action(async (list: string, options: EnvOption) =>
      run(options, async (service, active) => {
        const parsed = parseEngineerList(list);
        if (!parsed.ok) throw new CliError(`release engineers ${JSON.stringify(list)}: ${parsed.problem}`);
        return printed(await service.editEngineers((await active()).state.id, parsed.engineers, overrideOf(globals())), globals(), io);
      })(),
    );
  command('stage1', 'run Stage 1: the preview of the release (may be retried after a failure)').action(async (options: EnvOption) =>
    run(options, async (service, active) => stepResult(await service.startStage1((await active()).state.id, overrideOf(globals())), 'stage1', globals(), io))(),
  );
  command('signoff', 'sign off the preview: you exercised it')
    .option('--note <text>', 'what you checked')
    .action(async (options: EnvOption & { note?: string }) =>
      run(options, async (service, active) =>
        printed(await service.signOff((await active()).state.id, { ...overrideOf(globals()), ...(options.note === undefined ? {} : { note: options.note }) }), globals(), io),
      )(),
    );
  command('preflight', 'prove the rollback is possible and record production\'s version').action(async (options: EnvOption) =>
    run(options, async (service, active) => stepResult(await service.preflight((await active()).state.id, overrideOf(globals())), 'preflight', globals(), io))(),
  );
  command('switchover', 'Stage 2: switch production to the release (runs the preflight first when it has not run)').action(async (options: EnvOption) =>
    run(options, async (service, active) => {
      const view = await active();
      await confirm(`Switch ${view.state.environment} to ${shortSha(view.state.sha)} (${view.state.branch})?`, globals(), io);
      const after = await service.switchover(view.state.id, overrideOf(globals()));
      const preflight = after.state.steps.find((step) => step.step === 'preflight');
      if (preflight?.status === 'failed') return stepResult(after, 'preflight', globals(), io);
      return stepResult(after, 'switchover', globals(), io);
    })(),
  );
  for (const verdict of ['healthy', 'faulty'] as const) {
    command(verdict, `the watch's verdict: production is ${verdict}`)
      .option('--note <text>', 'what you saw')
      .action(async (options: EnvOption & { note?: string }) =>
        run(options, async (service, active) => {
          const view = await active();
          // Healthy before the watch window ends needs a yes (--yes, or an answer on a terminal).
          const rule = view.actions.find((candidate) => candidate.action === `mark-${verdict}`);
          const early = rule?.allowed === true && rule.confirm !== undefined;
          if (early) await confirm(rule.confirm ?? '', globals(), io, null);
          const note = options.note === undefined ? {} : { note: options.note };
          return printed(await service.markVerdict(view.state.id, verdict, { ...overrideOf(globals()), ...note, ...(early ? { confirmed: true } : {}) }), globals(), io);
        })(),
      );
  }
  command('merge', 'merge the release into the main branch (its pull request on GitHub, or git merge --no-ff and push)').action(async (options: EnvOption) =>
    run(options, async (service, active) => stepResult(await service.merge((await active()).state.id, overrideOf(globals())), 'merge', globals(), io))(),
  );
  command('abort', 'end the release before Stage 2 (runs the teardown command when configured)')
    .requiredOption('--reason <text>', 'why (recorded in the journal)')
    .action(async (options: EnvOption & { reason: string }) =>
      run(options, async (service, active) => printed(await service.abort((await active()).state.id, options.reason), globals(), io))(),
    );
  command('show', 'the active release (or the last one) of the environment').action(async (options: EnvOption) =>
    run(options, async (service, _active, environment) => {
      const view = (await service.active(environment)) ?? (await service.history()).find((candidate) => candidate.state.environment === environment) ?? null;
      if (view === null) {
        if (globals().json) io.stdout('null\n');
        io.stderr(`release-desk: no release in ${environment} yet\n`);
        return EXIT.notSo;
      }
      return printed(view, globals(), io);
    })(),
  );
  command('check-production', 'what production runs now: currentVersion and the health probes (records nothing)').action(async (options: EnvOption) =>
    run(options, async (service, active) => {
      const check = await service.checkProduction((await active()).state.id);
      io.stdout(globals().json ? `${JSON.stringify(check, null, 2)}\n` : describeProduction(check));
      return check.version !== null && check.healthy ? EXIT.ok : EXIT.notSo;
    })(),
  );
  command('resolve', 'record what an inconclusive step achieved (after check-production)')
    .option('--succeeded', 'the step did what it should (production runs what it should)')
    .option('--failed', 'the step did not achieve its purpose')
    .option('--version <sha>', 'the version production runs (default: ask currentVersion now)')
    .option('--note <text>', 'what you saw')
    .action(async (options: EnvOption & { succeeded?: boolean; failed?: boolean; version?: string; note?: string }) =>
      run(options, async (service, active) => {
        if (options.succeeded === options.failed) throw new CliError('say what happened: --succeeded or --failed (one of them)');
        if (options.version !== undefined && !/^[0-9a-f]{40}$/.test(options.version)) throw new CliError(`--version ${options.version}: must be a full 40-character commit SHA`);
        const view = await active();
        const observed = options.version ?? (await service.checkProduction(view.state.id)).version;
        const after = await service.resolveInconclusive(
          view.state.id,
          { resolution: options.succeeded === true ? 'succeeded' : 'failed', observedVersion: observed, ...(options.note === undefined ? {} : { note: options.note }) },
          overrideOf(globals()),
        );
        return printed(after, globals(), io);
      })(),
    );
}

async function runAction(options: GlobalOptions, io: CliIo, environment: string, action: Action): Promise<number> {
  const context = await openCliReleaseContext(options, io);
  try {
    if (context.workspace.config.environments[environment] === undefined) {
      throw new CliError(`release-desk.yml has no environment ${environment} (it has ${Object.keys(context.workspace.config.environments).join(', ')})`);
    }
    const active = async () => {
      const view = await context.service.active(environment);
      if (view === null) throw new CliError(`no release is in progress in ${environment}; plan one with \`release-desk release plan BRANCH\``, EXIT.notSo);
      return view;
    };
    return await action(context.service, active, environment);
  } catch (error) {
    if (error instanceof DeskError) {
      // A refusal by the rules: exit 1 with the reason; anything else is usage/configuration.
      throw new CliError(error.message, error.code === 'conflict' ? EXIT.notSo : EXIT.usage);
    }
    throw error;
  } finally {
    await context.close();
  }
}

function overrideOf(options: GlobalOptions): { overrideReason?: string } {
  return options.overrideReason === undefined ? {} : { overrideReason: options.overrideReason };
}

function printed(view: ReleaseView, options: GlobalOptions, io: CliIo): number {
  io.stdout(options.json ? `${JSON.stringify(view, null, 2)}\n` : describeRelease(view));
  return EXIT.ok;
}

/** Prints the release; exit 1 (with the step's message on stderr) when the step did not succeed. */
function stepResult(view: ReleaseView, step: StepName, options: GlobalOptions, io: CliIo): number {
  printed(view, options, io);
  const record = view.state.steps.find((candidate) => candidate.step === step);
  if (record?.status === 'succeeded') return EXIT.ok;
  io.stderr(`release-desk: ${step} ${record?.outcome ?? record?.status ?? 'did not run'}: ${record?.message ?? 'no outcome recorded'}\n`);
  return EXIT.notSo;
}

/** Production changes (and an early healthy) only with a yes: --yes, or a person answering on a terminal. */
async function confirm(question: string, options: GlobalOptions, io: CliIo, why: string | null = 'this changes production'): Promise<void> {
  if (options.yes === true) return;
  if (io.interactive !== true || io.ask === undefined) {
    throw new CliError(`${question.replace(/\?$/, '')}: ${why === null ? '' : `${why}; `}pass --yes to confirm (no terminal to ask on)`, EXIT.usage);
  }
  const answer = await io.ask(`${question} [y/N] `);
  if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('not confirmed; nothing was changed', EXIT.notSo);
}
