import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { expect, test } from 'vitest';
import { projectRoot } from '../api/config.js';

/**
 * The README promises that `npm install` prints no engine warning on the Node versions coopcare asks for.
 * A dependency whose new major drops Node 20 would break that promise quietly (npm only warns), so every
 * package the lock file installs must accept every Node that package.json's `engines` accepts.
 */
test('every installed package runs on every Node version coopcare asks for', () => {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(projectRoot, file), 'utf8'));
  const ours: string = read('package.json').engines.node;
  const packages: Record<string, { engines?: { node?: string } }> = read('package-lock.json').packages;
  const refusing = Object.entries(packages)
    .filter(([name, meta]) => name && meta.engines?.node && !semver.subset(ours, meta.engines.node))
    .map(([name, meta]) => `${name.replace(/^.*node_modules\//, '')} wants Node ${meta.engines!.node}`);
  expect(refusing).toEqual([]);
});
