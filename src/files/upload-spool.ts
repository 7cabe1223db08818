import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { lstat, readdir, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Spool files of uploads in UPLOAD_TMP_DIR. An API that is SIGKILLed (or OOM-killed) mid-upload
 * cannot delete the file it was writing, so the name says who wrote it: `sentir-upload-<owner>-<pid>-<uuid>`,
 * where `<owner>` identifies this machine boot and PID namespace. At start the API removes the
 * files of dead processes with its own owner tag; files of other owners (another container or
 * machine sharing the directory, or a previous boot) go only once untouched for `SPOOL_STALE_MS`,
 * because their PIDs mean nothing here (reliability scenario 4, issue #6).
 */
export const SPOOL_PREFIX = 'sentir-upload-';

/**
 * A live spool file is written while the body arrives, then read for at most the scan, the parse
 * (FILE_PARSE_TIMEOUT_MS, 2 min by default) and the COPY: an hour untouched means nobody holds it.
 */
export const SPOOL_STALE_MS = 60 * 60 * 1000;

/** How often a running API sweeps again: catches files of other APIs on the same host killed since it started. */
export const SPOOL_SWEEP_INTERVAL_MS = 15 * 60 * 1000;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** Names before the owner tag existed were `sentir-upload-<uuid>`: those are swept by age only. */
const SPOOL_NAME = new RegExp(`^${SPOOL_PREFIX}(?:([0-9a-f]{8})-(\\d+)-)?${UUID}$`);

let cachedOwner: string | undefined;

/** 8 hex digits naming this machine boot and PID namespace: where a PID in a spool name is meaningful. */
export function spoolOwner(): string {
  if (cachedOwner) return cachedOwner;
  const read = (f: () => string) => {
    try {
      return f().trim();
    } catch {
      return '';
    }
  };
  const boot = read(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8')) || hostname();
  const pidNamespace = read(() => readlinkSync('/proc/self/ns/pid'));
  cachedOwner = createHash('sha256').update(`${boot}\0${pidNamespace}`).digest('hex').slice(0, 8);
  return cachedOwner;
}

/** A fresh spool file path in `dir` for this process. */
export function spoolPath(dir: string): string {
  return join(dir, `${SPOOL_PREFIX}${spoolOwner()}-${process.pid}-${randomUUID()}`);
}

export interface SweepOptions {
  now?: number;
  maxAgeMs?: number;
  owner?: string;
  /**
   * This process's PID: its files count as orphans too, since the sweep runs before the API
   * accepts uploads (a restarted container's API often gets its predecessor's PID, e.g. 1).
   * Null for the periodic sweep of a running API, whose own files are live uploads.
   */
  selfPid?: number | null;
  isAlive?: (pid: number) => boolean;
}

/**
 * Removes orphaned spool files from `dir`; returns their names. Run it before accepting uploads,
 * then every SPOOL_SWEEP_INTERVAL_MS with `selfPid: null`.
 * Never throws for a single file (another instance may remove it first); throws if `dir` is unreadable.
 */
export async function sweepSpool(dir: string, options: SweepOptions = {}): Promise<string[]> {
  const { now = Date.now(), maxAgeMs = SPOOL_STALE_MS, owner = spoolOwner(), selfPid = process.pid, isAlive = processAlive } = options;
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    const m = SPOOL_NAME.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    try {
      const st = await lstat(path);
      if (!st.isFile()) continue;
      const pid = m[2] === undefined ? undefined : Number(m[2]);
      const deadOwner = m[1] === owner && pid !== undefined && ((selfPid !== null && pid === selfPid) || !isAlive(pid));
      if (!deadOwner && now - st.mtimeMs < maxAgeMs) continue;
      await unlink(path);
      removed.push(name);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** Signal 0 checks existence; EPERM means it exists but belongs to another user. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
