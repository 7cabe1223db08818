export interface SanitizedFilename {
  /** Safe to log, store and echo in a Content-Disposition header (after RFC 5987 encoding). */
  name: string;
  /** Lower-case extension without the dot ('' when none or not plausible). */
  extension: string;
}

const DEFAULT_MAX_LENGTH = 120;
const FALLBACK_BASE = 'upload';

// C0 and C1 controls, DEL, bidi embeddings/overrides/isolates (U+202A–202E, U+2066–2069),
// LRM/RLM/ALM marks, and BOM/zero-width no-break space: none belong in a file name, and the
// bidi ones make `evil\u202Excs.exe` display as `evilexe.scx`.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
// Characters Windows, shells or HTTP headers treat specially.
const RESERVED = /[<>:"/\\|?*;]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const PLAUSIBLE_EXTENSION = /^[a-z0-9]{1,10}$/;

/**
 * Reduces an uploaded file name to something harmless: no directories (`../`, `C:\`),
 * no NUL, control or bidi-override characters, no leading dots, bounded length, and the
 * extension kept (lower-cased) so the format sniffer can compare it with the content.
 * Never throws; an unusable name becomes `upload[.ext]`.
 */
export function sanitizeFilename(raw: string, maxLength = DEFAULT_MAX_LENGTH): SanitizedFilename {
  let name = String(raw ?? '').normalize('NFC').replace(INVISIBLE, '');
  // Basename under both separators: browsers on Windows used to send full paths.
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name.replace(RESERVED, '_').replace(/\s+/g, ' ');
  // Leading dots would make a hidden file (or `..`); trailing dots and spaces are dropped by Windows.
  name = name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');

  const dot = name.lastIndexOf('.');
  let base = dot > 0 ? name.slice(0, dot) : name;
  let extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!PLAUSIBLE_EXTENSION.test(extension)) {
    base = name;
    extension = '';
  }
  base = base.replace(/[\s.]+$/, '');
  if (base === '' || WINDOWS_DEVICE.test(base)) base = base === '' ? FALLBACK_BASE : `_${base}`;

  const suffix = extension ? `.${extension}` : '';
  const room = Math.max(1, maxLength - suffix.length);
  base = truncateCodePoints(base, room).replace(/[\s.]+$/, '') || FALLBACK_BASE;
  return { name: base + suffix, extension };
}

function truncateCodePoints(s: string, max: number): string {
  if (s.length <= max) return s;
  const points = Array.from(s);
  return points.length <= max ? s : points.slice(0, max).join('');
}
