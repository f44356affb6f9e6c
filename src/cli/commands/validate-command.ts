import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { findingCodes } from '../../findings/finding-codes.ts';
import { findingsCsv } from '../../findings/findings-csv.ts';
import { validateBundle } from '../../validate/validate-bundle.ts';
import { validationLevels, type ValidationLevel } from '../../validate/validation-level.ts';
import type { CliContext } from '../cli-context.ts';

/**
 * `rostersync validate PATH`: the validator on its own, for a district to check a bundle
 * before it uploads. Needs no database. Exit 0 when there is no error (warnings allowed), 1
 * when there are errors.
 */
export function validateCommand(context: CliContext): Command {
  return new Command('validate')
    .description(
      'Check a OneRoster 1.1 or 1.2 CSV bundle (folder or ZIP) and report every finding with file, line and column. Exit 1 when there are errors.',
    )
    .argument('<path>', 'the bundle: a folder or a ZIP')
    .addOption(
      new Option('--level <level>', 'accept: what the sync needs; conformance: the full OneRoster rules')
        .choices(validationLevels)
        .default('accept'),
    )
    .option('--report <file>', 'also write the findings as CSV to this file')
    .action(async (bundlePath: string, options: { level: ValidationLevel; report?: string }) => {
      const { version, findings } = await validateBundle(bundlePath, { level: options.level });
      const list = findings.list();
      if (options.report) await writeFile(options.report, findingsCsv(list));
      const hasErrors = findings.hasErrors();
      if (context.isJson()) {
        context.io.out(
          `${JSON.stringify(
            {
              version,
              level: options.level,
              isValid: !hasErrors,
              counts: findings.counts(),
              findings: list.map((finding) => ({
                severity: finding.severity,
                code: finding.code,
                file: finding.file ?? null,
                line: finding.line ?? null,
                column: finding.column ?? null,
                value: finding.value ?? null,
                message: finding.message,
              })),
            },
            null,
            2,
          )}\n`,
        );
      } else {
        const lines = list.map((finding) => {
          const where = [finding.file, finding.line, finding.column]
            .filter((part) => part !== undefined)
            .join(':');
          return `${finding.severity.padEnd(7)} ${finding.code}${where ? ` ${where}` : ''}: ${finding.message}`;
        });
        const counts = Object.entries(findings.counts());
        const errors = counts
          .filter(([code]) => findingCodes[code as keyof typeof findingCodes]?.severity === 'error')
          .reduce((total, [, count]) => total + count, 0);
        const warnings = counts
          .filter(([code]) => findingCodes[code as keyof typeof findingCodes]?.severity === 'warning')
          .reduce((total, [, count]) => total + count, 0);
        lines.push(
          `${version ? `OneRoster ${version}` : 'Not OneRoster'}, ${options.level} level: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
        );
        context.io.out(`${lines.join('\n')}\n`);
      }
      if (hasErrors) context.setExitCode(1);
    });
}
