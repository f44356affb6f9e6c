import { describe, expect, it } from 'vitest';
import { FindingLog } from '../findings/finding-log.ts';
import { checkGuardianCredentials } from './check-guardian-credentials.ts';

const guardian = (sisId: string, email: string | null | undefined, mobile: string | null | undefined) => ({
  sisId,
  fields: { email, mobile },
});

function check(guardians: ReturnType<typeof guardian>[]) {
  const findings = new FindingLog();
  const result = checkGuardianCredentials(guardians, findings);
  return { ...result, findings: findings.list().map(({ code, sisId, column }) => ({ code, sisId, column })) };
}

describe('checkGuardianCredentials', () => {
  it('keeps guardians with their own email or mobile, without findings', () => {
    const result = check([guardian('P1', 'a@example.com', null), guardian('P2', null, '+13125550101')]);
    expect(result).toEqual({ skipped: new Set(), withheld: new Map(), findings: [] });
  });

  it('skips and reports a guardian with neither an email nor a mobile', () => {
    // undefined: no column, or an invalid value the reader already reported and dropped.
    const result = check([guardian('P1', null, null), guardian('P2', undefined, undefined)]);
    expect(result.skipped).toEqual(new Set(['P1', 'P2']));
    expect(result.findings).toEqual([
      { code: 'GUARDIAN_NO_CREDENTIAL', sisId: 'P1', column: undefined },
      { code: 'GUARDIAN_NO_CREDENTIAL', sisId: 'P2', column: undefined },
    ]);
  });

  it('gives a shared email to neither guardian and skips the one with nothing else', () => {
    const result = check([
      guardian('P1', 'family@example.com', '+13125550101'),
      guardian('P2', 'family@example.com', null),
    ]);
    expect(result.withheld).toEqual(
      new Map([
        ['P1', new Set(['email'])],
        ['P2', new Set(['email'])],
      ]),
    );
    expect(result.skipped).toEqual(new Set(['P2']));
    expect(result.findings).toEqual([
      { code: 'GUARDIAN_CREDENTIAL_CONFLICT', sisId: 'P1', column: 'email' },
      { code: 'GUARDIAN_CREDENTIAL_CONFLICT', sisId: 'P2', column: 'email' },
    ]);
  });

  it('reports a shared mobile for each guardian sharing it', () => {
    const result = check([
      guardian('P1', 'a@example.com', '+13125550101'),
      guardian('P2', 'b@example.com', '+13125550101'),
      guardian('P3', null, '+13125550101'),
    ]);
    expect(result.skipped).toEqual(new Set(['P3']));
    expect([...result.withheld.keys()]).toEqual(['P1', 'P2', 'P3']);
    expect(result.findings.map(({ sisId, column }) => `${sisId}:${column}`)).toEqual([
      'P1:mobile',
      'P2:mobile',
      'P3:mobile',
    ]);
  });

  it('compares emails with emails and mobiles with mobiles', () => {
    const result = check([guardian('P1', 'x', null), guardian('P2', null, 'x')]);
    expect(result).toEqual({ skipped: new Set(), withheld: new Map(), findings: [] });
  });
});
