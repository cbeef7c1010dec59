/**
 * Gap-map island. The page works without it: options are a GET form, cells are links. With it:
 *  - changing an option redraws the map and its findings in place (the server renders them; the
 *    URL is updated with pushState, so it still carries all state and Back works), and a live region
 *    says what changed — no page reload, so focus stays where the user is (WCAG 3.2.2);
 *  - activating a count in a grouped row opens a dialog listing that cell's interventions.
 * Tested in Chromium with the keyboard (test/browser/portal.test.ts).
 */

const root = document.querySelector<HTMLElement>('[data-module="gap-map"]')
if (root) enhance(root)

function enhance(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('form.gap-options')
  const live = document.createElement('p')
  live.className = 'visually-hidden'
  live.setAttribute('role', 'status')
  root.prepend(live)
  if (!form) return

  let pending: AbortController | undefined
  async function redraw(url: string, push: boolean): Promise<void> {
    pending?.abort()
    pending = new AbortController()
    root.setAttribute('aria-busy', 'true')
    try {
      const res = await fetch(url, { headers: { accept: 'text/html' }, signal: pending.signal })
      if (!res.ok) {
        window.location.assign(url) // let the server's error page explain
        return
      }
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html')
      for (const part of root.querySelectorAll<HTMLElement>('[data-gap-part]')) {
        const fresh = doc.querySelector(`[data-gap-part="${part.dataset.gapPart}"]`)
        if (fresh) part.replaceWith(document.importNode(fresh, true))
      }
      if (push) history.pushState({ gapMap: true }, '', url)
      live.textContent = doc.querySelector('#gap-caption')?.textContent ?? doc.querySelector('[data-gap-part="map"]')?.textContent ?? ''
    } catch (e) {
      if ((e as Error).name !== 'AbortError') window.location.assign(url)
    } finally {
      root.removeAttribute('aria-busy')
    }
  }

  const urlOf = (f: HTMLFormElement) => {
    const params = new URLSearchParams()
    for (const [k, v] of new FormData(f)) if (typeof v === 'string' && v !== '') params.append(k, v)
    return `${f.action}?${params.toString()}`
  }
  form.addEventListener('change', () => void redraw(urlOf(form), true))
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    void redraw(urlOf(form), true)
  })
  window.addEventListener('popstate', () => {
    // Back/forward: redraw for the URL and bring the form's controls in line with it.
    void redraw(location.href, false).then(() => syncForm(form))
  })

  // Cell details: a grouped cell's link lists its interventions in a dialog instead of navigating.
  const dialog = document.createElement('dialog')
  dialog.className = 'gap-dialog'
  dialog.setAttribute('aria-labelledby', 'gap-dialog-title')
  document.body.append(dialog)
  root.addEventListener('click', (e) => {
    const link = (e.target as Element).closest<HTMLAnchorElement>('td.gap-cell a[data-cell]')
    if (!link || e.metaKey || e.ctrlKey || e.shiftKey) return
    e.preventDefault()
    const items = JSON.parse(link.dataset.cell ?? '[]') as { id: string; name: string; role: string }[]
    dialog.replaceChildren()
    const h = document.createElement('h2')
    h.id = 'gap-dialog-title'
    h.textContent = link.dataset.title ?? ''
    const list = document.createElement('ul')
    for (const it of items) {
      const li = document.createElement('li')
      const a = document.createElement('a')
      a.href = link.dataset.base ? `${link.dataset.base.replace('__ID__', it.id)}` : `/interventions/${it.id}`
      a.textContent = it.name
      li.append(a, ` – ${it.role}`)
      list.append(li)
    }
    const all = document.createElement('a')
    all.href = link.href
    all.textContent = link.dataset.allLabel ?? ''
    const close = document.createElement('button')
    close.type = 'button'
    close.textContent = link.dataset.closeLabel ?? 'Close'
    close.addEventListener('click', () => dialog.close())
    const actions = document.createElement('p')
    actions.append(all, ' ', close)
    dialog.append(h, list, actions)
    dialog.showModal() // native modal: focus moves in, Escape closes, focus returns to the cell
  })
}

function syncForm(form: HTMLFormElement): void {
  const params = new URLSearchParams(location.search)
  for (const el of form.elements) {
    if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) el.checked = params.getAll(el.name).includes(el.value) || (el.type === 'radio' && !params.has(el.name) && el.defaultChecked)
    else if (el instanceof HTMLSelectElement) el.value = params.get(el.name) ?? el.options[0]?.value ?? ''
  }
}
