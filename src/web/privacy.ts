/** Needs-finder requests carry a family's needs in the query string: never logged with it, never cached. */
export function isFinderPath(url: string): boolean {
  return /^\/(api\/v1\/)?finder(\/|\.json|\?|$)/.test(url)
}

/** The request as the access log records it: finder paths without query string or client address. */
export function privateRequest(req: { method: string; url: string; host?: string; ip?: string }) {
  if (isFinderPath(req.url)) return { method: req.method, url: req.url.split('?')[0] }
  return { method: req.method, url: req.url, host: req.host, remoteAddress: req.ip }
}
