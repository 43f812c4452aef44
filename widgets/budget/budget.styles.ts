import { css } from 'lit';

/** The budget's own layout; colours and spacing come from the shared theme's custom properties. */
export const styles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0 var(--_space);
  }
  .toolbar p {
    margin: 0 0 0.5rem;
  }
  .budget {
    border-top: 2px solid var(--_border);
    padding-top: var(--_space);
    margin-bottom: calc(var(--_space) * 1.5);
  }

  /* Label and amount side by side while there is room; stacked on a narrow screen or at 200% zoom. */
  .figure {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: 0 var(--_space);
    padding: 0.5rem 0;
    border-bottom: 1px solid var(--_border);
  }
  .figure dt {
    flex: 1 1 12rem;
  }
  .figure dt .hint {
    margin: 0;
  }
  .figure dd {
    margin: 0;
    font-weight: 700;
  }
  .available {
    background: var(--_panel);
    border-left: 5px solid var(--_text);
    border-bottom: 0;
    padding: 0.75rem var(--_space);
    margin-bottom: 0.5rem;
  }
  .available dt {
    font-size: 1.2em;
  }
  .available dt .hint {
    font-size: var(--_size);
  }
  .available dd {
    font-size: 2em;
    line-height: 1.2;
  }

  .visit-list {
    list-style: none;
    margin: 0 0 var(--_space);
    padding: 0;
  }
  .visit {
    padding: 0.5rem 0;
    border-bottom: 1px solid var(--_border);
  }

  .problem {
    border: 5px solid var(--_error);
    padding: var(--_space);
    margin-bottom: var(--_space);
  }
  .problem p {
    margin: 0;
  }
  .download-error .error-message {
    margin: 0 0 var(--_space);
  }
`;
