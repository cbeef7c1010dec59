import type { SnapshotMapping } from './mapping.ts'

const ID = ['id', 'identifier', 'programme id', 'program id']
const URL = ['url', 'link', 'page']
const DATE = ['review date', 'review_date', 'reviewed', 'date reviewed', 'last reviewed']

/** One adapter per clearinghouse whose snapshots the monitor reads. */
export const ADAPTERS: Record<string, SnapshotMapping> = {
  ungsinn: {
    clearinghouse: 'ungsinn',
    scale: 'ungsinn-2015',
    columns: { id: ID, name: ['tiltak', 'name', 'programme'], grade: ['evidensnivå', 'evidensniva', 'nivå', 'grade'], reviewDate: [...DATE, 'vurdert', 'dato'], url: URL },
    grades: [{ pattern: '^(?:evidens)?niv[åa]\\s*([0-5])\\b', level: '$1' }, { pattern: '^([0-5])\\b', level: '$1' }],
  },
  'kasvun-tuki': {
    clearinghouse: 'kasvun-tuki',
    scale: 'kasvun-tuki-2022',
    columns: { id: ID, name: ['menetelmä', 'menetelma', 'name'], grade: ['näyttö', 'vaikuttavuus', 'arvio', 'grade'], reviewDate: [...DATE, 'arvioitu', 'päivämäärä'], url: URL },
    grades: [
      { pattern: '^([1-5])\\s*/\\s*5', level: '$1' },
      { pattern: '^vahva', level: '5' },
      { pattern: '^kohtalainen', level: '4' },
      { pattern: '^vähäinen', level: '3' },
      { pattern: '^teoreettisesti perustel', level: '2' },
      { pattern: '^hyvin kuvat', level: '1' },
      { pattern: '^kielteis', level: 'negative' },
      { pattern: '^ei vaikutusta', level: 'no-effect' },
    ],
  },
  'eif-guidebook': {
    clearinghouse: 'eif-guidebook',
    scale: 'eif-standards',
    columns: { id: ID, name: ['programme', 'name'], grade: ['evidence rating', 'rating', 'grade'], reviewDate: DATE, url: URL },
    grades: [{ pattern: '^(?:evidence rating\\s*)?(4\\+|4|3\\+|3|2\\+|2)$', level: '$1' }, { pattern: '^nl2\\b', level: 'NL2' }, { pattern: '^ne\\b', level: 'NE' }],
  },
  cebc: {
    clearinghouse: 'cebc',
    scale: 'cebc-scientific-rating',
    columns: { id: ID, name: ['program', 'name'], grade: ['scientific rating', 'rating', 'grade'], reviewDate: DATE, url: URL },
    grades: [{ pattern: '^([1-5])\\b', level: '$1' }, { pattern: '^nr\\b', level: 'NR' }, { pattern: '^not able to be rated', level: 'NR' }],
  },
  'title-iv-e': {
    clearinghouse: 'title-iv-e',
    scale: 'title-iv-e-ratings',
    columns: { id: ID, name: ['program', 'name'], grade: ['rating', 'grade'], reviewDate: DATE, url: URL },
    grades: [
      { pattern: '^well[- ]supported', level: 'well-supported' },
      { pattern: '^supported', level: 'supported' },
      { pattern: '^promising', level: 'promising' },
      { pattern: '^does not currently meet', level: 'does-not-meet' },
    ],
  },
  blueprints: {
    clearinghouse: 'blueprints',
    scale: 'blueprints-certification',
    columns: { id: ID, name: ['program', 'name'], grade: ['rating', 'certification', 'grade'], reviewDate: DATE, url: URL },
    grades: [{ pattern: '^model plus', level: 'model-plus' }, { pattern: '^model$', level: 'model' }, { pattern: '^promising', level: 'promising' }],
  },
}
