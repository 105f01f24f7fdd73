// Says why a test was skipped, in one line: the list reporter shows only that it was.
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasons implements Reporter {
  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reason = test.annotations.find((annotation) => annotation.type === 'skip')?.description ?? 'no reason given';
    process.stdout.write(`  skipped “${test.title}”: ${reason}\n`);
  }
}
