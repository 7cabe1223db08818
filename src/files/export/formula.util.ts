/**
 * Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula
 * (OWASP "CSV Injection"): = + - @, tab and CR, plus their full-width forms, which some
 * locales accept too.
 */
const TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']);

/**
 * Neutralises a *string* cell a spreadsheet would evaluate, by prefixing `'` as OWASP
 * advises. Also catches a trigger hidden behind leading spaces or line feeds, which some
 * importers trim. Numbers are never passed here: -3 stays a number.
 */
export function neutraliseFormula(value: string): string {
  if (value === '') return value;
  if (TRIGGERS.has(value[0])) return `'${value}`;
  const firstVisible = value.search(/[^ \n\u00a0]/);
  if (firstVisible > 0 && TRIGGERS.has(value[firstVisible])) return `'${value}`;
  return value;
}
