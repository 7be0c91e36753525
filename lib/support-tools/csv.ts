// A cell starting with one of these is read as a formula by spreadsheet programs.
const formulaStarts = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * One CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe,
 * and a cell with a separator, quote or line break is quoted with its quotes doubled.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';

  let text = String(value);
  if (typeof value === 'string' && formulaStarts.has(text.charAt(0))) text = `'${text}`;

  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
