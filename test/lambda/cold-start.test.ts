import { coldStart } from '../../src/lambda/cold-start';

describe('coldStart', () => {
  it('builds once and shares the result with every later and concurrent call', async () => {
    let builds = 0;
    const ready = coldStart(async () => {
      builds += 1;
      return { id: builds };
    });
    const [a, b] = await Promise.all([ready(), ready()]);
    const c = await ready();
    expect(builds).toBe(1);
    expect(a).toBe(b);
    expect(c).toBe(a);
  });

  it('does not keep a failed build: the next call tries again and then keeps the good one', async () => {
    const outcomes = [new Error('SSM throttled'), 'built'];
    let builds = 0;
    const ready = coldStart(async () => {
      const next = outcomes[builds++];
      if (next instanceof Error) throw next;
      return next;
    });
    await expect(ready()).rejects.toThrow('SSM throttled');
    await expect(ready()).resolves.toBe('built');
    await expect(ready()).resolves.toBe('built');
    expect(builds).toBe(2);
  });
});
