import { sanitizeFilename } from './filename.util';

describe('sanitizeFilename', () => {
  it.each([
    ['comentarios.csv', 'comentarios.csv', 'csv'],
    ['../../etc/passwd', 'passwd', ''],
    ['C:\\Users\\ana\\Desktop\\Encuesta Q1.XLSX', 'Encuesta Q1.xlsx', 'xlsx'],
    ['..\\..\\boot.ini', 'boot.ini', 'ini'],
    ['report\u0000.csv', 'report.csv', 'csv'],
    ['evil\u202Excs.exe', 'evilxcs.exe', 'exe'],
    ['a\u2066b\u2069c\u200F.txt', 'abc.txt', 'txt'],
    ['line\r\nbreak\t.json', 'linebreak.json', 'json'],
    ['.htaccess', 'htaccess', ''],
    ['...', 'upload', ''],
    ['', 'upload', ''],
    ['CON.csv', '_CON.csv', 'csv'],
    ['data.tar.gz', 'data.tar.gz', 'gz'],
    ['weird.ext-with-dash', 'weird.ext-with-dash', ''],
    ['name<>:"|?*.csv', 'name_______.csv', 'csv'],
    ['trailing dots. . .', 'trailing dots', ''],
  ])('%j → %j', (raw, name, extension) => {
    expect(sanitizeFilename(raw)).toEqual({ name, extension });
  });

  it('trims long names but keeps the extension', () => {
    const out = sanitizeFilename(`${'á'.repeat(500)}.csv`, 50);
    expect(out.extension).toBe('csv');
    expect(Array.from(out.name)).toHaveLength(50);
    expect(out.name.endsWith('.csv')).toBe(true);
  });

  it('does not cut a surrogate pair in half', () => {
    const out = sanitizeFilename(`${'😀'.repeat(100)}.txt`, 20);
    expect(out.name).toBe(`${'😀'.repeat(16)}.txt`);
  });
});
