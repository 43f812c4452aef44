import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.js';
import { printSdl } from '../graphql/schema.js';

/** Writes schema/schema.graphql from the code-first schema. `npm test` fails while the committed file differs. */
const file = path.join(projectRoot, 'schema', 'schema.graphql');
fs.writeFileSync(file, await printSdl());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
