import { afterAll, beforeAll } from 'vitest';
import { startTestApp, type TestApp, type TestAppOptions } from '../harness.js';

/**
 * A test app for the enclosing describe (or the whole file), started in beforeAll and closed in afterAll.
 * The object returned stands for that app, so tests use it as they would a TestApp.
 */
export function useTestApp(options: TestAppOptions = {}, setUp?: (t: TestApp) => Promise<void>): TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await startTestApp(options);
    await setUp?.(current);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as TestApp, {
    get(_target, property) {
      if (!current) throw new Error('useTestApp: the app starts in beforeAll; use it inside a test or hook');
      return current[property as keyof TestApp];
    },
  });
}
