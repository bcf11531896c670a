#!/usr/bin/env node
'use strict';
// Test cases for our JSON.stringify-compatible serializer (nacl-cert signs JSON.stringify(desc),
// so we must reproduce ECMAScript's output byte for byte: key order, number and string format).
//
//   node json-cases.js                    # prints the JSON array on stdout
//   node json-cases.js > json-cases.json  # the committed, generated copy
//
// Every case: {"name", "input": <JSON text>, "expected": JSON.stringify(JSON.parse(input)),
//              "input_utf8_hex", "expected_utf8_hex"}  (the last two: the same texts as UTF-8
// bytes in hex, so a consumer need not trust its own JSON reader for the outer file).
// The output is deterministic (fixed case list, no time or randomness) and pure ASCII: every
// non-ASCII UTF-16 code unit in the outer file is written as a \uXXXX escape.

const naclcert = require('nacl-cert');

const cases = [];
function add(name, input) {
    if (cases.some((c) => c.name === name)) throw new Error('duplicate case name ' + name);
    const expected = JSON.stringify(JSON.parse(input));
    cases.push({
        name,
        input,
        expected,
        input_utf8_hex: Buffer.from(input, 'utf8').toString('hex'),
        expected_utf8_hex: Buffer.from(expected, 'utf8').toString('hex'),
    });
}
const R = String.raw;

// ---- key order ------------------------------------------------------------------------------
add('keys-integer-like-mixed',
    '{"2":1,"1":2,"10":3,"01":4,"-1":5,"4294967294":6,"4294967295":7,"1.5":8," 1":9,"b":10,"a":11}');
add('keys-array-index-max', '{"z":0,"4294967294":1,"4294967295":2,"4294967296":3,"0":4}');
add('keys-leading-zero-and-plus', '{"007":1,"7":2,"+7":3,"7 ":4,"0":5,"00":6}');
add('keys-insertion-order', '{"b":1,"a":2,"c":3,"A":4,"_":5,"":6}');
add('keys-duplicate-last-value-first-position', '{"a":1,"b":2,"a":3}');
add('keys-proto-is-own-property', '{"__proto__":{"x":1},"y":2}');
add('keys-big-integer-like', '{"9007199254740993":1,"1e3":2,"1000":3,"-0":4,"0":5}');
add('keys-nested-objects-each-ordered', '{"b":{"2":0,"1":0,"x":0},"a":[{"10":1,"9":2}]}');
add('keys-escaped-names', R`{"\u0032":1,"\u00e9":2,"a\"b":3,"\n":4,"1":5}`);
add('keys-non-ascii-and-emoji', '{"ü":1,"😀":2,"a":3,"\u4e2d":4}');

// ---- numbers --------------------------------------------------------------------------------
add('num-zero', '0');
add('num-negative-zero', '-0');
add('num-negative-zero-fraction', '[-0.0,-0e5,0e-5]');
add('num-1e21', '1e21');
add('num-1e+21-and-1E21', '[1e+21,1E21,1E+21]');
add('num-below-1e21', '[123456789012345680000,999999999999999900000,100000000000000000000]');
add('num-1e-7', '1e-7');
add('num-1.5e-7', '1.5e-7');
add('num-0.000001', '[0.000001,0.0000001,0.00001,1e-6]');
add('num-0.1-0.3', '[0.1,0.2,0.3,0.30000000000000004]');
add('num-long-fractions', '[0.3333333333333333,0.33333333333333331,0.6666666666666666,3.141592653589793238462643]');
add('num-min-subnormal', '[5e-324,4.9406564584124654e-324,2.2250738585072014e-308]');
add('num-max-double', '1.7976931348623157e308');
add('num-overflow-to-null', '[1e400,-1e400]');
add('num-underflow-to-zero', '[1e-400,-1e-400]');
add('num-2^53', '[9007199254740992,9007199254740993,9007199254740994,9007199254740995]');
add('num-minus-2^53', '[-9007199254740992,-9007199254740993,-9007199254740991]');
add('num-100-forms', '[100,1E2,1e2,10e1,1000e-1,100.0,100.00e0]');
add('num-1.0', '[1.0,1.50,-2.000,0.5e1]');
add('num-123e-20', '[123e-20,1.23e-18,12.3e-19]');
add('num-large-exponent-forms', '[1.5e300,-1.5e+300,2e22,1.2345678901234567e25]');
add('num-integers-up-to-21-digits', '[1,12,123456789,1234567890123456789,12345678901234567890,123456789012345678901]');
add('num-cert-tte-signtime', '[4570381246341,1416781246454,1732375104475]');

// ---- strings --------------------------------------------------------------------------------
{
    // every C0 control character written as a \u escape in the input
    let all = '"';
    for (let c = 0; c < 0x20; c++) all += '\\u' + c.toString(16).padStart(4, '0');
    add('str-all-c0-controls-escaped', all + '"');
}
add('str-short-escapes', R`"\b\f\n\r\t"`);
add('str-controls-uppercase-hex', R`"\u001F\u000B\u007F\u0080\u009F"`);
add('str-raw-del-and-c1', '"\u007f\u0080\u009f\u00a0"');
add('str-quote-backslash', R`"a\"b\\c\\\"d"`);
add('str-slash', R`"a/b\/c\\/"`);
add('str-u2028-u2029-escaped', R`"\u2028\u2029"`);
add('str-u2028-u2029-raw', '"\u2028x\u2029"');
add('str-non-bmp-surrogate-pair-escapes', R`"\ud83d\ude00\uD83D\uDE00"`);
add('str-non-bmp-raw-utf8', '"😀 𝄞 𠀀"');
add('str-lone-high-surrogate', R`"\ud800"`);
add('str-lone-low-surrogate-then-x', R`"\udc00x"`);
add('str-lone-surrogates-mixed', R`["\uDEAD","\udc00\ud800","\ud800\ud800\udc00","a\udbffb","\udfff"]`);
add('str-escaped-bmp', R`"\u00e9\u00E9\u0041\u4e2d\uffff\ufeff"`);
add('str-raw-bmp', '"é中\ufeff\uffff"');
add('str-empty', '""');
add('str-mixed-everything', R`"tab\tnl\nq\"bs\\sl\/nul\u0000é\u00e9😀\ud83d\ude00\u2028end"`);

// ---- structure, literals, whitespace -------------------------------------------------------
add('lit-true', 'true');
add('lit-false', 'false');
add('lit-null', 'null');
add('lit-in-array', '[true,false,null]');
add('empty-array', '[]');
add('empty-object', '{}');
add('empty-containers-nested', '[[],{},[[]],{"a":{}},[{}],{"a":[]}]');
add('nested-mixed', '{"a":[1,{"b":[2,{"c":[3,null]}]}],"d":{"e":{"f":"g"}}}');
add('nested-deep-array', '['.repeat(64) + '0' + ']'.repeat(64));
add('whitespace-everywhere', ' \t\r\n{ "a" : [ 1 , 2 ,\n\t3 ] , "b" :\r\n{ } }\n ');
add('top-level-string', '"just a string"');
add('top-level-number', '  42  ');
add('array-of-strings-and-numbers', '["1",1,"1.0",1.0,"-0",-0]');

// ---- real nacl-cert data --------------------------------------------------------------------
// nacl-cert's built-in root CA cert, as shipped in nacl-cert 1.0.4 (desc, then the whole cert).
add('naclcert-rootca-desc', JSON.stringify(naclcert.rootCACert.desc));
add('naclcert-rootca-cert', JSON.stringify(naclcert.rootCACert));
add('naclcert-testca-cert', JSON.stringify(naclcert.testCA.cert));
// A CA-signed ("ca") desc as `nacl-cert -m gencert` writes it: note "ca" comes after "ips"
// (generate() sets it on the request object after the CLI built it).
add('naclcert-ca-signed-desc',
    '{"version":"1.0","type":"ca","tte":1827191720759,"publickey":[125,217,167,196,55,66,46,65,239,11,' +
    '209,182,96,149,209,180,181,79,66,204,77,251,163,245,67,31,154,199,79,45,149,92],"names":["localhost",' +
    '"127.0.0.1"],"ips":["127.0.0.1"],"ca":"interop-ca","signtime":1795655720760,' +
    '"gid":"ef70abc9-86f8-412b-93b5-bb0ab84a26a1"}');
// Same shape, pretty-printed, with escapes and non-ASCII names (what a re-serializer must undo).
add('naclcert-desc-pretty-escaped-names',
    '{\n  "version": "1.0",\n  "type": "ca",\n  "tte": 4.570381246341e12,\n  "publickey": [0, 255, 16],\n' +
    R`  "names": ["b\u00fccher.example", "xn--bcher-kva.example", "a\/b", "tab\there", "quote\"d"],` + '\n' +
    '  "ips": ["::ffff:127.0.0.1", "127.0.0.1"],\n  "macs": [],\n  "ca": "Ex\u00e4mple CA",\n' +
    '  "signtime": 1416781246454.0,\n  "gid": "d2f971fc-98ad-4dea-ada2-74ebc129ed99"\n}');

// ---- output ---------------------------------------------------------------------------------
const asciiOnly = (s) => s.replace(/[\u007f-\uffff]/g,
    (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
process.stdout.write(asciiOnly(JSON.stringify(cases, null, 1)) + '\n');
