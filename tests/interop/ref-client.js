#!/usr/bin/env node
'use strict';
// Reference SecureWebSocket client for interop tests: node-sws 1.2.1 driven by CLI flags.
//
//   node ref-client.js URL [--version 1|2] [--key box-kp.json] [--cert CERT.json]
//                      [--ca CA-CERT.json] [--msgpack] [--timeout SECONDS]
//                      [--messages-file FILE] [--extra N] [--] [MSG...]
// --extra N: the server also sends N messages of its own (e.g. a greeting); they are
// awaited and printed like replies.
//
// Connects, and once the session is open sends every MSG as one binary message (MSG is hex,
// "" = empty message; with --msgpack MSG is UTF-8 text sent as msgpack.encode(text)). Waits for
// as many replies as messages sent (MSG arguments first, then one message per line of FILE)
// and prints each reply as one lower-case hex line on stdout
// (in arrival order, as it arrives), then closes and exits 0.
// On any failure: exit code 1 and one line "ref-client: error: <reason>" on stderr.
// Usage errors: exit code 2. Event log lines on stderr are prefixed "ref-client:".
// See README.md for details and observed reference quirks.

const common = require('./common');

const P = 'ref-client:';
const log = (msg) => process.stderr.write(P + ' ' + msg + '\n');

common.redirectConsole(P);

const USAGE = 'usage: ref-client.js URL [--version 1|2] [--key box-kp.json] [--cert CERT.json] ' +
    '[--ca CA-CERT.json] [--msgpack] [--timeout SECONDS] [--messages-file FILE] [--extra N] [--] [MSGHEX...]';

// process.exit() can cut off stdout still queued for a full pipe: flush first.
let exiting = false;
function exitFlushed(code) {
    if (exiting) return;
    exiting = true;
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

let finished = false;
function fail(reason) {
    if (finished) return;
    finished = true;
    process.stderr.write(P + ' error: ' + String(reason).replace(/\s*\n\s*/g, ' ') + '\n');
    process.exitCode = 1;
    if (deadline) clearTimeout(deadline);
    // Close like the reference would (close frame 1000), so that the peer's log shows a normal
    // close; leave once the socket is closed, or after 300 ms whatever happens.
    try {
        if (client) {
            client.removeAllListeners('close');
            client.on('close', () => exitFlushed(1));
            if (client.ws && client.ws.readyState <= 1) client.close();
            else if (client.ws && client.ws.readyState === 3) exitFlushed(1);
        }
    } catch (e) { /* ignore */ }
    setTimeout(() => exitFlushed(1), 300);
}

process.on('uncaughtException', (e) => fail('uncaught exception: ' + common.describe(e, 2000)));

let opts;
try {
    const { flags, positional } = common.parseArgs(process.argv.slice(2), {
        version: 'string', key: 'string', cert: 'string', ca: 'string', msgpack: 'bool',
        timeout: 'string', 'messages-file': 'string', extra: 'string', help: 'bool',
    });
    if (flags.help) { process.stderr.write(USAGE + '\n'); process.exit(0); }
    if (positional.length < 1) throw new Error('missing URL');
    const url = positional[0];
    if (!/^wss?:\/\//i.test(url)) throw new Error('URL must start with ws:// (got ' + JSON.stringify(url) + ')');
    const timeout = flags.timeout === undefined ? 10 : Number(flags.timeout);
    if (!(timeout > 0)) throw new Error('bad --timeout ' + flags.timeout);
    let args = positional.slice(1);
    if (flags['messages-file'] !== undefined) {
        // one message per line (hex, or text with --msgpack); a final newline ends the last line
        const text = require('fs').readFileSync(flags['messages-file'], 'utf8');
        const lines = text.split('\n');
        if (lines.length && lines[lines.length - 1] === '') lines.pop();
        args = args.concat(lines.map((l) => l.replace(/\r$/, '')));
    }
    const messages = args.map((arg, i) => {
        if (flags.msgpack) return require('msgpack-lite').encode(arg);
        if (!/^([0-9a-fA-F]{2})*$/.test(arg)) {
            throw new Error('message #' + (i + 1) + ' is not hex with an even number of digits: ' + JSON.stringify(arg));
        }
        return Buffer.from(arg, 'hex');
    });
    opts = {
        url, messages, timeout, msgpack: !!flags.msgpack,
        version: common.versionFlag(flags.version),
        key: flags.key, cert: flags.cert, ca: flags.ca,
        extra: flags.extra === undefined ? 0 : Number(flags.extra),
    };
    if (!(Number.isInteger(opts.extra) && opts.extra >= 0)) throw new Error('bad --extra ' + flags.extra);
} catch (e) {
    process.stderr.write(P + ' ' + e.message + '\n' + USAGE + '\n');
    process.exit(2);
}

const SWS = require('node-sws');

let kp;
const secinfo = { version: opts.version };
try {
    kp = opts.key ? common.loadBoxKeyPair(opts.key) : SWS.keyPair();
    secinfo.myPublicKey = kp.publicKey;
    secinfo.mySecretKey = kp.secretKey;
    if (opts.cert) secinfo.cert = common.readJSON(opts.cert, 'cert');
    if (opts.ca) secinfo.ca = common.readJSON(opts.ca, 'CA cert');
} catch (e) {
    process.stderr.write(P + ' error: ' + e.message + '\n');
    process.exit(1);
}
if (opts.version >= 2 && !opts.ca) log('note: no --ca given, the server cert is checked against nacl-cert rootCACert');
log('box public key ' + common.hex(kp.publicKey) + (opts.key ? ' (from ' + opts.key + ')' : ' (generated)'));

// Deadline: first for connect + handshake, then (re-armed on open) for all replies.
let deadline = null;
function arm(what) {
    if (deadline) clearTimeout(deadline);
    deadline = setTimeout(() => fail(what + ' within ' + opts.timeout + ' s'), opts.timeout * 1000);
}

const replies = [];
const expected = () => opts.messages.length + opts.extra;
let opened = false;
let client;

arm('no session (connect + handshake) established');
log('connecting to ' + opts.url + ' v' + opts.version);
try {
    // {naclinfo: secinfo} keeps the NaCl cert objects out of ws' own (TLS) options; node-sws
    // reads `options.naclinfo || options`, ws gets the outer object.
    client = new SWS(opts.url, { naclinfo: secinfo });
} catch (e) {
    process.stderr.write(P + ' error: ' + e.message + '\n');
    process.exit(1);
}

client.on('open', () => {
    opened = true;
    const ws = client.ws;
    if (ws && ws.readyState !== 1) {
        // node-sws emits 'open' from a blind 20 ms timer after sending ClientReady, even when the
        // server has already rejected ClientReady and started closing the WebSocket.
        fail('server closed the WebSocket during the handshake (readyState ' + ws.readyState +
            '; node-sws still emitted open after its 20 ms timer)');
        return;
    }
    const ext = ws && ws.extensions ? Object.keys(ws.extensions) : [];
    log('session open' + (ext.length ? ' (websocket extensions: ' + ext.join(',') + ')' : '') +
        (client.peerCert && client.peerCert.desc ? ' server cert gid=' + client.peerCert.desc.gid : ''));
    if (expected() === 0) { done(); return; }
    arm('only ' + replies.length + ' of ' + expected() + ' replies arrived');
    opts.messages.forEach((m, i) => {
        const ok = client.send(m, (err) => {
            if (err) fail('send of message #' + (i + 1) + ' failed: ' + common.describe(err));
        });
        log('sent message #' + (i + 1) + ' ' + m.length + ' bytes' + (ok === false ? ' (not sent/queued)' : ''));
    });
});

client.on('message', (data) => {
    if (finished) return;
    const buf = Buffer.from(data);
    replies.push(buf);
    let extra = '';
    if (opts.msgpack) {
        try { extra = ' msgpack=' + JSON.stringify(require('msgpack-lite').decode(buf)); } catch (e) { extra = ' (not msgpack)'; }
    }
    log('reply #' + replies.length + ' ' + buf.length + ' bytes' + extra);
    if (replies.length > expected()) {
        log('warning: unexpected extra reply #' + replies.length + ' (not printed)');
        return;
    }
    process.stdout.write(buf.toString('hex') + '\n');
    if (replies.length === expected()) done();
    else arm('only ' + replies.length + ' of ' + expected() + ' replies arrived');
});

client.on('warn', (w) => {
    const s = common.describe(w);
    if (/^Attacked message/.test(s)) {
        fail('decryption of a frame from the server failed (node-sws warn "Attacked message"): ' + s);
    } else if (/^Invalid message/.test(s) && !opened) {
        // node-sws drops every frame that arrives in the 20 ms between sending ClientReady and
        // 'open' (state SendClientReady) and does not advance its receive counter.
        log('warn: frame dropped by node-sws before open (20 ms window after ClientReady): ' + s);
    } else {
        log('warn: ' + s);
    }
});

client.on('error', (e) => fail(common.describe(e)));
client.on('timeout', (t) => fail('handshake timeout (node-sws, 2 s): ' + common.describe(t)));
client.on('close', (code, reason) => {
    if (finished) return;
    fail('connection closed before ' + (opened ? 'all replies arrived (' + replies.length + ' of ' +
        opts.messages.length + ')' : 'the session opened') + ', code=' + code +
        (reason ? ' reason=' + JSON.stringify(String(reason)) : ''));
});

function done() {
    if (finished) return;
    finished = true;
    if (deadline) clearTimeout(deadline);
    log('done, ' + replies.length + ' replies; closing');
    // close with 1000 and wait for the close handshake, but not forever
    client.removeAllListeners('close');
    client.on('close', (code) => {
        log('closed code=' + code);
        exitFlushed(0);
    });
    client.close();
    setTimeout(() => exitFlushed(0), 1000);
}
