import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { FileTooLargeError, MalformedUploadError, UploadMediaTypeError } from './files.errors';
import { spoolPath } from './upload-spool';

export interface UploadLimits {
  maxBytes: number;
  tmpDir: string;
}

/** An upload spooled to a private temp file on this API host, only for the request's lifetime. */
export interface ReceivedUpload {
  path: string;
  size: number;
  sha256: string;
  /** As the client sent it; sanitise before storing or showing. */
  filename: string;
  mimeType: string;
  /** The other form fields (strings), e.g. `sheet`, or batch options in the one-step form. */
  fields: Record<string, string>;
  /** Deletes the temp file; safe to call twice. */
  discard(): Promise<void>;
}

const FIELD_LIMITS = { fields: 20, fieldSize: 16 * 1024, fieldNameSize: 100, parts: 22, headerPairs: 50 };
/** Multipart framing and the other fields never need more than this on top of the file. */
const ENVELOPE_BYTES = 512 * 1024;

/**
 * Streams a `multipart/form-data` request with one `file` part to disk while hashing it.
 * Every busboy limit is set (they default to unlimited). At the size limit it stops
 * reading and answers 413; a client that disconnects leaves no temp file behind.
 */
export function receiveUpload(req: IncomingMessage, limits: UploadLimits): Promise<ReceivedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(new UploadMediaTypeError(`Upload the file as multipart/form-data with a part named "file" (got ${type ? `"${type.split(';')[0]}"` : 'no Content-Type'}).`));
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes + ENVELOPE_BYTES) {
    // Nothing is stored or parsed; the body is only read and dropped so the client can read the 413.
    // Up to twice the limit in all; beyond that the connection is cut (the client may then see a reset).
    return drainThen(req, 2 * limits.maxBytes + ENVELOPE_BYTES, new FileTooLargeError(limits.maxBytes));
  }

  return new Promise<ReceivedUpload>((resolve, reject) => {
    // Named after this process, so that the next API start can remove it if we are killed mid-upload.
    const path = spoolPath(limits.tmpDir);
    const fields: Record<string, string> = {};
    const hash = createHash('sha256');
    let size = 0;
    let filename = '';
    let mimeType = '';
    let sawFile = false;
    let fileDone: Promise<void> = Promise.resolve();
    let settled = false;
    const discard = () => unlink(path).catch(() => undefined);

    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe(bb);
      bb.removeAllListeners('file');
      void fileDone.catch(() => undefined).finally(discard);
      // busboy stopped at the limit: drop up to as much again, then answer.
      if (err instanceof FileTooLargeError) drainThen(req, limits.maxBytes, err).catch(reject);
      else reject(err);
    };

    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { ...FIELD_LIMITS, files: 1, fileSize: limits.maxBytes }, defParamCharset: 'utf8' });
    } catch (err) {
      reject(new MalformedUploadError(`The multipart request cannot be read: ${(err as Error).message}.`));
      return;
    }

    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || sawFile) {
        stream.resume();
        return;
      }
      sawFile = true;
      filename = info.filename ?? '';
      mimeType = info.mimeType ?? '';
      const out = createWriteStream(path, { mode: 0o600 });
      fileDone = new Promise<void>((res, rej) => {
        out.once('finish', res);
        out.once('error', rej);
      });
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
      });
      stream.once('limit', () => {
        stream.unpipe(out);
        out.destroy();
        stream.resume();
        fail(new FileTooLargeError(limits.maxBytes));
      });
      stream.pipe(out);
    });
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(new MalformedUploadError(`Form field "${name}" is longer than ${FIELD_LIMITS.fieldSize} bytes.`));
      if (name === '__proto__' || name === 'constructor' || name === 'prototype') return;
      fields[name] = value;
    });
    bb.once('partsLimit', () => fail(new MalformedUploadError(`Too many parts in the upload (limit ${FIELD_LIMITS.parts}).`)));
    bb.once('fieldsLimit', () => fail(new MalformedUploadError(`Too many form fields (limit ${FIELD_LIMITS.fields}).`)));
    bb.once('error', (err: Error) => fail(new MalformedUploadError(`The multipart request cannot be read: ${err.message}.`)));
    bb.once('close', () => {
      if (settled) return;
      if (!sawFile) return fail(new MalformedUploadError('The upload has no part named "file".'));
      fileDone.then(
        () => {
          if (settled) return;
          settled = true;
          resolve({ path, size, sha256: hash.digest('hex'), filename, mimeType, fields, discard });
        },
        (err: Error) => fail(err),
      );
    });
    req.once('close', () => {
      if (!req.complete) fail(new MalformedUploadError('The client closed the connection before the upload finished.'));
    });
    req.pipe(bb);
  });
}

/**
 * Reads and drops the rest of a refused request body before answering. Closing the socket
 * while the client is still sending makes most clients (fetch, curl) report a broken pipe
 * instead of our 413. Draining is bounded: past `cap` more bytes the connection is cut.
 */
function drainThen(req: IncomingMessage, cap: number, err: Error): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    if (req.complete || req.readableEnded) return reject(err);
    let drained = 0;
    const done = () => {
      req.off('data', onData);
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      drained += chunk.length;
      if (drained > cap) {
        req.off('data', onData);
        req.destroy();
        reject(err);
      }
    };
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.resume();
  });
}

