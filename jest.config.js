module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '^.+/node_modules/eld/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0', isolatedModules: true } }],
  },
  moduleNameMapper: { '^eld/(medium|small|large)$': '<rootDir>/node_modules/eld/src/entries/static.$1.js' },
  transformIgnorePatterns: ['/node_modules/(?!eld/)'],
  testRegex: 'src/.*\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
};
