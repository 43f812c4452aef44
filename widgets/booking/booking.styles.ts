import { css } from 'lit';

/** The booking form's own layout; colours, type and controls come from the shared theme. */
export const styles = css`
  :host {
    container-type: inline-size;
  }
  .visit {
    border: 1px solid var(--_border);
    padding: var(--_space) var(--_space) 0;
  }
  .visit legend {
    padding: 0 0.25rem;
  }
  /* Side by side when there is room, one under another on a phone or at 200% zoom. */
  .row {
    display: flex;
    flex-wrap: wrap;
    column-gap: calc(var(--_space) * 1.5);
  }
  .days {
    display: flex;
    flex-wrap: wrap;
    column-gap: calc(var(--_space) * 1.5);
  }
  .weeks {
    width: 5em;
  }
  textarea {
    width: 100%;
  }
  .notice {
    border-left: 5px solid var(--_error);
    padding-left: 0.75rem;
    font-weight: 700;
  }
  .figures > div {
    margin-bottom: 0.5rem;
  }
  .figures dd {
    margin: 0;
  }
  @container (min-width: 32rem) {
    .figures > div {
      display: grid;
      grid-template-columns: 14rem 1fr;
      gap: var(--_space);
      margin-bottom: 0.25rem;
    }
  }
  .fair-price {
    border-left: 5px solid var(--_link);
    padding-left: 0.75rem;
  }
`;
