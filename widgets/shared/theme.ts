import { css } from 'lit';

/**
 * The one theme every widget shares: GOV.UK-like by default (its colours, yellow focus, green buttons),
 * every colour and size a `--coopcare-*` custom property the embedding page may set. Each default
 * meets WCAG 2.2 AA contrast on the default background; a page that changes one owns that check.
 * Widgets read the private `--_*` names so a page's value or the default is resolved in one place.
 */
export const theme = css`
  :host {
    --_font: var(--coopcare-font-family, arial, sans-serif);
    --_size: var(--coopcare-font-size, 1rem);
    --_text: var(--coopcare-text-colour, #0b0c0c);
    --_secondary: var(--coopcare-secondary-text-colour, #484949);
    --_background: var(--coopcare-background, #ffffff);
    --_panel: var(--coopcare-panel-background, #f3f2f1);
    --_border: var(--coopcare-border-colour, #b1b4b6);
    --_input-border: var(--coopcare-input-border-colour, #0b0c0c);
    --_link: var(--coopcare-link-colour, #1d70b8);
    --_focus: var(--coopcare-focus-colour, #ffdd00);
    --_focus-text: var(--coopcare-focus-text-colour, #0b0c0c);
    --_error: var(--coopcare-error-colour, #d4351c);
    --_success: var(--coopcare-success-colour, #00703c);
    --_button: var(--coopcare-button-colour, #00703c);
    --_button-text: var(--coopcare-button-text-colour, #ffffff);
    --_secondary-button: var(--coopcare-secondary-button-colour, #f3f2f1);
    --_radius: var(--coopcare-radius, 0);
    --_space: var(--coopcare-space, 1rem);

    display: block;
    box-sizing: border-box;
    max-width: 100%;
    font-family: var(--_font);
    font-size: var(--_size);
    line-height: 1.4;
    color: var(--_text);
    background: var(--_background);
    overflow-wrap: anywhere;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  h2,
  h3,
  h4 {
    margin: 0 0 calc(var(--_space) * 0.5);
    line-height: 1.25;
  }
  h2 {
    font-size: 1.5em;
  }
  h3 {
    font-size: 1.2em;
  }
  p {
    margin: 0 0 var(--_space);
  }

  a {
    color: var(--_link);
    text-decoration-thickness: max(1px, 0.0625rem);
    text-underline-offset: 0.1578em;
  }

  /* GOV.UK focus: yellow behind, a thick dark line below; visible on any background. */
  a:focus-visible,
  button:focus-visible {
    outline: 3px solid transparent;
    color: var(--_focus-text);
    background-color: var(--_focus);
    box-shadow: 0 -2px var(--_focus), 0 4px var(--_focus-text);
    text-decoration: none;
  }
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px var(--_input-border);
  }
  [tabindex='-1']:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }

  label,
  legend {
    display: block;
    font-weight: 700;
    margin-bottom: 0.25rem;
  }
  .hint {
    display: block;
    color: var(--_secondary);
    margin-bottom: 0.25rem;
    font-weight: 400;
  }
  .field {
    margin-bottom: var(--_space);
  }
  fieldset {
    border: 0;
    margin: 0 0 var(--_space);
    padding: 0;
    min-width: 0;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_background);
    border: 2px solid var(--_input-border);
    border-radius: var(--_radius);
    padding: 0.3rem 0.4rem;
    min-height: 2.5rem;
    max-width: 100%;
  }
  input[type='radio'],
  input[type='checkbox'] {
    min-height: auto;
    width: 1.5rem;
    height: 1.5rem;
    margin: 0 0.5rem 0 0;
    accent-color: var(--_text);
    vertical-align: middle;
    /* In a label whose words wrap, the box would otherwise give up width to them. */
    flex-shrink: 0;
  }
  .choice {
    display: flex;
    align-items: center;
    font-weight: 400;
    margin-bottom: 0.5rem;
  }
  .error-message {
    display: block;
    color: var(--_error);
    font-weight: 700;
    margin-bottom: 0.25rem;
  }
  /* The error red is readable on the widget's background, not on a panel's grey (4.3:1): it keeps that background. */
  .panel .error-message {
    background: var(--_background);
    padding: 0.5rem 0.75rem;
  }
  .field--error input,
  .field--error select,
  .field--error textarea {
    border-color: var(--_error);
  }
  .field--error {
    border-left: 5px solid var(--_error);
    padding-left: 0.75rem;
  }

  button {
    font: inherit;
    font-weight: 400;
    display: inline-block;
    min-height: 2.75rem;
    padding: 0.5rem 0.75rem;
    margin: 0 0.5rem 0.5rem 0;
    border: 2px solid transparent;
    border-radius: var(--_radius);
    color: var(--_button-text);
    background: var(--_button);
    box-shadow: 0 2px 0 color-mix(in srgb, var(--_button) 40%, black);
    cursor: pointer;
    text-align: center;
    text-decoration: none;
  }
  button.secondary {
    color: var(--_text);
    background: var(--_secondary-button);
    box-shadow: 0 2px 0 #858686;
  }
  button.link {
    color: var(--_link);
    background: none;
    box-shadow: none;
    text-decoration: underline;
    padding: 0;
    min-height: auto;
  }
  button[disabled],
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }

  .error-summary {
    border: 5px solid var(--_error);
    padding: var(--_space);
    margin-bottom: var(--_space);
  }
  .error-summary h2,
  .error-summary h3 {
    font-size: 1.2em;
  }
  .error-summary ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  /* Each link its own target (WCAG 2.5.8), however alike the lengths of their words. */
  .error-summary li + li {
    margin-top: 0.5rem;
  }
  .error-summary a {
    color: var(--_error);
    font-weight: 700;
  }
  .panel {
    background: var(--_panel);
    padding: var(--_space);
    margin-bottom: var(--_space);
  }
  .confirmation {
    background: var(--_success);
    color: #ffffff;
    padding: var(--_space);
    margin-bottom: var(--_space);
  }
  .confirmation a {
    color: #ffffff;
  }
  .tag {
    display: inline-block;
    padding: 0.1rem 0.4rem;
    margin: 0 0.25rem 0.25rem 0;
    font-size: 0.875em;
    font-weight: 700;
    border: 2px solid currentColor;
    border-radius: var(--_radius);
  }
  .secondary-text {
    color: var(--_secondary);
  }
  dl {
    margin: 0 0 var(--_space);
  }
  dt {
    font-weight: 700;
  }
  dd {
    margin: 0 0 0.5rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 0.5rem 0.5rem 0.5rem 0;
    border-bottom: 1px solid var(--_border);
  }
  .numeric {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    margin: 0 !important;
    padding: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    border: 0 !important;
    white-space: nowrap !important;
  }
  @media (prefers-reduced-motion: no-preference) {
    .loading::after {
      content: '';
      display: inline-block;
      width: 1em;
      height: 1em;
      margin-left: 0.5em;
      border: 3px solid var(--_border);
      border-top-color: var(--_text);
      border-radius: 50%;
      vertical-align: middle;
      animation: coopcare-spin 1s linear infinite;
    }
  }
  @keyframes coopcare-spin {
    to {
      transform: rotate(360deg);
    }
  }
`;
