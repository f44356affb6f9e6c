import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../config/secret-box.ts';
import { SourceCredentialsError } from '../sources/roster-source.ts';
import { openSourceOptions, redactSourceOptions, sealSourceOptions } from './source-options.ts';

const secretKeys = ['token', 'client_secret'];
const box = new SecretBox(randomBytes(32));

describe('source options at rest', () => {
  it('seals only the secret options, and opens them back to the plain options', () => {
    const plain = { district_id: 'd1', token: 'tok-123', base_url: 'http://x/' };
    const stored = sealSourceOptions(plain, secretKeys, box);
    expect(stored).toEqual({
      district_id: 'd1',
      token: { sealed: expect.stringMatching(/^v1:/) as string },
      base_url: 'http://x/',
    });
    expect(JSON.stringify(stored)).not.toContain('tok-123');
    expect(openSourceOptions(stored, secretKeys, box)).toEqual(plain);
  });

  it('uses a secret stored plain (written by hand) as it is', () => {
    expect(openSourceOptions({ token: 'plain' }, secretKeys, box)).toEqual({ token: 'plain' });
  });

  it('turns a secret that does not open into SourceCredentialsError naming the option, not the value', () => {
    const stored = sealSourceOptions({ token: 'tok-123' }, secretKeys, new SecretBox(randomBytes(32)));
    expect(() => openSourceOptions(stored, secretKeys, box)).toThrow(SourceCredentialsError);
    expect(() => openSourceOptions(stored, secretKeys, box)).toThrow(/^The config's token cannot be used\./);
  });

  it('shows a set secret as "•••• (set)", sealed or not, and leaves absent ones out', () => {
    const stored = sealSourceOptions({ district_id: 'd1', client_secret: 's' }, secretKeys, box);
    expect(redactSourceOptions(stored, secretKeys)).toEqual({
      district_id: 'd1',
      client_secret: '•••• (set)',
    });
    expect(redactSourceOptions({ token: 'plain' }, secretKeys)).toEqual({ token: '•••• (set)' });
    expect(redactSourceOptions({ other: { sealed: 'v1:AAAA' }, path: '/x' }, [])).toEqual({
      other: '•••• (set)',
      path: '/x',
    });
  });
});
