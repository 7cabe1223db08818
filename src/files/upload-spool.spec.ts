import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { SPOOL_PREFIX, SPOOL_STALE_MS, spoolOwner, spoolPath, sweepSpool } from './upload-spool';

const UUID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const OTHER_OWNER = spoolOwner() === 'aaaaaaaa' ? 'bbbbbbbb' : 'aaaaaaaa';

describe('upload spool', () => {
  let dir: string;
  const touch = (name: string, ageMs = 0) => {
    const path = join(dir, name);
    writeFileSync(path, 'comentario\nhola\n');
    const t = (Date.now() - ageMs) / 1000;
    utimesSync(path, t, t);
    return name;
  };
  const left = () => readdirSync(dir).sort();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sentir-spool-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names files with this owner and PID, each one new', () => {
    const a = basename(spoolPath(dir));
    expect(a).toMatch(new RegExp(`^${SPOOL_PREFIX}${spoolOwner()}-${process.pid}-[0-9a-f-]{36}$`));
    expect(spoolPath(dir)).not.toBe(join(dir, a));
    expect(spoolOwner()).toMatch(/^[0-9a-f]{8}$/);
  });

  it('removes the files of dead processes of this owner at once, keeps those of live ones', async () => {
    const owner = spoolOwner();
    const dead = touch(`${SPOOL_PREFIX}${owner}-4242-${UUID}`);
    const live = touch(`${SPOOL_PREFIX}${owner}-4343-${UUID}`);
    const sut = await sweepSpool(dir, { selfPid: 1, isAlive: (pid) => pid === 4343 });
    expect(sut).toEqual([dead]);
    expect(left()).toEqual([live]);
  });

  it('treats its own PID as a dead predecessor (the sweep runs before any upload)', async () => {
    const mine = touch(`${SPOOL_PREFIX}${spoolOwner()}-77-${UUID}`);
    expect(await sweepSpool(dir, { selfPid: 77, isAlive: () => true })).toEqual([mine]);
  });

  it('keeps its own files while running (selfPid null), still removing dead ones', async () => {
    const mine = touch(`${SPOOL_PREFIX}${spoolOwner()}-77-${UUID}`);
    const dead = touch(`${SPOOL_PREFIX}${spoolOwner()}-78-${UUID}`);
    expect(await sweepSpool(dir, { selfPid: null, isAlive: (pid) => pid === 77 })).toEqual([dead]);
    expect(left()).toEqual([mine]);
  });

  it('checks PIDs for real by default', async () => {
    const child = spawnSync(process.execPath, ['-e', '0']);
    const gone = touch(`${SPOOL_PREFIX}${spoolOwner()}-${child.pid}-${UUID}`);
    const alive = touch(`${SPOOL_PREFIX}${spoolOwner()}-${process.ppid}-${UUID}`);
    expect(await sweepSpool(dir)).toEqual([gone]);
    expect(left()).toEqual([alive]);
  });

  it('sweeps other owners and old-style names only once they are stale', async () => {
    const foreignFresh = touch(`${SPOOL_PREFIX}${OTHER_OWNER}-4242-${UUID}`, SPOOL_STALE_MS - 60_000);
    const foreignStale = touch(`${SPOOL_PREFIX}${OTHER_OWNER}-4243-${UUID}`, SPOOL_STALE_MS + 60_000);
    const legacyFresh = touch(`${SPOOL_PREFIX}${UUID}`);
    const legacyStale = touch(`${SPOOL_PREFIX}${UUID.replace('0f8f', '1f8f')}`, SPOOL_STALE_MS + 60_000);
    const removed = await sweepSpool(dir, { isAlive: () => false });
    expect(removed.sort()).toEqual([foreignStale, legacyStale].sort());
    expect(left()).toEqual([foreignFresh, legacyFresh].sort());
  });

  it('leaves everything else in a shared temp dir alone', async () => {
    const others = [
      touch('notes.txt', SPOOL_STALE_MS * 2),
      touch(`${SPOOL_PREFIX}not-a-uuid`, SPOOL_STALE_MS * 2),
      touch(`${SPOOL_PREFIX}${spoolOwner()}-4242-${UUID}.bak`, SPOOL_STALE_MS * 2),
    ];
    mkdirSync(join(dir, `${SPOOL_PREFIX}${spoolOwner()}-4242-${UUID.replace('0f8f', '2f8f')}`));
    const sut = await sweepSpool(dir, { isAlive: () => false });
    expect(sut).toEqual([]);
    expect(left()).toHaveLength(others.length + 1);
  });
});
