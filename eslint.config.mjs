// ESLint for the whole tree (`npm run lint`, part of `npm test`). Rules that catch bugs or keep the
// layering (docs/testing.md, Lint and format); formatting is Prettier's job, not a lint rule here.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports a folder must not make: the invariants of STYLE (src/core is pure, webview is browser-only). */
const restricted = (names, message) => ({
    'no-restricted-imports': ['error', { paths: names.map((name) => ({ name, message })) }],
});

export default tseslint.config(
    {
        ignores: [
            'node_modules/',
            'dist/',
            'out/',
            '.host/',
            '.vscode-test/',
            '.gpu-check/',
            '.scratch/',
            'media/',
            'test/fixtures/',
        ],
    },
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        files: ['**/*.{ts,mts,mjs,cjs}'],
        plugins: { 'import-x': importX },
        languageOptions: { globals: { ...globals.node } },
        settings: {
            // Why the extensions and parsers: import-x follows (and finds cycles through) only
            // files it may parse, and by default that is .js alone.
            'import-x/extensions': ['.ts', '.mts', '.js', '.mjs', '.cjs'],
            'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts'] },
            'import-x/resolver-next': [
                createTypeScriptImportResolver({
                    project: ['tsconfig.json', 'bench/tsconfig.json'],
                    noWarnOnMultipleProjects: true,
                }),
                createNodeResolver(),
            ],
        },
        rules: {
            '@typescript-eslint/no-unused-vars': [
                'error',
                {
                    argsIgnorePattern: '^_',
                    varsIgnorePattern: '^_',
                    caughtErrorsIgnorePattern: '^_',
                    destructuredArrayIgnorePattern: '^_',
                    ignoreRestSiblings: true,
                },
            ],
            '@typescript-eslint/no-explicit-any': 'warn',
            '@typescript-eslint/consistent-type-imports': [
                'error',
                // Why annotations allowed: `typeof import('./x')` types a module that is loaded lazily.
                {
                    prefer: 'type-imports',
                    fixStyle: 'inline-type-imports',
                    disallowTypeAnnotations: false,
                },
            ],
            'import-x/no-cycle': ['error', { ignoreExternal: true }],
            'import-x/no-self-import': 'error',
            'import-x/no-duplicates': ['error', { 'prefer-inline': true }],
            // Why off: the validators match control characters on purpose, to reject them.
            'no-control-regex': 'off',
        },
    },
    {
        // CommonJS helpers of the tests (a fake worker, a network hook) are plain require() code.
        files: ['**/*.cjs'],
        languageOptions: { sourceType: 'commonjs' },
        rules: { '@typescript-eslint/no-require-imports': 'off' },
    },
    {
        files: ['webview/**/*.ts'],
        languageOptions: { globals: { ...globals.browser } },
        rules: restricted(
            ['vscode', 'onnxruntime-node', 'onnxruntime-common'],
            'webview/ is browser code: it imports only src/protocol/ from src/.',
        ),
    },
    {
        // Why browser globals too: page.evaluate() callbacks run in the workbench's page.
        files: ['test/host/**/*.{ts,mjs}'],
        languageOptions: { globals: { ...globals.node, ...globals.browser } },
    },
    {
        files: ['src/core/**/*.ts'],
        rules: restricted(
            ['vscode', 'onnxruntime-node', 'onnxruntime-common'],
            'src/core/ is pure TypeScript: no vscode, no onnxruntime.',
        ),
    },
);
