/**
 * Who may do what in the editorial area. One role per account: an editor proposes, a reviewer
 * publishes, an admin manages accounts — so no change reaches the public without a second person.
 */
export const ROLES = ['admin', 'editor', 'reviewer'] as const
export type Role = (typeof ROLES)[number]

export const PERMISSIONS = {
  /** See the editorial area: records, drafts, history, the audit trail. */
  view: ['admin', 'editor', 'reviewer'],
  /** Propose a change: save a draft, restore an earlier version or archive, as a draft. */
  edit: ['editor'],
  /** Publish or reject drafts; answer the monitor's findings. */
  review: ['reviewer'],
  /** Add accounts, change roles, disable accounts. */
  users: ['admin'],
  /** Download a consistent backup of the whole database from the running server. */
  backup: ['admin'],
} as const satisfies Record<string, readonly Role[]>
export type Permission = keyof typeof PERMISSIONS

export function can(role: Role | undefined, permission: Permission): boolean {
  return role !== undefined && (PERMISSIONS[permission] as readonly Role[]).includes(role)
}

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x)
}

/** Who does an editorial action: recorded with drafts, decisions and the audit trail. */
export interface Actor {
  id: number
  email: string
  role: Role
}
