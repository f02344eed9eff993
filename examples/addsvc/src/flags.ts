/**
 * Command-line flags as Go's `flag` package reads them, for addsvc and addcli: one or two
 * dashes (`-http-addr x`, `--http-addr=x`), booleans set bare or with `=` (`-ratelimit=false`),
 * parsing stopping at the first argument that is not a flag (or after `--`), and Go's errors
 * (`flag provided but not defined: -x`, `flag needs an argument: -x`).
 */

/** StringFlag declares a string flag. */
export interface StringFlag {
  readonly type: 'string';
  readonly default: string;
  readonly usage: string;
  /** aliases are other names of the flag (`debug-addr` for `debug.addr`); not listed in usage. */
  readonly aliases?: readonly string[];
}

/** BoolFlag declares a boolean flag: `-name`, `-name=true`, `-name=false`. */
export interface BoolFlag {
  readonly type: 'boolean';
  readonly default: boolean;
  readonly usage: string;
  readonly aliases?: readonly string[];
}

/** FlagSpec declares a command's flags by name. */
export type FlagSpec = Readonly<Record<string, StringFlag | BoolFlag>>;

/** FlagValues are the parsed values of a {@link FlagSpec}. */
export type FlagValues<S extends FlagSpec> = {
  readonly [K in keyof S]: S[K] extends BoolFlag ? boolean : string;
};

/**
 * FlagError is a command line Go's `flag` package refuses; `help` is true for `-h`/`-help`
 * (print the usage and exit 0), false for a mistake (print it and the usage, exit 2).
 */
export class FlagError extends Error {
  override readonly name = 'FlagError';
  constructor(
    message: string,
    readonly help = false,
  ) {
    super(message);
  }
}

const trueWords = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const falseWords = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * parseFlags parses args against spec as Go's `FlagSet.Parse`, returning the values (defaults
 * for the flags not given) and the arguments left after the flags. It throws a
 * {@link FlagError} on a command line Go would refuse.
 */
export function parseFlags<S extends FlagSpec>(
  spec: S,
  args: readonly string[],
): { values: FlagValues<S>; args: string[] } {
  const byName = new Map<string, string>();
  const values: Record<string, string | boolean> = {};
  for (const [name, flag] of Object.entries(spec)) {
    byName.set(name, name);
    for (const alias of flag.aliases ?? []) byName.set(alias, name);
    values[name] = flag.default;
  }
  let i = 0;
  for (; i < args.length; i++) {
    const s = args[i] as string;
    if (s.length < 2 || s[0] !== '-') break;
    const dashes = s[1] === '-' ? 2 : 1;
    if (dashes === 2 && s.length === 2) {
      i++;
      break;
    }
    let name = s.slice(dashes);
    if (name === '' || name[0] === '-' || name[0] === '=') {
      throw new FlagError(`bad flag syntax: ${s}`);
    }
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq > 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const key = byName.get(name);
    if (key === undefined) {
      if (name === 'h' || name === 'help') throw new FlagError('flag: help requested', true);
      throw new FlagError(`flag provided but not defined: -${name}`);
    }
    const flag = spec[key] as StringFlag | BoolFlag;
    if (flag.type === 'boolean') {
      if (value === undefined) values[key] = true;
      else if (trueWords.has(value)) values[key] = true;
      else if (falseWords.has(value)) values[key] = false;
      else throw new FlagError(`invalid boolean value ${goQuote(value)} for -${name}: parse error`);
      continue;
    }
    if (value === undefined) {
      if (i + 1 >= args.length) throw new FlagError(`flag needs an argument: -${name}`);
      value = args[++i] as string;
    }
    values[key] = value;
  }
  return { values: values as FlagValues<S>, args: args.slice(i) };
}

/**
 * usage is the usage text of Go kit's example commands (`usageFor`): `USAGE`, the short form,
 * then each flag with its default and description.
 */
export function usage(short: string, spec: FlagSpec): string {
  const rows = Object.entries(spec)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, flag]) => [`-${name} ${String(flag.default)}`, flag.usage] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  const lines = rows.map(([left, text]) => `  ${left.padEnd(width)}  ${text}`.trimEnd());
  return `USAGE\n  ${short}\n\nFLAGS\n${lines.join('\n')}\n\n`;
}

/**
 * goQuote quotes s as Go's `strconv.Quote` (and `%q`): double quotes, `\"` and `\\`, `\a \b
 * \f \n \r \t \v`, other control and non-printable characters as `\x..`, `\u....` or
 * `\U........`, printable Unicode as is. addcli prints concatenations with it.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x07:
        out += '\\a';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x0b:
        out += '\\v';
        continue;
    }
    if (isPrintable(ch, c)) out += ch;
    else if (c < 0x80) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0xd800 && c <= 0xdfff)
      out += '\ufffd'; // a lone surrogate: U+FFFD, printable
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** isPrintable is Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and ASCII space. */
function isPrintable(ch: string, c: number): boolean {
  if (c < 0x80) return c >= 0x20 && c < 0x7f;
  return printable.test(ch);
}

/** parseDuration reads a Go duration such as `10s`, `500ms`, `1m30s` or `0`, in ms. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1e3,
    m: 6e4,
    h: 3.6e6,
  };
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let ms = 0;
  let i = 0;
  while (i < text.length) {
    part.lastIndex = i;
    const m = part.exec(text);
    if (m === null) break;
    ms += Number(m[1]) * (units[m[2] as string] as number);
    i = part.lastIndex;
  }
  if (i === 0 || i !== text.length)
    throw new RangeError(`invalid duration ${JSON.stringify(text)}`);
  return ms;
}
