import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../cli/cli-context.ts';
import { generateCommand } from '../../cli/commands/generate-command.ts';

const root = mkdtempSync(path.join(tmpdir(), 'rostersync-generate-command-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs `rostersync [--json] generate …` the way the CLI registers the command. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  let code = 0;
  const program = new Command('rostersync').option('--json').exitOverride();
  const context = {
    io: {
      out: (text: string) => void (out += text),
      err: (text: string) => void (err += text),
      isInteractive: false,
    },
    isJson: () => Boolean(program.opts().json),
    setExitCode: (exitCode: number) => void (code = exitCode),
  } as unknown as CliContext;
  program.addCommand(
    generateCommand(context)
      .exitOverride()
      .configureOutput({ writeOut: (text) => void (out += text), writeErr: (text) => void (err += text) }),
  );
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    code = error.exitCode || 1;
  }
  return { code, out, err };
}

describe('rostersync generate', () => {
  it('writes a district and its next day, printing one JSON summary with --json', async () => {
    const day0 = path.join(root, 'day0');
    const first = await run(['--json', 'generate', '--students', '400', '--seed', '3', '--out', day0]);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse(first.out)).toMatchObject({ out: day0, students: 400, seed: 3, day: 0 });
    const day1 = path.join(root, 'day1');
    const next = await run(['--json', 'generate', '--next-day', '0.05', '--from', day0, '--out', day1]);
    expect(next.code).toBe(0);
    const summary = JSON.parse(next.out);
    expect(summary).toMatchObject({ day: 1, seed: 3 });
    expect(Object.keys(summary.changes)).toEqual(
      expect.arrayContaining(['studentsAdded', 'studentsDropped', 'renamed', 'emailChanged', 'phoneChanged']),
    );
    expect(JSON.parse(readFileSync(path.join(day1, 'generator.json'), 'utf8')).rates).toEqual([0.05]);
  });

  it('prints a human summary without --json', async () => {
    const result = await run([
      'generate',
      '--students',
      '300',
      '--format',
      'guardians-csv',
      '--out',
      path.join(root, 'g'),
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Wrote .*guardians-csv, seed 1, day 0/);
  });

  it('refuses invalid or contradictory options with exit code 1 and a message', async () => {
    const cases = [
      ['generate', '--next-day', '0.01'],
      ['generate', '--schools', '2'],
      ['generate', '--students', 'many'],
      ['generate', '--format', 'csv'],
      ['generate', '--bad-day', 'flood'],
      ['generate', '--from', root, '--next-day', '0.01'],
      ['generate', '--from', path.join(root, 'day0'), '--students', '10', '--next-day', '0.01'],
    ];
    for (const args of cases) {
      const result = await run(args);
      expect({ args, code: result.code, hasMessage: result.err.length > 0 }).toEqual({
        args,
        code: 1,
        hasMessage: true,
      });
    }
  });

  it('will not overwrite a folder it did not write', async () => {
    const precious = path.join(root, 'precious');
    mkdirSync(precious);
    writeFileSync(path.join(precious, 'notes.txt'), 'keep me');
    const result = await run(['generate', '--students', '100', '--out', precious]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('not empty');
    expect(readFileSync(path.join(precious, 'notes.txt'), 'utf8')).toBe('keep me');
  });
});
