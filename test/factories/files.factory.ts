import ExcelJS from 'exceljs';

export type Cell = string | number | Date | null;

/** A real workbook (shared strings, styles) built in memory by exceljs. */
export async function xlsxBuffer(sheets: { name: string; rows: Cell[][] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const row of s.rows) ws.addRow(row);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const ES_BAD = ['El internet anda muy lento', 'Se corta la señal todas las noches', 'Nadie me atiende en el call center', 'Me cobraron de más en la factura'];
const ES_GOOD = ['Excelente servicio, muy rápido', 'La atención fue muy buena', 'Todo funciona perfecto, gracias'];
const EN = ['The connection drops every night', 'Great service, thank you', 'Nobody answers the phone'];
const REGIONS = ['Norte', 'Sur', 'Este'];

/**
 * A deterministic comments CSV: `id,fecha,comentario,region,estrellas`. Row k (1-based) is
 * predictable, so tests can assert on any row.
 */
export function commentsCsv(rows: number, opts: { empty?: number[]; tooLong?: number[]; formula?: number[] } = {}): string {
  const lines = ['id,fecha,comentario,region,estrellas'];
  for (let k = 1; k <= rows; k++) {
    const pool = k % 3 === 0 ? EN : k % 2 === 0 ? ES_GOOD : ES_BAD;
    let text = `${pool[k % pool.length]} (${k})`;
    if (opts.empty?.includes(k)) text = '';
    if (opts.tooLong?.includes(k)) text = 'lento '.repeat(1200);
    if (opts.formula?.includes(k)) text = '=HYPERLINK("http://evil.example","clic") muy lento';
    const day = String(1 + (k % 28)).padStart(2, '0');
    lines.push(`R${k},2026-02-${day},"${text.replaceAll('"', '""')}",${REGIONS[k % REGIONS.length]},${1 + (k % 5)}`);
  }
  return lines.join('\n') + '\n';
}
