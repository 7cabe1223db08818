import { sniffFile } from './format.sniffer';
import { DEFAULT_FILE_LIMITS } from './parsing.types';
import { buildRawXlsx, buildZip, FixtureDir, sheetXml } from './testing/fixtures';

const fx = new FixtureDir();
afterAll(() => fx.cleanup());

let seq = 0;
function sniff(content: string | Buffer, filename: string, limits = DEFAULT_FILE_LIMITS): ReturnType<typeof sniffFile> {
  return sniffFile(fx.write(`s${++seq}`, content), filename, limits);
}

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), Buffer.alloc(100)]);
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(50)]);
const OLE2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
const PE = (() => {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
})();
const XLSX = buildRawXlsx(sheetXml([['t'], ['a']]));
const DOCX = buildZip([
  { name: '[Content_Types].xml', data: '<Types/>' },
  { name: 'word/document.xml', data: '<w:document/>' },
]);

describe('sniffFile', () => {
  it.each([
    ['comentarios.csv', 'id,texto\n1,hola\n', 'csv'],
    ['datos.TSV', 'id\ttexto\n', 'csv'],
    ['notas.txt', 'hola\n', 'txt'],
    ['export.json', '[{"a":1}]', 'json'],
    ['export.ndjson', '{"a":1}\n', 'json'],
    ['export.jsonl', '{"a":1}\n', 'json'],
    ['libro.xlsx', XLSX, 'xlsx'],
    ['sin-extension', XLSX, 'xlsx'],
    ['sin-extension', '  [{"a":1}]', 'json'],
    ['sin-extension', 'id;texto;canal\n1;hola;web\n2;chau;tienda\n', 'csv'],
    ['sin-extension', 'una opinión suelta\notra opinión\n', 'txt'],
    ['windows-file.csv', Buffer.from('MZ,texto\n1,hola\n'), 'csv'],
    ['id3.csv', 'ID3,texto\n1,hola\n', 'csv'],
  ])('%s → %s', async (name, content, format) => {
    await expect(sniff(content, name)).resolves.toMatchObject({ format });
  });

  it.each([
    ['an ELF binary named .csv', ELF, 'comments.csv', 'ELF executable'],
    ['a PDF named .csv', PDF, 'comments.csv', 'PDF document'],
    ['a PNG named .txt', PNG, 'comments.txt', 'PNG image'],
    ['a Windows executable named .json', PE, 'data.json', 'Windows executable'],
    ['an xlsx named .csv', XLSX, 'comments.csv', 'ZIP archive'],
    ['a .docx named .xlsx', DOCX, 'book.xlsx', 'not an Excel workbook'],
    ['a ZIP without extension that is not a workbook', DOCX, 'book', 'not an Excel workbook'],
    ['a CSV named .xlsx', 'id,texto\n', 'book.xlsx', 'not an Excel workbook'],
    ['an encrypted/legacy OLE2 file named .xlsx', OLE2, 'book.xlsx', 'OLE2'],
    ['a legacy .xls', OLE2, 'book.xls', 'Legacy .xls'],
    ['an .exe', 'hola', 'setup.exe', '.exe are not supported'],
    ['an HTML page named .csv', '<!DOCTYPE html><html><table></table></html>', 'export.csv', 'HTML or XML'],
    ['a gzip named .json', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]), 'data.json', 'gzip'],
  ])('%s → unsupported_media_type', async (_label, content, name, detail) => {
    await expect(sniff(content, name)).rejects.toMatchObject({ code: 'unsupported_media_type', detail: expect.stringContaining(detail) });
  });

  it('uses only the sanitised extension of the uploaded name', async () => {
    await expect(sniff('id,texto\n', '../../x.xlsx\u202E.csv')).resolves.toMatchObject({ format: 'csv', extension: 'csv' });
  });

  it('an empty file → file_empty', async () => {
    await expect(sniff('', 'a.csv')).rejects.toMatchObject({ code: 'file_empty' });
  });

  it('a file over maxBytes → file_too_large', async () => {
    await expect(sniff('x'.repeat(101), 'a.txt', { ...DEFAULT_FILE_LIMITS, maxBytes: 100 })).rejects.toMatchObject({ code: 'file_too_large' });
  });
});
