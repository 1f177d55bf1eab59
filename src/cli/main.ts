/**
 * The `hatang` command line: `npm run cli -- <command> ...` or `npx hatang <command> ...`
 * (bin/hatang.mjs). Dispatches to a command from the table below; a new command is one
 * module exporting a Command (see args.ts) and one line here.
 *
 * Exit codes: 0 done, 2 bad usage or unreadable input (CliError), 1 any other failure.
 * Errors are one line on stderr starting with `hatang: `; HATANG_DEBUG=1 adds the stack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../seeds/shared-path';
import { oneLine, userCwd, wantsHelp, type Command, type Io } from './args';
import { analyze } from './analyze';
import { convert } from './convert';
import { exportCommand } from './export';
import { kpi } from './kpi';
import { review } from './review';
import { validate } from './validate';
import { CliError } from './load-data';

const COMMANDS: Command[] = [analyze, kpi, review, validate, convert, exportCommand];

function usage(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: hatang <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    "Run 'hatang <command> --help' for a command's options. 'hatang --version' prints the version.",
    '',
  ].join('\n');
}

function version(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new CliError("no command given (see 'hatang --help')");
  if (first === '--help' || first === '-h' || first === 'help') {
    io.out(usage());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(version() + '\n');
    return 0;
  }
  const names = COMMANDS.map((c) => c.name).join(', ');
  if (first.startsWith('-')) throw new CliError(`unknown option ${first} (commands: ${names}; see 'hatang --help')`);
  const cmd = COMMANDS.find((c) => c.name === first);
  if (!cmd) throw new CliError(`unknown command '${first}' (commands: ${names}; see 'hatang --help')`);
  if (wantsHelp(rest)) {
    io.out(cmd.help);
    return 0;
  }
  return cmd.run(rest, io);
}

function fail(e: unknown): number {
  const err = e instanceof Error ? e : new Error(String(e));
  const usageError = err instanceof CliError;
  const hint = usageError || process.env.HATANG_DEBUG === '1' ? '' : ' (HATANG_DEBUG=1 shows the stack)';
  process.stderr.write(`hatang: ${usageError ? '' : 'failed: '}${oneLine(err.message) || err.name}${hint}\n`);
  if (process.env.HATANG_DEBUG === '1') process.stderr.write(`${err.stack ?? ''}\n`);
  return usageError ? 2 : 1;
}

const stdoutClosed = (e: NodeJS.ErrnoException) => {
  // `hatang analyze | head`: the reader went away; that is not an error.
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.exitCode = fail(e);
};
process.stdout.on('error', stdoutClosed);
process.on('uncaughtException', (e) => process.exit(fail(e)));
process.on('unhandledRejection', (e) => process.exit(fail(e)));

const io: Io = {
  cwd: userCwd(),
  out: (text) => void process.stdout.write(text),
  err: (line) => void process.stderr.write(line + '\n'),
};

// exitCode, not exit(): a large report piped to stdout must be flushed first.
process.exitCode = await main(process.argv.slice(2), io).catch(fail);
