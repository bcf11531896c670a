#!/usr/bin/env node
'use strict';
// Echo server of the reference implementation (node-sws 1.2.1) for sws_bench: the reference's
// own Server class with nothing added per message (tests/interop/ref-server.js logs every
// message, which would slow it down).
//
//   node --expose-gc node-sws-server.js [--version 1|2] [--key box-kp.json] [--cert CERT.json]
//                                       [--mode echo|chat]
//
// --mode chat relays each message to every other session instead (sws_bench crowd's room).
//
// Listens on 127.0.0.1, any free port, and prints "listening PORT". Lines on stdin:
//   stats -> "stats rss_kib=N heap_bytes=N fds=N sessions=N" (after a full GC when exposed)
//   quit, or end of input -> exit 0

const fs = require('fs');
const path = require('path');
const common = require('../interop/common');

common.redirectConsole('node-sws-server:');
const SWS = require(path.join(__dirname, '..', 'interop', 'node_modules', 'node-sws'));

const { flags } = common.parseArgs(process.argv.slice(2), {
    version: 'string', key: 'string', cert: 'string', mode: 'string',
});
const chat = flags.mode === 'chat';
const version = common.versionFlag(flags.version);
const kp = flags.key ? common.loadBoxKeyPair(flags.key) : SWS.keyPair();
const secinfo = { version, myPublicKey: kp.publicKey, mySecretKey: kp.secretKey };
if (version >= 2) {
    secinfo.cert = common.readJSON(flags.cert, 'cert');
    secinfo.requireCert = false;
}

let sessions = 0;
const members = new Set();
const server = new SWS.Server({ host: '127.0.0.1', port: 0, perMessageDeflate: false }, () => {
    process.stdout.write('listening ' + server.wss._server.address().port + '\n');
}, secinfo);
server.wss.on('error', (e) => {
    process.stderr.write('node-sws-server: ' + common.describe(e) + '\n');
    process.exit(1);
});
server.on('connection', (sws) => {
    ++sessions;
    if (chat) {
        members.add(sws);
        sws.on('message', (data) => {
            for (const m of members) {
                if (m !== sws) m.send(data);
            }
        });
    } else {
        sws.on('message', (data) => sws.send(data));
    }
    sws.on('close', () => { --sessions; members.delete(sws); });
});

let pending = '';
process.stdin.on('data', (chunk) => {
    pending += chunk;
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (line === 'stats') {
            if (global.gc) global.gc();
            const m = process.memoryUsage();
            const fds = fs.readdirSync('/proc/self/fd').length;
            process.stdout.write('stats rss_kib=' + Math.round(m.rss / 1024) +
                ' heap_bytes=' + (m.heapUsed + m.external) + ' fds=' + fds +
                ' sessions=' + sessions + '\n');
        } else if (line === 'quit') {
            process.exit(0);
        }
    }
});
process.stdin.on('end', () => process.exit(0));
