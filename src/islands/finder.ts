/**
 * Needs-finder island. The pages work without it: the form's action carries #results, so a
 * submission lands on the results, and the summary page says how to print. With it:
 *  - arriving on #results moves focus to the results heading (it has tabindex="-1"), so a screen
 *    reader starts reading at the answer rather than at the top of the page or the form;
 *  - the print hint becomes a button that opens the browser's print dialog (the CSP forbids inline
 *    script, hence this file).
 */

function focusResults(): void {
  if (location.hash !== '#results') return
  const heading = document.getElementById('results')
  if (!heading) return
  heading.focus()
  heading.scrollIntoView({ block: 'start' })
}

function printButtons(): void {
  for (const hint of document.querySelectorAll<HTMLElement>('[data-print]')) {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'button print-button'
    button.textContent = hint.dataset.print ?? 'Print'
    button.addEventListener('click', () => window.print())
    hint.replaceChildren(button)
  }
}

focusResults()
window.addEventListener('hashchange', focusResults)
printButtons()
