// Entry of the in-host test suite (the @vscode/test-electron contract: `run()` returns a Promise), loaded
// by VS Code's extension host from the workbench `payload` (see ../run-ext-tests.mjs). CommonJS, plain JS:
// the extension host `require`s it directly. Output lines carry PREFIX so the runner can pick them out of
// the workbench's console stream.
'use strict';
const path = require('node:path');
const Mocha = require('mocha');

const PREFIX = '[helix-ext-test]';
const { EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING, EVENT_SUITE_BEGIN } = Mocha.Runner.constants;

/** A minimal reporter: one prefixed line per test, failures with their stack, and `N passed, N failed`. */
class PrefixedReporter extends Mocha.reporters.Base {
  constructor(runner, options) {
    super(runner, options);
    const say = (line) => console.log(`${PREFIX} ${line}`);
    let passed = 0;
    let failed = 0;
    let pending = 0;
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.title) say(`suite: ${suite.fullTitle()}`);
    });
    runner.on(EVENT_TEST_PASS, (test) => {
      passed++;
      say(`  ok   ${test.title} (${test.duration} ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (test) => {
      pending++;
      say(`  skip ${test.title}`);
    });
    runner.on(EVENT_TEST_FAIL, (test, err) => {
      failed++;
      say(`  FAIL ${test.fullTitle()}`);
      for (const line of String((err && (err.stack || err.message)) || err).split('\n').slice(0, 12)) say(`       ${line}`);
    });
    runner.once(EVENT_RUN_END, () => say(`${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`));
  }
}

exports.run = () =>
  new Promise((resolve, reject) => {
    const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: PrefixedReporter });
    for (const file of ['extension.test.js', 'curator.test.js', 'languageServer.test.js']) mocha.addFile(path.join(__dirname, file));
    try {
      mocha.run((failures) => (failures ? reject(new Error(`${failures} tests failed.`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
