import { css } from 'lit';

/** The search's own layout; colours and sizes come from the shared theme's custom properties. */
export const searchStyles = css`
  form {
    margin-bottom: calc(var(--_space) * 1.5);
  }
  /* Side by side where there is room, one under another on a phone or at 200% zoom. */
  .fields,
  .filters {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
    column-gap: var(--_space);
    align-items: end;
  }
  .filters {
    align-items: start;
  }
  .field input,
  .field select {
    width: 100%;
  }
  .field input.postcode {
    max-width: 14em;
  }
  .place-choices {
    grid-column: 1 / -1;
    margin-bottom: var(--_space);
  }
  .place-choices p {
    margin: calc(var(--_space) * 0.5) 0 0.25rem;
    font-weight: bold;
  }
  .place-choices ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .place-choices li {
    margin-bottom: 0.5rem;
  }
  .place-choices .hint {
    display: block;
  }

  .results-area[aria-busy='true'] .results {
    opacity: 0.5;
  }
  .results {
    list-style: none;
    margin: 0 0 var(--_space);
    padding: 0;
  }
  .result {
    border-top: 1px solid var(--_border);
    padding: var(--_space) 0 calc(var(--_space) * 0.5);
  }
  .result h3 {
    margin-bottom: 0.25rem;
  }
  .result h3 button.link {
    font-size: inherit;
    font-weight: 700;
    text-align: left;
    margin: 0;
  }
  .provider {
    margin-bottom: 0.5rem;
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem var(--_space);
    margin-bottom: 0.5rem;
  }
  .facts div {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.35em;
  }
  .facts dt::after {
    content: ':';
  }
  .facts dd {
    margin: 0;
  }
  .badges {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .pagination {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_space);
  }
`;
