// The one escaping function of terminal output: controls, C1 and bidi characters become visible
// `\uXXXX` escapes (JSON's own, so escaped JSON parses to the same value); layout characters survive
// in whole output but not inside a field.
import assert from 'node:assert/strict';
import test from 'node:test';
import { terminalOutput, terminalText } from '../../../src/cli/terminalText';

test('controlsAndBidiCharactersAreEscapedInAField', () => {
    assert.equal(terminalText('a\u001b[31mb'), 'a\\u001b[31mb');
    assert.equal(terminalText('x\u202ey\u2066z\u200f'), 'x\\u202ey\\u2066z\\u200f');
    assert.equal(
        terminalText('l1\nl2\rl3\tc\u0085\u007f'),
        'l1\\u000al2\\u000dl3\\u0009c\\u0085\\u007f',
    );
    assert.equal(
        terminalText('plain name-1 (ü, 名前)'),
        'plain name-1 (ü, 名前)',
        'printable text is left alone',
    );
});

test('wholeOutputKeepsItsLayoutAndStaysValidJson', () => {
    assert.equal(terminalOutput('a\tb\r\nc\u001bd\u202e'), 'a\tb\r\nc\\u001bd\\u202e');
    const value = { name: 'x\u202e\u0085y', n: [1, 2] };
    const escaped = terminalOutput(JSON.stringify(value, null, 2));
    assert.doesNotMatch(escaped, /[\u202e\u0085]/);
    assert.deepEqual(JSON.parse(escaped), value);
});
