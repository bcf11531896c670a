#!/usr/bin/env node
'use strict';
// Reference SecureWebSocket server for interop tests: node-sws 1.2.1 driven by CLI flags.
//
//   node ref-server.js [--host 127.0.0.1] [--port 0] [--path /x] [--version 1|2]
//                      [--key box-kp.json] [--cert CERT.json] [--ca CA-CERT.json]
//                      [--require-cert] [--mode echo|greet] [--ignore-stdin]
//
// stdout: exactly one line "listening ws://HOST:PORT/PATH" once the socket is bound.
// stderr: one line per event, prefixed "ref-server:".
// Exits 0 on SIGTERM/SIGINT or when stdin reaches EOF (unless --ignore-stdin).
// See README.md for details and observed reference quirks.

const common = require('./common');

const P = 'ref-server:';
const log = (msg) => process.stderr.write(P + ' ' + msg + '\n');

common.redirectConsole(P);

const USAGE = 'usage: ref-server.js [--host 127.0.0.1] [--port 0] [--path /x] [--version 1|2] ' +
    '[--key box-kp.json] [--cert CERT.json] [--ca CA-CERT.json] [--require-cert] ' +
    '[--mode echo|greet] [--ignore-stdin]';

function fail(msg, code) {
    log('fatal: ' + msg);
    process.exit(code === undefined ? 1 : code);
}

process.on('uncaughtException', (e) => {
    log('fatal: uncaught exception: ' + common.describe(e, 2000));
    if (e && e.stack) process.stderr.write(e.stack.split('\n').map((l) => P + '   ' + l).join('\n') + '\n');
    process.exit(70);
});

let opts;
try {
    const { flags, positional } = common.parseArgs(process.argv.slice(2), {
        host: 'string', port: 'string', path: 'string', version: 'string', key: 'string',
        cert: 'string', ca: 'string', 'require-cert': 'bool', mode: 'string',
        'ignore-stdin': 'bool', help: 'bool',
    });
    if (flags.help) { process.stderr.write(USAGE + '\n'); process.exit(0); }
    if (positional.length) throw new Error('unexpected argument ' + JSON.stringify(positional[0]));
    const port = flags.port === undefined ? 0 : Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('bad --port ' + flags.port);
    const mode = flags.mode || 'echo';
    if (mode !== 'echo' && mode !== 'greet') throw new Error('--mode must be echo or greet');
    if (flags.path !== undefined && !flags.path.startsWith('/')) throw new Error('--path must start with /');
    opts = {
        host: flags.host || '127.0.0.1',
        port,
        path: flags.path,
        version: common.versionFlag(flags.version),
        key: flags.key,
        cert: flags.cert,
        ca: flags.ca,
        requireCert: !!flags['require-cert'],
        mode,
        ignoreStdin: !!flags['ignore-stdin'],
    };
} catch (e) {
    process.stderr.write(P + ' ' + e.message + '\n' + USAGE + '\n');
    process.exit(2);
}

const SWS = require('node-sws');

// ---- key material -------------------------------------------------------------------------
let kp;
try {
    kp = opts.key ? common.loadBoxKeyPair(opts.key) : SWS.keyPair();
} catch (e) {
    fail(e.message);
}
log('box public key ' + common.hex(kp.publicKey) + (opts.key ? ' (from ' + opts.key + ')' : ' (generated)'));

const secinfo = {
    version: opts.version,
    myPublicKey: kp.publicKey,
    mySecretKey: kp.secretKey,
};
try {
    if (opts.cert) {
        secinfo.cert = common.readJSON(opts.cert, 'cert');
        const d = secinfo.cert && secinfo.cert.desc;
        if (!d) fail(opts.cert + ' has no desc');
        if (!common.sameBytes(d.publickey || [], Array.from(kp.publicKey))) {
            log('warning: ' + opts.cert + ' desc.publickey differs from the box public key; ' +
                'clients will reject this server ("Unexpected server cert")');
        }
        log('cert ' + opts.cert + ': ca=' + d.ca + ' names=' + JSON.stringify(d.names) +
            ' ips=' + JSON.stringify(d.ips) + ' tte=' + new Date(d.tte).toISOString());
    }
    if (opts.ca) secinfo.ca = common.readJSON(opts.ca, 'CA cert');
} catch (e) {
    fail(e.message);
}
if (opts.version >= 2) {
    secinfo.requireCert = opts.requireCert;
    if (!secinfo.cert) {
        log('warning: --version 2 without --cert: every handshake will fail ("Miss server cert")');
    }
    if (!opts.ca) log('note: no --ca given, client certs are checked against nacl-cert rootCACert');
} else if (opts.requireCert || opts.cert || opts.ca) {
    log('note: --cert/--ca/--require-cert have no effect with --version 1');
}

// ---- logging of events the library emits before we can attach listeners --------------------
// The server only hands a session out ('connection') once its handshake is done; until then the
// library's own emit() finds no listeners and just prints "Unknown event:<name>". Wrap emit (at
// run time, in this process only) to log those events with their arguments instead.
const connIds = new WeakMap(); // raw ws -> connection number
let nextConnId = 1;
const idOf = (sws) => (sws && sws.ws && connIds.get(sws.ws)) || '?';
const origEmit = SWS.prototype.emit;
SWS.prototype.emit = function (event) {
    const args = Array.prototype.slice.call(arguments, 1);
    if (!(this.listeners && this.listeners[event] && this.listeners[event].length)) {
        log('conn#' + idOf(this) + ' ' + event + ' (during handshake, state=' + this.state + '): ' +
            args.map((a) => common.describe(a)).join(' '));
        return false;
    }
    return origEmit.apply(this, arguments);
};

// ---- server ---------------------------------------------------------------------------------
const wsOptions = { host: opts.host, port: opts.port };
if (opts.path) wsOptions.path = opts.path;

let server;
const sessions = new Set();

function onListening() {
    const addr = server.wss._server.address();
    const host = addr.address.includes(':') ? '[' + addr.address + ']' : addr.address;
    const line = 'listening ws://' + host + ':' + addr.port + (opts.path || '/') + '\n';
    process.stdout.write(line);
    log('v' + opts.version + ' mode=' + opts.mode + (opts.requireCert ? ' require-cert' : '') +
        ' ' + line.trim());
}

try {
    server = new SWS.Server(wsOptions, onListening, secinfo);
} catch (e) {
    fail('cannot create server: ' + e.message);
}

server.wss.on('error', (e) => fail('server error: ' + common.describe(e)));

// Raw WebSocket connections (before the SWS handshake): runs after node-sws' own listener.
server.wss.on('connection', (ws) => {
    const id = nextConnId++;
    connIds.set(ws, id);
    const sock = ws._socket || {};
    const ext = ws.extensions ? Object.keys(ws.extensions) : [];
    log('conn#' + id + ' websocket connected from ' + sock.remoteAddress + ':' + sock.remotePort +
        ' path=' + (ws.upgradeReq && ws.upgradeReq.url) +
        (ext.length ? ' extensions=' + ext.join(',') : ''));
    ws.on('close', (code, reason) => {
        log('conn#' + id + ' closed code=' + code + (reason ? ' reason=' + JSON.stringify(String(reason)) : ''));
    });
    ws.on('error', (e) => log('conn#' + id + ' websocket error: ' + common.describe(e)));
});

// SWS sessions (handshake done).
server.on('connection', (sws) => {
    const id = idOf(sws);
    sessions.add(sws);
    let info = 'conn#' + id + ' session open v' + opts.version;
    if (sws.peerCert && sws.peerCert.desc) {
        const d = sws.peerCert.desc;
        info += ' client cert gid=' + d.gid + ' names=' + JSON.stringify(d.names) + ' ips=' + JSON.stringify(d.ips);
    }
    log(info);

    sws.on('message', (data, flags) => {
        const len = data ? data.length : -1;
        log('conn#' + id + ' message ' + len + ' bytes' + (flags && flags.binary === false ? ' (text)' : ''));
        if (opts.mode === 'echo' || opts.mode === 'greet') {
            sws.send(data, (err) => {
                if (err) log('conn#' + id + ' echo send failed: ' + common.describe(err));
            });
        }
    });
    sws.on('warn', (w) => log('conn#' + id + ' warn: ' + common.describe(w)));
    sws.on('error', (e) => log('conn#' + id + ' error: ' + common.describe(e)));
    sws.on('timeout', (t) => log('conn#' + id + ' timeout: ' + common.describe(t)));
    sws.on('close', () => { sessions.delete(sws); }); // the close code is logged by the raw ws listener

    if (opts.mode === 'greet') {
        const hello = Buffer.from('hello-from-node');
        sws.send(hello, (err) => {
            log('conn#' + id + ' greeting ' + hello.length + ' bytes ' + (err ? 'failed: ' + common.describe(err) : 'sent'));
        });
    }
});

// ---- shutdown -------------------------------------------------------------------------------
let stopping = false;
function shutdown(reason) {
    if (stopping) return;
    stopping = true;
    log('shutting down (' + reason + ')');
    for (const s of sessions) {
        try { s.close(); } catch (e) { /* ignore */ }
    }
    setTimeout(() => {
        try { server.close(); } catch (e) { /* ignore */ }
        process.exit(0);
    }, sessions.size ? 200 : 0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
if (!opts.ignoreStdin) {
    process.stdin.on('end', () => shutdown('stdin closed'));
    process.stdin.on('error', () => shutdown('stdin error'));
    process.stdin.resume();
}
