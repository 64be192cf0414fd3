// Preloaded (--require) into a process under test: every way Node reaches the network throws and
// leaves a line on stderr, so a test can see an attempt even when the caller swallows the error.
'use strict';
const MARK = 'LSWAG-NETWORK-ATTEMPT';
// Why a log file as well as stderr: a worker's stderr goes to its host's log, which may not print it.
const log = process.env.LSWAG_NETWORK_LOG;
const note = (line) => {
    process.stderr.write(`${line}\n`);
    if (log) require('node:fs').appendFileSync(log, `${line}\n`);
};
// A line on load: a test can count the processes the hook reached (the host and its worker).
note(`LSWAG-NETWORK-HOOK ${process.pid}`);
function deny(what) {
    return function denied() {
        note(`${MARK} ${what}\n${new Error().stack}`);
        throw new Error(`network access denied in tests: ${what}`);
    };
}
const net = require('node:net');
net.Socket.prototype.connect = deny('net.Socket.connect');
net.connect = net.createConnection = deny('net.connect');
require('node:tls').connect = deny('tls.connect');
for (const name of ['node:http', 'node:https']) {
    const m = require(name);
    m.request = deny(`${name}.request`);
    m.get = deny(`${name}.get`);
}
const dns = require('node:dns');
dns.lookup = deny('dns.lookup');
dns.resolve = deny('dns.resolve');
dns.promises.lookup = deny('dns.promises.lookup');
require('node:dgram').createSocket = deny('dgram.createSocket');
globalThis.fetch = deny('fetch');
globalThis.WebSocket = deny('WebSocket');
