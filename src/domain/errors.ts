// Errors the workflows raise about the catalogue itself (not about HTTP): the web layer turns each
// into a status and a message people can act on. HTTP-only errors live in src/web/kit/errors.ts.

/** A publish the catalogue cannot take as it stands; the message says what is in the way. */
export class EditorialError extends Error {
  constructor(message: string, readonly status: 400 | 403 | 404 | 409 = 409) {
    super(message)
    this.name = 'EditorialError'
  }
  /** Read by the HTTP error handler. */
  get statusCode(): number {
    return this.status
  }
}

/** An older snapshot arriving after a newer one: the diff would run backwards. */
export class SnapshotOrderError extends Error {
  override name = 'SnapshotOrderError'
}

export class WithdrawalError extends Error {
  override name = 'WithdrawalError'
  constructor(message: string, readonly statusCode: 400 | 404 | 409 = 409) {
    super(message)
  }
}
