import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.js';

export interface PageScript {
  body: Buffer;
  /** Subresource integrity, for `<script integrity>`. */
  integrity: string;
}

/**
 * A page's own code (`api/web/<name>.client.js`, plain JavaScript a browser runs as it is), read once.
 * An external file, so the content security policy needs no inline script.
 */
export function loadPageScript(name: string): PageScript {
  const body = fs.readFileSync(path.join(projectRoot, 'api', 'web', `${name}.client.js`));
  return { body, integrity: `sha384-${createHash('sha384').update(body).digest('base64')}` };
}
