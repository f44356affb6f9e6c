/**
 * Something the Clever client wants a person or a log to know while it keeps going. Notices never
 * hold tokens or secrets; `path` is the request's path and query.
 */
export type CleverNotice =
  | {
      kind: 'rate_limited';
      path: string;
      waitMs: number;
      /** `status_429`: Clever refused the request; `remaining_zero`: the window is spent, so the client waits before asking. */
      trigger: 'status_429' | 'remaining_zero';
    }
  | {
      kind: 'retrying';
      path: string;
      /** The attempt that failed (1-based). */
      attempt: number;
      waitMs: number;
      /** What went wrong, e.g. "HTTP 502 Bad Gateway" or "no answer within 30000 ms". */
      reason: string;
    };
