/**
 * Dates a person or a file gives (a snapshot's retrieval date, a portal's review date) must be real
 * calendar dates that have already happened: `2030-13-45`, `9999-99-99` or `2099-12-31` are refused.
 * "Today" is today anywhere on Earth (UTC+14), so nobody is refused today's date for their time zone.
 */
export const EARLIEST_YEAR = 1900

/** Today's latest calendar date anywhere (UTC+14), as YYYY-MM-DD. */
export function latestToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10)
}

function realDay(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

/**
 * Checks a date: `full` needs YYYY-MM-DD; otherwise YYYY and YYYY-MM are accepted too (a review
 * "in 2021"). Returns what is wrong, or null when the date is fine.
 */
export function dateProblem(value: string, options: { full?: boolean; now?: Date } = {}): string | null {
  const m = (options.full ? /^(\d{4})-(\d{2})-(\d{2})$/ : /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/).exec(value)
  if (!m) return `"${value.slice(0, 40)}" is not a date; expected ${options.full ? 'YYYY-MM-DD' : 'YYYY, YYYY-MM or YYYY-MM-DD'}`
  const y = Number(m[1])
  const mo = m[2] === undefined ? 1 : Number(m[2])
  const d = m[3] === undefined ? 1 : Number(m[3])
  if (y < EARLIEST_YEAR) return `"${value}" is before ${EARLIEST_YEAR}; expected a real date`
  if (mo < 1 || mo > 12) return `"${value}" has no month ${m[2]}; expected 01–12`
  if (!realDay(y, mo, d)) return `"${value}" is not a calendar date (${m[1]}-${m[2]} has no day ${m[3]})`
  const today = latestToday(options.now)
  // A partial date is in the future only if its first day is.
  const first = `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  if (first > today) return `"${value}" is in the future; expected a date no later than today`
  return null
}
