import type { FacetValue } from '../../../store/interventions.ts'

/** One facet as a group of checkboxes, each with its count; part of the page's GET form. */
export function FacetGroup({ name, legend, values, open, counts = true }: { name: string; legend: string; values: FacetValue[]; open: boolean; counts?: boolean }) {
  const shown = counts ? values.filter((v) => v.count > 0 || v.selected) : values
  if (shown.length === 0) return null
  return (
    <details class="facet" open={open}>
      <summary>{legend}</summary>
      <fieldset>
        <legend class="visually-hidden">{legend}</legend>
        {shown.map((v) => {
          const id = `f-${name}-${v.value}`
          return (
            <div class="checkbox">
              <input type="checkbox" id={id} name={name} value={v.value} checked={v.selected} />
              <label for={id}>
                {v.label}{counts ? <> <span class="count">({v.count})</span></> : null}
              </label>
            </div>
          )
        })}
      </fieldset>
    </details>
  )
}
