// Prints one plain closing line, `e2e: N passed, N failed, N skipped`, after Playwright's own
// report, so that logs (and CI) can read the outcome of the end-to-end run at a glance.
export default class SummaryReporter {
  constructor() {
    this.passed = 0;
    this.failed = 0;
    this.skipped = 0;
  }

  printsToStdio() {
    return false;
  }

  onTestEnd(test, result) {
    // Count each test once, by its final outcome (retries included).
    if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') {
      return;
    }
    const outcome = test.outcome();
    if (outcome === 'skipped') this.skipped += 1;
    else if (outcome === 'expected' || outcome === 'flaky') this.passed += 1;
    else this.failed += 1;
  }

  onEnd() {
    process.stdout.write(`e2e: ${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped\n`);
  }
}
