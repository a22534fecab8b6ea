// Jest reporter that closes a run with one plain summary line ("jest: N passed, N failed, N skipped")
// so CI can read the outcome of any run, whatever reporter prints above it.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, numRuntimeErrorTestSuites } = results;
    const failed = numFailedTests + numRuntimeErrorTestSuites;
    console.log(`\njest: ${numPassedTests} passed, ${failed} failed, ${numPendingTests + numTodoTests} skipped`);
  }
}

module.exports = SummaryReporter;
