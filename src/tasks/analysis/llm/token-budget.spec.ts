import { ConcurrencyLimiter, TokenBudget, type Clock } from './token-budget';

/** A clock that only moves when a waiter sleeps: tests run instantly and deterministically. */
class FakeClock implements Clock {
  t = 0;
  sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

describe('TokenBudget', () => {
  it('lets requests through while the minute has room', async () => {
    const clock = new FakeClock();
    const sut = new TokenBudget(1000, clock);
    await sut.reserve(400);
    await sut.reserve(600);
    expect(clock.t).toBe(0);
    expect(sut.used()).toBe(1000);
  });

  it('waits until the oldest reservations leave the 60 s window', async () => {
    const clock = new FakeClock();
    const sut = new TokenBudget(1000, clock);
    await sut.reserve(700);
    clock.t = 10_000;
    await sut.reserve(200);
    clock.t = 20_000;
    await sut.reserve(500); // needs the 700 from t=0 gone: until t=60,000
    expect(clock.t).toBe(60_000);
    expect(sut.used()).toBe(700);
  });

  it('counts the real usage once a request settles', async () => {
    const clock = new FakeClock();
    const sut = new TokenBudget(1000, clock);
    const r = await sut.reserve(900);
    r.settle(150);
    await sut.reserve(800);
    expect(clock.t).toBe(0);
    expect(sut.used()).toBe(950);
  });

  it('sends a request bigger than the whole budget alone, once the window is empty', async () => {
    const clock = new FakeClock();
    const sut = new TokenBudget(1000, clock);
    await sut.reserve(100);
    await sut.reserve(5000);
    expect(clock.t).toBe(60_000);
  });

  it('serves waiters in order', async () => {
    const clock = new FakeClock();
    const sut = new TokenBudget(1000, clock);
    await sut.reserve(1000);
    const order: string[] = [];
    await Promise.all([sut.reserve(900).then(() => order.push('big')), sut.reserve(10).then(() => order.push('small'))]);
    expect(order).toEqual(['big', 'small']);
  });
});

describe('ConcurrencyLimiter', () => {
  it('runs at most `limit` tasks at once and all of them eventually', async () => {
    const sut = new ConcurrencyLimiter(2);
    let running = 0;
    let peak = 0;
    const task = async (i: number) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return i;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => sut.run(() => task(i))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(sut.inFlight).toBe(0);
  });

  it('frees the slot when a task throws', async () => {
    const sut = new ConcurrencyLimiter(1);
    await expect(sut.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sut.run(async () => 'ok')).resolves.toBe('ok');
  });
});
