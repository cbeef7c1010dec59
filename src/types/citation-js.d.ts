/** The small part of Citation.js the atlas uses (the packages ship no types). */
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown)
    format(format: 'ris' | 'data' | 'bibtex' | string, options?: Record<string, unknown>): string
  }
}
declare module '@citation-js/plugin-ris'
