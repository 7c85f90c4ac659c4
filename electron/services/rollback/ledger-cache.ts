/**
 * The rollback ledger of the journal as last read, continued with only the events added since:
 * a read that found the journal grown folds its new events, not the whole journal again.
 *
 * A journal opened at a resume point (the CLI's snapshot) returns only the events after it
 * (`from` > 0): the ledger then continues from the snapshot's. When the journal had to be read
 * whole after all (`from` 0), the fold starts from nothing, as without a snapshot.
 */
import type { JournalEvent } from '../../../shared/releases/release-events';
import { continueLedger, emptyLedger, foldLedger, type RollbackLedger } from './journal-ledger';

/** The ledger as of byte `from` of the journal (the events before it folded in). */
export interface LedgerBase {
  readonly from: number;
  readonly ledger: RollbackLedger;
}

export interface JournalRead {
  readonly events: readonly JournalEvent[];
  /** Where `events` start in the file (0: they are the whole journal). */
  readonly from?: number;
}

export class LedgerCache {
  private last: { readonly from: number; readonly count: number; readonly lastHash: string | null; readonly ledger: RollbackLedger } | null = null;

  constructor(private base: LedgerBase | null = null) {}

  /** The ledger of the journal read (never changed afterwards: continuing works on a copy). */
  of(read: JournalRead): RollbackLedger {
    const from = read.from ?? 0;
    const { events } = read;
    const last = this.last;
    if (last !== null && last.from === from && events.length >= last.count && (last.count === 0 || events[last.count - 1]?.hash === last.lastHash)) {
      if (events.length === last.count) return last.ledger;
      return this.keep(from, events, continueLedger(last.ledger, events.slice(last.count)));
    }
    return this.keep(from, events, foldLedger(events, this.start(from)));
  }

  private start(from: number): RollbackLedger {
    if (from === 0) return emptyLedger();
    // Taken, not copied (it was just parsed, and a copy costs as much): the journal reads from
    // a resume point once; after that its events only grow, or it is read whole (from 0).
    const base = this.base;
    this.base = null;
    if (base === null || base.from !== from) throw new Error(`the journal was read from byte ${from}, but no ledger is known as of that byte`);
    return base.ledger;
  }

  private keep(from: number, events: readonly JournalEvent[], ledger: RollbackLedger): RollbackLedger {
    this.last = { from, count: events.length, lastHash: events.at(-1)?.hash ?? null, ledger };
    return ledger;
  }
}
