import { Command, Option } from 'commander';
import { generateBadDay } from '../../testkit/generator/bad-day.ts';
import { readSidecar } from '../../testkit/generator/bundle-sidecar.ts';
import {
  badDayKinds,
  generatorFormats,
  type BadDayKind,
  type GenerateSummary,
  type GeneratorFormat,
} from '../../testkit/generator/district-model.ts';
import { generateBundle } from '../../testkit/generator/generate-bundle.ts';
import { GeneratorError } from '../../testkit/generator/generator-error.ts';
import { generateNextDay } from '../../testkit/generator/next-day.ts';
import { defaultSeed } from '../../testkit/generator/resolve-district-settings.ts';
import type { CliContext } from '../cli-context.ts';
import { isExpectedError, printError, printResult } from '../cli-output.ts';

interface GenerateOptions {
  students?: string;
  schools?: string;
  seed?: string;
  out?: string;
  zip?: boolean;
  format?: GeneratorFormat;
  nextDay?: string;
  from?: string;
  badDay?: BadDayKind;
  schoolYear?: string;
}

/** Students when `--students` is not given: a small district that generates in a blink. */
const defaultStudents = 500;

/**
 * `rostersync generate`: writes a synthetic district (OneRoster 1.1/1.2, Clever JSON or
 * guardians.csv), its next days (`--next-day RATE --from DIR`) and broken days (`--bad-day`).
 * The same options give the same bytes.
 */
export function generateCommand(context: CliContext): Command {
  return new Command('generate')
    .description(
      'Write a synthetic district for tests, demos and benchmarks (the same seed gives the same bytes).',
    )
    .option('--students <n>', `students on day 0 (default ${defaultStudents})`)
    .option('--schools <n>', 'schools (default: one per 500 students, at least 3)')
    .option('--seed <n>', `seed (default ${defaultSeed})`)
    .option('--out <dir>', 'output folder (default ./generated/district-<seed>, with -day<n> for later days)')
    .option('--zip', 'write a ZIP (<out>.zip) instead of a folder')
    .addOption(
      new Option('--format <format>', 'file format (default oneroster-1.1)').choices(generatorFormats),
    )
    .option(
      '--next-day <rate>',
      'write the day after --from, changing about this fraction of records (e.g. 0.01)',
    )
    .option('--from <bundle>', 'a folder or ZIP written by rostersync generate')
    .addOption(new Option('--bad-day <kind>', 'write a broken day').choices(badDayKinds))
    .option('--school-year <yyyy>', 'year the school year starts in (default 2026: 2026-08-15 … 2027-06-15)')
    .action(async (options: GenerateOptions) => {
      try {
        const summary = await runGenerate(options);
        printResult(context, summary, () => describeSummary(summary));
      } catch (error) {
        if (!isExpectedError(error)) throw error;
        printError(context, error.code, error.message);
      }
    });
}

async function runGenerate(options: GenerateOptions): Promise<GenerateSummary> {
  const format = options.format;
  const zip = options.zip ?? false;
  if (options.from !== undefined) {
    const given = (['students', 'schools', 'seed', 'schoolYear'] as const).filter(
      (name) => options[name] !== undefined,
    );
    if (given.length > 0) {
      refuse(
        `--${given.map(kebab).join(', --')} cannot be combined with --from: they are taken from its generator.json.`,
      );
    }
    if (options.nextDay === undefined && options.badDay === undefined)
      refuse('--from needs --next-day or --bad-day.');
    const previous = await readSidecar(options.from);
    const day = previous.day + 1;
    const rate = options.nextDay === undefined ? undefined : parseRate(options.nextDay);
    if (options.badDay !== undefined) {
      if (format !== undefined && format !== 'oneroster-1.1' && format !== 'oneroster-1.2') {
        refuse('--bad-day writes OneRoster bundles: use --format oneroster-1.1 or oneroster-1.2.');
      }
      const outDir = options.out ?? `generated/district-${previous.seed}-day${day}-${options.badDay}`;
      return generateBadDay({ kind: options.badDay, from: options.from, rate, outDir, format, zip });
    }
    const outDir = options.out ?? `generated/district-${previous.seed}-day${day}`;
    return generateNextDay({ from: options.from, rate: rate!, outDir, format, zip });
  }
  if (options.nextDay !== undefined) refuse('--next-day needs --from: the bundle whose next day to write.');
  const students =
    options.students === undefined ? defaultStudents : parseWhole('--students', options.students);
  const seed = options.seed === undefined ? defaultSeed : parseWhole('--seed', options.seed);
  const district = {
    students,
    seed,
    schools: options.schools === undefined ? undefined : parseWhole('--schools', options.schools),
    schoolYear:
      options.schoolYear === undefined ? undefined : parseWhole('--school-year', options.schoolYear),
  };
  if (options.badDay !== undefined) {
    if (format !== undefined && format !== 'oneroster-1.1' && format !== 'oneroster-1.2') {
      refuse('--bad-day writes OneRoster bundles: use --format oneroster-1.1 or oneroster-1.2.');
    }
    const outDir = options.out ?? `generated/district-${seed}-${options.badDay}`;
    return generateBadDay({ ...district, kind: options.badDay, outDir, format, zip });
  }
  return generateBundle({ ...district, outDir: options.out ?? `generated/district-${seed}`, format, zip });
}

function parseWhole(option: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) refuse(`${option} must be a whole number; got "${text}".`);
  return Number(text);
}

function parseRate(text: string): number {
  const rate = Number(text);
  if (text.trim() === '' || !Number.isFinite(rate))
    refuse(`--next-day must be a fraction such as 0.01; got "${text}".`);
  return rate;
}

function refuse(message: string): never {
  throw new GeneratorError('GENERATOR_OPTION_INVALID', message);
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function describeSummary(summary: GenerateSummary): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  const lines = [
    `Wrote ${summary.out} (${summary.format}, seed ${summary.seed}, day ${summary.day}` +
      `${summary.badDay ? `, bad day: ${summary.badDay}` : ''}):`,
    `  ${n(summary.students)} students, ${n(summary.staff)} staff, ${n(summary.guardians)} guardians, ` +
      `${n(summary.classes)} classes, ${n(summary.enrollments)} enrollments`,
  ];
  if (summary.day > 0) {
    const changes = Object.entries(summary.changes)
      .map(([name, count]) => `${name} ${n(count)}`)
      .join(', ');
    lines.push(`  changes: ${changes}`);
  }
  return lines.join('\n');
}
