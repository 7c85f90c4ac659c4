/**
 * A durable outbox: messages for the team are written to disk (fsync'ed) and delivered in
 * the background by channel adapters, so whoever enqueues never waits on the network.
 *
 * - Durable: outbox.jsonl in the folder given (see outbox-file.ts); a new instance on the
 *   same folder (after a restart or a crash) picks up every message not yet settled.
 * - In order per lane: a lane is (service, releaseId); only the oldest unsettled message of
 *   a lane is ever in flight, so a Slack reply never precedes its thread's parent and a
 *   deployment status never precedes its deployment. Lanes are independent: Slack being
 *   down does not hold GitHub back.
 * - Retries: an adapter's `retry` outcome schedules the next attempt with exponential
 *   backoff + jitter, or at the time the service named (rate limits). `refused` and
 *   `skipped` are final and stay listed by pending() with their reason.
 * - Exactly once, from the team's side: an `attempt` record is fsync'ed before each send,
 *   and a message is marked delivered only after the service accepted it. An adapter
 *   told that an earlier attempt exists (`previousAttempts > 0`) first looks for that
 *   earlier attempt's result on the service (by the unique message id it carries) before
 *   sending again. See docs/team-updates.md for each adapter's residual window.
 * - One deliverer per folder (outbox-lock.ts): other instances only enqueue, and take over
 *   when the holder goes away.
 * - Everything stored or reported is redacted of the secrets given.
 */
import { randomUUID } from 'node:crypto';
import { redactText } from '../runner/redactor';
import { DEFAULT_BACKOFF, nextAttemptAt, type BackoffPolicy } from './backoff';
import { OutboxFile, type NewOutboxRecord, type OutboxRecord } from './outbox-file';
import { DelivererLock } from './outbox-lock';
import type { ChannelAdapter, DeliveryContext, DeliveryOutcome, OutboxMessageBase, PendingUpdate } from './outbox-types';

export interface OutboxOptions<M extends OutboxMessageBase> {
  /** The folder for outbox.jsonl and the deliverer lock (created if missing). */
  readonly dir: string;
  readonly adapters: Readonly<Record<string, ChannelAdapter<M>>>;
  /** Checks a message before it is stored; throws an Error that says what is wrong. */
  readonly parseMessage: (input: unknown) => M;
  /** Applies `redact` to every free-text field of a message. */
  readonly redactMessage: (message: M, redact: (text: string) => string) => M;
  /** Tokens and other secrets: never written to the file nor reported. */
  readonly secrets: () => readonly string[];
  readonly now?: () => number;
  readonly random?: () => number;
  readonly backoff?: Partial<BackoffPolicy>;
  /** How often to look for other processes' messages and a free deliverer lock; default 2 s. */
  readonly rescanMs?: number;
  /** Messages in flight at once (over all lanes); default 4. */
  readonly maxInFlight?: number;
  /** Formats a time in reasons ("next try 14:01:10"); default local HH:MM:SS. */
  readonly formatTime?: (epochMs: number) => string;
}

export interface Enqueued {
  readonly id: string;
  readonly enqueuedAt: string;
}

interface Entry<M> {
  readonly id: string;
  readonly message: M;
  readonly enqueuedAt: string;
  attempts: number;
  firstAttemptAt: number | null;
  settled: 'delivered' | 'refused' | 'skipped' | null;
  reason: string;
  nextAttemptAt: number | null;
  rateLimited: boolean;
}

export class Outbox<M extends OutboxMessageBase> {
  private readonly file: OutboxFile;
  private readonly lock: DelivererLock;
  private readonly entries = new Map<string, Entry<M>>();
  private readonly facts = new Map<string, string | number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly backoff: BackoffPolicy;
  private readonly formatTime: (epochMs: number) => string;
  private pumpTimer: NodeJS.Timeout | null = null;
  private rescanTimer: NodeJS.Timeout | null = null;
  private rescanning: Promise<void> | null = null;
  private stopped: Promise<void> | null = null;

  private constructor(private readonly options: OutboxOptions<M>) {
    this.file = new OutboxFile(options.dir);
    this.lock = new DelivererLock(options.dir);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.formatTime = options.formatTime ?? localClockTime;
  }

  /** Reads the folder's outbox, takes the deliverer lock if free, and starts delivering. */
  static async open<M extends OutboxMessageBase>(options: OutboxOptions<M>): Promise<Outbox<M>> {
    const outbox = new Outbox(options);
    await outbox.sync();
    await outbox.lock.tryAcquire();
    outbox.rescanTimer = setInterval(() => outbox.rescan(), options.rescanMs ?? 2000);
    outbox.rescanTimer.unref();
    outbox.pump();
    return outbox;
  }

  /**
   * Stores the message (one fsync'ed append) and returns: never waits on the network.
   * Throws when the message is malformed or the outbox has stopped.
   */
  async enqueue(input: unknown): Promise<Enqueued> {
    if (this.stopped !== null) throw new Error('the outbox has stopped; nothing more can be enqueued');
    const message = this.options.redactMessage(this.options.parseMessage(input), (text) => this.redact(text));
    const enqueued = { id: randomUUID(), enqueuedAt: new Date(this.now()).toISOString() };
    await this.file.append([{ type: 'enqueued', id: enqueued.id, at: enqueued.enqueuedAt, message }]);
    await this.sync();
    this.pump();
    return enqueued;
  }

  /**
   * Every message not delivered, oldest first, with why (also refused and skipped ones,
   * which will never be sent). Reads what other processes appended first.
   */
  async pending(filter: { readonly releaseId?: string } = {}): Promise<PendingUpdate<M>[]> {
    if (this.stopped === null) await this.sync();
    const now = this.now();
    const lanesStarted = new Set<string>();
    const list: PendingUpdate<M>[] = [];
    for (const entry of this.entries.values()) {
      if (entry.settled === 'delivered') continue;
      const lane = laneOf(entry.message);
      const behind = entry.settled === null && lanesStarted.has(lane);
      if (entry.settled === null) lanesStarted.add(lane);
      if (filter.releaseId !== undefined && entry.message.releaseId !== filter.releaseId) continue;
      list.push(this.describe(entry, behind, now));
    }
    return list;
  }

  /**
   * Waits until no message is due or in flight — everything left is delivered, final, or
   * scheduled for a later retry — and says whether that happened before the deadline. For a
   * short-lived process (the CLI) that wants to try its messages before it exits. False at
   * once when another process holds the folder (that one delivers).
   */
  async settle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.stopped !== null || !this.lock.isHeld) return false;
      await this.sync();
      if (!this.hasDueWork()) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(25, Math.max(1, deadline - Date.now()))));
    }
  }

  private hasDueWork(): boolean {
    if (this.inFlight.size > 0) return true;
    const now = this.now();
    const seenLanes = new Set<string>();
    for (const entry of this.entries.values()) {
      if (entry.settled !== null) continue;
      const lane = laneOf(entry.message);
      if (seenLanes.has(lane)) continue;
      seenLanes.add(lane);
      if (entry.nextAttemptAt === null || entry.nextAttemptAt <= now) return true;
    }
    return false;
  }

  /** A fact remembered from a delivered message (e.g. a deployment id), if any. */
  fact(key: string): string | number | undefined {
    return this.facts.get(key);
  }

  /** Whether this instance is the one delivering (false while another process holds the folder). */
  get isDelivering(): boolean {
    return this.lock.isHeld && this.stopped === null;
  }

  /**
   * Stops delivering: aborts requests in flight, waits for them to end and for the file
   * to be written, releases the lock. No timer is left behind. Messages not yet delivered
   * stay in the file for the next instance.
   */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      if (this.pumpTimer !== null) clearTimeout(this.pumpTimer);
      if (this.rescanTimer !== null) clearInterval(this.rescanTimer);
      this.pumpTimer = null;
      this.rescanTimer = null;
      this.stopping.abort();
      await this.rescanning;
      await Promise.allSettled([...this.inFlight.values()]);
      await this.file.close();
      await this.lock.release();
    })();
    return this.stopped;
  }

  private redact(text: string): string {
    return redactText(text, this.options.secrets());
  }

  private async sync(): Promise<void> {
    for (const record of await this.file.readNew()) this.apply(record);
  }

  private apply(record: OutboxRecord): void {
    if (record.type === 'enqueued') {
      let message: M;
      try {
        message = this.options.parseMessage(record.message);
      } catch {
        this.file.unreadableLines += 1;
        return;
      }
      this.entries.set(record.id, {
        id: record.id,
        message,
        enqueuedAt: record.at,
        attempts: 0,
        firstAttemptAt: null,
        settled: null,
        reason: 'queued',
        nextAttemptAt: null,
        rateLimited: false,
      });
      return;
    }
    const entry = this.entries.get(record.id);
    if (entry === undefined) return;
    switch (record.type) {
      case 'attempt':
        entry.attempts += 1;
        entry.firstAttemptAt ??= Date.parse(record.at);
        return;
      case 'retry':
        entry.reason = record.reason;
        entry.nextAttemptAt = record.nextAttemptAt;
        entry.rateLimited = record.rateLimited;
        return;
      case 'delivered':
        entry.settled = 'delivered';
        entry.nextAttemptAt = null;
        for (const [key, value] of Object.entries(record.facts ?? {})) this.facts.set(key, value);
        return;
      case 'refused':
      case 'skipped':
        entry.settled = record.type;
        entry.reason = record.reason;
        entry.nextAttemptAt = null;
        return;
    }
  }

  /** Reads other processes' appends and tries for the lock; never overlaps itself. */
  private rescan(): void {
    if (this.stopped !== null || this.rescanning !== null) return;
    this.rescanning = (async () => {
      try {
        await this.sync();
        if (this.stopped === null) await this.lock.tryAcquire();
      } catch (error) {
        console.error('[outbox] reading the outbox failed:', this.redact(String(error)));
      } finally {
        this.rescanning = null;
      }
      this.pump();
    })();
  }

  /** Starts every lane's head that is due; sets one timer for the earliest one that is not. */
  private pump(): void {
    if (this.stopped !== null || !this.lock.isHeld) return;
    if (this.pumpTimer !== null) clearTimeout(this.pumpTimer);
    this.pumpTimer = null;
    const now = this.now();
    const maxInFlight = this.options.maxInFlight ?? 4;
    const seenLanes = new Set<string>();
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of this.entries.values()) {
      if (entry.settled !== null) continue;
      const lane = laneOf(entry.message);
      if (seenLanes.has(lane)) continue;
      seenLanes.add(lane);
      if (this.inFlight.has(entry.id)) continue;
      if (entry.nextAttemptAt !== null && entry.nextAttemptAt > now) {
        earliest = Math.min(earliest, entry.nextAttemptAt);
        continue;
      }
      if (this.inFlight.size >= maxInFlight) break;
      this.start(entry);
    }
    if (Number.isFinite(earliest)) {
      this.pumpTimer = setTimeout(() => this.pump(), Math.max(0, earliest - now));
      this.pumpTimer.unref();
    }
  }

  private start(entry: Entry<M>): void {
    const work = this.deliver(entry)
      .catch((error: unknown) => console.error('[outbox] recording a delivery failed:', this.redact(String(error))))
      .finally(() => {
        this.inFlight.delete(entry.id);
        this.pump();
      });
    this.inFlight.set(entry.id, work);
  }

  private async deliver(entry: Entry<M>): Promise<void> {
    const adapter = this.options.adapters[entry.message.service];
    if (adapter === undefined) {
      await this.record({ type: 'skipped', id: entry.id, at: this.iso(), reason: `nothing delivers ${entry.message.service} messages` });
      return;
    }
    const context: DeliveryContext = {
      messageId: entry.id,
      previousAttempts: entry.attempts,
      firstAttemptAt: entry.firstAttemptAt,
      signal: this.stopping.signal,
      fact: (key) => this.facts.get(key),
      now: this.now,
    };
    // On disk before the request leaves: after a crash, the next instance knows to look first.
    await this.record({ type: 'attempt', id: entry.id, at: this.iso() });
    let outcome: DeliveryOutcome;
    try {
      outcome = await adapter.deliver(entry.message, context);
    } catch (error) {
      outcome = { kind: 'retry', reason: `unexpected failure: ${error instanceof Error ? error.message : String(error)}` };
    }
    // Stopped mid-request: whether it went out is unknown; the attempt record makes the
    // next instance check before sending again. Nothing more to write now.
    if (this.stopping.signal.aborted && outcome.kind === 'retry') return;
    const at = this.iso();
    switch (outcome.kind) {
      case 'delivered':
        await this.record({ type: 'delivered', id: entry.id, at, ...(outcome.facts === undefined ? {} : { facts: outcome.facts }) });
        return;
      case 'refused':
      case 'skipped':
        await this.record({ type: outcome.kind, id: entry.id, at, reason: this.redact(outcome.reason) });
        return;
      case 'retry': {
        const next = nextAttemptAt(this.now(), entry.attempts, outcome.notBefore, this.backoff, this.random);
        await this.record({
          type: 'retry',
          id: entry.id,
          at,
          reason: this.redact(outcome.reason),
          nextAttemptAt: next,
          rateLimited: outcome.rateLimited === true && outcome.notBefore !== undefined,
        });
        return;
      }
    }
  }

  private async record(record: NewOutboxRecord): Promise<void> {
    await this.file.append([record]);
    await this.sync();
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private describe(entry: Entry<M>, behind: boolean, now: number): PendingUpdate<M> {
    const base = {
      id: entry.id,
      message: entry.message,
      enqueuedAt: entry.enqueuedAt,
      attempts: entry.attempts,
      nextAttemptAt: entry.settled === null && entry.nextAttemptAt !== null ? new Date(entry.nextAttemptAt).toISOString() : null,
    };
    const say = (state: PendingUpdate['state'], reason: string): PendingUpdate<M> => ({ ...base, state, reason: this.redact(reason) });
    if (entry.settled === 'refused') return say('refused', `refused: ${entry.reason}`);
    if (entry.settled === 'skipped') return say('skipped', `skipped: ${entry.reason}`);
    if (this.inFlight.has(entry.id)) return say('sending', `sending (attempt ${entry.attempts})`);
    if (behind) return say('waiting', `waiting for an earlier ${entry.message.service} update of this release`);
    if (entry.nextAttemptAt !== null && entry.nextAttemptAt > now) {
      const when = this.formatTime(entry.nextAttemptAt);
      return entry.rateLimited ? say('rate-limited', `${entry.reason} until ${when}`) : say('retrying', `${entry.reason}, next try ${when}`);
    }
    if (!this.lock.isHeld) return say('queued', 'queued: another Release Desk process on this workspace delivers it');
    return say('queued', entry.attempts > 0 ? `${entry.reason}, trying again now` : 'queued');
  }
}

function laneOf(message: OutboxMessageBase): string {
  return `${message.service}\u0000${message.releaseId}`;
}

function localClockTime(epochMs: number): string {
  const date = new Date(epochMs);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}
