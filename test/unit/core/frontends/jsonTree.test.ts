// The span-keeping JSON reader: values, spans, strictness and the nesting cap.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
    JsonSyntaxError,
    MAX_JSON_NESTING,
    parseJsonTree,
} from '../../../../src/core/frontends/jsonTree';

test('valuesAndSpansMatchTheSource', () => {
    const text = ' {"a": [1, -2.5e1, true, null], "b\\n": "x\\"y"} ';
    const tree = parseJsonTree(text);
    assert.equal(tree.kind, 'map');
    if (tree.kind !== 'map') return;
    assert.deepEqual([tree.start, tree.end], [1, text.length - 1]);
    const [a, b] = tree.entries;
    assert.equal(a.key, 'a');
    assert.deepEqual(text.slice(a.keySpan.start, a.keySpan.end), '"a"');
    assert.equal(
        a.value.kind === 'list' &&
            a.value.items.map((i) => (i.kind === 'scalar' ? i.value : undefined)).join(),
        '1,-25,true,',
    );
    assert.equal(b.key, 'b\n');
    assert.equal(b.value.kind === 'scalar' && b.value.value, 'x"y');
    assert.equal(text.slice(b.value.start, b.value.end), '"x\\"y"');
});

test('syntaxErrorsCarryTheirOffset', () => {
    const cases: Array<[string, number]> = [
        ['{"a" 1}', 5],
        ['[1,]', 3],
        ['{"a":1,"a":2}', 7],
        ['"open', 0],
        ['01', 1],
        ['[1] x', 4],
        ['', 0],
        ['{a:1}', 1],
    ];
    for (const [text, offset] of cases) {
        assert.throws(
            () => parseJsonTree(text),
            (e: unknown) => e instanceof JsonSyntaxError && e.offset === offset,
            text,
        );
    }
});

test('nestingDeeperThanTheCapIsASyntaxErrorNotAStackOverflow', () => {
    const ok = '['.repeat(MAX_JSON_NESTING) + ']'.repeat(MAX_JSON_NESTING);
    assert.equal(parseJsonTree(ok).kind, 'list');
    assert.throws(
        () => parseJsonTree('['.repeat(10_000)),
        (e: unknown) => e instanceof JsonSyntaxError && e.offset === MAX_JSON_NESTING,
    );
});
