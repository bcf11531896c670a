#!/usr/bin/env node
// Writes the seed corpora of tests/fuzz/corpus/<target>/ from the recorded vectors in
// tests/vectors (real handshakes and certificates made by the reference peer) and the JSON
// cases of tests/interop. Run from anywhere: node tests/fuzz/make-corpus.js
// The output is committed; rerun it when the vectors change. Inputs that once crashed a
// target live beside the seeds as regression-*.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const nacl = require(path.join(root, 'tests/interop/node_modules/tweetnacl'));
const vectors = path.join(root, 'tests/vectors');
const out = path.join(__dirname, 'corpus');

const SEP = Buffer.from('\n#\n');
const hex = (s) => Buffer.from(s, 'hex');
const readJson = (f) => JSON.parse(fs.readFileSync(path.join(vectors, f), 'utf8'));

function write(target, name, data) {
  const dir = path.join(out, target);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), data);
}

// A handshake input: configuration byte, then messages joined by the separator.
function handshakeInput(config, messages) {
  const parts = [Buffer.from([config])];
  messages.forEach((m, i) => {
    if (i) parts.push(SEP);
    parts.push(Buffer.isBuffer(m) ? m : Buffer.from(m));
  });
  return Buffer.concat(parts);
}
const T = (s) => Buffer.concat([Buffer.from('T'), Buffer.from(s)]);
const B = (b) => Buffer.concat([Buffer.from('B'), b]);
const S = (b) => Buffer.concat([Buffer.from('S'), Buffer.from(b)]);

function transcript(file) {
  const t = readJson(file);
  const text = t.wire.filter((w) => w.kind === 'text').map((w) => w.data);
  const fromServer = t.wire.filter((w) => w.kind === 'binary' && w.from === 'server').map((w) => hex(w.data));
  const fromClient = t.wire.filter((w) => w.kind === 'binary' && w.from === 'client').map((w) => hex(w.data));
  const [ch, sh, cr] = text.map((s) => JSON.parse(s));
  const n3 = (n) => Uint8Array.from([...n, ...n, ...n]);
  const sPlain = Buffer.from(nacl.box.open(Uint8Array.from(sh.s_blackbox_a), n3(ch.nonce),
    hex(t.server_public_key), hex(t.client_secret_key)));
  const ns = sPlain.subarray(0, 8);
  const cPlain = Buffer.from(nacl.box.open(Uint8Array.from(cr.s_blackbox_a), n3(ns),
    hex(t.client_public_key), hex(t.server_secret_key)));
  return { t, text, fromServer, fromClient, ch, sh, cr, sPlain, cPlain };
}

// ---- json: every handshake message, box payload and certificate, and the node cases
const v1 = transcript('handshake-v1.json');
const v2 = transcript('handshake-v2.json');
[['v1', v1], ['v2', v2]].forEach(([v, x]) => {
  ['client-hello', 'server-hello', 'client-ready'].forEach((step, i) => write('json', `${v}-${step}`, x.text[i]));
});
write('json', 'v2-server-payload', v2.sPlain.subarray(40));
write('json', 'v2-client-payload', v2.cPlain.subarray(40));
const certs = readJson('certs.json');
certs.forEach((c) => write('json', `cert-${c.name}`, JSON.stringify(c.cert)));
JSON.parse(fs.readFileSync(path.join(root, 'tests/interop/json-cases.json'), 'utf8'))
  .forEach((c) => write('json', `node-${c.name}`, hex(c.input_utf8_hex)));

// ---- bytes: mode byte (even: JSON text, odd: raw doubles), length byte (255: any)
const jsonBytes = (len, s) => Buffer.concat([Buffer.from([0, len]), Buffer.from(s)]);
write('bytes', 'client-public-key', jsonBytes(32, JSON.stringify(v1.ch.client_public_key)));
write('bytes', 'nonce', jsonBytes(8, JSON.stringify(v1.ch.nonce)));
write('bytes', 'server-hello-box', jsonBytes(255, JSON.stringify(v1.sh.s_blackbox_a)));
write('bytes', 'bad-elements', jsonBytes(255, '[0,255,256,-1,1.5,-0,1e0,"1",null,[1]]'));
write('bytes', 'empty', jsonBytes(0, '[]'));
const doubles = (xs) => {
  const b = Buffer.alloc(2 + 8 * xs.length);
  b[0] = 1;
  b[1] = 255;
  xs.forEach((x, i) => b.writeDoubleLE(x, 2 + 8 * i));
  return b;
};
write('bytes', 'raw-edge-doubles', doubles([0, 255, -0, NaN, Infinity, -Infinity, 1e300, 0.5, 5e-324, 255.0000001]));
write('bytes', 'raw-good-doubles', doubles([0, 1, 127, 128, 254, 255]));

// ---- handshake: the recorded handshakes in both roles, and the harness's sealed variants
// Configuration: bit 0 server, bit 1 version 2, bit 2 requireCert, bit 3 endpoint check off.
[['v1', v1, 0], ['v2', v2, 2]].forEach(([v, x, vbit]) => {
  const server = 1 | vbit | (vbit ? 4 : 0);
  write('handshake', `${v}-client-replay`,
    handshakeInput(vbit, [T(x.text[1]), ...x.fromServer.map(B), 'X', T('late text')]));
  write('handshake', `${v}-server-replay`,
    handshakeInput(server, [T(x.text[0]), T(x.text[2]), ...x.fromClient.map(B), 'R']));
  write('handshake', `${v}-client-sealed`,
    handshakeInput(vbit, [S(x.sPlain), S('data frame'), B(Buffer.from('not a frame'))]));
  write('handshake', `${v}-server-sealed`,
    handshakeInput(server, [S(x.ch.nonce), S(x.cPlain), S('data frame'), 'X']));
  write('handshake', `${v}-server-timeout`, handshakeInput(server, [T(x.text[0]), 'X', 'X']));
  write('handshake', `${v}-client-binary`, handshakeInput(vbit, [B(x.fromServer[0])]));
});
// Extensions (bit 4): v1 tails after nonce and share key, v2 "sws_ext" members.
const ext = (names) => Buffer.from('SWSX' + JSON.stringify({ ext: names }));
const withExt = (plain, names) => Buffer.concat([plain.subarray(0, 40), ext(names)]);
const v2WithExt = (plain, names) => {
  const payload = JSON.parse(plain.subarray(40).toString());
  payload.sws_ext = names;
  return Buffer.concat([plain.subarray(0, 40), Buffer.from(JSON.stringify(payload))]);
};
write('handshake', 'v1-client-extensions',
  handshakeInput(16, [S(withExt(v1.sPlain, ['zz/1', 'chat-ack/1', 'other/9'])), S('data')]));
write('handshake', 'v1-server-extensions',
  handshakeInput(1 | 16, [S(v1.ch.nonce), S(withExt(v1.cPlain, ['chat-ack/1'])), S('data')]));
write('handshake', 'v2-client-extensions',
  handshakeInput(2 | 16, [S(v2WithExt(v2.sPlain, ['chat-ack/1', 'zz/1'])), S('data')]));
write('handshake', 'v2-server-extensions',
  handshakeInput(1 | 2 | 4 | 16, [S(v2.ch.nonce), S(v2WithExt(v2.cPlain, ['zz/1'])), S('data')]));
write('handshake', 'v1-client-garbled-extensions',
  handshakeInput(16, [S(Buffer.concat([v1.sPlain.subarray(0, 40), Buffer.from('SWSX{"ext":[1,"",2]}')]))]));
write('handshake', 'v2-server-no-require-cert', handshakeInput(1 | 2, [T(v2.text[0]), T(v2.text[2])]));
write('handshake', 'v2-client-no-endpoint-check', handshakeInput(2 | 8, [S(v2.sPlain)]));

// ---- session: the recorded handshakes through SessionCore, then data-phase operations.
// Configuration: bit 0 server, bit 1 version 2, bit 2 requireCert, bit 3 the pin check asks,
// bit 4 it rejects, bit 5 small limits, bit 6 no first-frame grace, bit 7 connect at N (see
// fuzz_session.cpp).
const op = (kind, body) => Buffer.concat([Buffer.from(kind), Buffer.from(body || '')]);
const b1 = (k, n) => Buffer.concat([Buffer.from(k), Buffer.from([n])]);
[['v1', v1, 0], ['v2', v2, 2]].forEach(([v, x, vbit]) => {
  const server = 1 | vbit | (vbit ? 4 : 0);
  const toClient = [T(x.text[1])]; // the client's ClientHello is its own (recorded random)
  const toServer = [T(x.text[0]), T(x.text[2])];
  write('session', `${v}-client-data`, handshakeInput(vbit, [...toClient, op('M', 'queued?'),
    ...x.fromServer.map(B), op('S', 'sealed by the peer'), op('M', 'hi'), b1('P', 0), 'C']));
  write('session', `${v}-server-data`, handshakeInput(server, [op('M', 'early'), ...toServer,
    ...x.fromClient.map(B), op('M', 'reply'), b1('X', 1), op('S', 'more'), b1('Z', 0)]));
  write('session', `${v}-client-approval`, handshakeInput(vbit | 8, [...toClient,
    ...x.fromServer.map(B), op('M', 'held'), b1('A', 1), op('S', 'after')]));
  write('session', `${v}-server-refuses`, handshakeInput(server | 8, [...toServer,
    op('S', 'held'), b1('A', 0), b1('X', 2), 'Z']));
  write('session', `${v}-server-backpressure`, handshakeInput(server | 32 | 64, [...toServer,
    op('M', Buffer.concat([Buffer.from('*'), Buffer.from([7]), Buffer.from('x'.repeat(30))])),
    b1('W', 4), op('M', 'y'.repeat(200)), op('M', 'z'.repeat(200)), b1('X', 2)]));
  write('session', `${v}-client-handshake-timeout`, handshakeInput(vbit, [op('M', 'a'),
    b1('X', 0), op('T', x.text[1]), b1('Z', 15)]));
});
write('session', 'v1-client-cancel', handshakeInput(128, [op('M', 'early'), 'C', 'E', 'N', 'Z']));
write('session', 'v1-client-refused', handshakeInput(128, [op('M', 'early'), 'E', 'Z']));
write('session', 'v1-client-late-connect', handshakeInput(128, [op('M', 'early'), 'N',
  T(v1.text[1]), op('S', 'x')]));
write('session', 'v1-client-rejected', handshakeInput(16, [T(v1.text[1]), op('S', 'x')]));
write('session', 'v1-server-oversized', handshakeInput(1 | 32, [T(v1.text[0]), b1('F', 70),
  T(v1.text[2])]));

// ---- cert: every certificate of the vectors
certs.forEach((c) => write('cert', c.name, JSON.stringify(c.cert)));
write('cert', 'v2-server', JSON.stringify(JSON.parse(v2.sPlain.subarray(40).toString()).cert));
write('cert', 'v2-client', v2.cPlain.subarray(40));
write('cert', 'v2-ca', JSON.stringify(v2.t.ca));

// ---- endpoint: lines "n<name>", "i<ip>", "m<mac>", others looked up
certs.filter((c) => c.cert.desc.names).forEach((c) => {
  const d = c.cert.desc;
  const lines = [...d.names.map((n) => 'n' + n), ...d.ips.map((i) => 'i' + i),
    ...(d.macs || []).map((m) => 'm' + m),
    ...Object.keys(c.checkDomain || {}), ...Object.keys(c.checkIP || {})];
  write('endpoint', c.name, lines.join('\n'));
});
write('endpoint', 'addresses', ['i127.0.0.1', 'i::1', 'ife80::1%eth0', 'i::ffff:10.0.0.1',
  '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1', '127.1', '0x7f.0.0.1', '017.0.0.1', '10.0.0.1',
  '[::1]', '1.2.3.4.'].join('\n'));
write('endpoint', 'macs', ['m00:11:22:33:44:55', 'm0011.2233.4455', 'm00-11-22-33-44-55',
  '001122334455', '00:11:22:33:44-55', '00:11:22:33:44:5G', '0A:0b:0C:0d:0E:0f'].join('\n'));
write('endpoint', 'names', ['nexample.test', 'n10.1.2.3', 'ndot.test.', 'n.', 'nÜBER.test',
  'example.test.', 'a.b.example.test', 'badexample.test', 'example.test.evil.org',
  'über.test', 'x..example.test', '5.10.1.2.3'].join('\n'));
