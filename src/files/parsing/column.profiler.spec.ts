import { ColumnProfiler } from './column.profiler';
import { readDate } from './date.util';

function profile(columns: string[], rows: string[][], textColumn?: string): ReturnType<ColumnProfiler['finish']> {
  const sut = new ColumnProfiler(columns);
  for (const r of rows) sut.add(r);
  return sut.finish(textColumn);
}

const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('ColumnProfiler', () => {
  it('guesses text, id and date columns and the date range', () => {
    const rows = many(60, (i) => [String(1000 + i), ['web', 'tienda'][i % 2], `El servicio número ${i} fue bastante lento pero amable`, `${String((i % 28) + 1).padStart(2, '0')}/0${(i % 9) + 1}/2024`]);
    const result = profile(['nro', 'canal', 'observaciones', 'fecha'], rows);
    expect(result.guessed).toEqual({ textColumn: 'observaciones', idColumn: 'nro', dateColumn: 'fecha', dateOrder: 'dmy' });
    expect(result.dateRange).toEqual({ from: '2024-01-01', to: '2024-09-27' });
    expect(result.columns.map((c) => c.kind)).toEqual(['id', 'category', 'text', 'date']);
  });

  it('prefers the longest free text over shorter texty columns', () => {
    const rows = many(30, (i) => [`Juan Pérez ${i}`, `correo${i}@x.com`, `Me encantó la atención, volvería sin dudas; la sucursal ${i} es la mejor de todas`]);
    expect(profile(['cliente', 'email', 'col3'], rows).guessed.textColumn).toBe('col3');
  });

  it('a comment-like name wins among similar columns', () => {
    const rows = many(10, (i) => [`texto libre de la columna a ${i}`, `texto libre de la columna b ${i}`]);
    expect(profile(['a', 'Comentario del cliente'], rows).guessed.textColumn).toBe('Comentario del cliente');
  });

  it('reads mm/dd when the data proves it', () => {
    const rows = many(20, (i) => [`comentario bastante largo ${i}`, `03/${String(i + 10).padStart(2, '0')}/2023`]);
    const result = profile(['texto', 'created'], rows);
    expect(result.guessed).toMatchObject({ dateColumn: 'created', dateOrder: 'mdy' });
    expect(result.dateRange).toEqual({ from: '2023-03-10', to: '2023-03-29' });
  });

  it('reads ISO date-times and Excel serials in date-named columns', () => {
    const iso = profile(['t', 'ts'], [['hola que tal', '2024-05-01T10:00:00Z'], ['chau chau', '2024-06-02 08:00']]);
    expect(iso.dateRange).toEqual({ from: '2024-05-01', to: '2024-06-02' });
    const serial = profile(['t', 'fecha'], [['hola que tal', '45292'], ['chau chau', '45322.5']]);
    expect(serial.dateRange).toEqual({ from: '2024-01-01', to: '2024-01-31' });
  });

  it('does not call a text column with repeated values an id', () => {
    const rows = many(50, (i) => [String(i % 5), `comentario ${i} con varias palabras`]);
    expect(profile(['id', 'texto'], rows).guessed.idColumn).toBeNull();
  });

  it('honours an explicit text column and rejects an unknown one', () => {
    expect(profile(['a', 'b'], [['1', 'x']], 'A').guessed.textColumn).toBe('a');
    expect(() => profile(['a', 'b'], [['1', 'x']], 'texto')).toThrow(expect.objectContaining({ code: 'no_text_column' }));
  });

  it('no column with letters → no_text_column', () => {
    expect(() => profile(['id', 'puntaje', 'fecha'], many(10, (i) => [String(i), String(i % 5), '2024-01-01']))).toThrow(expect.objectContaining({ code: 'no_text_column' }));
  });
});

describe('readDate', () => {
  it.each([
    ['2024-03-01', { dmy: '2024-03-01', mdy: '2024-03-01' }],
    ['2024-03-01T10:30:00.000-03:00', { dmy: '2024-03-01', mdy: '2024-03-01' }],
    ['2024/3/1', { dmy: '2024-03-01', mdy: '2024-03-01' }],
    ['01/03/2024', { dmy: '2024-03-01', mdy: '2024-01-03' }],
    ['31/12/2024 23:59', { dmy: '2024-12-31', mdy: undefined }],
    ['12/31/2024 11:59 PM', { dmy: undefined, mdy: '2024-12-31' }],
    ['5.6.24', { dmy: '2024-06-05', mdy: '2024-05-06' }],
    ['29/02/2023', { dmy: undefined, mdy: undefined }],
  ])('%s', (raw, expected) => {
    const result = readDate(raw);
    if (!expected.dmy && !expected.mdy) expect(result).toBeUndefined();
    else expect(result).toEqual(expected);
  });

  it.each(['hola', '12345', '2024-13-01', '99/99/9999', '1/2', '2024-01-01 basura'])('%s is not a date', (raw) => {
    expect(readDate(raw)).toBeUndefined();
  });

  it('reads Excel serials only when allowed', () => {
    expect(readDate('45292')).toBeUndefined();
    expect(readDate('45292', true)).toEqual({ dmy: '2024-01-01', mdy: '2024-01-01' });
    expect(readDate('100', true)).toBeUndefined();
  });
});
