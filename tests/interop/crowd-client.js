#!/usr/bin/env node
'use strict';
// A crowd of reference clients (node-sws 1.2.1, version 1) connecting at the same moment.
//
//   node crowd-client.js URL [--clients N] [--timeout SECONDS]
//
// Opens N sessions at once; each sends one binary message of its own once open and waits for
// it to come back unchanged, then closes. Prints one JSON line on stdout:
//   {"clients":N,"served":K,"failed":F,"ms":ELAPSED,"failures":[{"client":I,"reason":"..."}]}
// (at most 20 failures listed) and exits 0 when all N were served, 1 otherwise, 2 on a usage
// error. --timeout bounds the whole run (default 60 s): clients not served by then are failures.

const common = require('./common');

common.redirectConsole('crowd-client:'); // node-sws logs with console.log; keep stdout JSON only

const USAGE = 'usage: crowd-client.js URL [--clients N] [--timeout SECONDS]';
let url, clients, timeout;
try {
    const { flags, positional } = common.parseArgs(process.argv.slice(2), {
        clients: 'string', timeout: 'string',
    });
    if (positional.length !== 1) throw new Error('want exactly one URL');
    url = positional[0];
    clients = flags.clients === undefined ? 300 : Number(flags.clients);
    timeout = flags.timeout === undefined ? 60 : Number(flags.timeout);
    if (!(Number.isInteger(clients) && clients > 0)) throw new Error('bad --clients');
    if (!(timeout > 0)) throw new Error('bad --timeout');
} catch (e) {
    process.stderr.write('crowd-client: ' + e.message + '\n' + USAGE + '\n');
    process.exit(2);
}

const SWS = require('node-sws');
const crypto = require('crypto');

const started = Date.now();
const outcome = new Array(clients).fill(null); // null: pending, true: served, string: why not
let left = clients;

function settle(i, result) {
    if (outcome[i] !== null) return;
    outcome[i] = result;
    if (--left === 0) finish();
}

function finish() {
    const failures = [];
    let served = 0;
    outcome.forEach((o, i) => {
        if (o === true) served++;
        else failures.push({ client: i, reason: o === null ? 'not served in time' : o });
    });
    const summary = {
        clients, served, failed: clients - served, ms: Date.now() - started,
        failures: failures.slice(0, 20),
    };
    process.stdout.write(JSON.stringify(summary) + '\n', () => process.exit(served === clients ? 0 : 1));
}

setTimeout(finish, timeout * 1000);

for (let i = 0; i < clients; i++) {
    const message = Buffer.concat([Buffer.from('client ' + i + ' '), crypto.randomBytes(16)]);
    const kp = SWS.keyPair();
    let client;
    try {
        client = new SWS(url, { naclinfo: { version: 1, myPublicKey: kp.publicKey, mySecretKey: kp.secretKey } });
    } catch (e) {
        settle(i, 'constructor: ' + common.describe(e));
        continue;
    }
    let opened = false;
    client.on('open', () => {
        opened = true;
        if (client.ws && client.ws.readyState !== 1) {
            settle(i, 'closed during the handshake (readyState ' + client.ws.readyState + ')');
            return;
        }
        client.send(message, (err) => { if (err) settle(i, 'send: ' + common.describe(err)); });
    });
    client.on('message', (data) => {
        const ok = Buffer.from(data).equals(message);
        settle(i, ok ? true : 'wrong echo (' + Buffer.from(data).length + ' bytes)');
        client.removeAllListeners('close');
        client.close();
    });
    client.on('error', (e) => settle(i, 'error: ' + common.describe(e)));
    client.on('timeout', () => settle(i, 'node-sws handshake timeout (2 s)'));
    client.on('close', (code, reason) => settle(i, 'closed ' + (opened ? 'after' : 'before') +
        ' open, code=' + code + (reason ? ' reason=' + JSON.stringify(String(reason)) : '')));
}
