/** One programme as a clearinghouse snapshot lists it, parsed. */
export interface SnapshotRecord {
  /** Stable within the portal: its identifier, else its URL, else its normalised name. */
  key: string
  name: string
  url: string | null
  /** The grade exactly as the file words it. */
  nativeLevel: string
  /** The scale level it parses to. */
  level: string
  tier: string
  reviewDate: string | null
  /** Any other columns, as text. */
  fields: Record<string, string>
  /** 1-based line (CSV) or item number (JSON) in the file, to name it in messages. */
  line: number
}

/** A snapshot file read and checked: its name, a digest of its bytes, and its records. */
export interface ParsedSnapshot {
  file: string
  checksum: string
  records: SnapshotRecord[]
}

export type ChangeKind = 'added' | 'delisted' | 'grade-changed' | 'review-date-changed' | 'fields-changed'

export interface ChangeEvent {
  kind: ChangeKind
  key: string
  name: string
  before: Partial<SnapshotRecord> | null
  after: Partial<SnapshotRecord> | null
  /** For a grade change: towards stronger evidence ("up"), weaker ("down"), or the same tier. */
  direction: 'up' | 'down' | 'same' | null
  /** For other fields: which changed. */
  changedFields?: string[]
}

/**
 * The proof of a grade read from a snapshot file: the record's own words (its name and grade as the
 * file gives them), cut to the 30 words a quote may hold.
 */
export function snapshotQuote(name: string, nativeLevel: string): string {
  const words = `${name}: ${nativeLevel}`.split(/\s+/).filter(Boolean)
  return words.length <= 30 ? words.join(' ') : `${words.slice(0, 29).join(' ')} …`
}
