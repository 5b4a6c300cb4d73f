import { AsyncLocalStorage } from 'node:async_hooks';
import type { WebClient } from '@slack/web-api';

/** The delivery being worked on: the Web API client Bolt handed it, and the installation that serves it. */
const delivery = new AsyncLocalStorage<{ client: WebClient; installation: string | null }>();

/**
 * Runs `work` (a delivery's whole chain, the work after the ack included) with Bolt's client for that delivery:
 * every call SlackCalls makes meanwhile goes out with the token of the delivery's workspace, never another's.
 */
export function withRequestClient<T>(
  client: WebClient,
  installation: string | null,
  work: () => Promise<T>,
): Promise<T> {
  return delivery.run({ client, installation }, work);
}

/** The installation (`T…`/`E…`) whose token the current delivery's calls carry; null outside a delivery. */
export function requestInstallation(): string | null {
  return delivery.getStore()?.installation ?? null;
}

/** The Web API client Bolt handed the current delivery; undefined outside a delivery. */
export function deliveryClient(): WebClient | undefined {
  return delivery.getStore()?.client;
}
