import { setTimeout as sleep } from 'node:timers/promises';

/** Time source, replaceable in tests. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

const WINDOW_MS = 60_000;

/** A reservation in the budget; settle it with what the request really used. */
export interface TokenReservation {
  readonly tokens: number;
  settle(actualTokens: number): void;
}

/**
 * Tokens-per-minute budget over a sliding 60 s window. A request reserves its estimate
 * (prompt characters / 4 plus the completion limit) before it is sent and settles to the
 * real usage afterwards. Waiters are served in order, so a big request is not starved by
 * small ones; a request larger than the whole budget goes alone once the window is empty.
 * Per process: with N workers give each 1/N of the provider's limit.
 */
export class TokenBudget {
  private readonly entries: { at: number; tokens: number }[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly tokensPerMinute: number,
    private readonly clock: Clock = SYSTEM_CLOCK,
  ) {}

  /** Tokens counted in the current window. */
  used(): number {
    this.prune();
    return this.entries.reduce((sum, e) => sum + e.tokens, 0);
  }

  reserve(estimate: number): Promise<TokenReservation> {
    const tokens = Math.max(0, Math.ceil(estimate));
    const turn = this.tail.then(() => this.waitFor(tokens));
    // The next waiter queues behind this one whatever happens to it.
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn.then(() => {
      const entry = { at: this.clock.now(), tokens };
      this.entries.push(entry);
      return {
        tokens,
        settle: (actual: number) => {
          entry.tokens = Math.max(0, Math.ceil(actual));
        },
      };
    });
  }

  private async waitFor(tokens: number): Promise<void> {
    for (;;) {
      this.prune();
      const used = this.entries.reduce((sum, e) => sum + e.tokens, 0);
      if (used + tokens <= this.tokensPerMinute || this.entries.length === 0) return;
      // Wait until enough of the oldest entries leave the window.
      let freed = 0;
      let until = this.entries[this.entries.length - 1].at + WINDOW_MS;
      for (const e of this.entries) {
        freed += e.tokens;
        if (used - freed + tokens <= this.tokensPerMinute) {
          until = e.at + WINDOW_MS;
          break;
        }
      }
      await this.clock.sleep(Math.max(1, until - this.clock.now()));
    }
  }

  private prune(): void {
    const cutoff = this.clock.now() - WINDOW_MS;
    while (this.entries.length > 0 && this.entries[0].at <= cutoff) this.entries.shift();
  }
}

/** At most `limit` tasks at once; the rest wait in order. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  get inFlight(): number {
    return this.active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter: `active` does not change.
    if (next) next();
    else this.active--;
  }
}

/** ~4 characters per token for Latin-script text: good enough to pace requests, never billed. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}
