/**
 * The names of the contract's calls and events, kept apart from their schemas so the
 * sandboxed preload can be built without zod. contract.ts must declare a schema for exactly
 * these names (the compiler checks both directions).
 */
export const CALL_NAMES = [
  'app.getInfo',
  'workspace.getStatus',
  'workspace.reload',
  'workspace.open',
  'links.openExternal',
  'connections.list',
  'connections.storage',
  'connections.connect',
  'connections.disconnect',
  'connections.setApiUrl',
  'readiness.board',
  'readiness.refresh',
  'readiness.runLocalTests',
  'readiness.cancelLocalTests',
  'readiness.localTestLog',
  'readiness.signOff',
  'readiness.circleciDetails',
  'readiness.localTestRuns',
  'releases.overview',
  'releases.history',
  'releases.get',
  'releases.plan',
  'releases.editEngineers',
  'releases.startStage1',
  'releases.signOff',
  'releases.preflight',
  'releases.switchover',
  'releases.markVerdict',
  'releases.merge',
  'releases.abort',
  'releases.checkProduction',
  'releases.resolveInconclusive',
  'releases.cancelStep',
  'releases.stepLog',
  'monitor.overview',
  'connections.askPlaintextConsent',
  'workspace.requestTrust',
  'workspace.trustedFolders',
  'workspace.revokeTrust',
  'rollback.preview',
  'rollback.start',
  'rollback.unlock',
  'history.timeline',
  'history.metrics',
  'history.conformance',
  'audit.verify',
  'audit.acknowledge',
  'audit.exportEvidence',
  'monitor.health',
] as const;
export const EVENT_NAMES = [
  'workspace.changed',
  'readiness.changed',
  'readiness.localTestOutput',
  'releases.changed',
  'releases.output',
  'monitor.reading',
  'rollback.output',
] as const;

export type CallName = (typeof CALL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** The Electron IPC channel that carries a call or an event; used only by the two adapters. */
export const channelOf = (name: CallName | EventName): string => `desk:${name}`;
