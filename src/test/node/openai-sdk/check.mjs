// The official OpenAI SDK, pointed at Zora with nothing but its base URL and API key changed, must
// transcribe a golden clip of the digits-cnn bundle in the json, verbose_json and text response
// formats, its key passing Zora's API-key check and a wrong key being refused.
// Usage: ZORA_URL=http://127.0.0.1:8080 ZORA_API_KEY=<a key the server accepts> node check.mjs <wav> <expected text>
import fs from 'node:fs';
import assert from 'node:assert/strict';
import OpenAI, { toFile } from 'openai';

const [wav, expected] = process.argv.slice(2);
if (!wav || !expected || !process.env.ZORA_API_KEY) {
  console.error('usage: ZORA_URL=http://127.0.0.1:PORT ZORA_API_KEY=KEY node check.mjs <wav> <expected text>');
  process.exit(2);
}
const baseURL = `${process.env.ZORA_URL ?? 'http://127.0.0.1:8080'}/v1`;
const client = new OpenAI({ baseURL, apiKey: process.env.ZORA_API_KEY });

const json = await client.audio.transcriptions.create({ file: fs.createReadStream(wav), model: 'digits-cnn' });
assert.equal(json.text, expected, `json: ${JSON.stringify(json)}`);

const verbose = await client.audio.transcriptions.create({
  file: fs.createReadStream(wav),
  model: 'digits-cnn',
  response_format: 'verbose_json',
  timestamp_granularities: ['segment', 'word'],
});
assert.equal(verbose.text, expected, `verbose_json: ${JSON.stringify(verbose)}`);
assert.equal(verbose.segments[0].text, expected);
assert.ok(verbose.duration > 0, 'verbose_json has a duration');
assert.equal(verbose.words[0].word, expected);

const text = await client.audio.transcriptions.create({
  file: fs.createReadStream(wav),
  model: 'digits-cnn',
  response_format: 'text',
});
assert.equal(typeof text, 'string', `text: ${JSON.stringify(text)}`);
assert.equal(text.trim(), expected);

await assert.rejects(
  client.audio.transcriptions.create({ file: fs.createReadStream(wav), model: 'no-such-model' }),
  (error) => error.status === 404,
  'an unknown model is a 404',
);

// The key check answers before it reads the body: a body that leaves in one write cannot still be
// on its way when the 401 closes the exchange (a larger one sometimes surfaced as a connection error).
await assert.rejects(
  new OpenAI({ baseURL, apiKey: `not-${process.env.ZORA_API_KEY}` }).audio.transcriptions.create({
    file: await toFile(Buffer.from('RIFF'), 'tiny.wav'), model: 'digits-cnn',
  }),
  (error) => error instanceof OpenAI.AuthenticationError && error.status === 401,
  'a wrong API key is a 401',
);

console.log(`OpenAI SDK check passed: json, verbose_json and text all heard "${expected}"; a wrong key was refused`);
