// Lint rules, including the dependency direction DESIGN asks for: packages point one way
// (core <- runtime <- server, sim <- cli) and, inside core, each module imports only from lower layers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** Core modules by layer: a module may import from strictly lower layers (and itself). */
const coreLayers = [
  ['money'],
  ['market', 'price', 'book'],
  ['account'],
  ['risk', 'funding', 'spotMargin', 'lending'],
  ['liquidation', 'insurance', 'adl'],
  ['engine'],
];

/** Packages by layer: a package may import only from lower layers. */
const packageLayers = [['core'], ['runtime'], ['server', 'sim'], ['cli']];

/** ESLint refuses a pattern with an empty group: the top layer forbids nothing. */
const nonEmpty = (pattern) => (pattern.group.length > 0 ? [pattern] : []);

const relative = (name) => [`../${name}`, `../${name}/**`, `../../${name}/**`];

const coreDirectionRules = coreLayers.flatMap((layer, depth) =>
  layer.flatMap((name) => {
    const forbidden = coreLayers
      .flatMap((other, otherDepth) => (otherDepth >= depth ? other : []))
      .filter((other) => other !== name);
    const direction = nonEmpty({
      group: forbidden.flatMap(relative),
      message: `core/${name} may only import from lower layers (see docs/architecture.md).`,
    });
    const pure = {
      group: ['@fulcrum/*', 'node:*', '!node:crypto'],
      message: 'core is pure: no I/O and no other Fulcrum package.',
    };
    const files = `packages/core/src/${name}/**/*.ts`;
    const tests = `packages/core/src/${name}/**/*.test.ts`;
    // Tests keep the direction but may read fixtures from disk.
    return [
      {
        files: [files],
        ignores: [tests],
        rules: { 'no-restricted-imports': ['error', { patterns: [...direction, pure] }] },
      },
      ...(direction.length > 0
        ? [{ files: [tests], rules: { 'no-restricted-imports': ['error', { patterns: direction }] } }]
        : []),
    ];
  }),
);

// Core's own rules (above) already forbid every other package; cli, on top, may import anything.
const packageDirectionRules = packageLayers.flatMap((layer, depth) =>
  layer.flatMap((name) => {
    const forbidden = packageLayers
      .flatMap((other, otherDepth) => (otherDepth >= depth ? other : []))
      .filter((other) => other !== name)
      .map((other) => `@fulcrum/${other}`);
    if (name === 'core' || forbidden.length === 0) return [];
    return [
      {
        files: [`packages/${name}/src/**/*.ts`],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                { group: forbidden, message: `packages/${name} may only depend on lower packages.` },
              ],
            },
          ],
        },
      },
    ];
  }),
);

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The engine never reads a clock or a random source: time and seeds arrive in commands.
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'core is deterministic: seeds come from outside.' },
        { object: 'Date', property: 'now', message: 'core never reads a clock: time comes in the command.' },
        { object: 'performance', property: 'now', message: 'core never reads a clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'core never reads a clock.' },
      ],
    },
  },
  ...coreDirectionRules,
  ...packageDirectionRules,
  prettier,
);
