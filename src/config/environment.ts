/** The process environment rostersync reads, parsed once (nothing else reads `process.env`). */
export interface Environment {
  /** PostgreSQL connection string; when set, the server engine is used instead of PGlite. */
  databaseUrl: string | undefined;
  /** Data folder of the embedded database, unless `--data-dir` says otherwise. */
  dataDir: string;
  /** Port `serve` listens on, unless `--port` says otherwise. */
  port: number;
  /** pino log level. */
  logLevel: string;
  /**
   * `ROSTERSYNC_SECRET_KEY`: the key that seals stored secrets (source tokens and client
   * secrets), the base64 of 32 random bytes. Unset: `secret.key` in the data folder, made on
   * first need. Checked when the store opens (`load-secret-key.ts`). Several machines sharing
   * one PostgreSQL database must share this key.
   */
  secretKey: string | undefined;
}

/** Where the embedded database lives by default: beside the project, out of the way. */
export const defaultDataDir = './.rostersync';
export const defaultPort = 8080;

export function readEnvironment(env: Readonly<Record<string, string | undefined>>): Environment {
  const port = Number(env.PORT ?? defaultPort);
  return Object.freeze({
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.ROSTERSYNC_DATA_DIR || defaultDataDir,
    port: Number.isInteger(port) && port > 0 ? port : defaultPort,
    logLevel: env.LOG_LEVEL || 'info',
    secretKey: env.ROSTERSYNC_SECRET_KEY || undefined,
  });
}
