import { css } from 'lit';

export const providerStyles = css`
  /* Narrow layouts follow the widget's own width, so it fits a sidebar as well as a phone. */
  .provider {
    container-type: inline-size;
  }
  .header {
    border-bottom: 1px solid var(--_border);
    margin-bottom: var(--_space);
  }
  .summary {
    font-size: 1.1em;
  }
  .badges {
    margin-bottom: calc(var(--_space) * 0.5);
  }
  .category {
    color: var(--_secondary);
  }
  section {
    margin-bottom: calc(var(--_space) * 1.5);
  }
  /* GOV.UK's inset text: set apart from the page without the alarm of an error box. */
  .message {
    border-left: 10px solid var(--_border);
    padding: calc(var(--_space) * 0.75) var(--_space);
    margin-bottom: var(--_space);
  }
  .prose {
    white-space: pre-line;
  }

  .services,
  .links {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .service {
    border-top: 1px solid var(--_border);
    padding-top: var(--_space);
    margin-bottom: var(--_space);
  }
  .line {
    display: block;
  }

  /* Terms side by side while there is room; one under the other in a narrow column. */
  .terms,
  .facts {
    display: grid;
    grid-template-columns: minmax(7em, max-content) 1fr;
    gap: 0.25rem var(--_space);
  }
  .terms > div,
  .facts > div {
    display: contents;
  }
  .terms dd,
  .facts dd {
    margin: 0;
  }
  .links li {
    margin-bottom: 0.5rem;
  }
  .links button.link,
  p button.link {
    margin: 0;
    text-align: left;
  }

  caption {
    text-align: left;
    font-weight: 700;
    margin-bottom: 0.5rem;
  }
  tfoot th,
  tfoot td {
    font-weight: 700;
    border-bottom: 0;
  }
  @container (max-width: 28em) {
    .terms,
    .facts {
      grid-template-columns: 1fr;
    }
    .terms dd,
    .facts dd {
      margin-bottom: 0.5rem;
    }
    .stacking thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    .stacking tr {
      display: block;
      border-bottom: 1px solid var(--_border);
      padding: 0.5rem 0;
    }
    .stacking th,
    .stacking td {
      display: block;
      border: 0;
      padding: 0;
      text-align: left;
    }
    .stacking td::before {
      content: attr(data-label) ': ';
      font-weight: 700;
    }
  }
`;
