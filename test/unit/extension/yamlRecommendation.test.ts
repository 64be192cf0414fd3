// The YAML extension is recommended once, for *.arch.yaml only, never when installed or dismissed.
import { mock, resetMock } from './vscodeMock';
import assert from 'node:assert/strict';
import test from 'node:test';
import {
    YAML_DISMISSED_KEY,
    recommendYamlExtension,
} from '../../../src/extension/yamlRecommendation';

function memento(initial: Record<string, unknown> = {}) {
    const values = new Map(Object.entries(initial));
    return {
        values,
        keys: () => [...values.keys()],
        get: <T>(key: string) => values.get(key) as T,
        update: (key: string, value: unknown) => {
            values.set(key, value);
            return Promise.resolve();
        },
    };
}

const recommendations = () => mock.messages.filter((m) => /YAML extension/.test(m.text));

test('recommendsOnceForArchYamlAndNotForOtherFiles', () => {
    resetMock();
    const d = recommendYamlExtension({ state: memento(), hasYamlExtension: () => false });
    mock.onOpen.fire({ fileName: '/w/notes.yaml' } as never);
    mock.onOpen.fire({ fileName: '/w/a.arch.json' } as never);
    assert.equal(recommendations().length, 0);
    mock.onOpen.fire({ fileName: '/w/a.arch.yaml' } as never);
    mock.onOpen.fire({ fileName: '/w/b.arch.yml' } as never);
    assert.equal(recommendations().length, 1);
    d.dispose();
});

test('neverRecommendsWhenInstalledOrDismissed', () => {
    resetMock();
    const a = recommendYamlExtension({ state: memento(), hasYamlExtension: () => true });
    const b = recommendYamlExtension({
        state: memento({ [YAML_DISMISSED_KEY]: true }),
        hasYamlExtension: () => false,
    });
    mock.onOpen.fire({ fileName: '/w/a.arch.yaml' } as never);
    assert.equal(recommendations().length, 0);
    a.dispose();
    b.dispose();
});

test('dontShowAgainIsRemembered', async () => {
    resetMock();
    mock.messageAnswers.push("Don't Show Again");
    const state = memento();
    const d = recommendYamlExtension({ state, hasYamlExtension: () => false });
    mock.onOpen.fire({ fileName: '/w/a.arch.yaml' } as never);
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(state.values.get(YAML_DISMISSED_KEY), true);
    d.dispose();
});
