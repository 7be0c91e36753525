export function fixed(value: number | undefined, digits = 1): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits);
}

export function mebibytes(bytes: number | undefined): string {
  return bytes ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : '-';
}

export function verdict(met: boolean | undefined): string {
  if (met === undefined) return '-';
  return met ? 'met' : 'MISSED';
}

/** A plain-text table: the first column left-aligned, the others right-aligned. */
export function table(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
      )
      .join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');

  return [title, line(header), rule, ...rows.map(line)].join('\n');
}
