'use strict';
// Shared helpers for ref-server.js and ref-client.js (interop tests only).
// These scripts only *use* the reference implementation (node-sws 1.2.1) via require().

const fs = require('fs');

// node-sws and nacl-cert print their diagnostics ("handshake timeout", "Invalid server cert",
// "SecretBox open attacked:[...]", "Unknown event:warn", ...) with console.log, i.e. on stdout.
// Our stdout is a machine-read channel (one "listening" line / one hex line per reply), so every
// console.log/console.info of the reference is redirected to stderr, prefixed so it can be told
// apart from our own event lines.
function redirectConsole(prefix) {
    const write = (args) => {
        const text = args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' ');
        process.stderr.write(prefix + ' [ref-lib] ' + text + '\n');
    };
    console.log = (...args) => write(args);
    console.info = (...args) => write(args);
}

function safeStringify(v) {
    if (v instanceof Error) return v.stack || String(v);
    if (typeof v === 'string') return v;
    try {
        const s = JSON.stringify(v);
        return s === undefined ? String(v) : s;
    } catch (e) {
        return String(v);
    }
}

// One-line, bounded description of an event argument for logs.
function describe(v, max) {
    max = max || 300;
    let s;
    if (v instanceof Error) s = (v.code ? v.code + ': ' : '') + v.message;
    else if (Buffer.isBuffer(v)) s = '<' + v.length + ' bytes>';
    else s = safeStringify(v);
    s = String(s).replace(/\s*\n\s*/g, ' ');
    return s.length > max ? s.slice(0, max) + '...(' + s.length + ' chars)' : s;
}

// Minimal flag parser. spec: { name: 'string' | 'bool' }. Returns {flags, positional}.
// "--" ends flag parsing (useful when a message argument itself starts with "--").
// Throws Error with a one-line message on bad usage.
function parseArgs(argv, spec) {
    const flags = {};
    const positional = [];
    let onlyPositional = false;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (!onlyPositional && a === '--') { onlyPositional = true; continue; }
        if (!onlyPositional && a.startsWith('--') && a.length > 2) {
            let name = a.slice(2);
            let value;
            const eq = name.indexOf('=');
            if (eq >= 0) { value = name.slice(eq + 1); name = name.slice(0, eq); }
            if (!(name in spec)) throw new Error('unknown flag --' + name);
            if (spec[name] === 'bool') {
                if (value !== undefined) throw new Error('flag --' + name + ' takes no value');
                flags[name] = true;
            } else {
                if (value === undefined) {
                    if (i + 1 >= argv.length) throw new Error('flag --' + name + ' needs a value');
                    value = argv[++i];
                }
                flags[name] = value;
            }
        } else {
            positional.push(a);
        }
    }
    return { flags, positional };
}

function readJSON(file, what) {
    let text;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch (e) {
        throw new Error('cannot read ' + what + ' ' + file + ': ' + e.message);
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new Error('cannot parse ' + what + ' ' + file + ': ' + e.message);
    }
}

function bytes32(arr, what) {
    if (!Array.isArray(arr) || arr.length !== 32 ||
        !arr.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
        throw new Error(what + ' must be an array of 32 integers 0..255');
    }
    return Uint8Array.from(arr);
}

// box-kp.json as written by `nacl-cert -m genkeypair`: {"secretkey":[32],"publickey":[32]}
function loadBoxKeyPair(file) {
    const kp = readJSON(file, 'key file');
    return {
        secretKey: bytes32(kp.secretkey, file + ': secretkey'),
        publicKey: bytes32(kp.publickey, file + ': publickey'),
    };
}

function versionFlag(v) {
    if (v === undefined) return 1;
    if (v !== '1' && v !== '2') throw new Error('--version must be 1 or 2');
    return Number(v);
}

function hex(buf) {
    return Buffer.from(buf).toString('hex');
}

function sameBytes(a, b) {
    if (!a || !b || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}

module.exports = {
    redirectConsole, describe, parseArgs, readJSON, loadBoxKeyPair, versionFlag, hex, sameBytes,
};
