/**
 * The one declaration of everything the renderer may ask of the main process, and every
 * event the main process may push, with a runtime schema for each argument list, result and
 * payload. The Electron handlers, the preload bridge, the browser bridge and the renderer's
 * types are all derived from it; nothing else names a channel.
 *
 * Names are `namespace.method`: the renderer calls `window.desk.namespace.method(...)`.
 * Adding a call: add its name to names.ts, its schemas here, its handler in
 * electron/services/handlers.ts. The compiler points at each place that is missing.
 */
import { z } from 'zod';
import { AppInfoSchema, WorkspaceStatusSchema } from '../domain/app';
import {
  ConnectionOutcomeSchema,
  ConnectionSummarySchema,
  ApiUrlChangeSchema,
  ServiceIdSchema,
  ServiceUrlInputSchema,
  TokenInputSchema,
  TokenStorageSchema,
} from '../domain/connections';
import { CircleCiDetailsSchema } from '../ci/circleci-details';
import { TrustedFolderPathSchema, TrustedFolderSchema, TrustRequestOutcomeSchema } from '../domain/trust';
import { BoardSnapshotSchema } from '../readiness/board-schema';
import {
  BranchNameSchema,
  ChecklistItemsSchema,
  LocalTestOutcomeSchema,
  LocalTestOutputSchema,
  LocalTestRunsPerCommitSchema,
  ShaSchema,
  SignOffResultSchema,
} from '../readiness/readiness-ipc';
import { ReasonSchema, ReleaseIdSchema, StepNameSchema } from '../releases/release-events';
import { EnvironmentStateSchema } from '../releases/release-state';
import {
  ActOptionsSchema,
  EnvironmentNameSchema,
  PlanRequestSchema,
  ProductionCheckSchema,
  ReleasesOverviewSchema,
  ReleaseViewSchema,
  ResolveInconclusiveSchema,
  StepOutputSchema,
} from '../releases/release-ipc';
import { MonitorHealthSchema, MonitorOverviewSchema, MonitorReadingSchema } from '../monitor/monitor-ipc';
import { RollbackOutcomeSchema, RollbackOutputSchema, RollbackPreviewSchema, RollbackStartOptionsSchema } from '../releases/rollback-ipc';
import { ConformanceRequestSchema, ConformanceViewSchema, DeliveryMetricsSchema, MetricsRequestSchema, ReleaseTimelineSchema } from '../audit/history-ipc';
import { JournalVerifyReportSchema } from '../audit/audit-ipc';
import { EvidenceExportResultSchema, EvidenceFormatSchema } from '../audit/evidence-ipc';
import type { CallName, EventName } from './names';

export { CALL_NAMES, EVENT_NAMES, channelOf, isCallName, isEventName } from './names';
export type { CallName, EventName } from './names';

interface CallSpec {
  readonly args: z.ZodTuple;
  readonly result: z.ZodType;
}

const noArgs = z.tuple([]);

/** An absolute folder path as typed; the main process checks it holds release-desk.yml. */
const WorkspaceFolderSchema = z
  .string()
  .trim()
  .min(1, 'a folder is required')
  .max(4096)
  .regex(/^(\/|[A-Za-z]:[\\/])/, 'must be an absolute path (starting with / or a drive letter)');

/** The main process re-checks scheme and host before opening anything. */
const ExternalUrl = z.string().max(2048).url();

export const contract = {
  calls: {
    'app.getInfo': { args: noArgs, result: AppInfoSchema },
    'workspace.getStatus': { args: noArgs, result: WorkspaceStatusSchema },
    // Re-reads release-desk.yml now (Settings' "Check again").
    'workspace.reload': { args: noArgs, result: WorkspaceStatusSchema },
    // Switches the app to another workspace folder (remembered for next time).
    'workspace.open': { args: z.tuple([WorkspaceFolderSchema]), result: WorkspaceStatusSchema },
    'links.openExternal': { args: z.tuple([ExternalUrl]), result: z.null() },
    'connections.list': { args: noArgs, result: z.array(ConnectionSummarySchema).readonly() },
    'connections.storage': { args: noArgs, result: TokenStorageSchema },
    // The token goes in; only the outcome (who it belongs to, or why not) comes back.
    // Storing without a keyring needs consent given in a main-process dialog
    // (connections.askPlaintextConsent): the window cannot give it.
    'connections.connect': { args: z.tuple([ServiceIdSchema, TokenInputSchema]), result: ConnectionOutcomeSchema },
    'connections.disconnect': { args: z.tuple([ServiceIdSchema]), result: z.null() },
    // GitHub Enterprise, a self-hosted CircleCI: where a service's API is ('' = the default).
    // A changed address forgets the service's token (it is bound to the address it was checked against).
    'connections.setApiUrl': { args: z.tuple([ServiceIdSchema, ServiceUrlInputSchema]), result: ApiUrlChangeSchema },
    // The last board (read from local data when there is none yet); refresh() fetches, and
    // re-reads CI for every head (the user asked: teammates' new statuses show at once).
    'readiness.board': { args: noArgs, result: BoardSnapshotSchema },
    'readiness.refresh': { args: noArgs, result: BoardSnapshotSchema },
    // Runs the workspace's test command on that exact commit; output arrives as events.
    'readiness.runLocalTests': { args: z.tuple([BranchNameSchema, ShaSchema]), result: LocalTestOutcomeSchema },
    // Local test state belongs to a branch at one commit (branch + SHA), never to the branch alone.
    'readiness.cancelLocalTests': { args: z.tuple([BranchNameSchema, ShaSchema]), result: z.boolean() },
    'readiness.localTestLog': { args: z.tuple([BranchNameSchema, ShaSchema]), result: z.string() },
    'readiness.signOff': {
      args: z.tuple([BranchNameSchema, ShaSchema, ChecklistItemsSchema]),
      result: SignOffResultSchema,
    },
    // Fetched when someone opens a branch of a workspace whose CI provider is circleci.
    'readiness.circleciDetails': { args: z.tuple([BranchNameSchema, ShaSchema]), result: CircleCiDetailsSchema },
    // Every recorded local test run of the branch, per commit ("Run again" adds to one).
    'readiness.localTestRuns': { args: z.tuple([BranchNameSchema]), result: LocalTestRunsPerCommitSchema },
    // Releases (shared/releases): each environment with its active release and lock.
    'releases.overview': { args: noArgs, result: ReleasesOverviewSchema },
    // Every release in the journal, newest first.
    'releases.history': { args: noArgs, result: z.array(ReleaseViewSchema) },
    'releases.get': { args: z.tuple([ReleaseIdSchema]), result: ReleaseViewSchema },
    'releases.plan': { args: z.tuple([PlanRequestSchema]), result: ReleaseViewSchema },
    'releases.editEngineers': {
      args: z.tuple([ReleaseIdSchema, z.array(z.string().min(1).max(200)).min(1).max(50), ActOptionsSchema]),
      result: ReleaseViewSchema,
    },
    // Step calls settle when the step has finished; its output arrives meanwhile as
    // releases.output events. A refusal by the rules is a `conflict` error with the reason.
    'releases.startStage1': { args: z.tuple([ReleaseIdSchema, ActOptionsSchema]), result: ReleaseViewSchema },
    'releases.signOff': { args: z.tuple([ReleaseIdSchema, ActOptionsSchema]), result: ReleaseViewSchema },
    'releases.preflight': { args: z.tuple([ReleaseIdSchema, ActOptionsSchema]), result: ReleaseViewSchema },
    'releases.switchover': { args: z.tuple([ReleaseIdSchema, ActOptionsSchema]), result: ReleaseViewSchema },
    'releases.markVerdict': {
      args: z.tuple([ReleaseIdSchema, z.enum(['healthy', 'faulty']), ActOptionsSchema]),
      result: ReleaseViewSchema,
    },
    'releases.merge': { args: z.tuple([ReleaseIdSchema, ActOptionsSchema]), result: ReleaseViewSchema },
    'releases.abort': { args: z.tuple([ReleaseIdSchema, ReasonSchema]), result: ReleaseViewSchema },
    // For an inconclusive step: asks production what it runs now (currentVersion + probes).
    'releases.checkProduction': { args: z.tuple([ReleaseIdSchema]), result: ProductionCheckSchema },
    'releases.resolveInconclusive': { args: z.tuple([ReleaseIdSchema, ResolveInconclusiveSchema]), result: ReleaseViewSchema },
    // Ends the running step's whole process group; true when something was running.
    'releases.cancelStep': { args: z.tuple([ReleaseIdSchema]), result: z.boolean() },
    // The full (redacted) output of one run of a step, from its log file.
    'releases.stepLog': { args: z.tuple([ReleaseIdSchema, StepNameSchema, z.number().int().positive()]), result: z.string() },
    // The live monitor of the open workspace's environments (started on first ask).
    'monitor.overview': { args: noArgs, result: MonitorOverviewSchema },
    // The window asks; the MAIN process shows the dialog and records the user's answer with its date.
    'connections.askPlaintextConsent': { args: noArgs, result: TokenStorageSchema },
    // Asks the main process to show its trust dialog for the open workspace (listing its
    // commands); only the user's answer there trusts a folder.
    'workspace.requestTrust': { args: noArgs, result: TrustRequestOutcomeSchema },
    'workspace.trustedFolders': { args: noArgs, result: z.array(TrustedFolderSchema).readonly() },
    // Settings → Trusted folders → Revoke; answers the list as it is afterwards.
    'workspace.revokeTrust': { args: z.tuple([TrustedFolderPathSchema]), result: z.array(TrustedFolderSchema).readonly() },
    // Rollback (shared/releases/rollback-ipc.ts): what the one confirmation names, and whether
    // the viewer may; start settles when production has been checked afterwards (output
    // arrives meanwhile as releases.output, or rollback.output without a release).
    'rollback.preview': { args: z.tuple([EnvironmentNameSchema]), result: RollbackPreviewSchema },
    'rollback.start': { args: z.tuple([EnvironmentNameSchema, RollbackStartOptionsSchema]), result: RollbackOutcomeSchema },
    'rollback.unlock': { args: z.tuple([EnvironmentNameSchema, ReasonSchema]), result: EnvironmentStateSchema },
    // History (shared/audit/history-ipc.ts): one release's journal events in words, read-only.
    'history.timeline': { args: z.tuple([ReleaseIdSchema]), result: ReleaseTimelineSchema },
    // The DORA delivery metrics from the journal, up to now.
    'history.metrics': { args: z.tuple([MetricsRequestSchema]), result: DeliveryMetricsSchema },
    // Policy conformance of the main branch (fetches it; asks GitHub once per unreleased commit).
    'history.conformance': { args: z.tuple([ConformanceRequestSchema]), result: ConformanceViewSchema },
    // Verifies the open workspace's release journal (the app runs it when a workspace opens).
    'audit.verify': { args: noArgs, result: JournalVerifyReportSchema },
    // Journals an `audit-acknowledged` event for what verify finds now; answers verify afterwards.
    'audit.acknowledge': { args: z.tuple([ReasonSchema]), result: JournalVerifyReportSchema },
    // History → Export evidence: the app saves through its own dialog; the bridge answers the content to download.
    'audit.exportEvidence': { args: z.tuple([ReleaseIdSchema, EvidenceFormatSchema]), result: EvidenceExportResultSchema },
    // Each watched environment's alert flag alone (the status strip): no samples, no alert texts.
    'monitor.health': { args: noArgs, result: MonitorHealthSchema },
  },
  events: {
    'workspace.changed': WorkspaceStatusSchema,
    'readiness.changed': BoardSnapshotSchema,
    'readiness.localTestOutput': LocalTestOutputSchema,
    'releases.changed': ReleaseViewSchema,
    'releases.output': StepOutputSchema,
    'monitor.reading': MonitorReadingSchema,
    'rollback.output': RollbackOutputSchema,
  },
} as const satisfies {
  readonly calls: { readonly [N in CallName]: CallSpec };
  readonly events: { readonly [E in EventName]: z.ZodType };
};

export type Contract = typeof contract;
export type CallArgs<N extends CallName> = z.input<Contract['calls'][N]['args']>;
export type CallValue<N extends CallName> = z.output<Contract['calls'][N]['result']>;
export type EventPayload<E extends EventName> = z.output<Contract['events'][E]>;
