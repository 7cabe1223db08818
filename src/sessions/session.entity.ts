/** A JSON value as JSON.parse returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

/**
 * One session (table `sessions`, cached in Redis): a UI client's working state. `version`
 * starts at 1 and grows by one with every change of `state`; reads only move the times.
 */
export interface SessionRecord {
  id: string;
  userId: string;
  state: JsonObject;
  version: number;
  createdAt: Date;
  lastActivityAt: Date;
  /** lastActivityAt + SESSION_TTL_SECONDS: the sliding expiry. */
  expiresAt: Date;
}

/** Why a session stopped existing before it expired. */
export type SessionEndReason = 'deleted' | 'evicted';
