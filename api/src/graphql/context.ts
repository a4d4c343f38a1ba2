import type { Viewer } from './viewer.ts';

/** Read-only projection of the request: who is asking and how to find the request in the logs. */
export type Context = {
  readonly viewer: Viewer;
  readonly requestId: string;
  readonly clientIp: string;
  readonly userAgent: string | null;
};
