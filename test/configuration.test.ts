import { describe, expect, test } from 'vitest';
import { ConfigError, instanceCountFrom, loadConfig, productionRefusal, seedsDemoData } from '../api/config.js';

describe('configuration', () => {
  test('every variable has a working default', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      databaseUrl: undefined,
      databaseMigrationUrl: undefined,
      nodeEnv: 'development',
      embeddedPgPort: 54329,
      publicRateLimitPerMinute: 600,
      credentialRateLimitPerMinute: 3000,
      trustProxy: false,
      tokenSecret: undefined,
      appOrigins: [],
      signInAttemptsPerAddress: 20,
      widgetSessionsPerMinute: 30,
      demo: false,
      logLevel: 'info',
      requestTimeoutMs: 10_000,
      statementTimeoutMs: 5_000,
    });
  });

  test('an empty variable counts as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ', LOG_LEVEL: '' })).toMatchObject({
      port: 4000,
      databaseUrl: undefined,
      logLevel: 'info',
    });
  });

  test('values are read and app origins normalised to scheme://host[:port]', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://coopcare:pw@db.internal:5432/coopcare',
      COOPCARE_APP_ORIGINS: 'HTTPS://App.Example.org/, http://localhost:5173,https://council.example:443',
      COOPCARE_SIGN_IN_ATTEMPTS_PER_ADDRESS: '5',
      COOPCARE_TOKEN_SECRET: 'x'.repeat(32),
      COOPCARE_DEMO: '1',
      COOPCARE_TRUST_PROXY: '1',
      LOG_LEVEL: 'silent',
    });
    expect(config).toMatchObject({
      port: 8080,
      appOrigins: ['https://app.example.org', 'http://localhost:5173', 'https://council.example'],
      signInAttemptsPerAddress: 5,
      tokenSecret: 'x'.repeat(32),
      demo: true,
      trustProxy: 1,
      logLevel: 'silent',
    });
  });

  test('each invalid variable is named with what is wrong, and secrets are not repeated', () => {
    const secret = 'too-short-secret';
    const attempt = () =>
      loadConfig({
        PORT: 'eighty',
        COOPCARE_PG_PORT: '70000',
        DATABASE_URL: 'mysql://root:hunter2@db/coopcare',
        COOPCARE_TOKEN_SECRET: secret,
        COOPCARE_APP_ORIGINS: 'https://ok.example, https://app.example/path',
        COOPCARE_TRUST_PROXY: 'everyone',
        COOPCARE_SIGN_IN_ATTEMPTS_PER_ADDRESS: '0',
        COOPCARE_DEMO: 'yes',
        LOG_LEVEL: 'loud',
      });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
      } catch (error) {
        return (error as Error).message;
      }
    })()!;
    for (const line of [
      'PORT="eighty": must be a whole number from 0 to 65535.',
      'COOPCARE_PG_PORT="70000": must be a whole number from 1 to 65535.',
      'DATABASE_URL: must be a postgres:// or postgresql:// URL.',
      'COOPCARE_TOKEN_SECRET: must be at least 32 characters.',
      '"https://app.example/path" is not a web origin',
      'COOPCARE_TRUST_PROXY="everyone": "everyone" is not an address',
      'COOPCARE_SIGN_IN_ATTEMPTS_PER_ADDRESS="0": must be a whole number from 1',
      'COOPCARE_DEMO="yes": must be 1',
      'LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent.',
    ]) {
      expect(message).toContain(line);
    }
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain(secret);
  });

  test('the app and the migrations connect as different roles: DATABASE_MIGRATION_URL needs DATABASE_URL', () => {
    const owner = 'postgres://coopcare_owner:owner-secret@db.internal/coopcare';
    expect(loadConfig({ DATABASE_URL: 'postgres://coopcare_app:pw@db.internal/coopcare', DATABASE_MIGRATION_URL: owner })).toMatchObject({
      databaseUrl: 'postgres://coopcare_app:pw@db.internal/coopcare',
      databaseMigrationUrl: owner,
    });
    expect(() => loadConfig({ DATABASE_MIGRATION_URL: owner })).toThrow(
      'DATABASE_MIGRATION_URL: needs DATABASE_URL too (the app runs as DATABASE_URL and migrates as DATABASE_MIGRATION_URL).',
    );
    expect(() => loadConfig({ DATABASE_URL: owner, DATABASE_MIGRATION_URL: 'mysql://root:owner-secret@db/coopcare' })).toThrow(
      /^(?!.*owner-secret).*\n {2}DATABASE_MIGRATION_URL: must be a postgres:\/\/ or postgresql:\/\/ URL\.$/s,
    );
  });

  test('start:cluster runs the instances asked for, 1 to 64, else one a CPU (at most 64)', () => {
    expect(instanceCountFrom('3', 2)).toBe(3);
    expect(instanceCountFrom(undefined, 2)).toBe(2);
    expect(instanceCountFrom(' ', 128)).toBe(64);
    for (const wrong of ['0', '65', 'two', '-1', '2.5']) {
      expect(() => instanceCountFrom(wrong, 2)).toThrow(ConfigError);
      expect(() => instanceCountFrom(wrong, 2)).toThrow(
        `the number of instances "${wrong}" must be a whole number from 1 to 64: for example \`npm run start:cluster -- 4\`.`,
      );
    }
  });

  test('a statement may not outlast the request it runs for, and both timeouts are bounded whole milliseconds', () => {
    expect(loadConfig({ COOPCARE_REQUEST_TIMEOUT_MS: '30000', COOPCARE_STATEMENT_TIMEOUT_MS: '30000' })).toMatchObject({
      requestTimeoutMs: 30_000,
      statementTimeoutMs: 30_000,
    });
    expect(() => loadConfig({ COOPCARE_REQUEST_TIMEOUT_MS: '2000' })).toThrow(
      'COOPCARE_STATEMENT_TIMEOUT_MS: is 5000 ms and must be no more than COOPCARE_REQUEST_TIMEOUT_MS (2000 ms).',
    );
    const bad = () => loadConfig({ COOPCARE_REQUEST_TIMEOUT_MS: '10s', COOPCARE_STATEMENT_TIMEOUT_MS: '50' });
    expect(bad).toThrow(/COOPCARE_REQUEST_TIMEOUT_MS="10s": must be a whole number from 100 to 600000\./);
    expect(bad).toThrow(/COOPCARE_STATEMENT_TIMEOUT_MS="50": must be a whole number from 100 to 600000\./);
  });
});

describe('safe by default outside a laptop', () => {
  const embedded = { databaseUrl: undefined };
  const ownServer = { databaseUrl: 'postgres://db/coopcare' };

  test.each([
    ['development', embedded, false, true],
    ['test', embedded, false, true],
    ['development', ownServer, false, false],
    ['development', ownServer, true, true],
    ['production', embedded, true, false],
    ['production', ownServer, true, false],
  ])('NODE_ENV=%s, %o, COOPCARE_DEMO=%s: seeds demo data = %s', (nodeEnv, database, demo, seeds) => {
    expect(seedsDemoData({ nodeEnv, ...database, demo })).toBe(seeds);
  });

  test('outside development and test, coopcare’s own pages must be https:// origins, as partners’ must', () => {
    const origins = (NODE_ENV: string, COOPCARE_APP_ORIGINS: string) => () => loadConfig({ NODE_ENV, COOPCARE_APP_ORIGINS }).appOrigins;
    for (const nodeEnv of ['production', 'staging']) {
      expect(origins(nodeEnv, 'https://app.example, http://app.example'), nodeEnv).toThrow(/COOPCARE_APP_ORIGINS.*https:\/\//);
      expect(origins(nodeEnv, 'https://app.example')()).toEqual(['https://app.example']);
    }
    expect(origins('development', 'http://localhost:5173')()).toEqual(['http://localhost:5173']);
  });

  test('production refuses to start without its database, token secret, SMTP server or public address, naming what is missing', () => {
    const secret = 'x'.repeat(32);
    const live = { databaseUrl: 'postgres://db/c', tokenSecret: secret, smtpUrl: 'smtp://mail.example', publicUrl: 'https://care.example' };
    const none = { databaseUrl: undefined, tokenSecret: undefined, smtpUrl: undefined, publicUrl: 'http://localhost:4000' };
    expect(productionRefusal({ nodeEnv: 'development', ...none })).toBeUndefined();
    expect(productionRefusal({ nodeEnv: 'production', ...live })).toBeUndefined();
    const all = productionRefusal({ nodeEnv: 'production', ...none });
    expect(all).toMatch(
      /needs DATABASE_URL .*, COOPCARE_TOKEN_SECRET .*, SMTP_URL .* and COOPCARE_PUBLIC_URL .*\. Set them and start again\.$/,
    );
    for (const [name, value] of Object.entries(none)) {
      const variable = {
        databaseUrl: 'DATABASE_URL',
        tokenSecret: 'COOPCARE_TOKEN_SECRET',
        smtpUrl: 'SMTP_URL',
        publicUrl: 'COOPCARE_PUBLIC_URL',
      }[name];
      const refusal = productionRefusal({ nodeEnv: 'production', ...live, [name]: value });
      expect(refusal).toMatch(new RegExp(`needs ${variable} \\(.*\\)\\. Set it and start again\\.$`));
    }
    for (const publicUrl of ['http://care.example', 'https://127.0.0.1:4000', 'https://[::1]', 'https://app.localhost']) {
      expect(productionRefusal({ nodeEnv: 'production', ...live, publicUrl }), publicUrl).toContain('COOPCARE_PUBLIC_URL');
    }
  });
});
