// The verdict channel: how a test process tells the runner what happened, out of the test's
// reach. The runner hands the process a socket as file descriptor 3 (and says so in
// ATTEST_CHANNEL, which is not a secret) and writes one line on it before any code starts: a
// key for this run, the nonce that names the runner's global, and the instrumented files, the
// only code the mutant switch answers.
// Attest's reporter and Jest environment each claim the channel once, when Jest loads them and
// before any test file loads; then it is sealed, and code that requires this module later gets
// nothing. Every record is signed with the key (HMAC-SHA256) and numbered, so that a line a test
// writes to the socket itself, or a record it replays or drops, is seen as forged by the runner.
// The functions used are taken when this module loads, so a test that replaces them later
// (fs.writeSync, JSON.stringify, crypto) changes nothing here, and records are written without
// JSON.stringify's `toJSON` lookups.
import { createHmac } from 'node:crypto';
import { readSync, writeSync } from 'node:fs';
import type {
  ChannelHello,
  VerdictChannel,
  VerdictChannelModule,
} from '../verify/mutation/protocol';

const FD = 3;
const quote = JSON.stringify;
const parse = JSON.parse;
const ownKeys = Object.keys;
const isArray = Array.isArray;
const finite = Number.isFinite;

/**
 * JSON written by hand: JSON.stringify asks every object for a `toJSON`, which a test could
 * plant on this realm's Object.prototype to rewrite a record before it is signed. Only own keys
 * and array elements are read here; strings alone go through JSON.stringify, which asks a
 * string primitive nothing.
 */
function encode(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return finite(value) ? `${value}` : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object' && value !== null)
    return isArray(value) ? encodeArray(value) : encodeObject(value as Record<string, unknown>);
  // null, undefined, and what JSON has no word for (functions, symbols, bigints).
  return 'null';
}

function encodeArray(array: readonly unknown[]): string {
  let text = '';
  for (let i = 0; i < array.length; i += 1) text += `${i ? ',' : ''}${encode(array[i])}`;
  return `[${text}]`;
}

function encodeObject(object: Record<string, unknown>): string {
  let text = '';
  const keys = ownKeys(object);
  for (let i = 0; i < keys.length; i += 1) {
    const value = object[keys[i]!];
    if (value === undefined || typeof value === 'function') continue;
    text += `${text ? ',' : ''}${quote(keys[i])}:${encode(value)}`;
  }
  return `{${text}}`;
}

/** null: not claimed yet; undefined: claimed by a run that has no channel. */
let state: VerdictChannel | null | undefined = null;
let sealed = false;

function readHello(): ChannelHello {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(256);
  for (;;) {
    const n = readSync(FD, buffer, 0, buffer.length, null);
    if (n === 0) throw new Error('attest: the verdict channel closed before its first line');
    const chunk = buffer.subarray(0, n);
    const end = chunk.indexOf(10);
    if (end >= 0) {
      chunks.push(Buffer.from(chunk.subarray(0, end)));
      return parse(Buffer.concat(chunks).toString('utf8')) as ChannelHello;
    }
    chunks.push(Buffer.from(chunk));
  }
}

function writeAll(text: string): void {
  const data = Buffer.from(text, 'utf8');
  for (let at = 0; at < data.length;) {
    try {
      at += writeSync(FD, data, at, data.length - at);
    } catch (error) {
      // A socket the runner reads slower than Jest writes: wait for room, then go on.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

function connect(): VerdictChannel {
  const hello = readHello();
  const key = Buffer.from(hello.key, 'hex');
  let sequence = 0;
  const send = (record: unknown): void => {
    sequence += 1;
    const body = encode(record);
    const mac = createHmac('sha256', key).update(`${sequence} ${body}`).digest('hex');
    writeAll(`${sequence} ${mac} ${body}\n`);
  };
  return Object.freeze({
    nonce: String(hello.nonce),
    code: Object.freeze([...(hello.code ?? [])].map(String)),
    send,
  });
}

const channelModule: VerdictChannelModule = Object.freeze({
  claim(): VerdictChannel | null {
    if (sealed) throw new Error('attest: the verdict channel is closed to test code');
    if (state === null) state = process.env.ATTEST_CHANNEL === '3' ? connect() : undefined;
    return state ?? null;
  },
  seal(): void {
    sealed = true;
  },
});

export = channelModule;
