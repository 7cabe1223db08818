import { once } from 'node:events';
import { open, type FileHandle } from 'node:fs/promises';
import { createConnection, type Socket } from 'node:net';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ScanFailedError, ScanSizeLimitError, ScannerUnavailableError } from './scanning.errors';
import { DEFAULT_CLAMAV_OPTIONS, type ClamavScannerOptions, type ClamdAddress, type ScanVerdict, type VirusScanner } from './scanning.types';

const DEFAULT_CLAMD_PORT = 3310;
/** clamd replies with one short line; past this, whatever answers is not clamd. */
const MAX_REPLY_BYTES = 4096;
/** The INSTREAM length prefix is 32 bits, but a chunk is also what one scan holds in memory. */
const MAX_CHUNK_SIZE = 16 * 1024 * 1024;
/** A zero-length chunk ends the INSTREAM data. */
const END_OF_STREAM = Buffer.alloc(4);

/**
 * Scans files with clamd's INSTREAM command, so clamd needs no access to our disk: the
 * file is streamed in length-prefixed chunks (https://docs.clamav.net/manual/Usage/Scanning.html#clamd).
 * One connection per command, no session, so a dropped connection never poisons the next scan.
 */
export class ClamavScanner implements VirusScanner {
  private readonly address: ClamdAddress;
  private readonly options: ClamavScannerOptions;

  /** @param url `tcp://host:port` (port defaults to 3310) or `unix:///path/to/clamd.ctl`. */
  constructor(
    readonly url: string,
    options: Partial<ClamavScannerOptions> = {},
  ) {
    this.address = parseClamdUrl(url);
    this.options = { ...DEFAULT_CLAMAV_OPTIONS, ...options };
    const { timeoutMs, chunkSize } = this.options;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
    if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
      throw new RangeError(`chunkSize must be an integer from 1 to ${MAX_CHUNK_SIZE} bytes, got ${chunkSize}`);
    }
  }

  async scanFile(path: string): Promise<ScanVerdict> {
    // Opened before connecting: a missing file is the caller's problem (a plain fs error), not clamd's.
    const file = await open(path, 'r');
    try {
      const deadline = Date.now() + this.options.timeoutMs;
      const send = (connection: ClamdConnection): Promise<void> => this.streamFile(file, connection);
      let reply: string;
      try {
        reply = await this.exchange('INSTREAM', deadline, send);
      } catch (error) {
        // The reset came before its reply could be read (see StreamInterruptedError): one more
        // try on a fresh connection reads it, or shows clamd is really gone.
        if (!(error instanceof StreamInterruptedError)) throw error;
        reply = await this.exchange('INSTREAM', deadline, send);
      }
      return parseInstreamReply(reply);
    } finally {
      await file.close();
    }
  }

  /** Resolves when clamd answers PONG; for readiness checks. */
  async ping(): Promise<void> {
    const reply = await this.exchange('PING', Date.now() + this.options.timeoutMs, async () => undefined);
    if (reply !== 'PONG') throw new ScannerUnavailableError(`clamd at ${this.url} answered PING with "${reply}"`);
  }

  private async exchange(command: string, deadline: number, send: (connection: ClamdConnection) => Promise<void>): Promise<string> {
    const connection = new ClamdConnection(this.address, this.url, deadline, this.options.timeoutMs);
    let sending: Promise<void> = Promise.resolve();
    try {
      connection.socket.write(`z${command}\0`);
      sending = send(connection);
      // Either may finish first: clamd answers early when the stream passes its size limit.
      await Promise.race([sending, connection.reply]);
      return await connection.reply;
    } finally {
      connection.close();
      // Never leave a read of the caller's file running after we return.
      await sending.catch(() => undefined);
    }
  }

  private async streamFile(file: FileHandle, connection: ClamdConnection): Promise<void> {
    const { chunkSize } = this.options;
    // Explicit positions: a retried exchange streams the file from the start again.
    for (let position = 0; ; ) {
      // A fresh buffer per chunk: the socket may still hold the previous one.
      const chunk = Buffer.allocUnsafe(chunkSize);
      const { bytesRead } = await file.read(chunk, 0, chunkSize, position);
      position += bytesRead;
      // clamd answers an oversized stream at once and closes, so its reply and the reset
      // land together. Yielding lets the event loop read the reply before a synchronous
      // write hits EPIPE, which destroys the socket with the reply unread.
      await yieldToEventLoop();
      if (connection.settled) return;
      if (bytesRead === 0) break;
      const header = Buffer.allocUnsafe(4);
      header.writeUInt32BE(bytesRead);
      connection.socket.cork();
      connection.socket.write(header);
      const flushed = connection.socket.write(chunk.subarray(0, bytesRead));
      connection.socket.uncork();
      // Backpressure: at most one chunk waits in memory, whatever the file size.
      if (!flushed) await connection.drained();
    }
    if (!connection.settled) connection.socket.write(END_OF_STREAM);
  }
}

/**
 * clamd reset the connection mid-command with no reply read. Its size-limit reply may
 * have been lost: Node destroys a socket on EPIPE before reading what is already in its
 * receive buffer (about 1 scan in 1000 over the limit, even with the yield in streamFile).
 */
class StreamInterruptedError extends ScannerUnavailableError {
  constructor(url: string, cause: Error) {
    super(
      `clamd at ${url} reset the connection before replying (${cause.message}); it does this when a file exceeds its StreamMaxLength, or when it stops`,
      { cause },
    );
  }
}

/** @throws Error naming the expected forms, for config validation at boot. */
export function parseClamdUrl(url: string): ClamdAddress {
  const expected = 'expected tcp://host:port or unix:///path/to/clamd.sock';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`clamd URL "${url}" is not a URL: ${expected}`);
  }
  if (parsed.protocol === 'tcp:' && parsed.hostname) {
    return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port ? Number(parsed.port) : DEFAULT_CLAMD_PORT };
  }
  // unix://relative/path would silently read "relative" as a host name.
  if (parsed.protocol === 'unix:' && !parsed.host && parsed.pathname.length > 1) {
    return { path: decodeURIComponent(parsed.pathname) };
  }
  throw new Error(`clamd URL "${url}" is not supported: ${expected}`);
}

/** Reads clamd's answer to INSTREAM (NUL already stripped). */
export function parseInstreamReply(reply: string): ScanVerdict {
  if (reply === 'stream: OK') return { infected: false };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { infected: true, signature: found[1] };
  if (/size limit exceeded/i.test(reply)) throw new ScanSizeLimitError(reply);
  if (reply.endsWith(' ERROR')) throw new ScanFailedError(`clamd could not scan the file: "${reply}"`, reply);
  throw new ScanFailedError(`Unexpected reply from clamd to INSTREAM: "${reply}"`, reply);
}

/**
 * One `z`-prefixed command: clamd sends one NUL-terminated reply, then closes. `reply`
 * settles exactly once, with the reply text or a `ScannerUnavailableError`; socket
 * errors after a reply arrived (EPIPE while clamd refuses an oversized stream) are ignored.
 */
class ClamdConnection {
  readonly socket: Socket;
  readonly reply: Promise<string>;
  private readonly received: Buffer[] = [];
  private receivedBytes = 0;
  private done = false;
  private readonly timer: NodeJS.Timeout;
  private resolve!: (reply: string) => void;
  private reject!: (error: Error) => void;

  constructor(
    address: ClamdAddress,
    private readonly url: string,
    deadline: number,
    timeoutMs: number,
  ) {
    this.reply = new Promise<string>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Observed by exchange(); this only keeps an early rejection from counting as unhandled.
    this.reply.catch(() => undefined);
    this.timer = setTimeout(() => this.settle(new ScannerUnavailableError(`clamd at ${url} gave no verdict within ${timeoutMs} ms`)), Math.max(0, deadline - Date.now()));
    this.socket = createConnection(address);
    this.socket.on('data', (data: Buffer) => this.onData(data));
    this.socket.on('end', () => this.noReply('closed the connection without a reply'));
    this.socket.on('close', () => this.noReply('closed the connection without a reply'));
    this.socket.on('error', (error: NodeJS.ErrnoException) => {
      if (this.receivedBytes === 0 && (error.code === 'EPIPE' || error.code === 'ECONNRESET')) this.settle(new StreamInterruptedError(url, error));
      else this.noReply(`cannot be reached: ${error.message}`, error);
    });
  }

  get settled(): boolean {
    return this.done;
  }

  /** Resolves once the socket takes more data or the exchange is over (check `settled`); never rejects. */
  async drained(): Promise<void> {
    await Promise.race([once(this.socket, 'drain').catch(() => undefined), this.reply.catch(() => undefined)]);
  }

  close(): void {
    this.settle(new ScannerUnavailableError(`connection to clamd at ${this.url} closed before a reply`));
    this.socket.destroy();
  }

  private onData(data: Buffer): void {
    this.received.push(data);
    this.receivedBytes += data.length;
    if (data.includes(0)) this.settle();
    else if (this.receivedBytes > MAX_REPLY_BYTES) {
      this.settle(new ScannerUnavailableError(`the server at ${this.url} does not speak the clamd protocol (reply over ${MAX_REPLY_BYTES} bytes)`));
    }
  }

  private noReply(why: string, cause?: Error): void {
    // A partial reply still beats a guess: the parser reports it as unexpected.
    if (this.receivedBytes > 0) this.settle();
    else this.settle(new ScannerUnavailableError(`clamd at ${this.url} ${why}`, cause && { cause }));
  }

  private settle(error?: Error): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    if (error) this.reject(error);
    else this.resolve(Buffer.concat(this.received).toString('utf8').split('\0')[0].trim());
  }
}
