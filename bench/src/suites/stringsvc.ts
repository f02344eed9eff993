/**
 * The `stringsvc` suite: stringsvc1's Go-faithful text handling on 1 MiB of non-ASCII text
 * (issue 12 item 10) against the JavaScript built-ins it replaces: `toUpperGo` (Go's
 * `strings.ToUpper`, from Go's case table) against `String.prototype.toUpperCase`, and
 * `decodeGoStringRequest` (Go's `json.Decoder` for `{"s"}`) against `JSON.parse`.
 */
import { decodeGoStringRequest, toUpperGo } from '@svckit/example-stringsvc1';
import { compare, micro } from '../report.js';

/** run executes the suite and prints the two ratios (> 1: stringsvc1 is faster). */
export async function run(): Promise<void> {
  const words = 'héllo wörld ñandú σοφία мир ǆungla straße ᾳ ';
  const text = words.repeat(Math.ceil((1 << 20) / Buffer.byteLength(words)));
  const body = Buffer.from(JSON.stringify({ s: text }));
  console.log(`text: ${text.length} UTF-16 units, ${body.length} bytes of JSON`);
  if (decodeGoStringRequest(body) !== text) throw new Error('stringsvc suite: decode mismatch');
  const upper = await micro(
    { toUpperCase: () => text.toUpperCase(), toUpperGo: () => toUpperGo(text) },
    { time: 1000, warmupTime: 200 },
  );
  const decode = await micro(
    {
      'JSON.parse': () => (JSON.parse(body.toString('utf8')) as { s: string }).s,
      decodeGoStringRequest: () => decodeGoStringRequest(body),
    },
    { time: 1000, warmupTime: 200 },
  );
  const [go, js, goDecode, jsDecode] = [
    upper['toUpperGo'],
    upper['toUpperCase'],
    decode['decodeGoStringRequest'],
    decode['JSON.parse'],
  ];
  if (!go || !js || !goDecode || !jsDecode) throw new Error('stringsvc suite: missing results');
  console.log(
    `stringsvc: 1 MiB upper-cased in ${(go.nsPerOp / 1e6).toFixed(2)} ms, decoded in ${(goDecode.nsPerOp / 1e6).toFixed(2)} ms`,
  );
  compare('stringsvc', go, js);
  compare('stringsvc', goDecode, jsDecode);
}
