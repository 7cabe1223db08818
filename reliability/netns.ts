import { execFileSync } from 'node:child_process';

/**
 * Simulated machines for scenario 6: each "host" is a network namespace joined to the root
 * namespace by its own veth pair on a private /30 (10.213.x.y). A process started in it with
 * `ip netns exec` has its own loopback and no route anywhere but the peer address, so it reaches
 * the suite's PostgreSQL and Redis only over the virtual link, as a separate machine would.
 */
export interface VirtualHost {
  name: string;
  /** Network namespace name (`ip netns exec <ns>`). */
  ns: string;
  /** The root namespace's end of the link: where the host reaches PostgreSQL and Redis. */
  rootAddr: string;
  /** The host's own address. */
  hostAddr: string;
  /** Root-side veth device; deleting it deletes its peer too. */
  rootDev: string;
  /** Prefix for running a command on this host. */
  exec: string[];
}

/** Namespaces and links of this run, so that cleanup (also on Ctrl-C) removes them. */
const created = new Set<VirtualHost>();
const NS_NAME = /^sntrel-(\d+)-h\d+$/;
const DEV_NAME = /^sr(\d+)h\d+$/;

function ip(...args: string[]): string {
  return execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 }).toString();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why network namespaces cannot be used here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root for `ip netns` and veth links (run the suite as root)';
  try {
    ip('netns', 'list');
    ip('link', 'show', 'lo');
  } catch (err) {
    return `\`ip netns\` is not usable: ${(err as Error).message.split('\n')[0]}`;
  }
  return undefined;
}

/** Removes namespaces and links left by an earlier run that was SIGKILLed (its PID is gone). */
export function sweepStaleHosts(): void {
  for (const line of ip('netns', 'list').split('\n')) {
    const ns = line.split(' ')[0];
    const m = NS_NAME.exec(ns);
    if (m && !alive(Number(m[1]))) tryIp('netns', 'del', ns);
  }
  for (const line of ip('-o', 'link', 'show').split('\n')) {
    const dev = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1] ?? '';
    const m = DEV_NAME.exec(dev);
    if (m && !alive(Number(m[1]))) tryIp('link', 'del', dev);
  }
}

function tryIp(...args: string[]): void {
  try {
    ip(...args);
  } catch {
    // already gone
  }
}

/** A third octet of 10.213.0.0/16 that no interface uses yet (a concurrent run may hold one). */
function freeOctet(): number {
  const used = ip('-4', '-o', 'addr', 'show');
  for (let i = 0; i < 256; i++) {
    const o = (process.pid + i) % 256;
    if (!used.includes(`10.213.${o}.`)) return o;
  }
  throw new Error('no free 10.213.x.0/24 for the virtual hosts');
}

/** Creates `count` hosts on one free 10.213.x.0/24, a /30 each; undoes everything on failure. */
export function createHosts(count: number): VirtualHost[] {
  const octet = freeOctet();
  const hosts: VirtualHost[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      const ns = `sntrel-${process.pid}-h${i}`;
      const rootDev = `sr${process.pid}h${i}`;
      const peer = `${rootDev}p`;
      const base = 4 * i;
      const host: VirtualHost = { name: `host ${i}`, ns, rootDev, rootAddr: `10.213.${octet}.${base + 1}`, hostAddr: `10.213.${octet}.${base + 2}`, exec: ['ip', 'netns', 'exec', ns] };
      ip('netns', 'add', ns);
      created.add(host);
      hosts.push(host);
      ip('link', 'add', rootDev, 'type', 'veth', 'peer', 'name', peer);
      ip('link', 'set', peer, 'netns', ns);
      ip('addr', 'add', `${host.rootAddr}/30`, 'dev', rootDev);
      ip('link', 'set', rootDev, 'up');
      ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${host.hostAddr}/30`, 'dev', peer);
      ip('netns', 'exec', ns, 'ip', 'link', 'set', peer, 'up');
      ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
    }
  } catch (err) {
    destroyHosts(hosts);
    throw err;
  }
  return hosts;
}

/** Safe to call twice and from a signal handler; kill the hosts' processes first. */
export function destroyHosts(hosts: Iterable<VirtualHost> = created): void {
  for (const h of [...hosts]) {
    tryIp('link', 'del', h.rootDev);
    tryIp('netns', 'del', h.ns);
    created.delete(h);
  }
}
