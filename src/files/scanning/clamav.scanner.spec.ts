import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { FixtureDir } from '../parsing/testing/fixtures';
import { ClamavScanner, parseClamdUrl, parseInstreamReply } from './clamav.scanner';
import { ScanFailedError, ScannerUnavailableError, ScanSizeLimitError, VirusScanError } from './scanning.errors';

/** What the fake clamd saw on one connection. */
interface Received {
  command: string;
  chunkSizes: number[];
  bytes: number;
  sha256: string;
  terminated: boolean;
}

/** What the fake answers once the stream is complete; undefined = never answer. */
type Responder = (received: Received) => string | undefined;

/**
 * A fake clamd on a real socket that parses the INSTREAM framing byte by byte, so the
 * tests see exactly what the scanner put on the wire.
 */
class FakeClamd {
  readonly sessions: Received[] = [];
  respond: Responder = () => 'stream: OK';
  /** Like clamd's StreamMaxLength: past it, answer at once and drop the connection. */
  streamMaxLength = Infinity;
  /** Reset (RST) this many INSTREAM connections right after the command, with no reply. */
  resets = 0;
  /** Never read from the socket (a wedged clamd): the client must hit its own timeout. */
  stalled = false;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor() {
    this.server = createServer((socket) => this.accept(socket));
  }

  async listen(target: number | string = 0): Promise<string> {
    if (typeof target === 'string') this.server.listen(target);
    else this.server.listen(target, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    return typeof address === 'string' ? `unix://${address}` : `tcp://127.0.0.1:${address!.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close');
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.stalled) {
      socket.pause();
      return;
    }
    const received: Received = { command: '', chunkSizes: [], bytes: 0, sha256: '', terminated: false };
    this.sessions.push(received);
    const hash = createHash('sha256');
    let buffer = Buffer.alloc(0);
    let commandDone = false;
    let remainingInChunk = 0;
    const answer = (reply: string | undefined): void => {
      socket.removeAllListeners('data');
      // clamd closes right after its reply; anything still arriving is then refused (RST).
      if (reply !== undefined) socket.end(reply + '\0', () => socket.destroy());
    };
    socket.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      if (!commandDone) {
        const nul = buffer.indexOf(0);
        if (nul < 0) return;
        received.command = buffer.subarray(0, nul).toString('latin1');
        buffer = buffer.subarray(nul + 1);
        commandDone = true;
        if (received.command === 'zPING') return answer('PONG');
        if (received.command !== 'zINSTREAM') return answer('UNKNOWN COMMAND');
        if (this.resets > 0) {
          this.resets--;
          socket.removeAllListeners('data');
          socket.resetAndDestroy();
          return;
        }
      }
      for (;;) {
        if (remainingInChunk > 0) {
          const take = Math.min(remainingInChunk, buffer.length);
          if (take === 0) return;
          hash.update(buffer.subarray(0, take));
          received.bytes += take;
          remainingInChunk -= take;
          buffer = buffer.subarray(take);
          continue;
        }
        if (buffer.length < 4) return;
        const length = buffer.readUInt32BE(0);
        buffer = buffer.subarray(4);
        if (length === 0) {
          received.terminated = true;
          received.sha256 = hash.digest('hex');
          return answer(this.respond(received));
        }
        if (received.bytes + length > this.streamMaxLength) return answer('INSTREAM size limit exceeded. ERROR');
        received.chunkSizes.push(length);
        remainingInChunk = length;
      }
    });
  }
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('ClamavScanner', () => {
  const fixtures = new FixtureDir();
  let clamd: FakeClamd;
  let url: string;

  beforeEach(async () => {
    clamd = new FakeClamd();
    url = await clamd.listen();
  });

  afterEach(() => clamd.close());
  afterAll(() => fixtures.cleanup());

  it('streams the file with INSTREAM and reports a clean file', async () => {
    const content = Buffer.from('id,comment\n1,great service\n');
    const path = fixtures.write('clean.csv', content);
    const sut = new ClamavScanner(url);

    await expect(sut.scanFile(path)).resolves.toEqual({ infected: false });
    expect(clamd.sessions).toEqual([{ command: 'zINSTREAM', chunkSizes: [content.length], bytes: content.length, sha256: sha256(content), terminated: true }]);
  });

  it('reports the signature clamd found', async () => {
    clamd.respond = () => 'stream: Win.Test.EICAR_HDB-1 FOUND';
    const sut = new ClamavScanner(url);

    await expect(sut.scanFile(fixtures.write('infected.csv', 'x'))).resolves.toEqual({ infected: true, signature: 'Win.Test.EICAR_HDB-1' });
  });

  it('sends a multi-MB file in length-prefixed chunks of at most chunkSize', async () => {
    const content = randomBytes(5 * 1024 * 1024 + 123);
    const path = fixtures.write('big.bin', content);
    const sut = new ClamavScanner(url, { chunkSize: 64 * 1024 });

    await expect(sut.scanFile(path)).resolves.toEqual({ infected: false });
    const [session] = clamd.sessions;
    expect(session.bytes).toBe(content.length);
    expect(session.sha256).toBe(sha256(content));
    expect(session.terminated).toBe(true);
    expect(Math.max(...session.chunkSizes)).toBeLessThanOrEqual(64 * 1024);
    expect(session.chunkSizes.length).toBeGreaterThanOrEqual(Math.ceil(content.length / (64 * 1024)));
  });

  it('sends an empty file as a bare terminator', async () => {
    const sut = new ClamavScanner(url);

    await expect(sut.scanFile(fixtures.write('empty.csv', ''))).resolves.toEqual({ infected: false });
    expect(clamd.sessions[0]).toMatchObject({ chunkSizes: [], bytes: 0, terminated: true });
  });

  it('throws ScanFailedError on an ERROR reply', async () => {
    clamd.respond = () => "stream: Can't allocate memory ERROR";
    const sut = new ClamavScanner(url);

    const error = await sut.scanFile(fixtures.write('a.csv', 'x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScanFailedError);
    expect(error).toMatchObject({ code: 'scan_failed', reply: "stream: Can't allocate memory ERROR" });
  });

  it('throws ScanSizeLimitError when clamd refuses the stream midway, despite the broken pipe', async () => {
    clamd.streamMaxLength = 1024 * 1024;
    const path = fixtures.write('over-limit.bin', randomBytes(4 * 1024 * 1024));
    const sut = new ClamavScanner(url);

    const error = await sut.scanFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScanSizeLimitError);
    expect((error as Error).message).toMatch(/StreamMaxLength/);
  });

  it('retries once on a fresh connection when clamd resets the connection before replying', async () => {
    clamd.resets = 1;
    const content = randomBytes(512 * 1024);
    const sut = new ClamavScanner(url);

    await expect(sut.scanFile(fixtures.write('reset-once.bin', content))).resolves.toEqual({ infected: false });
    expect(clamd.sessions).toHaveLength(2);
    expect(clamd.sessions[1]).toMatchObject({ bytes: content.length, sha256: sha256(content), terminated: true });
  });

  it('throws ScannerUnavailableError naming StreamMaxLength when the retry is reset too', async () => {
    clamd.resets = 2;
    const sut = new ClamavScanner(url);

    const error = await sut.scanFile(fixtures.write('reset-twice.bin', randomBytes(512 * 1024))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScannerUnavailableError);
    expect((error as Error).message).toMatch(/reset the connection before replying .*StreamMaxLength/);
    expect(clamd.sessions).toHaveLength(2);
  });

  it('throws ScannerUnavailableError when clamd never answers', async () => {
    clamd.respond = () => undefined;
    const sut = new ClamavScanner(url, { timeoutMs: 200 });

    const startedAt = Date.now();
    const error = await sut.scanFile(fixtures.write('a.csv', 'x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScannerUnavailableError);
    expect((error as Error).message).toMatch(/no verdict within 200 ms/);
    expect(Date.now() - startedAt).toBeLessThan(2000);
  });

  it('times out instead of buffering when clamd stops reading', async () => {
    clamd.stalled = true;
    const sut = new ClamavScanner(url, { timeoutMs: 300 });

    const error = await sut.scanFile(fixtures.write('stalled.bin', randomBytes(8 * 1024 * 1024))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScannerUnavailableError);
  });

  it('throws ScannerUnavailableError when the connection is refused', async () => {
    await clamd.close();
    const sut = new ClamavScanner(url);

    const error = await sut.scanFile(fixtures.write('a.csv', 'x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScannerUnavailableError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    clamd = new FakeClamd(); // afterEach closes it
    await clamd.listen();
  });

  it('throws ScannerUnavailableError when clamd hangs up without a reply', async () => {
    clamd.respond = () => undefined;
    const sut = new ClamavScanner(url, { timeoutMs: 5000 });
    const scan = sut.scanFile(fixtures.write('a.csv', 'x'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await clamd.close();

    await expect(scan).rejects.toThrow(/closed the connection without a reply/);
    clamd = new FakeClamd();
    await clamd.listen();
  });

  it('rethrows a missing file as a plain fs error without connecting', async () => {
    const sut = new ClamavScanner(url);

    const error = await sut.scanFile(fixtures.path('missing.csv')).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(VirusScanError);
    expect(error).toMatchObject({ code: 'ENOENT' });
    expect(clamd.sessions).toHaveLength(0);
  });

  it('talks to clamd over a unix socket', async () => {
    const unixClamd = new FakeClamd();
    const unixUrl = await unixClamd.listen(fixtures.path('clamd.sock'));
    try {
      const sut = new ClamavScanner(unixUrl);
      await expect(sut.ping()).resolves.toBeUndefined();
      await expect(sut.scanFile(fixtures.write('u.csv', 'x'))).resolves.toEqual({ infected: false });
    } finally {
      await unixClamd.close();
    }
  });

  it('pings clamd', async () => {
    const sut = new ClamavScanner(url);

    await expect(sut.ping()).resolves.toBeUndefined();
    expect(clamd.sessions[0].command).toBe('zPING');
  });

  it('fails a ping that gets no PONG', async () => {
    clamd.stalled = true;
    const sut = new ClamavScanner(url, { timeoutMs: 200 });

    await expect(sut.ping()).rejects.toBeInstanceOf(ScannerUnavailableError);
  });

  it('refuses nonsensical options', () => {
    expect(() => new ClamavScanner(url, { chunkSize: 0 })).toThrow(RangeError);
    expect(() => new ClamavScanner(url, { timeoutMs: -1 })).toThrow(RangeError);
  });
});

describe('parseClamdUrl', () => {
  it.each([
    ['tcp://clamav:3310', { host: 'clamav', port: 3310 }],
    ['tcp://127.0.0.1', { host: '127.0.0.1', port: 3310 }],
    ['tcp://[::1]:3311', { host: '::1', port: 3311 }],
    ['unix:///var/run/clamav/clamd.ctl', { path: '/var/run/clamav/clamd.ctl' }],
  ])('parses %s', (url, address) => {
    expect(parseClamdUrl(url)).toEqual(address);
  });

  it.each(['clamav:3310', 'http://clamav:3310', 'unix://relative/clamd.ctl', 'tcp://', ''])('refuses %j', (url) => {
    expect(() => parseClamdUrl(url)).toThrow(/tcp:\/\/host:port or unix:\/\/\/path/);
  });
});

describe('parseInstreamReply', () => {
  it('reads clean and infected verdicts', () => {
    expect(parseInstreamReply('stream: OK')).toEqual({ infected: false });
    expect(parseInstreamReply('stream: Eicar-Signature FOUND')).toEqual({ infected: true, signature: 'Eicar-Signature' });
  });

  it('tells the size limit apart from other errors', () => {
    expect(() => parseInstreamReply('INSTREAM size limit exceeded. ERROR')).toThrow(ScanSizeLimitError);
    expect(() => parseInstreamReply('stream: Access denied. ERROR')).toThrow(ScanFailedError);
    expect(() => parseInstreamReply('UNKNOWN COMMAND')).toThrow(/Unexpected reply/);
  });
});
