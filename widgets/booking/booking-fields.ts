import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { formatMinutes } from '../shared/format.js';
import { DAYS, type Draft, ids, MAX_ONE_OFF_VISITS, MAX_WEEKS, type Often, type VisitDraft, visitLengths } from './booking-schedule.js';

/** What the schedule's fields need from the form: its rules, its errors, and how to change the draft. */
export interface FieldsHost {
  minimumMinutes: number;
  /** The UK date today, the earliest a visit may be. */
  today: string;
  errorFor(id: string): string | undefined;
  edit(change: (draft: Draft) => Draft): void;
  /** Moves focus to a field once it is rendered (a visit just added, or the one after a visit removed). */
  focus(id: string): void;
}

const entered = (event: Event) => (event.target as HTMLInputElement).value;

/**
 * A labelled field, GOV.UK style: label, hint, the error (beside the field as in the summary) and the
 * control, which `control` renders with the ids of the hint and error it must be described by.
 * Values are bound as attributes, the control's default: a date a person is part-way through typing
 * reads as "" and must not be written back over what they typed.
 */
function field(
  host: FieldsHost,
  id: string,
  label: string,
  control: (describedBy: string | typeof nothing, invalid: 'true' | typeof nothing) => TemplateResult,
  hint?: string,
): TemplateResult {
  const error = host.errorFor(id);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || nothing;
  return html`<div class="field ${error ? 'field--error' : ''}">
    <label for=${id}>${label}</label>
    ${hint ? html`<span class="hint" id="${id}-hint">${hint}</span>` : nothing}
    ${error ? html`<span class="error-message" id="${id}-error"><span class="visually-hidden">Error:</span> ${error}</span>` : nothing}
    ${control(describedBy, error ? 'true' : nothing)}
  </div>`;
}

function lengthField(host: FieldsHost, id: string, label: string, minutes: number, set: (minutes: number) => void): TemplateResult {
  return field(
    host,
    id,
    label,
    (describedBy, invalid) =>
      html`<select id=${id} aria-describedby=${describedBy} aria-invalid=${invalid} @change=${(e: Event) => set(Number(entered(e)))}>
        ${visitLengths(host.minimumMinutes).map((m) => html`<option value=${m} ?selected=${m === minutes}>${formatMinutes(m)}</option>`)}
      </select>`,
  );
}

function dateField(host: FieldsHost, id: string, label: string, value: string, set: (value: string) => void, hint?: string) {
  return field(
    host,
    id,
    label,
    (describedBy, invalid) =>
      html`<input type="date" id=${id} value=${value} min=${host.today} aria-describedby=${describedBy} aria-invalid=${invalid}
        @input=${(e: Event) => set(entered(e))} />`,
    hint,
  );
}

function timeField(host: FieldsHost, id: string, label: string, value: string, set: (value: string) => void) {
  return field(
    host,
    id,
    label,
    (describedBy, invalid) =>
      html`<input type="time" id=${id} value=${value} aria-describedby=${describedBy} aria-invalid=${invalid}
        @input=${(e: Event) => set(entered(e))} />`,
    'UK time',
  );
}

const withVisit = (key: number, change: Partial<VisitDraft>) => (draft: Draft) => ({
  ...draft,
  visits: draft.visits.map((v) => (v.key === key ? { ...v, ...change } : v)),
});

function oneOffVisits(draft: Draft, host: FieldsHost): TemplateResult {
  const add = () => {
    const key = Math.max(0, ...draft.visits.map((v) => v.key)) + 1;
    const last = draft.visits.at(-1);
    host.edit((d) => ({ ...d, visits: [...d.visits, { key, date: '', time: last?.time ?? '', minutes: last?.minutes ?? 60 }] }));
    host.focus(ids.visitDate(key));
  };
  // Focus goes to the visit that takes the removed one's place (or the one before, when it was last).
  const remove = (key: number, index: number) => {
    const rest = draft.visits.filter((v) => v.key !== key);
    host.edit((d) => ({ ...d, visits: d.visits.filter((v) => v.key !== key) }));
    const next = rest[index] ?? rest[index - 1];
    host.focus(next ? ids.visitDate(next.key) : 'add-visit');
  };
  // Keyed: a visit removed above another must not leave its typed values in the other's fields.
  return html`${draft.visits.map((v, index) =>
    keyed(
      v.key,
      html`<fieldset class="visit">
      <legend>Visit ${index + 1}</legend>
      <div class="row">
        ${dateField(host, ids.visitDate(v.key), 'Date', v.date, (date) => host.edit(withVisit(v.key, { date })))}
        ${timeField(host, ids.visitTime(v.key), 'Start time', v.time, (time) => host.edit(withVisit(v.key, { time })))}
        ${lengthField(host, ids.visitMinutes(v.key), 'Length', v.minutes, (minutes) => host.edit(withVisit(v.key, { minutes })))}
      </div>
      ${
        draft.visits.length > 1
          ? html`<button type="button" class="secondary" @click=${() => remove(v.key, index)}>Remove visit ${index + 1}</button>`
          : nothing
      }
      </fieldset>`,
    ),
  )}
  ${
    draft.visits.length < MAX_ONE_OFF_VISITS
      ? html`<button type="button" class="secondary" id="add-visit" @click=${add}>Add another visit</button>`
      : html`<p class="hint">For more than ${MAX_ONE_OFF_VISITS} visits, choose weekly visits.</p>`
  }`;
}

function weeklyVisits(draft: Draft, host: FieldsHost): TemplateResult {
  const weekly = draft.weekly;
  const set = (change: Partial<Draft['weekly']>) => host.edit((d) => ({ ...d, weekly: { ...d.weekly, ...change } }));
  const daysError = host.errorFor(ids.day('MONDAY'));
  const toggle = (day: (typeof DAYS)[number][0], on: boolean) =>
    set({ days: on ? [...weekly.days, day] : weekly.days.filter((d) => d !== day) });
  return html`<fieldset class="field ${daysError ? 'field--error' : ''}" aria-describedby=${daysError ? 'days-error' : nothing}>
      <legend>Days</legend>
      ${
        daysError
          ? html`<span class="error-message" id="days-error"><span class="visually-hidden">Error:</span> ${daysError}</span>`
          : nothing
      }
      <div class="days">
        ${DAYS.map(
          ([day, name]) =>
            html`<label class="choice"
              ><input type="checkbox" id=${ids.day(day)} ?checked=${weekly.days.includes(day)}
                @change=${(e: Event) => toggle(day, (e.target as HTMLInputElement).checked)} />${name}</label
            >`,
        )}
      </div>
    </fieldset>
    <div class="row">
      ${timeField(host, ids.weeklyTime, 'Start time', weekly.time, (time) => set({ time }))}
      ${lengthField(host, ids.weeklyMinutes, 'Length of each visit', weekly.minutes, (minutes) => set({ minutes }))}
    </div>
    <div class="row">
      ${dateField(
        host,
        ids.startsOn,
        'First week starts on',
        weekly.startsOn,
        (startsOn) => set({ startsOn }),
        'The visits start on the first of the days chosen from this date',
      )}
      ${field(
        host,
        ids.weeks,
        'Number of weeks',
        (describedBy, invalid) =>
          html`<input type="text" inputmode="numeric" class="weeks" id=${ids.weeks} value=${weekly.weeks} autocomplete="off"
            aria-describedby=${describedBy} aria-invalid=${invalid} @input=${(e: Event) => set({ weeks: entered(e) })} />`,
        `From 1 to ${MAX_WEEKS}`,
      )}
    </div>`;
}

/** How often, the visits themselves, and a note for the co-op. */
export function scheduleFields(draft: Draft, host: FieldsHost): TemplateResult {
  const often = (value: Often, label: string) =>
    html`<label class="choice"
      ><input type="radio" name="often" id="often-${value}" value=${value} ?checked=${draft.often === value}
        @change=${() => host.edit((d) => ({ ...d, often: value }))} />${label}</label
    >`;
  return html`<fieldset>
      <legend>How often</legend>
      ${often('once', 'One-off visits')} ${often('weekly', 'Every week')}
    </fieldset>
    ${draft.often === 'once' ? oneOffVisits(draft, host) : weeklyVisits(draft, host)}
    ${field(
      host,
      ids.notes,
      'Anything the co-op should know (optional)',
      (describedBy, invalid) =>
        html`<textarea id=${ids.notes} rows="3" maxlength="2000" .value=${draft.notes} aria-describedby=${describedBy}
          aria-invalid=${invalid} @input=${(e: Event) => host.edit((d) => ({ ...d, notes: entered(e) }))}></textarea>`,
      'For example, how to get in, or what matters to the person. At most 2,000 characters.',
    )}`;
}
