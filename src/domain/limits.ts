/**
 * The longest text any stored field may hold: every editorial and imported text is validated against
 * these (zod `.max`), so no one record can make a page, a feed or an export huge for everyone.
 * The shipped data's longest name is under 160 characters and its longest text under 600.
 */
export const NAME_MAX = 300
export const TEXT_MAX = 5_000
