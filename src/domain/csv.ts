/**
 * CSV for spreadsheets: RFC 4180 quoting, a UTF-8 byte-order mark so Excel reads Nordic letters
 * right, and cells a spreadsheet would run as a formula neutralised with a leading apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value)
  if (FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n;']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/**
 * `separator` ';' is for Nordic Excel, which reads a comma as the decimal sign and expects
 * semicolon-separated values; cells holding either are quoted, so both read back alike.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[], separator: ',' | ';' = ','): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(separator))
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

/**
 * Plain RFC 4180 CSV for machines (the data package): no byte-order mark and nothing altered, so a
 * cell reads back exactly as it is stored. Not for opening in a spreadsheet: use toCsv there.
 */
export function toPlainCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s)
  return [header, ...rows].map((r) => r.map(q).join(',')).join('\r\n') + '\r\n'
}
