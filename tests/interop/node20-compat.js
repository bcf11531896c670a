'use strict';
// Preload (`node -r ./node20-compat.js node_modules/nacl-cert/bin/nacl-cert ...`) that lets the
// reference CLI of nacl-cert 1.0.4 run on current Node.js without touching node_modules:
//  - util.puts was removed in Node 12: the CLI calls it for -h and before every error it throws,
//    so without this shim those paths die with "TypeError: util.puts is not a function".
//  - fs.writeFile without a callback throws ERR_INVALID_ARG_TYPE since Node 10: `-m genkeypair`
//    calls it that way and so writes no box-kp.json at all on Node 20.
const util = require('util');
const fs = require('fs');

if (typeof util.puts !== 'function') {
    util.puts = (...args) => { for (const a of args) process.stdout.write(String(a) + '\n'); };
}

const writeFile = fs.writeFile;
fs.writeFile = function (...args) {
    if (typeof args[args.length - 1] !== 'function') {
        args.push((err) => { if (err) throw err; });
    }
    return writeFile.apply(this, args);
};
