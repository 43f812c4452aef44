#!/usr/bin/env node
// Fails when a source line is longer than the formatter's line width (biome.json `formatter.lineWidth`).
// Biome's formatter wraps code to that width but cannot wrap what it must not change (string and
// template literals, SQL inside them, comments), and Biome has no line-length lint rule: this catches
// those lines. Files are the tracked and untracked, not ignored, TypeScript and JavaScript files
// outside the generated and third-party folders Biome ignores too, and outside migrations/, whose SQL
// `npm run migration:generate` writes one statement to a line (Biome still formats their code).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const biome = JSON.parse(readFileSync(new URL('../biome.json', import.meta.url), 'utf8'));
const limit = biome.formatter.lineWidth;
const ignored = [/^test\/generated\//, /^dist\//, /^node_modules\//, /^migrations\//];

const patterns = ['*.ts', '*.mts', '*.js', '*.mjs', '*.cjs'];
const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...patterns], {
  encoding: 'utf8',
});
const files = listed.split('\0').filter((file) => file && !ignored.some((pattern) => pattern.test(file)));

let count = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed by git but deleted in the work tree
  }
  text.split('\n').forEach((line, index) => {
    // Columns as an editor counts them: code points, not UTF-16 units.
    const width = [...line].length;
    if (width > limit) {
      count += 1;
      console.error(`${file}:${index + 1}: ${width} characters (at most ${limit})`);
    }
  });
}
if (count > 0) {
  console.error(`${count} line${count === 1 ? '' : 's'} longer than ${limit} characters: wrap the text (split strings, SQL and comments).`);
  process.exit(1);
}
