import type { PreparedText } from '../text-normalize';
import { IBAN_LENGTHS, ibanValid, luhnValid } from './checksum.util';

export const PII_NAME = 'sentir-pii';
export const PII_VERSION = '1.0.0';

export type PiiType = 'email' | 'url' | 'iban' | 'phone' | 'card' | 'ip' | 'id';

/**
 * When two candidates overlap, the earlier type in this list wins: an e-mail
 * beats the domain inside it, a URL the IP inside it, a phone number ("+595…",
 * "09…") a digit run that happens to pass Luhn.
 */
export const PII_PRIORITY: readonly PiiType[] = Object.freeze(['email', 'url', 'iban', 'phone', 'card', 'ip', 'id']);

export interface PiiEntity {
  type: PiiType;
  /** UTF-16 offsets into the original text. */
  start: number;
  end: number;
  text: string;
}

export interface PiiResult {
  /** Non-overlapping, in text order. */
  entities: PiiEntity[];
  /** The text with each entity replaced by `[EMAIL]`, `[PHONE]`, `[ID]`, `[CARD]`, `[IBAN]`, `[URL]` or `[IP]`. */
  redactedText: string;
}

export interface PiiOptions {
  /** Only look for these types (default: all). */
  types?: readonly PiiType[];
}

interface Candidate {
  type: PiiType;
  start: number;
  end: number;
}

const EMAIL_RE = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){0,8}\.\p{L}{2,24}(?![\p{L}\p{N}-])/gu;

const URL_TAIL = `[^\\s<>"'\`]*`;
const SCHEME_URL_RE = new RegExp(`\\b(?:https?|ftp)://[^\\s<>"'\`]+`, 'giu');
const WWW_URL_RE = new RegExp(`(?<![\\p{L}\\p{N}.@/-])www\\.[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+${URL_TAIL}`, 'giu');
/** Bare domains only with a TLD that customers actually paste, so "bien.mal" or "Sr.Pérez" never match. */
const BARE_DOMAIN_RE = new RegExp(
  `(?<![\\p{L}\\p{N}.@/-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.){1,6}` +
    // Not "es", "me", "co", "uy", "pe", "us": Spanish/English words that follow a missing space ("lento.Es caro").
    `(?:com|net|org|info|biz|io|app|dev|gov|edu|py|ar|br|cl|bo|mx|uk|ly|gl|tv)` +
    `(?![\\p{L}\\p{N}@-])(?::\\d{2,5})?(?:/${URL_TAIL})?`,
  'giu',
);
const URL_TRAILING_RE = /[.,;:!?'"»]+$/;

const IBAN_RE = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}/gu;

/** International: "+595 981 123 456", "0054 11 4444-5555", "+1 (555) 123-4567". Validated to 8–15 digits. */
const INTL_PHONE_RE = /(?<![\p{L}\p{N}+])(?:\+|00)[ ]?[1-9][\d .()-]{6,22}\d(?!\d)/gu;
/** Paraguayan mobile, national format: 09XX YYY YYY ("0981 123456", "0981-123-456", "(0981) 123 456"). */
const PY_MOBILE_RE = /(?<![\p{L}\p{N}+])\(?09[6-9]\d\)?[ .-]?\d{3}[ .-]?\d{3}(?!\d|[.,]\d)/gu;
/** Paraguayan landline: area code 0[2-8]X(X) + 6–7 digits ("(021) 123 456", "021 6129000", "061-512-345"). */
const PY_LANDLINE_RE = /(?<![\p{L}\p{N}+])\(?0[2-8]\d{1,2}\)?[ .-]?\d{3}[ .-]?\d{3,4}(?!\d|[.,]\d)/gu;
/** Any 7–15 digit number written like a phone; only accepted after a phone word (see PHONE_CONTEXT_RE). */
const LOOSE_PHONE_RE = /(?<![\p{L}\p{N}+.,])\(?\d{2,4}\)?(?:[ .-]?\d{2,4}){1,4}(?!\d|[.,]\d)/gu;
// Each repeated piece is a distinct token, so the bounded repetition cannot backtrack badly.
const PHONE_CONTEXT_RE =
  /(?<!\p{L})(?:tel(?:[eé]fono)?|cel(?:ular)?|m[oó]vil|whats?app|wsp|wpp|ll[aá]m(?:ar|ame|en|enme)|phone|mobile|cell|call me|contacto)(?:[\s.:#°º-]|al|at|nro|n[uú]mero|n[°º]|es|is){0,8}$/iu;
/** Paraguayan invoice numbers ("001-001-0012345") look like phone numbers and are not personal data. */
const INVOICE_RE = /^\d{3}-\d{3}-\d{6,8}$/;

const CARD_RE = /(?<![\p{N}+.,-])[1-9](?:[ -]?\d){12,18}(?!\d|[.,-]\d)/gu;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`(?<![\\p{L}\\p{N}.])(?:${OCTET}\\.){3}${OCTET}(?!\\p{N}|\\.\\p{N})`, 'gu');
const VERSION_CONTEXT_RE = /(?:\bv|\bver(?:si[oó]n)?\.?|\bversion|\brelease|\bfirmware|\bbuild)\s*$/iu;
const IPV6_RE = /(?<![\p{L}\p{N}:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\p{L}\p{N}:])/giu;

/**
 * Paraguayan cédula (identity card) numbers are plain 5–8 digit numbers, so a
 * bare number is never enough. A number counts as an ID when either
 * (1) an ID word precedes it closely ("CI", "C.I.", "cédula", "documento",
 *     "RUC", "DNI", "nro. de cédula"), written "4567890", "4.567.890" or, for
 *     RUC, with its check digit "4567890-1"; or
 * (2) it is in the dotted form 1.234.567 / 12.345.678 and no money cue is
 *     next to it ("Gs.", "₲", "$", "USD", "guaraníes", "precio", "pago",
 *     "cobraron", "factura", "mil", …), since prices are written the same way.
 */
const ID_CONTEXT_NUMBER_RE =
  /(?<![\p{L}\p{N}])(?:c\.?\s?i\.?|c[eé]dula|documento|doc\.?|ruc|dni|identidad)(?:[\s:#-]|de\s+identidad|n[°º]|nro\.?|n[uú]mero|no\.?|es|era){0,8}(\d{1,3}(?:\.\d{3}){1,2}|\d{5,8})(-\d)?(?!\d|[.,]\d)/giu;
const ID_DOTTED_RE = /(?<![\p{N}.,])\d{1,2}\.\d{3}\.\d{3}(?!\d|[.,]\d)/gu;
const MONEY_BEFORE_RE =
  /(?<!\p{L})(?:gs|₲|\$|usd|pyg|u\$s|us\$|g|guaran[ií]es|precio|cuesta|cuestan|cost[oó]|cobr\p{L}*|pag\p{L}*|monto|total|deuda|saldo|abon\p{L}*|factura|cuota|plan|de|por|sueldo|salario)\.?\s*:?\s*$/iu;
const MONEY_AFTER_RE = /^\s*(?:gs\b|₲|guaran[ií]es|pyg|usd|d[oó]lares|mil\b|millones|de guaran|por mes|mensual)/iu;

const DIGIT_RE = /\d/;
const NON_DIGIT_RE = /\D/g;

function collect(re: RegExp, text: string, type: PiiType, out: Candidate[], accept?: (m: RegExpExecArray) => Candidate | null): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const c = accept ? accept(m) : { type, start: m.index, end: m.index + m[0].length };
    if (c) out.push(c);
  }
}

function trimUrl(m: RegExpExecArray): Candidate | null {
  let s = m[0].replace(URL_TRAILING_RE, '');
  // Drop a closing bracket that was not opened inside the URL: "(ver http://x.com/a)".
  while (/[)\]]$/.test(s) && (s.match(/[(\]]/g)?.length ?? 0) < (s.match(/[)\]]/g)?.length ?? 0)) s = s.slice(0, -1).replace(URL_TRAILING_RE, '');
  return s.length > 4 ? { type: 'url', start: m.index, end: m.index + s.length } : null;
}

function acceptIban(m: RegExpExecArray): Candidate | null {
  const raw = m[0];
  const expected = IBAN_LENGTHS.get(raw.slice(0, 2).toUpperCase());
  if (expected === undefined) return null;
  // The pattern may run into the following words ("… 1332 y"): cut at the country's length.
  let count = 0;
  let end = 0;
  while (end < raw.length && count < expected) {
    if (raw[end] !== ' ') count++;
    end++;
  }
  if (count < expected) return null;
  const after = raw[end];
  if (after !== undefined && after !== ' ') return null;
  return ibanValid(raw.slice(0, end).replace(/ /g, '').toUpperCase()) ? { type: 'iban', start: m.index, end: m.index + end } : null;
}

function wellFormedPhone(s: string, minDigits: number, maxDigits: number): boolean {
  const digits = s.replace(NON_DIGIT_RE, '').length;
  if (digits < minDigits || digits > maxDigits) return false;
  // One separator between digit groups, parentheses balanced: rejects "1 . 2" or "12..34".
  if (/[ .-]{2,}/.test(s.replace(/\) /g, ')'))) return false;
  return (s.match(/\(/g)?.length ?? 0) === (s.match(/\)/g)?.length ?? 0);
}

function acceptCard(m: RegExpExecArray): Candidate | null {
  const digits = m[0].replace(NON_DIGIT_RE, '');
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits) || !luhnValid(digits)) return null;
  return { type: 'card', start: m.index, end: m.index + m[0].length };
}

function acceptIpv6(m: RegExpExecArray): Candidate | null {
  const s = m[0];
  const compressed = s.indexOf('::');
  if (compressed !== s.lastIndexOf('::')) return null;
  const groups = s.split(':');
  const filled = groups.filter((g) => g !== '').length;
  if (compressed < 0 ? groups.length !== 8 || filled !== 8 : filled < 3 || filled > 7) return null;
  return { type: 'ip', start: m.index, end: m.index + s.length };
}

/**
 * Finds personal data in a comment and returns it with a redacted copy.
 * Detection is regex-based with validation (Luhn for cards, mod-97 and
 * length for IBANs, octet ranges for IPv4, group counts for IPv6) and
 * context rules for numbers that look like many things (see the cédula rule
 * above and `PHONE_CONTEXT_RE`). Overlaps are resolved by `PII_PRIORITY`.
 */
export function redactPii(input: string | PreparedText, options: PiiOptions = {}): PiiResult {
  const text = typeof input === 'string' ? input : input.text;
  const want = options.types ? new Set(options.types) : null;
  const on = (t: PiiType): boolean => want === null || want.has(t);
  const found: Candidate[] = [];
  const hasDigit = DIGIT_RE.test(text);

  if (on('email') && text.includes('@')) collect(EMAIL_RE, text, 'email', found);
  if (on('url') && (text.includes('.') || text.includes('://'))) {
    collect(SCHEME_URL_RE, text, 'url', found, trimUrl);
    collect(WWW_URL_RE, text, 'url', found, trimUrl);
    collect(BARE_DOMAIN_RE, text, 'url', found, trimUrl);
  }
  if (hasDigit) {
    if (on('iban')) collect(IBAN_RE, text, 'iban', found, acceptIban);
    if (on('phone')) {
      const phone = (min: number, max: number) => (m: RegExpExecArray): Candidate | null =>
        wellFormedPhone(m[0], min, max) && !INVOICE_RE.test(m[0]) ? { type: 'phone', start: m.index, end: m.index + m[0].length } : null;
      collect(INTL_PHONE_RE, text, 'phone', found, phone(8, 17));
      collect(PY_MOBILE_RE, text, 'phone', found, phone(10, 10));
      collect(PY_LANDLINE_RE, text, 'phone', found, phone(9, 11));
      collect(LOOSE_PHONE_RE, text, 'phone', found, (m) =>
        PHONE_CONTEXT_RE.test(text.slice(Math.max(0, m.index - 30), m.index)) ? phone(7, 15)(m) : null,
      );
    }
    if (on('card')) collect(CARD_RE, text, 'card', found, acceptCard);
    if (on('ip')) {
      collect(IPV4_RE, text, 'ip', found, (m) =>
        VERSION_CONTEXT_RE.test(text.slice(Math.max(0, m.index - 12), m.index)) ? null : { type: 'ip', start: m.index, end: m.index + m[0].length },
      );
    }
    if (on('id')) {
      collect(ID_CONTEXT_NUMBER_RE, text, 'id', found, (m) => {
        const end = m.index + m[0].length;
        const start = end - m[1].length - (m[2]?.length ?? 0);
        return { type: 'id', start, end };
      });
      collect(ID_DOTTED_RE, text, 'id', found, (m) => {
        const before = text.slice(Math.max(0, m.index - 16), m.index);
        const after = text.slice(m.index + m[0].length, m.index + m[0].length + 16);
        return MONEY_BEFORE_RE.test(before) || MONEY_AFTER_RE.test(after) ? null : { type: 'id', start: m.index, end: m.index + m[0].length };
      });
    }
  }
  if (on('ip') && text.includes(':')) collect(IPV6_RE, text, 'ip', found, acceptIpv6);

  if (found.length === 0) return { entities: [], redactedText: text };
  const rank = (t: PiiType): number => PII_PRIORITY.indexOf(t);
  found.sort((a, b) => rank(a.type) - rank(b.type) || a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  for (const c of found) {
    if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start);

  let redactedText = '';
  let at = 0;
  const entities: PiiEntity[] = kept.map((c) => {
    redactedText += `${text.slice(at, c.start)}[${c.type.toUpperCase()}]`;
    at = c.end;
    return { type: c.type, start: c.start, end: c.end, text: text.slice(c.start, c.end) };
  });
  redactedText += text.slice(at);
  return { entities, redactedText };
}
