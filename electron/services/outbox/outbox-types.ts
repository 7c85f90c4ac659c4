/**
 * The outbox's vocabulary, independent of what the messages say: a message belongs to a
 * service (which adapter delivers it) and a lane (messages of one lane go out strictly in
 * enqueue order), and an adapter answers each delivery attempt with one of four outcomes.
 */

export interface OutboxMessageBase {
  /** Which adapter delivers it ("github", "slack"). */
  readonly service: string;
  /** Which release it belongs to: with the service, its lane. */
  readonly releaseId: string;
}

/** What an adapter may read while delivering: the attempt's abort signal and earlier results. */
export interface DeliveryContext {
  /** The outbox's own id for the message: a unique key adapters put in what they post. */
  readonly messageId: string;
  /** Attempts started before this one (persisted, so it counts across restarts). */
  readonly previousAttempts: number;
  /** When the first attempt started (epoch ms), or null for a first attempt. */
  readonly firstAttemptAt: number | null;
  /** Aborted when the outbox stops; adapters pass it to every request. */
  readonly signal: AbortSignal;
  /** Facts remembered from delivered messages (a deployment id, a thread's ts). */
  fact(key: string): string | number | undefined;
  /** The outbox's clock (epoch ms). */
  readonly now: () => number;
}

export type DeliveryOutcome =
  | {
      readonly kind: 'delivered';
      /** Remembered (persisted) for later messages: e.g. `github.deployment:<releaseId>` → id. */
      readonly facts?: Readonly<Record<string, string | number>>;
    }
  | {
      readonly kind: 'retry';
      /** Why, in a few words ("unreachable: connection refused", "server error: HTTP 502"). */
      readonly reason: string;
      /** Set when the service said when to come back (Retry-After, x-ratelimit-reset, retry_after). */
      readonly notBefore?: number;
      readonly rateLimited?: boolean;
    }
  /** The service said no in a way retrying cannot change (401/403/404/422, not_in_channel). */
  | { readonly kind: 'refused'; readonly reason: string }
  /** Not sent on purpose: the service is not connected or not configured. */
  | { readonly kind: 'skipped'; readonly reason: string };

export interface ChannelAdapter<M extends OutboxMessageBase> {
  deliver(message: M, context: DeliveryContext): Promise<DeliveryOutcome>;
}

/** How a message stands, for the release view. Delivered messages are not listed. */
export interface PendingUpdate<M extends OutboxMessageBase = OutboxMessageBase> {
  readonly id: string;
  readonly message: M;
  readonly enqueuedAt: string;
  /**
   * queued: due now; waiting: behind an earlier message of its lane; sending: in flight;
   * retrying: failed, next try at `nextAttemptAt`; rate-limited: the service said when;
   * refused / skipped: final, never sent.
   */
  readonly state: 'queued' | 'waiting' | 'sending' | 'retrying' | 'rate-limited' | 'refused' | 'skipped';
  /** One line for people: "rate-limited until 14:02:00", "refused: not_in_channel", … (redacted). */
  readonly reason: string;
  readonly attempts: number;
  /** ISO time of the next attempt, when one is scheduled. */
  readonly nextAttemptAt: string | null;
}
