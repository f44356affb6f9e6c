import { Command } from 'commander';
import type { CleverData } from '../../testkit/fake-clever/clever-data.ts';
import type { FakeCleverErrorCode } from '../../testkit/fake-clever/fake-clever-error.ts';
import type { CliContext } from '../cli-context.ts';
import { isExpectedError, printError, printResult } from '../cli-output.ts';

const optionInvalid: FakeCleverErrorCode = 'FAKE_CLEVER_OPTION_INVALID';

interface FakeCleverCommandOptions {
  data: string;
  port: string;
  host: string;
  token?: string;
  clientId?: string;
  clientSecret?: string;
}

/**
 * `rostersync fake-clever`: serves a fake Clever Data API (v3.0 and v3.1, `/oauth/tokens`) from
 * a generated `clever.json` or recorded list files until Ctrl-C, printing its URL and the
 * credentials to use — for trying a Clever sync config or a client by hand.
 */
export function fakeCleverCommand(context: CliContext): Command {
  return new Command('fake-clever')
    .description(
      'Serve a fake Clever Data API from generated or recorded data (for tests and demos). Stops on Ctrl-C.',
    )
    .requiredOption(
      '--data <path>',
      'clever.json (rostersync generate --format clever-json), its folder, or a folder of v3.0-<resource>.json lists',
    )
    .option('--port <port>', 'port to listen on (0: any free port)', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--token <token>', 'bearer token of the (first) district (default fake-district-token)')
    .option('--client-id <id>', 'app client id for /oauth/tokens (default fake-client)')
    .option('--client-secret <secret>', 'app client secret for /oauth/tokens (default fake-secret)')
    .action(async (options: FakeCleverCommandOptions) => {
      const port = Number(options.port);
      if (!/^\d+$/.test(options.port) || port > 65_535) {
        printError(context, optionInvalid, `--port must be a port number; got "${options.port}".`);
        return;
      }
      if ((options.clientId === undefined) !== (options.clientSecret === undefined)) {
        printError(context, optionInvalid, '--client-id and --client-secret go together.');
        return;
      }
      // Loaded here so other commands do not pay for the fake at start-up.
      const { loadCleverData } = await import('../../testkit/fake-clever/load-clever-data.ts');
      const { defaultFakeCleverTokens, startFakeClever } =
        await import('../../testkit/fake-clever/fake-clever-server.ts');
      try {
        const data = await loadCleverData(options.data);
        let tokens: Record<string, string> | undefined;
        if (options.token !== undefined) {
          const { 'fake-district-token': first = '', ...others } = defaultFakeCleverTokens(data);
          tokens = { [options.token]: first, ...others };
        }
        const clients =
          options.clientId === undefined
            ? undefined
            : { [options.clientId]: { secret: options.clientSecret! } };
        const fake = await startFakeClever({ data, port, host: options.host, tokens, clients });
        try {
          const summary = {
            url: fake.url,
            tokens: fake.tokens,
            clients: fake.clients,
            records: counts(data),
          };
          printResult(context, summary, () => describe(summary));
          await new Promise<void>((resolve) => {
            const stop = (): void => resolve();
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
        } finally {
          await fake.close();
        }
      } catch (error) {
        if (!isExpectedError(error)) throw error;
        printError(context, error.code, error.message);
      }
    });
}

function counts(data: CleverData): Record<keyof CleverData, number> {
  return {
    districts: data.districts.length,
    schools: data.schools.length,
    users: data.users.length,
    sections: data.sections.length,
    terms: data.terms.length,
    courses: data.courses.length,
    events: data.events.length,
  };
}

function describe(summary: {
  url: string;
  tokens: Readonly<Record<string, string>>;
  clients: Readonly<Record<string, { secret: string }>>;
  records: Record<string, number>;
}): string {
  const records = Object.entries(summary.records)
    .map(([name, count]) => `${name} ${count.toLocaleString('en-US')}`)
    .join(', ');
  return [
    `Fake Clever at ${summary.url} (Data API under /v3.0 and /v3.1; Ctrl-C stops it)`,
    `  serving ${records}`,
    ...Object.entries(summary.tokens).map(
      ([token, district]) => `  district ${district}: bearer token ${token}`,
    ),
    ...Object.entries(summary.clients).map(
      ([clientId, { secret }]) =>
        `  app: client id ${clientId}, secret ${secret} (${summary.url}/oauth/tokens?owner_type=district)`,
    ),
  ].join('\n');
}
