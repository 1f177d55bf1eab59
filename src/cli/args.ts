/** Shared pieces of the `hatang` commands: the command shape, strict flag parsing, numbers, paths. */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CliError } from './load-data';

/** What a command may touch besides the file system: where relative paths start, and the two streams. */
export interface Io {
  cwd: string;
  out(text: string): void;
  err(line: string): void;
}

export interface Command {
  name: string;
  /** One line for `hatang --help`. */
  summary: string;
  /** Full text for `hatang <name> --help`. */
  help: string;
  /** Returns the exit code. Throws CliError for bad usage or unreadable input (exit 2). */
  run(argv: string[], io: Io): Promise<number>;
}

/** A command's flags, as node:util parseArgs takes them. */
export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;
export type FlagValues = Record<string, string | boolean | undefined>;

/** True when argv asks for help (before any `--`). */
export function wantsHelp(argv: string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/**
 * node:util parseArgs, strict, no positionals, its errors turned into one-line CliErrors.
 * `--tolerance -5` is read as the value -5 (parseArgs would call it ambiguous), so the
 * range check can say what is wrong with it.
 */
export function parseFlags(command: string, argv: string[], flags: FlagSpec): FlagValues {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') ? a.slice(2) : null;
    const next = argv[i + 1];
    if (name && flags[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  try {
    const options = { help: { type: 'boolean', short: 'h' }, ...flags } satisfies FlagSpec;
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as FlagValues;
  } catch (e) {
    throw new CliError(parseError(command, e as Error & { code?: string }));
  }
}

/**
 * parseFlags for a command that also takes positional arguments (file names): between `min`
 * and `names.length` of them, named in the errors. A positional may start with `-` only after `--`.
 */
export function parseCommandLine(command: string, argv: string[], flags: FlagSpec, names: string[], min = names.length): { values: FlagValues; positionals: string[] } {
  const see = `see 'hatang ${command} --help'`;
  const positionals: string[] = [];
  const flagArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a !== '-') {
      flagArgs.push(a);
      const name = a.startsWith('--') ? a.slice(2) : null;
      // A string flag's value is the next word unless given as --flag=value.
      if (name && !name.includes('=') && flags[name]?.type === 'string' && i + 1 < argv.length) flagArgs.push(argv[++i]);
      continue;
    }
    positionals.push(a);
  }
  const values = parseFlags(command, flagArgs, flags);
  if (positionals.length > names.length) throw new CliError(`unexpected argument '${positionals[names.length]}' (${see})`);
  if (positionals.length < min) throw new CliError(`missing ${names[positionals.length]} (${see})`);
  return { values, positionals };
}

function parseError(command: string, e: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(e.message)?.[1] ?? '';
  // parseArgs quotes '--plan <value>' or '-h, --help': keep the long name.
  const names = quoted.match(/-{1,2}[\w-]+/g) ?? [quoted];
  const flag = names.find((n) => n.startsWith('--')) ?? names[0];
  const see = `see 'hatang ${command} --help'`;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag} (${see})`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${quoted}' (${see})`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(e.message)) return `option ${flag} takes no value`;
      return `option ${flag} needs a value (${see})`;
    default:
      return `${oneLine(e.message)} (${see})`;
  }
}

/** A finite number in (min, max]; `flag` names it in the error. */
export function parseNumber(flag: string, raw: string, min: number, max: number): number {
  const s = raw.trim();
  const n = s === '' ? NaN : Number(s);
  if (!Number.isFinite(n)) throw new CliError(`${flag}: expected a number, got '${raw}'`);
  if (!(n > min && n <= max)) throw new CliError(`${flag}: must be greater than ${min} and at most ${max}, got ${raw}`);
  return n;
}

/** Resolves a path the user typed against the directory they typed it in. */
export function userPath(p: string, io: Io): string {
  return isAbsolute(p) ? p : resolve(io.cwd, p);
}

/**
 * The directory the user ran the command from. `npm run cli` moves to the package root
 * and keeps the original directory in INIT_CWD.
 */
export function userCwd(env: NodeJS.ProcessEnv = process.env): string {
  return env.npm_lifecycle_event === 'cli' && env.INIT_CWD ? env.INIT_CWD : process.cwd();
}

export function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
