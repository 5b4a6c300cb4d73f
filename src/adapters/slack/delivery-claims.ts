import type { KeyValueStore } from '../../store/port';

/**
 * For Slack deliveries that do not go through the dialog engine (posting the plan, handing out a link code): the
 * first delivery of a key claims it in the shared store, so a retried delivery (`X-Slack-Retry-Num`) does nothing,
 * in whichever process it lands.
 */
export class DeliveryClaims {
  constructor(private readonly store: KeyValueStore) {}

  /** True for the first delivery with this key, false for every repeat. */
  async claim(key: string): Promise<boolean> {
    const put = await this.store.put(`delivery:${key}`, new Date().toISOString(), null);
    return put.ok;
  }
}
