// Saves rows as a CSV file from the browser or the Electron window (a download of a Blob).
import { toCsv } from '../../../shared/csv';

export function csvFileName(base: string, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `quotedesk-${base}-${stamp}.csv`;
}

export function downloadCsv<T extends object>(
  fileName: string,
  rows: readonly T[],
  columns: readonly (keyof T & string)[],
) {
  const blob = new Blob([toCsv(rows, columns)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some engines; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
