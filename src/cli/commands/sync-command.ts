import { Command } from 'commander';
import { entityTypes } from '../../roster/snapshot.ts';
import { exitCodeOf } from '../../sync/run-status.ts';
import { runSummaryJson } from '../../sync/run-summary-json.ts';
import { runSync, type RunSummary } from '../../sync/run-sync.ts';
import type { CliContext } from '../cli-context.ts';
import { formatTable, printResult } from '../cli-output.ts';
import { cliProgressBars } from '../cli-progress-bars.ts';
import { runWithStore } from '../run-action.ts';

/** Findings a human summary lists before pointing at `run show`. */
const findingsShown = 20;

export function syncCommand(context: CliContext): Command {
  return new Command('sync')
    .description('Run a sync config now. Exit 0 succeeded, 2 held (a person must look), 1 failed.')
    .argument('<config>', 'sync config id')
    .option('--path <path>', 'read this bundle instead of the config’s own path')
    .option('--dry-run', 'plan and report, change nothing')
    .action(async (configId: string, options: { path?: string; dryRun?: boolean }) => {
      await runWithStore(context, async (store) => {
        const summary = await runSync({
          store,
          configId,
          path: options.path,
          isDryRun: options.dryRun ?? false,
          trigger: 'cli',
          progress: context.isJson() ? undefined : cliProgressBars(context.io),
        });
        printResult(context, runSummaryJson(summary), () => formatRunSummary(summary));
        context.setExitCode(exitCodeOf(summary.status));
      });
    });
}

export function formatRunSummary(summary: RunSummary): string {
  const lines = [
    `Run ${summary.id}: ${summary.status}${summary.isDryRun ? ' (dry run: nothing was changed)' : ''}`,
  ];
  if (summary.error) lines.push(`Error: ${summary.error}`);
  lines.push(
    '',
    formatTable(
      ['', 'created', 'updated', 'archived', 'unarchived', 'unchanged', 'skipped'],
      entityTypes.map((entity) => {
        const c = summary.counts[entity];
        return [entity, c.created, c.updated, c.archived, c.unarchived, c.unchanged, c.skipped];
      }),
    ),
  );
  const holds = Object.entries(summary.held);
  if (holds.length > 0) {
    lines.push('', 'Held (not applied; approve, discard, or fix the source and run again):');
    for (const [entity, hold] of holds) {
      lines.push(
        `  ${entity}: tried to remove ${hold.tried} (${hold.percent}%), ${
          hold.reason === 'incomplete'
            ? `source incomplete: ${hold.detail ?? ''}`
            : `threshold allows ${hold.allowed}`
        }`,
      );
    }
  }
  if (summary.findings.length > 0) {
    lines.push('', `Findings (${summary.findings.length}):`);
    for (const finding of summary.findings.slice(0, findingsShown)) {
      const where = finding.file ? ` ${finding.file}${finding.line ? `:${finding.line}` : ''}` : '';
      lines.push(`  ${finding.severity} ${finding.code}${where} ${finding.message}`);
    }
    if (summary.findings.length > findingsShown)
      lines.push(`  … rostersync run show ${summary.id} lists them all.`);
  }
  return lines.join('\n');
}
